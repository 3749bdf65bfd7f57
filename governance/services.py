"""Writes for meetings, minutes, decisions, actions and challenges.

Each service checks permission first, works inside one transaction, appends rather than edits, and
writes its audit event. Every one takes `now` so that the demo can write history and tests can fix
the clock; by default it is the real time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from core import clock
from core.audit import audit_record
from feedback.models import Feedback
from governance.models import (
    Action,
    ActionSource,
    ActionStatus,
    ActionStatusChange,
    ActionUpdate,
    Attendance,
    AttendanceRole,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
    Citation,
    Decision,
    DiscussionItem,
    EvidenceKind,
    Meeting,
    MeetingType,
)
from governance.rules import Perm, is_person, require, require_person
from organisations.models import Person, RoleAssignment, Service
from organisations.scope import Scope
from themes.models import Theme
from themes.selectors import urgent_flags_visible

MAX_TEXT = 10_000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or clock.now()


def _text(value: str, field_: str, message: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field_, []).append(message)
    elif len(value) > MAX_TEXT:
        errors.setdefault(field_, []).append(f"Keep this under {MAX_TEXT:,} characters.")
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _service_in_scope(scope: Scope, service_id: int | None) -> Service | None:
    """The service, which must be in the scope; no service means the whole organisation, which only
    someone covering every service may record for."""
    if service_id is None:
        if not scope.all_services:
            raise PermissionDenied("Only someone who covers every service can record for the whole organisation.")
        return None
    return Service.objects.for_scope(scope).get(pk=service_id)


def _person_for(
    scope: Scope, person_id: int | None, service: Service | None, field_: str, errors: dict, *, anywhere: bool = False
):
    """A current person of the organisation with a role over the service (or over all services);
    with `anywhere`, a role over any service (anyone may attend a meeting)."""
    if not person_id:
        errors.setdefault(field_, []).append("Choose a person.")
        return None
    if anywhere:
        covers = Q()
    elif service is not None:
        covers = Q(all_services=True) | Q(services=service)
    else:
        covers = Q(all_services=True)
    roles = RoleAssignment.objects.for_org(scope.organisation).filter(covers, person_id=person_id)
    person = Person.objects.for_org(scope.organisation).filter(pk=person_id, archived_at__isnull=True).first()
    if person is None or not roles.exists():
        where = "Heard" if anywhere else (service.name if service else "every service")
        errors.setdefault(field_, []).append(f"Choose someone who has a role at {where}.")
        return None
    return person


def _acting_person(scope: Scope) -> Person:
    if scope.person is None:
        raise PermissionDenied("This has to be done by a named person.")
    return scope.person


# --- meetings and minutes ----------------------------------------------------------------------


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
    require(scope, Perm.RECORD_MEETINGS)
    errors: dict[str, list[str]] = {}
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["Choose the kind of meeting."]
    if held_on is None:
        errors["held_on"] = ["Enter the date of the meeting."]
    service = _service_in_scope(scope, service_id)
    chair = _person_for(scope, chair_id, service, "chair", errors) if chair_id else None
    _raise(errors)
    meeting = Meeting.objects.create(
        organisation=scope.organisation,
        meeting_type=meeting_type,
        service=service,
        held_on=held_on,
        title=(title or "").strip()[:200],
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
    """Who came (or sent apologies), in what role; for people who use services, how they were supported."""
    require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
    person = _person_for(scope, person_id, meeting.service, "person", errors, anywhere=True)
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


@transaction.atomic
def meeting_item_add(
    *, scope: Scope, meeting_id: int, heading: str, notes: str = "", now: dt.datetime | None = None
) -> DiscussionItem:
    require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
    heading = _text(heading, "heading", "Enter what was discussed.", errors)[:200]
    _raise(errors)
    item = DiscussionItem.objects.create(
        organisation=scope.organisation,
        meeting=meeting,
        heading=heading,
        notes=(notes or "").strip()[:MAX_TEXT],
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
class ActionInput:
    title: str
    lead_id: int | None
    verifier_id: int | None
    due_on: dt.date | None
    description: str = ""
    service_id: int | None = None
    source: str = ActionSource.DECISION
    decision_id: int | None = None
    theme_id: int | None = None
    feedback_id: int | None = None


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
    """A decision of the meeting, the evidence it rests on, and the actions it opens there and then."""
    require(scope, Perm.RECORD_MEETINGS)
    meeting = _meeting(scope, meeting_id)
    errors: dict[str, list[str]] = {}
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
        text=text,
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


# --- actions -----------------------------------------------------------------------------------


def _status_change(scope, action: Action, to: str, *, at, note: str = "", link: str = "", who=None) -> None:
    ActionStatusChange.objects.create(
        organisation=scope.organisation,
        action=action,
        from_status=action.status,
        to_status=to,
        note=note,
        link=link,
        who=who if who is not None else scope.person,
        at=at,
    )
    action.status = to


@transaction.atomic
def action_create(*, scope: Scope, data: ActionInput, now: dt.datetime | None = None) -> Action:
    """An action with one named lead, a different person to check it, a due date and a source."""
    require(scope, Perm.MANAGE_ACTIONS)
    errors: dict[str, list[str]] = {}
    title = _text(data.title, "title", "Enter what is to be done.", errors)[:200]
    at = _now(now)
    decision = theme = feedback = None
    if data.source == ActionSource.DECISION:
        decision = Decision.objects.for_scope(scope).filter(pk=data.decision_id).first() if data.decision_id else None
        if decision is None:
            errors.setdefault("decision", []).append("Choose the decision this action comes from.")
    elif data.source == ActionSource.THEME:
        theme = Theme.objects.for_org(scope.organisation).filter(pk=data.theme_id).first() if data.theme_id else None
        if theme is None:
            errors.setdefault("theme", []).append("Choose the theme this action is about.")
    elif data.source == ActionSource.FEEDBACK:
        feedback = Feedback.objects.for_scope(scope).filter(pk=data.feedback_id).first() if data.feedback_id else None
        if feedback is None:
            errors.setdefault("feedback", []).append("Enter the number of a feedback item you can see.")
    else:
        errors.setdefault("source", []).append("Choose where this action comes from.")
    service_id = data.service_id
    if service_id is None and feedback is not None:
        service_id = feedback.service_id
    service = _service_in_scope(scope, service_id)
    lead = _person_for(scope, data.lead_id, service, "lead", errors)
    verifier = _person_for(scope, data.verifier_id, service, "verifier", errors)
    if lead and verifier and lead.id == verifier.id:
        errors.setdefault("verifier", []).append("The person who checks an action must not be its lead.")
    if data.due_on is None:
        errors.setdefault("due_on", []).append("Enter the date it is due.")
    elif data.due_on < at.date():
        errors.setdefault("due_on", []).append("The due date must be today or later.")
    _raise(errors)
    action = Action.objects.create(
        organisation=scope.organisation,
        service=service,
        title=title,
        description=(data.description or "").strip()[:MAX_TEXT],
        lead=lead,
        verifier=verifier,
        due_on=data.due_on,
        source=data.source,
        decision=decision,
        theme=theme,
        feedback=feedback,
        status=ActionStatus.OPEN,
        created_by=_acting_person(scope),
        created_at=at,
    )
    ActionStatusChange.objects.create(
        organisation=scope.organisation,
        action=action,
        from_status="",
        to_status=ActionStatus.OPEN,
        who=scope.person,
        at=at,
    )
    audit_record(
        scope=scope,
        verb="governance.action.create",
        obj=action,
        at=now,
        changes={
            "lead": {"from": None, "to": lead.full_name},
            "verifier": {"from": None, "to": verifier.full_name},
            "due_on": {"from": None, "to": data.due_on.isoformat()},
            "source": {"from": None, "to": data.source},
        },
    )
    return action


def _action(scope: Scope, action_id: int) -> Action:
    return Action.objects.for_scope(scope).select_for_update().get(pk=action_id)


def _may_update(scope: Scope, action: Action) -> bool:
    from governance.rules import has_perm

    return is_person(scope, action.lead_id) or has_perm(scope, Perm.MANAGE_ACTIONS)


@transaction.atomic
def action_update_add(*, scope: Scope, action_id: int, text: str, now: dt.datetime | None = None) -> ActionUpdate:
    """Progress on an action, from its lead (or a manager speaking for them). Starts it if not started."""
    require(scope, Perm.VIEW)
    action = _action(scope, action_id)
    if not _may_update(scope, action):
        raise PermissionDenied("Only the action's lead, or someone who manages actions, may add progress.")
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Say what has happened.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is finished: progress can no longer be added.")
    _raise(errors)
    at = _now(now)
    update = ActionUpdate.objects.create(
        organisation=scope.organisation, action=action, text=text, who=_acting_person(scope), at=at
    )
    if action.status == ActionStatus.OPEN:
        _status_change(scope, action, ActionStatus.IN_PROGRESS, at=at)
        action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.update",
        obj=action,
        at=now,
        changes={"update": {"from": None, "to": text[:200]}},
    )
    return update


@transaction.atomic
def action_request_check(*, scope: Scope, action_id: int, note: str, now: dt.datetime | None = None) -> Action:
    """The lead says it is done and asks the verifier to check its impact."""
    action = _action(scope, action_id)
    require_person(scope, action.lead_id, "the action's lead")
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", "Say what was done, so the verifier knows what to check.", errors)
    if action.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        errors.setdefault("__all__", []).append("Only an action in progress can be sent for a check.")
    _raise(errors)
    before = action.status
    _status_change(scope, action, ActionStatus.AWAITING_CHECK, at=_now(now), note=note)
    action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.request_check",
        obj=action,
        at=now,
        changes={"status": {"from": before, "to": action.status}},
    )
    return action


@transaction.atomic
def action_check(
    *,
    scope: Scope,
    action_id: int,
    impact_shown: bool,
    note: str,
    link: str = "",
    now: dt.datetime | None = None,
) -> Action:
    """The verifier's check. With evidence of impact (what shows it, and a link to it) the action is
    closed and signed off; without, it goes back to the lead with the verifier's reasons."""
    action = _action(scope, action_id)
    if is_person(scope, action.lead_id):
        raise PermissionDenied("An action cannot be checked by its own lead.")
    require_person(scope, action.verifier_id, "the action's verifier")
    errors: dict[str, list[str]] = {}
    link = (link or "").strip()
    if impact_shown:
        note = _text(note, "note", "Describe the evidence of impact: what changed, and how you know.", errors)
        if not link:
            errors.setdefault("link", []).append(
                "Give a link to what shows the impact: feedback since, a measure, or a later audit."
            )
        else:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                errors.setdefault("link", []).append("Enter a link starting with https:// or http://.")
    else:
        note = _text(note, "note", "Say what is missing, so the lead knows what to do next.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is already finished.")
    _raise(errors)
    at = _now(now)
    before = action.status
    if impact_shown:
        _status_change(scope, action, ActionStatus.CLOSED, at=at, note=note, link=link)
        action.impact_note, action.impact_link = note, link[:500]
        action.checked_by, action.checked_at = scope.person, at
        action.save(update_fields=["status", "impact_note", "impact_link", "checked_by", "checked_at"])
    else:
        _status_change(scope, action, ActionStatus.IN_PROGRESS, at=at, note=note)
        action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.check",
        obj=action,
        at=now,
        changes={"status": {"from": before, "to": action.status}, "impact_shown": {"from": None, "to": impact_shown}},
    )
    return action


