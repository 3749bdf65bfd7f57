"""API for the governance loop: meetings and decisions with their evidence, the action log, leadership
challenges, the loop tracker and the co-production ledger. Scoped and permissioned exactly like the pages; handlers make one
domain call each."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from core import clock
from core.api_schemas import ERRORS, MAX_INT
from governance import selectors, services
from governance.loops import loop_tracker
from governance.models import ActionStatus, ActivityKind, ChallengeStatus, EvidenceKind, MeetingType, Recognition, Rung

router = Router(tags=["governance"])
MAX_LIMIT = 200


class CitationOut(Schema):
    kind: EvidenceKind
    theme_code: str | None = None
    theme_name: str | None = None
    feedback_id: int | None = None
    urgent_flag_id: int | None = None
    decision_id: int | None = None


class DecisionOut(Schema):
    id: int
    meeting_id: int
    service_id: int | None
    text: str
    recorded_by: str
    recorded_at: dt.datetime
    evidence: list[CitationOut]
    action_ids: list[int]


class AttendanceOut(Schema):
    person_id: int
    name: str
    role: str
    present: bool
    supported: bool
    support: str


class MeetingOut(Schema):
    id: int
    meeting_type: MeetingType
    service_id: int | None = Field(description="Empty for a meeting about the whole organisation.")
    held_on: dt.date
    title: str
    chair: str | None


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]


class ActionOut(Schema):
    id: int
    title: str
    service_id: int | None
    lead_id: int
    lead: str
    verifier_id: int
    verifier: str
    due_on: dt.date
    status: ActionStatus
    overdue: bool
    source: str
    decision_id: int | None
    theme_code: str | None
    feedback_id: int | None
    impact_note: str
    impact_link: str
    checked_by: str | None
    checked_at: dt.datetime | None


class UpdateIn(Schema):
    text: str = Field(min_length=1, max_length=services.MAX_TEXT)


class CheckIn(Schema):
    impact_shown: bool = Field(description="True closes the action; it then needs `note` and `link`.")
    note: str = Field(min_length=1, max_length=services.MAX_TEXT)
    link: str = Field("", max_length=500)


class ChallengeOut(Schema):
    id: int
    subject: str
    action_id: int | None
    decision_id: int | None
    theme_code: str | None
    service_id: int | None
    question: str
    raised_by: str
    raised_at: dt.datetime
    addressed_to: str
    status: ChallengeStatus


class LoopOut(Schema):
    theme_code: str
    theme_name: str
    service_id: int | None
    service_name: str
    state: str
    stalled: bool
    stalls: list[str]
    mentions: int
    listened: list[str]
    decided: list[str]
    acted: list[str]
    checked: list[str]


def _decision(d) -> dict:
    return {
        "id": d.id,
        "meeting_id": d.meeting_id,
        "service_id": d.service_id,
        "text": d.text,
        "recorded_by": d.recorded_by.full_name,
        "recorded_at": d.recorded_at,
        "evidence": [
            {
                "kind": c.kind,
                "theme_code": c.theme.code if c.theme_id else None,
                "theme_name": c.theme.name if c.theme_id else None,
                "feedback_id": c.feedback_id,
                "urgent_flag_id": c.urgent_flag_id,
                "decision_id": c.cited_decision_id,
            }
            for c in d.citations.all()
        ],
        "action_ids": [a.id for a in d.actions.all()],
    }


def _meeting(m) -> dict:
    return {
        "id": m.id,
        "meeting_type": m.meeting_type,
        "service_id": m.service_id,
        "held_on": m.held_on,
        "title": m.title,
        "chair": m.chair.full_name if m.chair_id else None,
    }


def _action(a, today: dt.date) -> dict:
    return {
        "id": a.id,
        "title": a.title,
        "service_id": a.service_id,
        "lead_id": a.lead_id,
        "lead": a.lead.full_name,
        "verifier_id": a.verifier_id,
        "verifier": a.verifier.full_name,
        "due_on": a.due_on,
        "status": a.status,
        "overdue": a.is_overdue(on=today),
        "source": a.source,
        "decision_id": a.decision_id,
        "theme_code": a.theme.code if a.theme_id else None,
        "feedback_id": a.feedback_id,
        "impact_note": a.impact_note,
        "impact_link": a.impact_link,
        "checked_by": a.checked_by.full_name if a.checked_by_id else None,
        "checked_at": a.checked_at,
    }


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS}, summary="Meetings, most recent first")
def meetings(
    request,
    meeting_type: MeetingType | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    filters = selectors.MeetingFilters(meeting_type=meeting_type or "")
    return [_meeting(m) for m in selectors.meeting_list(scope=request.scope, filters=filters)[offset : offset + limit]]


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **ERRORS},
    summary="A meeting with its attendance and decisions",
)
def meeting(request, meeting_id: int):
    m = selectors.meeting_get(scope=request.scope, meeting_id=meeting_id)
    return {
        **_meeting(m),
        "attendance": [
            {
                "person_id": a.person_id,
                "name": a.person.full_name,
                "role": a.role,
                "present": a.present,
                "supported": a.supported,
                "support": a.support,
            }
            for a in m.attendance.all()
        ],
        "decisions": [_decision(d) for d in m.decisions.all()],
    }


@router.get(
    "/decisions/{decision_id}", response={200: DecisionOut, **ERRORS}, summary="A decision and the evidence it cites"
)
def decision(request, decision_id: int):
    return _decision(selectors.decision_get(scope=request.scope, decision_id=decision_id))


@router.get("/actions", response={200: list[ActionOut], **ERRORS}, summary="The action log, soonest due first")
def actions(
    request,
    status: str = Query("", description="A status, `active` or `overdue`."),
    service_id: int | None = Query(None, ge=1, le=MAX_INT),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    today = clock.today()
    filters = selectors.ActionFilters(status=status, service_id=service_id)
    rows = selectors.action_list(scope=request.scope, today=today, filters=filters).select_related("checked_by")
    return [_action(a, today) for a in rows[offset : offset + limit]]


@router.get("/actions/{action_id}", response={200: ActionOut, **ERRORS}, summary="One action")
def action(request, action_id: int):
    return _action(selectors.action_get(scope=request.scope, action_id=action_id), clock.today())


@router.post(
    "/actions/{action_id}/updates", response={201: ActionOut, **ERRORS}, summary="Add a progress update (the lead)"
)
def action_update(request, action_id: int, body: UpdateIn):
    services.action_update_add(scope=request.scope, action_id=action_id, text=body.text)
    return Status(201, _action(selectors.action_get(scope=request.scope, action_id=action_id), clock.today()))


@router.post(
    "/actions/{action_id}/check", response={200: ActionOut, **ERRORS}, summary="The verifier's check of impact"
)
def action_check(request, action_id: int, body: CheckIn):
    services.action_check(
        scope=request.scope, action_id=action_id, impact_shown=body.impact_shown, note=body.note, link=body.link
    )
    return _action(selectors.action_get(scope=request.scope, action_id=action_id), clock.today())


@router.get("/challenges", response={200: list[ChallengeOut], **ERRORS}, summary="Leadership challenges, newest first")
def challenges(
    request,
    unresolved: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    rows = selectors.challenge_list(scope=request.scope, unresolved_only=unresolved)[offset : offset + limit]
    return [
        {
            "id": c.id,
            "subject": c.subject,
            "action_id": c.action_id,
            "decision_id": c.decision_id,
            "theme_code": c.theme.code if c.theme_id else None,
            "service_id": c.service_id,
            "question": c.question,
            "raised_by": c.raised_by.full_name,
            "raised_at": c.raised_at,
            "addressed_to": c.addressed_to.full_name,
            "status": c.status,
        }
        for c in rows
    ]


@router.get("/loops", response={200: list[LoopOut], **ERRORS}, summary="The loop tracker: each theme at each service")
def loops(request, service_id: int | None = Query(None, ge=1, le=MAX_INT), stalled: bool = False):
    found = loop_tracker(scope=request.scope, today=clock.today(), service_id=service_id)
    return [
        {
            "theme_code": lp.code,
            "theme_name": lp.name,
            "service_id": lp.service_id,
            "service_name": lp.service_name,
            "state": lp.state,
            "stalled": lp.is_stalled,
            "stalls": lp.stalls,
            "mentions": lp.mentions,
            "listened": sorted(lp.listened),
            "decided": lp.decided,
            "acted": lp.acted,
            "checked": lp.checked,
        }
        for lp in found
        if lp.is_stalled or not stalled
    ]


# --- co-production ledger ----------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    title: str
    service_id: int | None = Field(description="Empty for an activity about the whole organisation.")
    held_on: dt.date
    rung: Rung = Field(description="The rung on the ladder of co-production, from coercion up to co-production.")
    rung_step: int = Field(description="1 (coercion) to 7 (co-production).")
    recognition: Recognition
    recognition_note: str
    others_count: int = Field(description="People who took part who are not in Heard.")
    others_description: str
    meeting_id: int | None


class ParticipantOut(Schema):
    person_id: int
    name: str
    lived_experience: bool = Field(description="A co-production partner: uses services, or a family carer or advocate.")


class InfluenceOut(Schema):
    text: str
    decision_id: int | None
    recorded_by: str
    recorded_at: dt.datetime


class ActivityDetailOut(ActivityOut):
    summary: str
    recorded_by: str
    recorded_at: dt.datetime
    participants: list[ParticipantOut]
    influences: list[InfluenceOut]


class ActivityIn(Schema):
    kind: ActivityKind
    title: str = Field(min_length=1, max_length=200)
    service_id: int | None = Field(None, description="Leave out for the whole organisation.")
    held_on: dt.date
    rung: Rung
    recognition: Recognition
    recognition_note: str = Field("", max_length=300)
    summary: str = Field("", max_length=services.MAX_TEXT)
    participant_ids: list[int] = Field(default_factory=list, description="People in Heard who took part.")
    others_count: int = Field(0, ge=0, le=10_000)
    others_description: str = Field("", max_length=300)
    meeting_id: int | None = None


class InfluenceIn(Schema):
    text: str = Field(min_length=1, max_length=services.MAX_TEXT)
    decision_id: int | None = None


def _activity(a) -> dict:
    return {
        "id": a.id,
        "kind": a.kind,
        "title": a.title,
        "service_id": a.service_id,
        "held_on": a.held_on,
        "rung": a.rung,
        "rung_step": a.rung_step,
        "recognition": a.recognition,
        "recognition_note": a.recognition_note,
        "others_count": a.others_count,
        "others_description": a.others_description,
        "meeting_id": a.meeting_id,
    }


def _activity_detail(a) -> dict:
    return {
        **_activity(a),
        "summary": a.summary,
        "recorded_by": a.recorded_by.full_name,
        "recorded_at": a.recorded_at,
        "participants": [
            {"person_id": p.person_id, "name": p.person.full_name, "lived_experience": p.lived_experience}
            for p in a.participants.all()
        ],
        "influences": [
            {
                "text": i.text,
                "decision_id": i.decision_id,
                "recorded_by": i.recorded_by.full_name,
                "recorded_at": i.recorded_at,
            }
            for i in a.influences.all()
        ],
    }


@router.get(
    "/coproduction", response={200: list[ActivityOut], **ERRORS}, summary="The co-production ledger, most recent first"
)
def coproduction_activities(
    request,
    rung: Rung | None = None,
    kind: ActivityKind | None = None,
    service_id: int | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    filters = selectors.CoproductionFilters(service_id=service_id, rung=rung or "", kind=kind or "")
    rows = selectors.coproduction_list(scope=request.scope, filters=filters)[offset : offset + limit]
    return [_activity(a) for a in rows]


@router.get(
    "/coproduction/{activity_id}",
    response={200: ActivityDetailOut, **ERRORS},
    summary="A co-production activity with who took part and what it influenced",
)
def coproduction_activity(request, activity_id: int):
    return _activity_detail(selectors.coproduction_get(scope=request.scope, activity_id=activity_id))


@router.post(
    "/coproduction", response={201: ActivityDetailOut, **ERRORS}, summary="Add an activity to the co-production ledger"
)
def coproduction_record(request, body: ActivityIn):
    made = services.coproduction_record(
        scope=request.scope,
        kind=body.kind,
        service_id=body.service_id,
        held_on=body.held_on,
        title=body.title,
        rung=body.rung,
        recognition=body.recognition,
        recognition_note=body.recognition_note,
        summary=body.summary,
        participant_ids=body.participant_ids,
        others_count=body.others_count,
        others_description=body.others_description,
        meeting_id=body.meeting_id,
    )
    return Status(201, _activity_detail(selectors.coproduction_get(scope=request.scope, activity_id=made.id)))


@router.post(
    "/coproduction/{activity_id}/influences",
    response={201: ActivityDetailOut, **ERRORS},
    summary="Record what a co-production activity influenced",
)
def coproduction_influence(request, activity_id: int, body: InfluenceIn):
    services.coproduction_influence_add(
        scope=request.scope, activity_id=activity_id, text=body.text, decision_id=body.decision_id
    )
    return Status(201, _activity_detail(selectors.coproduction_get(scope=request.scope, activity_id=activity_id)))
