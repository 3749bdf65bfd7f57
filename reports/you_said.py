""" "You said, we did" in easy read, for the people who use a service.

Each pair comes from an action closed with evidence of impact: what people said (the theme the
action answers), what was done (the action), and what is different now for them (written by the
person who words the pair, with the verifier's evidence beside it). Heard drafts the first two; a
quality lead (or the service's manager) rewrites them in plain English, writes the third, and
publishes them. Only published pairs are shown on the public page beside the feedback form and on
the poster. Words that name a person or hold personal details (by the same redaction as quotes, and
against the names of everyone in the organisation) cannot be published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from core import clock
from core.audit import audit_record
from feedback.redaction import redact
from governance.models import Action, ActionStatus, EvidenceKind
from organisations.models import Person, Service
from organisations.scope import Scope
from reports.models import PairStatus, YouSaidPair
from reports.rules import Perm, require

PICTURES = {
    "better": "A light bulb: an idea that made things better",
    "check": "A tick: something checked and done",
    "good-things": "A thumbs up: something good",
    "thanks": "A heart: thank you",
}
# A sentence or two: three pairs with this many characters in each part fit on one poster in type no
# smaller than easy read's least (see reports.poster).
MAX_CHARACTERS = 120


@dataclass(frozen=True)
class Candidate:
    action: Action
    pair: YouSaidPair | None
    themes: tuple[str, ...]


def _theme_names(scope: Scope, actions: list[Action]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {a.id: [] for a in actions}
    for a in actions:
        if a.theme_id:
            names[a.id].append(a.theme.name)
    ids = [a.id for a in actions if a.decision_id]
    if ids:
        rows = (
            Action.objects.for_scope(scope)
            .filter(id__in=ids, decision__citations__kind=EvidenceKind.THEME)
            .values_list("id", "decision__citations__theme__name")
            .distinct()
        )
        for aid, name in rows:
            if name not in names[aid]:
                names[aid].append(name)
    return names


def you_said_candidates(*, scope: Scope) -> list[Candidate]:
    """Actions closed with evidence of impact in the scope, newest first, with their pair if worded."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    actions = list(
        Action.objects.for_scope(scope)
        .filter(status=ActionStatus.CLOSED)
        .select_related("theme", "service", "organisation")
        .order_by("-checked_at", "-id")
    )
    pairs = {p.action_id: p for p in YouSaidPair.objects.for_scope(scope).filter(action__in=actions)}
    names = _theme_names(scope, actions)
    return [Candidate(action=a, pair=pairs.get(a.id), themes=tuple(names[a.id])) for a in actions]


