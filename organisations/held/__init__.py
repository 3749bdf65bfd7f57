"""What Heard holds about a person: every record that names or points at them in their organisation,
group by group in plain words (ADR 0026). The page, its JSON download and the removal of a person
who uses services all read this one list, so that none of them can forget a kind of record.

Each `Source` is one way a record points at a person (an action's lead, a meeting's attendance, an
audit event about them). Each is read with one query, whatever the number of records, and always
from the person's organisation (``for_org``), so nothing of another organisation is found even
where ids are the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from core import clock
from organisations import mentions
from organisations.held.kinds import KINDS, _path
from organisations.held.sources import SOURCES, WRITTEN_IN, Source, source_records
from organisations.models import Organisation, Person
from organisations.rules import Perm, has_perm, require
from organisations.scope import Scope
from organisations.selectors import person_get

ONLY_ADMINISTRATORS_OF_EVERY_SERVICE = (
    "Only an administrator of every service can see everything Heard holds about a person, or remove it: "
    "it comes from every service they took part at."
)


def may_answer_for_person(scope: Scope | None) -> bool:
    """Whether the scope may see what Heard holds about a person and remove a person who uses
    services: an administrator over every service (ADR 0026)."""
    return has_perm(scope, Perm.MANAGE_PEOPLE, None)


def require_answerer(scope: Scope | None) -> Scope:
    scope = require(scope, Perm.MANAGE_PEOPLE)
    if not scope.all_services:
        raise PermissionDenied(ONLY_ADMINISTRATORS_OF_EVERY_SERVICE)
    return scope


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    about: str


GROUPS = (
    Group("feedback", "Feedback they gave", "What they told the service, with the replies sent to them."),
    Group(
        "taking_part",
        "What they took part in",
        "Meetings they attended, co-production activities they took part in and audits they carried out.",
    ),
    Group(
        "governance",
        "Governance work they lead, check or answer",
        "Meetings they chaired, actions they lead or check, challenges they asked or answer, objectives and "
        "audits they lead, work handed to or from them, and being the safeguarding lead.",
    ),
    Group(
        "recorded",
        "Records they made",
        "Feedback, replies, minutes, decisions, updates, ledger entries, audits, evidence, priorities and "
        "reports they recorded, changed or withdrew.",
    ),
    Group("urgent", "Urgent flags", "Urgent flags they raised by hand and the notes they added to urgent flags."),
    Group("coding", "Coding of comments", "Themes and sentiment they gave comments, and codings they reviewed."),
    Group("audit_log", "The audit log", "Changes recorded about them, and changes they made when signed in."),
    Group(
        "mentions",
        "Where their name is written",
        "Minutes, decisions, notes, comments and other words written in Heard in which their full name appears, "
        "whoever wrote them.",
    ),
)


@dataclass
class Record:
    id: int
    label: str
    date: dt.date | dt.datetime | None
    link: str | None
    details: dict[str, Any]
    # Where their name is written: the words around it.
    excerpt: mentions.Excerpt | None = None

    @property
    def day(self) -> str:
        """The record's date as a person reads it: "5 Dec 2026"."""
        date = self.date
        if isinstance(date, dt.datetime):
            date = clock.day_of(date)
        return f"{date:%-d %b %Y}" if date is not None else "No date"

    def as_json(self, source: Source) -> dict[str, Any]:
        date = self.date
        return {
            "what": source.words,
            "record_type": source.model,
            "id": self.id,
            "record": self.label,
            "date": date.isoformat() if date is not None else None,
            "link": self.link,
            **({"details": self.details} if self.details else {}),
        }


@dataclass
class SourceRecords:
    source: Source
    records: list[Record]

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass
class GroupRecords:
    group: Group
    sources: list[SourceRecords]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sources)


@dataclass
class Held:
    organisation: Organisation
    person: Person
    groups: list[GroupRecords]
    # The name searched for in free text, or why it was not.
    name_searched: str | None = None
    name_not_searched: str | None = None

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    def records_of(self, source: Source) -> list[Record]:
        return next(s.records for g in self.groups for s in g.sources if s.source == source)

    @property
    def written(self) -> GroupRecords:
        """Where their name is written."""
        return next(g for g in self.groups if g.group.key == "mentions")


def _record(source: Source, obj) -> Record:
    kind = source.kind
    return Record(
        id=obj.pk,
        label=kind.label(obj),
        date=_path(obj, kind.date),
        link=kind.link(obj),
        details=source.details(obj) if source.details else {},
    )


