"""Writes for what Heard holds about a person (ADR 0026): recording that it was downloaded, and
removing the personal details of a person who uses services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core import clock
from core.audit import CHANGED, audit_record
from core.models import AuditEvent
from core.words import listed
from feedback.models import Feedback
from governance.models import Attendance
from organisations.held import SOURCES, Held, require_answerer, source_records
from organisations.models import Person, RoleAssignment
from organisations.roles import Role
from organisations.scope import Scope
from organisations.selectors import person_get

REASON_MAX = 1000
# The event ``governance.services.meeting_attendance_record`` writes, naming the attendee.
ATTENDANCE_RECORDED = "governance.meeting.attendance"


def removed_label(day: dt.date) -> str:
    """The neutral name a person's record keeps once their details are removed."""
    return f"Person removed on {day:%-d %b %Y}"


@transaction.atomic
def person_held_download(*, scope: Scope, person: Person) -> None:
    """Record that someone downloaded what Heard holds about a person: who, whose, when; no values."""
    scope = require_answerer(scope)
    person = person_get(scope=scope, person_id=person.pk)
    audit_record(scope=scope, verb="organisations.person.held_download", obj=person)


def removal_refusals(*, scope: Scope, person: Person, held: Held | None = None) -> list[str]:
    """Why this person's details may not be removed, in sentences naming them; empty if they may.
    Only someone who uses services (a co-production partner, or no role at all) with no login, who
    is not named in any governance work, has their details removed: everyone else's name stays on
    what they did, and they are archived instead. ``held``: what Heard holds about them, when it has
    been read already (their page), so that it is not read twice."""
    scope = require_answerer(scope)
    name = person.full_name
    if person.details_removed_at is not None:
        return ["Their personal details have already been removed."]
    refusals = []
    if scope.person is not None and person.pk == scope.person.pk:
        refusals.append("You cannot remove your own details.")
    if person.user_id is not None:
        refusals.append(
            f"{name} has a login. People who sign in do governance work that must stay attributable: "
            "archive them instead."
        )
    roles = sorted(Role(r).label.lower() for r in roles_held(scope=scope, person=person) - {Role.PARTNER})
    if roles:
        refusals.append(
            f"{name} is {listed(roles)} here, not only a co-production partner. Records of staff and "
            "leaders must stay attributable: archive them instead."
        )
    named = []
    for source in SOURCES:
        if source.kept:
            continue
        if held is not None:
            count = len(held.records_of(source))
        else:
            count = source_records(organisation=scope.organisation, person=person, source=source).count()
        if count:
            named.append(f"{source.words.lower()} ({count})")
    if named:
        refusals.append(
            f"{name} is named in governance work, which must stay attributable: {listed(named)}. "
            "Hand their part on or archive them instead."
        )
    return refusals


def roles_held(*, scope: Scope, person: Person) -> set[str]:
    """The roles the person holds now. Someone archived, or whose role was taken away, holds none;
    what keeps a former member of staff's name is what they did or are named in (``SOURCES``: every
    change they made when signed in, every record they made or lead), not a role they once held,
    and the audit log is not read to decide it (ADR 0026)."""
    return set(RoleAssignment.objects.for_org(scope.organisation).filter(person=person).values_list("role", flat=True))


def _without(value: Any, name: re.Pattern[str], label: str) -> Any:
    """A recorded value with the person's name put out of it."""
    if isinstance(value, str):
        return name.sub(label, value)
    if isinstance(value, list):
        return [_without(v, name, label) for v in value]
    if isinstance(value, dict):
        return {k: _without(v, name, label) for k, v in value.items()}
    return value


def _whole_name(name: str) -> re.Pattern[str]:
    """The name as whole words only: the events of a meeting she attended that name someone else, Joann
    Leeds beside Ann Lee or Margaret Wilson-Hart beside Margaret Wilson, keep their name whole."""
    return re.compile(rf"(?<![\w'-]){re.escape(name)}(?![\w'-])")


def _take_name_out_of_the_audit_log(scope: Scope, person: Person, name: str, label: str) -> int:
    """The audit log names people in events about them (their record, their roles) and in the
    events that recorded their attendance at a meeting: those are rewritten with the neutral label,
    the one change ever made to the log, so that it does not keep the name that was removed (ADR 0026)."""
    org = scope.organisation
    meetings = [
        str(pk) for pk in Attendance.objects.for_org(org).filter(person=person).values_list("meeting_id", flat=True)
    ]
    events = AuditEvent.objects.for_org(org).filter(
        Q(person=person) | Q(verb=ATTENDANCE_RECORDED, object_type="governance.meeting", object_id__in=meetings)
    )
    changed = []
    whole = _whole_name(name)
    for event in events:
        label_after = _without(event.object_label, whole, label)
        changes_after = _without(event.changes, whole, label)
        if label_after != event.object_label or changes_after != event.changes:
            event.object_label, event.changes = label_after, changes_after
            changed.append(event)
    AuditEvent.objects.for_org(org).bulk_update(changed, ["object_label", "changes"])
    return len(changed)


@transaction.atomic
def person_remove_details(*, scope: Scope, person: Person, reason: str, now: dt.datetime | None = None) -> Person:
    """Remove the personal details of a person who uses services (ADR 0026): their name becomes a
    neutral label, their email, phone, job title and communication needs are cleared, their roles end
    and they are archived; feedback they gave is no longer linked to them, nor its reply contact kept.
    What they took part in stays, counted but unnamed. Refused, with the reasons, for anyone else."""
    scope = require_answerer(scope)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why their personal details are being removed."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason can be up to {REASON_MAX} characters."})
    person = person_get(scope=scope, person_id=person.pk)
    person = Person.objects.for_org(scope.organisation).select_for_update().get(pk=person.pk)
    refusals = removal_refusals(scope=scope, person=person)
    if refusals:
        raise ValidationError(refusals)
    now = now or clock.now()
    name = person.full_name
    label = removed_label(clock.day_of(now))
    given = Feedback.objects.for_org(scope.organisation).filter(person=person)
    # Where they asked for a reply, the way to reach them goes too: none still owed waits on anyone
    # (`feedback.reply_targets.unreachable`).
    given.filter(wants_reply=True).update(reply_contact_removed_at=now)
    unlinked = given.update(person=None, reply_contact="")
    roles = RoleAssignment.objects.for_org(scope.organisation).filter(person=person)
    ended = sorted(roles.values_list("role", flat=True))
    roles.delete()
    renamed = _take_name_out_of_the_audit_log(scope, person, name, label) if name else 0
    person.full_name = label
    person.email = ""
    person.phone = ""
    person.job_title = ""
    person.communication_needs = []
    person.archived_at = person.archived_at or now
    person.details_removed_at = now
    person.save()
    audit_record(
        scope=scope,
        verb="organisations.person.remove_details",
        obj=person,
        at=now,
        changes={
            **{f: {"from": CHANGED, "to": CHANGED} for f in (*Person.PERSONAL_FIELDS, "job_title")},
            "reason": {"from": None, "to": reason},
            "feedback no longer linked to them": {"from": None, "to": unlinked},
            "roles": {"from": ended, "to": []},
            "audit events with their name taken out": {"from": None, "to": renamed},
        },
    )
    return person