@transaction.atomic
def action_withdraw(*, scope: Scope, action_id: int, reason: str, now: dt.datetime | None = None) -> Action:
    """Stop an action without evidence of impact. Allowed, with a reason, but the loop shows it as stalled."""
    require(scope, Perm.MANAGE_ACTIONS)
    action = _action(scope, action_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the action is being withdrawn.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is already finished.")
    _raise(errors)
    before = action.status
    _status_change(scope, action, ActionStatus.WITHDRAWN, at=_now(now), note=reason)
    action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.withdraw",
        obj=action,
        at=now,
        changes={"status": {"from": before, "to": action.status}},
    )
    return action


# --- leadership challenge ----------------------------------------------------------------------


@transaction.atomic
def challenge_raise(
    *,
    scope: Scope,
    subject: str,
    question: str,
    action_id: int | None = None,
    decision_id: int | None = None,
    theme_id: int | None = None,
    service_id: int | None = None,
    addressed_to_id: int | None = None,
    now: dt.datetime | None = None,
) -> Challenge:
    """A leader asks "why is this late?" or "show me the impact". On an action it goes to the lead;
    on a decision, to the meeting's chair (or whoever recorded it); on a theme, to the person named."""
    require(scope, Perm.CHALLENGE)
    errors: dict[str, list[str]] = {}
    question = _text(question, "question", "Enter the question you are asking.", errors)
    action = decision = theme = None
    addressed_to = None
    if subject == ChallengeSubject.ACTION:
        action = Action.objects.for_scope(scope).select_related("lead").get(pk=action_id)
        service_id, addressed_to = action.service_id, action.lead
    elif subject == ChallengeSubject.DECISION:
        decision = Decision.objects.for_scope(scope).select_related("meeting__chair", "recorded_by").get(pk=decision_id)
        service_id, addressed_to = decision.service_id, decision.meeting.chair or decision.recorded_by
    elif subject == ChallengeSubject.THEME:
        theme = Theme.objects.for_org(scope.organisation).get(pk=theme_id)
    else:
        errors.setdefault("subject", []).append("Choose what the challenge is about.")
    service = _service_in_scope(scope, service_id)
    if subject == ChallengeSubject.THEME:
        addressed_to = _person_for(scope, addressed_to_id, service, "addressed_to", errors)
    _raise(errors)
    at = _now(now)
    challenge = Challenge.objects.create(
        organisation=scope.organisation,
        service=service,
        subject=subject,
        action=action,
        decision=decision,
        theme=theme,
        question=question,
        raised_by=_acting_person(scope),
        raised_at=at,
        addressed_to=addressed_to,
    )
    audit_record(
        scope=scope,
        verb="governance.challenge.raise",
        obj=challenge,
        at=now,
        changes={
            "subject": {"from": None, "to": subject},
            "addressed_to": {"from": None, "to": addressed_to.full_name},
        },
    )
    return challenge


