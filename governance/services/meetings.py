"""Meetings, their attendance and minutes, and decisions that cite evidence and open actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from feedback.models import Feedback
from governance.models import (
    ActionSource,
    Attendance,
    AttendanceRole,
    Citation,
    Decision,
    DiscussionItem,
    EvidenceKind,
    Meeting,
    MeetingType,
)
from governance.rules import Perm, require
from governance.selectors.people import attendee_roles
from governance.services._common import (
    _acting_person,
    _now,
    _person_for,
    _raise,
    _refuse_closed,
    _service_in_scope,
    _text,
    _without_personal_details,
)
from governance.services.actions import ActionInput, action_create
from organisations.closed import closed_record_note, service_refusal
from organisations.models import Person, Service
from organisations.scope import Scope
from themes.models import Theme
from themes.selectors import urgent_flags_visible

# --- meetings and minutes ----------------------------------------------------------------------


def meeting_closed_refusal(*, scope: Scope, service: Service | None) -> str | None:
    """Why no meeting is recorded at ``service`` now that it has closed, or None (ADR 0009). The
    meeting form says it beside its other problems."""
    return service_refusal(scope=scope, service=service, not_done="no meeting is recorded there now", whole=True)


NO_DECISION = "no decision is recorded at this meeting now"


def decision_closed_refusal(*, scope: Scope, meeting: Meeting) -> str | None:
    """Why no decision is recorded at ``meeting`` now that its service has closed, or None (ADR 0009).
    The decision form says it beside its other problems, a date it cannot read among them."""
    return service_refusal(scope=scope, service=meeting.service, not_done=NO_DECISION, choose=False)


def meeting_closed_note(*, meeting: Meeting) -> str | None:
    """The note on the page of ``meeting`` once its service has closed, or None: the decision refusal's
    sentence, then what may still be recorded there (ADR 0009). "Rowan House has been archived, so no
    decision is recorded at this meeting now. Its record is kept here, and who took part and what was
    discussed can still be added." """
    return closed_record_note(
        service=meeting.service,
        not_done=NO_DECISION,
        still="who took part and what was discussed can still be added",
    )


