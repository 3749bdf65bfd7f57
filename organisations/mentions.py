"""Where a person's name is written in free text (ADR 0026's addendum): minutes, decisions, action
updates, challenges, notes and comments that others wrote, in which the person is named.

The fields searched are found by walking Django's models, not kept in a list beside them: every
``TextField`` and every ``CharField`` of 200 characters or more in Heard's own apps, except those in
``NOT_SEARCHED``, each with the reason it is not text written about people. A test fails if a field
is found that Heard cannot show (no ``held.KINDS`` entry for its model).

The database narrows the rows (each word of the name, case-insensitive, in one of the fields: one
query a model, the same on SQLite and PostgreSQL); Python then keeps those where the name is written
as whole words, so that "Ann Lee" is not found in "Joann Lee" or "Annual leave".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from organisations.models import Organisation, Person

# A name shorter than this, or of one word, is not searched: it would be found in too many places
# that are not about the person (a first name alone, initials).
MIN_LETTERS = 3
# How much of the text around the name is shown, either side.
AROUND = 60
# Free text is a TextField, or a CharField at least this long; shorter ones hold names and codes.
LONG_CHARFIELD = 200

_AUDIT_LOG = (
    "The audit log is its own group (changes about them and by them), and its other entries copy the "
    "words of the records they changed, which are searched where they are; it cannot be corrected."
)
_LOGIN = "A login is not of one organisation; its name is the person's own, shown with their details."
_NAMES = "What the organisation, its services and its people are called, and where: not text about someone."
_MACHINE = "Written by Heard or by another system, not by people."
_LINK = "A web address, not words."

NOT_SEARCHED: dict[str, str] = {
    "core.AuditEvent.object_label": _AUDIT_LOG,
    "core.AuditEvent.actor_label": _AUDIT_LOG,
    "accounts.User.full_name": _LOGIN,
    "accounts.User.email": _LOGIN,
    "organisations.Organisation.name": _NAMES,
    "organisations.Service.name": _NAMES,
    "organisations.Service.address": _NAMES,
    "organisations.Person.full_name": "Another person's name: someone of the same name is not them.",
    "organisations.Person.email": _NAMES,
    "feedback.Feedback.sender_id": _MACHINE,
    "feedback.Feedback.source_key": _MACHINE,
    "themes.ThemeModelVersion.error": _MACHINE,
    "themes.ThemeModelVersion.stage": _MACHINE,
    "reports.ReportFile.stage": _MACHINE,
    "reports.ReportFile.filename": _MACHINE,
    "governance.Action.impact_link": _LINK,
    "governance.ActionStatusChange.link": _LINK,
}


def own_apps() -> list:
    """Heard's own apps: those whose package sits at the top of the project, not installed libraries."""
    base = Path(settings.BASE_DIR).resolve()
    return [a for a in apps.get_app_configs() if Path(a.path).resolve().parent == base]


def is_free_text(field: models.Field) -> bool:
    if not field.concrete or field.choices:
        return False
    if isinstance(field, models.TextField):
        return True
    return isinstance(field, models.CharField) and (field.max_length or 0) >= LONG_CHARFIELD


def text_fields() -> list[str]:
    """Every free-text field of Heard's own apps, as ``app.Model.field``, searched or not."""
    return [
        f"{model._meta.label}.{f.name}"
        for app in own_apps()
        for model in app.get_models()
        if not model._meta.proxy
        for f in model._meta.local_fields
        if is_free_text(f)
    ]


@functools.cache
def searched_fields() -> dict[str, tuple[str, ...]]:
    """The fields searched, model by model: ``{"governance.Decision": ("text",), ...}``."""
    found: dict[str, list[str]] = {}
    for path in text_fields():
        if path not in NOT_SEARCHED:
            model, name = path.rsplit(".", 1)
            found.setdefault(model, []).append(name)
    return {model: tuple(names) for model, names in found.items()}


def why_not_searched(name: str) -> str | None:
    """Why a name is not searched for, in a sentence; None if it is."""
    words = name.split()
    if len(words) < 2:
        return "Their name is one word, which would be found in too many records that are not about them."
    if sum(len(w) for w in words) < MIN_LETTERS:
        return f"Their name is shorter than {MIN_LETTERS} letters, which would be found in too many records."
    return None


def whole_name(name: str) -> re.Pattern[str]:
    """The name as whole words, any case, with any spacing or line break between its words. A name
    joined to another word is not it (Joann Lee, Ann Leeson, Mary-Ann Lee, Ann Lee-Smith); one with
    an apostrophe after it is (Ann Lee's). An apostrophe in the name is either kind (O'Neill, O’Neill)."""
    words = r"\s+".join(re.escape(w) for w in name.split())
    words = re.sub(r"(?:\\)?['’]", "['’]", words)
    return re.compile(rf"(?<!\w)(?<!\w-)(?<!\w['’]){words}(?!\w)(?!-\w)", re.IGNORECASE)


def candidates(*, organisation: Organisation, model_label: str, fields: tuple[str, ...], name: str) -> QuerySet:
    """The records of one model in the organisation with every word of the name in one of the fields,
    in any case: a wide net, checked word by word afterwards (``whole_name``)."""
    model = apps.get_model(model_label)
    where = Q()
    for field in fields:
        each = Q()
        # The letters between apostrophes, as either kind may be written ("O'Neill", "O’Neill").
        for word in filter(None, re.split(r"[\s'’]+", name)):
            each &= Q(**{f"{field}__icontains": word})
        where |= each
    return model.objects.for_org(organisation).filter(where)


@dataclass(frozen=True)
class Excerpt:
    """The words around a name, split so that a page can mark the name itself."""

    before: str
    name: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}{self.name}{self.after}"


def excerpt(text: str, match: re.Match[str]) -> Excerpt:
    """About ``AROUND`` characters either side of the name, cut at a space, on one line."""

    def flat(s: str) -> str:
        return " ".join(s.split())

    start, end = match.start(), match.end()
    before = text[max(0, start - AROUND) : start]
    after = text[end : end + AROUND]
    if start > AROUND:
        before = "…" + (before.split(None, 1)[1] if " " in before.strip() else before).lstrip()
    if end + AROUND < len(text):
        after = (after.rsplit(None, 1)[0] if " " in after.strip() else after).rstrip() + "…"
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    return Excerpt(flat(before) + lead, flat(match.group(0)), trail + flat(after))


@dataclass(frozen=True)
class Found:
    """A field of a record in which the name is written: where first, and how many times."""

    obj: models.Model
    field: str
    excerpt: Excerpt
    times: int


def found_in(obj: models.Model, fields: tuple[str, ...], pattern: re.Pattern[str]) -> list[Found]:
    found = []
    for field in fields:
        text = getattr(obj, field) or ""
        matches = list(pattern.finditer(text))
        if matches:
            found.append(Found(obj, field, excerpt(text, matches[0]), len(matches)))
    return found


def field_words(model_label: str, field: str) -> str:
    """What a field is called, as a person reads it: "Notes", "Question"."""
    name = str(apps.get_model(model_label)._meta.get_field(field).verbose_name)
    return name[:1].upper() + name[1:]


def person_excluded(qs: QuerySet, person: Person) -> QuerySet:
    """A person's own record (their job title) is their details, not a mention of them."""
    return qs.exclude(pk=person.pk) if qs.model is Person else qs