def _challenge(scope: Scope, challenge_id: int) -> Challenge:
    return Challenge.objects.for_scope(scope).select_for_update().get(pk=challenge_id)


def _entry(scope: Scope, challenge: Challenge, kind: str, text: str, at) -> ChallengeEntry:
    return ChallengeEntry.objects.create(
        organisation=scope.organisation, challenge=challenge, kind=kind, text=text, who=_acting_person(scope), at=at
    )


@transaction.atomic
def challenge_respond(*, scope: Scope, challenge_id: int, text: str, now: dt.datetime | None = None) -> Challenge:
    require(scope, Perm.VIEW)
    challenge = _challenge(scope, challenge_id)
    require_person(scope, challenge.addressed_to_id, "the person the challenge is addressed to")
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Enter your answer.", errors)
    if challenge.status not in (ChallengeStatus.OPEN, ChallengeStatus.ESCALATED):
        errors.setdefault("__all__", []).append("This challenge is not waiting for an answer.")
    _raise(errors)
    before = challenge.status
    _entry(scope, challenge, ChallengeEntryKind.RESPONSE, text, _now(now))
    challenge.status = ChallengeStatus.ANSWERED
    challenge.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.challenge.respond",
        obj=challenge,
        at=now,
        changes={"status": {"from": before, "to": challenge.status}},
    )
    return challenge