def you_said_unworded(*, scope: Scope) -> int:
    """How many actions closed with evidence of impact in the scope are not yet worded for the people
    who use the service (a pair withdrawn counts as worded: someone chose not to tell it)."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    worded = YouSaidPair.objects.for_org(scope.organisation).filter(action=OuterRef("pk"))
    return Action.objects.for_scope(scope).filter(status=ActionStatus.CLOSED).exclude(Exists(worded)).count()


def you_said_published_counts(*, scope: Scope, services: list[Service]) -> dict[int, int]:
    """{service id: how many published pairs its public page and poster show}, those for the whole
    organisation included, in one query."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    rows = (
        YouSaidPair.objects.for_org(scope.organisation)
        .filter(Q(service__in=services) | Q(service__isnull=True), status=PairStatus.PUBLISHED)
        .values_list("service_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_service = dict(rows)
    everywhere = by_service.pop(None, 0)
    return {s.id: by_service.get(s.id, 0) + everywhere for s in services}


def _fit(text: str) -> str:
    """A draft cut to the poster's length at the last whole word, marked as cut, so that saving the
    words as drafted is never refused for their length."""
    if len(text) <= MAX_CHARACTERS:
        return text
    return text[: MAX_CHARACTERS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


# An action to find something out ("Find out why call bells are raised more, and report back"): what
# follows the verb, and the errand of reporting back, which is not news to the people who spoke.
_FINDING_OUT = re.compile(
    r"^(?:find out|look into|looking into|investigate|ask)\s+(?=(?:why|what|whether|how)\b)", re.I
)
_REPORT_BACK = re.compile(r",?\s*(?:and\s+)?report(?:ing)? back\b.*$", re.I)
_RAISED_MORE = re.compile(r"\b(?:is|are) raised more\b", re.I)


def _finding_out(title: str) -> str | None:
    """What an action set out to find out, in plain words ("why call bells came up more often"), or
    None for an action that changed something."""
    found = _FINDING_OUT.match(title.strip())
    if not found:
        return None
    asked = _REPORT_BACK.sub("", title.strip()[found.end() :]).rstrip(" .,;:")
    return _RAISED_MORE.sub("came up more often", asked) or None


# The page and the poster print each part after its label ("We did: …"). Words that begin by saying
# the label again, as drafts once did ("We did this: …") and as people write them ("You said the call
# bells …", "Now bells are answered …"), are shown without it, so the label is read once. What only
# starts like a label is left alone ("We did not …", "Now that …").
_SAID_AGAIN = {
    "you_said": re.compile(r"^you\s+said(?:\s+this)?\s*[:–—-]\s*|^you\s+said\s+(?:that\s+)?(?!this\b)(?=\w)", re.I),
    "we_did": re.compile(r"^we\s+did(?:\s+this)?\s*[:–—-]\s*|^we\s+did\s+(?!not\b|this\b)(?=\w)", re.I),
    "now": re.compile(r"^now\s*[:,–—-]\s*|^now\s+(?!that\b)(?=\w)", re.I),
}


def said_once(part: str, words: str) -> str:
    """The words of a part of a pair as they follow its label: without the label said again at their
    start, and then beginning with a capital."""
    words = words.strip()
    rest = _SAID_AGAIN[part].sub("", words, count=1)
    if rest == words or not rest:
        return words
    return rest[0].upper() + rest[1:]


def you_said_draft(*, candidate: Candidate) -> dict:
    """Words to start from: the theme and the action, redacted, each cut to the poster's length. An
    action to find something out was not a change in itself, so it is drafted as looking into it.
    "Now" is left for the person to write: the evidence of impact is the verifier's note for the record
    ("Shadow-shift records for every new starter."), in staff words, and what the people who use the
    service notice is not a sentence Heard can draft from it. The page shows the evidence beside the
    field, marked as staff words, and says what to write."""
    action = candidate.action
    theme = candidate.themes[0].lower() if candidate.themes else "this"
    asked = _finding_out(action.title)
    # What was done, as it follows the "We did:" the page and the poster print before it (said_once).
    we_did = f"We looked into {asked}." if asked is not None else f"{action.title[0].upper()}{action.title[1:]}."
    return {
        # After the "You said:" the page prints: what people raised, as they would say it.
        "you_said": _fit(f"{theme[0].upper()}{theme[1:]} could be better."),
        "we_did": _fit(redact(we_did).text),
        "now": "",
        "picture": "better",
    }


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)]


def _personal_details(scope: Scope, text: str) -> list[str]:
    """What in the words would identify someone, each once: redaction's finds, and any name of a person
    here that is not already part of one of them (so "Tom Hargreaves" is not also told as "Tom" and
    "Hargreaves")."""
    found: list[str] = []
    for a, b, _ in redact(text).spans:
        if text[a:b] not in found:
            found.append(text[a:b])
    words = set(_words(text))
    told = {w for f in found for w in _words(f)}
    names = list(Person.objects.for_org(scope.organisation).values_list("full_name", flat=True))
    for full_name in names:  # a whole name first, as it is written, then what is left of names in parts
        whole = re.search(r"(?<![\w'-])" + r"\s+".join(map(re.escape, full_name.split())) + r"(?![\w'-])", text, re.I)
        if whole and not set(_words(whole.group(0))) <= told:
            found.append(whole.group(0))
            told.update(_words(whole.group(0)))
    for full_name in names:
        for part in full_name.split():
            if len(part) > 2 and part.lower() in words and part.lower() not in told:
                found.append(part)
                told.add(part.lower())
    return found