@transaction.atomic
def meeting_create(
    *,
    scope: Scope,
    meeting_type: str,
    service_id: int | None,
    held_on: dt.date,
    title: str = "",
    chair_id: int | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    scope = require(scope, Perm.RECORD_MEETINGS)
    errors: dict[str, list[str]] = {}
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["Choose the kind of meeting."]
    if held_on is None:
        errors["held_on"] = ["Enter the date of the meeting."]
    service = _service_in_scope(scope, service_id)
    refusal = meeting_closed_refusal(scope=scope, service=service)
    if refusal:
        errors["service"] = [refusal]
    chair = _person_for(scope, chair_id, service, "chair", errors) if chair_id else None
    _raise(errors)
    meeting = Meeting.objects.create(
        organisation=scope.organisation,
        meeting_type=meeting_type,
        service=service,
        held_on=held_on,
        title=_without_personal_details((title or "").strip(), 200),
        chair=chair,
        created_by=scope.person,
        created_at=_now(now),
    )
    audit_record(
        scope=scope,
        verb="governance.meeting.create",
        obj=meeting,
        at=now,
        changes={"type": {"from": None, "to": meeting_type}, "service": {"from": None, "to": meeting.scope_label}},
    )
    return meeting


def _meeting(scope: Scope, meeting_id: int) -> Meeting:
    return Meeting.objects.for_scope(scope).select_for_update().get(pk=meeting_id)


@transaction.atomic
def meeting_attendance_record(
    *,
    scope: Scope,
    meeting_id: int,
    person_id: int,
    role: str,
    present: bool = True,
    supported: bool = False,
    support: str = "",
    now: dt.datetime | None = None,
) -> Attendance:
    """Who came (or sent apologies), in what role; for people who use services, how they were supported.
    How they were supported is kept as written: it is about the person named on the row."""
    scope = require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
    person = _attendee_for(scope, person_id, meeting, errors)
    if role not in AttendanceRole.values:
        errors["role"] = ["Choose the role they took at the meeting."]
    support = (support or "").strip()
    if supported and not support:
        errors["support"] = ["Say how they were supported to take part."]
    if person and Attendance.objects.for_org(scope.organisation).filter(meeting=meeting, person=person).exists():
        errors.setdefault("person", []).append(f"{person.full_name} is already recorded at this meeting.")
    _raise(errors)
    attendance = Attendance.objects.create(
        organisation=scope.organisation,
        meeting=meeting,
        person=person,
        role=role,
        present=present,
        supported=supported,
        support=support[:300] if supported else "",
    )
    audit_record(
        scope=scope,
        verb="governance.meeting.attendance",
        obj=meeting,
        at=now,
        changes={"attendee": {"from": None, "to": person.full_name}, "role": {"from": None, "to": role}},
    )
    return attendance


def _attendee_for(scope: Scope, person_id: int | None, meeting: Meeting, errors: dict) -> Person | None:
    """A current person who may be recorded at this meeting (`attendee_roles` says who and why). The
    refusal says only where to choose from: it does not say where the person sent has a role."""
    if not person_id:
        errors.setdefault("person", []).append("Choose a person.")
        return None
    roles = attendee_roles(organisation=scope.organisation, service_id=meeting.service_id)
    person = (
        Person.objects.for_org(scope.organisation)
        .filter(pk=person_id, archived_at__isnull=True, pk__in=roles.values("person_id"))
        .first()
    )
    if person is None:
        where = meeting.service.name if meeting.service else scope.organisation.name
        errors.setdefault("person", []).append(
            f"Choose someone who has a role at {where} or across the whole organisation."
        )
    return person


@transaction.atomic
def meeting_item_add(
    *, scope: Scope, meeting_id: int, heading: str, notes: str = "", now: dt.datetime | None = None
) -> DiscussionItem:
    """What a meeting discussed, its heading and notes saved without personal details (ADR 0016): the
    minutes go into the agenda pack."""
    scope = require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
    heading = _text(heading, "heading", "Enter what was discussed.", errors)
    _raise(errors)
    heading = _without_personal_details(heading, 200)
    item = DiscussionItem.objects.create(
        organisation=scope.organisation,
        meeting=meeting,
        heading=heading,
        notes=_without_personal_details((notes or "").strip()),
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    audit_record(
        scope=scope,
        verb="governance.meeting.item",
        obj=meeting,
        at=now,
        changes={"item": {"from": None, "to": heading}},
    )
    return item


# --- decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    theme_ids: Sequence[int] = field(default_factory=tuple)
    feedback_ids: Sequence[int] = field(default_factory=tuple)
    flag_ids: Sequence[int] = field(default_factory=tuple)
    decision_ids: Sequence[int] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.theme_ids or self.feedback_ids or self.flag_ids or self.decision_ids)


def _evidence_rows(scope: Scope, meeting: Meeting, evidence: Evidence, errors: dict) -> list[Citation]:
    """Citations for what exists, in the scope and, for a service's meeting, at that service."""
    org = scope.organisation
    rows: list[Citation] = []

    def check(found: dict, wanted: Sequence[int], field_: str, what: str) -> None:
        missing = sorted(set(wanted) - set(found))
        if missing:
            errors.setdefault(field_, []).append(
                f"No {what} {', '.join(str(i) for i in missing)} can be cited here"
                + (f" (it must be at {meeting.service.name})." if meeting.service_id else ".")
            )

    if evidence.theme_ids:
        themes = {t.id: t for t in Theme.objects.for_org(org).filter(pk__in=evidence.theme_ids)}
        check(themes, evidence.theme_ids, "themes", "theme")
        rows += [
            Citation(kind=EvidenceKind.THEME, theme=themes[i]) for i in dict.fromkeys(evidence.theme_ids) if i in themes
        ]
    if evidence.feedback_ids:
        items = Feedback.objects.for_scope(scope).filter(pk__in=evidence.feedback_ids)
        if meeting.service_id:
            items = items.filter(service_id=meeting.service_id)
        found = {f.id: f for f in items}
        check(found, evidence.feedback_ids, "feedback", "feedback item")
        rows += [
            Citation(kind=EvidenceKind.FEEDBACK, feedback=found[i])
            for i in dict.fromkeys(evidence.feedback_ids)
            if i in found
        ]
    if evidence.flag_ids:
        flags = urgent_flags_visible(scope=scope).filter(pk__in=evidence.flag_ids)
        if meeting.service_id:
            flags = flags.filter(comment__feedback__service_id=meeting.service_id)
        found = {f.id: f for f in flags}
        check(found, evidence.flag_ids, "flags", "urgent flag")
        rows += [
            Citation(kind=EvidenceKind.URGENT_FLAG, urgent_flag=found[i])
            for i in dict.fromkeys(evidence.flag_ids)
            if i in found
        ]
    if evidence.decision_ids:
        found = {d.id: d for d in Decision.objects.for_scope(scope).filter(pk__in=evidence.decision_ids)}
        check(found, evidence.decision_ids, "decisions", "decision")
        rows += [
            Citation(kind=EvidenceKind.DECISION, cited_decision=found[i])
            for i in dict.fromkeys(evidence.decision_ids)
            if i in found
        ]
    return rows


@transaction.atomic
def decision_record(
    *,
    scope: Scope,
    meeting_id: int,
    text: str,
    evidence: Evidence,
    actions: Sequence[ActionInput] = (),
    now: dt.datetime | None = None,
) -> Decision:
    """A decision of the meeting, the evidence it rests on, and the actions it opens there and then.
    None is recorded at a meeting of a service that has closed since: a decision sets work going
    there, and there is no one left to do it. Its words are saved without personal details, as the
    actions it opens are (ADR 0016)."""
    scope = require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
    _refuse_closed(scope, meeting.service, errors, "__all__", NO_DECISION, choose=False)
    _raise(errors)
    text = _text(text, "text", "Enter what was decided.", errors)
    if evidence.is_empty:
        errors.setdefault("__all__", []).append(
            "Cite at least one piece of evidence: a theme, a feedback item, an urgent flag or an earlier decision."
        )
    citations = _evidence_rows(scope, meeting, evidence, errors)
    _raise(errors)
    at = _now(now)
    decision = Decision.objects.create(
        organisation=scope.organisation,
        meeting=meeting,
        service=meeting.service,
        text=_without_personal_details(text),
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    for citation in citations:
        citation.organisation = scope.organisation
        citation.decision = decision
    Citation.objects.bulk_create(citations)
    audit_record(
        scope=scope,
        verb="governance.decision.record",
        obj=decision,
        at=now,
        changes={
            "meeting": {"from": None, "to": str(meeting)},
            "evidence": {
                "from": None,
                "to": [
                    f"{c.kind} {c.theme_id or c.feedback_id or c.urgent_flag_id or c.cited_decision_id}"
                    for c in citations
                ],
            },
        },
    )
    for i, data in enumerate(actions):
        try:
            action_create(
                scope=scope,
                data=ActionInput(
                    **{
                        **data.__dict__,
                        "source": ActionSource.DECISION,
                        "decision_id": decision.id,
                        "service_id": meeting.service_id if data.service_id is None else data.service_id,
                    }
                ),
                now=now,
            )
        except ValidationError as exc:
            raise ValidationError(
                {f"action_{i}_{k}" if k != "__all__" else "__all__": v for k, v in exc.message_dict.items()}
            ) from exc
    return decision