def name_not_searched(person: Person) -> str | None:
    """Why the person's name is not looked for in free text; None if it is."""
    if person.details_removed_at is not None:
        return "Their details were removed, so Heard no longer has their name to look for."
    return mentions.why_not_searched(person.full_name)


def _written(organisation: Organisation, person: Person) -> list[SourceRecords]:
    """The records whose words name the person, kind by kind: one query a kind of record."""
    if name_not_searched(person):
        return []
    name = person.full_name
    pattern = mentions.whole_name(name)
    found = []
    for model_label, fields in mentions.searched_fields().items():
        kind = KINDS[model_label]
        qs = mentions.candidates(organisation=organisation, model_label=model_label, fields=fields, name=name)
        qs = mentions.person_excluded(qs, person)
        if kind.related:
            qs = qs.select_related(*kind.related)
        records = [
            Record(
                id=obj.pk,
                label=kind.label(obj),
                date=_path(obj, kind.date),
                link=kind.link(obj),
                details={
                    "field": mentions.field_words(model_label, hit.field),
                    "excerpt": str(hit.excerpt),
                    "times": hit.times,
                },
                excerpt=hit.excerpt,
            )
            for obj in qs.order_by("-pk")
            for hit in mentions.found_in(obj, fields, pattern)
        ]
        if records:
            source = Source("mentions", WRITTEN_IN[model_label], model_label, ",".join(fields))
            found.append(SourceRecords(source, records))
    return found


def person_held(*, scope: Scope, person_id: int) -> Held:
    """Everything Heard holds that names or points at the person, group by group: for an
    administrator of every service only; a person of another organisation is not found."""
    scope = require_answerer(scope)
    person = person_get(scope=scope, person_id=person_id)
    groups = []
    for group in GROUPS:
        if group.key == "mentions":
            groups.append(GroupRecords(group, _written(scope.organisation, person)))
            continue
        found = []
        for source in SOURCES:
            if source.group == group.key:
                rows = source_records(organisation=scope.organisation, person=person, source=source)
                found.append(SourceRecords(source, [_record(source, obj) for obj in rows]))
        groups.append(GroupRecords(group, found))
    not_searched = name_not_searched(person)
    return Held(
        organisation=scope.organisation,
        person=person,
        groups=groups,
        name_searched=None if not_searched else person.full_name,
        name_not_searched=not_searched,
    )


def held_json(held: Held, *, now: dt.datetime) -> dict[str, Any]:
    """The download: their details and roles, then each group as a list of records."""
    person = held.person
    return {
        "prepared_at": now.isoformat(),
        "organisation": held.organisation.name,
        "person": {
            "id": person.id,
            "full_name": person.full_name,
            "email": person.email or None,
            "phone": person.phone or None,
            "job_title": person.job_title or None,
            "communication_needs": list(person.communication_needs),
            "has_login": person.has_login,
            "added_at": person.created_at.isoformat(),
            "archived_at": person.archived_at.isoformat() if person.archived_at else None,
            "roles": [
                {
                    "role": a.get_role_display(),
                    "services": "all" if a.all_services else [s.name for s in a.services.all()],
                    "since": a.created_at.isoformat(),
                }
                for a in person.role_assignments.all()
            ],
        },
        "groups": {
            g.group.key: {
                "title": g.group.title,
                **(_searched_json(held) if g.group.key == "mentions" else {}),
                "records": [r.as_json(s.source) for s in g.sources for r in s.records],
            }
            for g in held.groups
        },
    }


@dataclass(frozen=True)
class WrittenIn:
    """A record whose words name the person, once however many of its fields do."""

    what: str
    label: str
    link: str | None
    fields: list[str]


def written_in_records(held: Held) -> list[WrittenIn]:
    """The records that name the person in their words, each once, for the warning before removal."""
    found: dict[tuple[str, int], WrittenIn] = {}
    for s in held.written.sources:
        for r in s.records:
            key = (s.source.model, r.id)
            if key not in found:
                found[key] = WrittenIn(s.source.words, r.label, r.link, [])
            found[key].fields.append(r.details["field"].lower())
    return list(found.values())


def _searched_json(held: Held) -> dict[str, Any]:
    if held.name_not_searched:
        return {"name_searched_for": None, "not_searched_because": held.name_not_searched}
    return {"name_searched_for": held.name_searched}