@transaction.atomic
def challenge_conclude(
    *, scope: Scope, challenge_id: int, satisfied: bool, text: str, now: dt.datetime | None = None
) -> Challenge:
    """A leader closes the challenge as satisfied, or escalates it (with why, and to whom)."""
    require(scope, Perm.CHALLENGE)
    challenge = _challenge(scope, challenge_id)
    errors: dict[str, list[str]] = {}
    text = _text(
        text,
        "text",
        "Say why you are satisfied." if satisfied else "Say why you are escalating it, and to whom.",
        errors,
    )
    if satisfied and challenge.status not in (ChallengeStatus.ANSWERED, ChallengeStatus.ESCALATED):
        errors.setdefault("__all__", []).append(
            "A challenge can be closed as satisfied only once it has been answered."
        )
    if not satisfied and challenge.status not in (ChallengeStatus.OPEN, ChallengeStatus.ANSWERED):
        errors.setdefault("__all__", []).append("This challenge cannot be escalated now.")
    _raise(errors)
    before = challenge.status
    kind = ChallengeEntryKind.SATISFIED if satisfied else ChallengeEntryKind.ESCALATED
    _entry(scope, challenge, kind, text, _now(now))
    challenge.status = ChallengeStatus.SATISFIED if satisfied else ChallengeStatus.ESCALATED
    challenge.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.challenge.conclude",
        obj=challenge,
        at=now,
        changes={"status": {"from": before, "to": challenge.status}},
    )
    return challenge