def you_said_save(
    *,
    scope: Scope,
    action_id: int,
    you_said: str,
    we_did: str,
    now_text: str = "",
    picture: str = "better",
    publish: bool = False,
    now: dt.datetime | None = None,
) -> YouSaidPair:
    """Store the words for an action's pair, publishing them if asked. Every problem is said at once
    (ADR 0009): a line too long and a name to take out, in the same field or in others. Audited with
    before and after."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    now = now or clock.now()
    fields = {"you_said": you_said.strip(), "we_did": we_did.strip(), "now": (now_text or "").strip()}
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if name != "now" and not value:
            errors.setdefault(name, []).append("Write this in plain words.")
        elif len(value) > MAX_CHARACTERS:
            errors.setdefault(name, []).append(
                f"Keep this to {MAX_CHARACTERS} characters or fewer, so it fits on the poster; it has {len(value)}."
            )
        if publish and (found := _personal_details(scope, value)):
            errors.setdefault(name, []).append(
                "The public page cannot name anyone or show personal details. Take out: " + ", ".join(found) + "."
            )
    if picture not in PICTURES:
        errors["picture"] = [f"Choose one of the pictures ({', '.join(PICTURES)}), not {picture!r}."]
    if scope.person is None:
        errors["action"] = ["Pairs are worded and published by a person, not by Heard."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Action.objects.for_scope(scope).select_for_update().get(pk=action_id)
        if action.status != ActionStatus.CLOSED:
            raise ValidationError({"action": "Only an action closed with evidence of impact can be shown as 'we did'."})
        pair = YouSaidPair.objects.for_scope(scope).filter(action=action).first()
        before = {k: getattr(pair, k) for k in (*fields, "status", "picture")} if pair else {}
        if pair is None:
            pair = YouSaidPair(organisation=scope.organisation, service=action.service, action=action)
        for name, value in fields.items():
            setattr(pair, name, value)
        pair.picture = picture
        pair.edited_by, pair.edited_at = scope.person, now
        if publish:
            pair.status, pair.published_at = PairStatus.PUBLISHED, now
        elif pair.status != PairStatus.PUBLISHED:
            pair.status = PairStatus.DRAFT
        pair.save()
        after = {k: getattr(pair, k) for k in (*fields, "status", "picture")}
        audit_record(
            scope=scope,
            verb="report.you_said.published" if publish else "report.you_said.saved",
            obj=pair,
            changes={k: {"from": before.get(k), "to": after[k]} for k in after if before.get(k) != after[k]},
            at=now,
        )
    return pair


def you_said_withdraw(*, scope: Scope, pair_id: int, now: dt.datetime | None = None) -> YouSaidPair:
    scope = require(scope, Perm.EDIT_YOU_SAID)
    now = now or clock.now()
    with transaction.atomic():
        pair = YouSaidPair.objects.for_scope(scope).select_for_update().get(pk=pair_id)
        if pair.status == PairStatus.PUBLISHED:
            pair.status, pair.edited_by, pair.edited_at = PairStatus.WITHDRAWN, scope.person, now
            pair.save(update_fields=["status", "edited_by", "edited_at"])
            audit_record(scope=scope, verb="report.you_said.withdrawn", obj=pair, at=now)
    return pair


@dataclass(frozen=True)
class PublicPair:
    """What the public sees of a pair: the words, each as it follows its label (``said_once``), and the
    picture; nothing else."""

    you_said: str
    we_did: str
    now: str
    picture: str
    published_on: dt.date


def you_said_public(*, service: Service, limit: int = 12) -> list[PublicPair]:
    """Published pairs for a service (and for its whole organisation), newest first. No login: the
    service comes from its public link, and only these words leave the database."""
    rows = (
        YouSaidPair.objects.for_org(service.organisation)
        .filter(Q(service=service) | Q(service__isnull=True), status=PairStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values_list("you_said", "we_did", "now", "picture", "published_at")[:limit]
    )
    return [
        PublicPair(said_once("you_said", y), said_once("we_did", w), said_once("now", n), p, clock.day_of(at))
        for y, w, n, p, at in rows
    ]
