"""API for meetings and the decisions recorded at them, with the evidence each decision cites.

The operation ids are those the routes had before the governance API became a package."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Schema

from core.api_schemas import ERRORS, MAX_INT
from governance import selectors
from governance.api._common import MAX_LIMIT, router, theme_framework
from governance.models import EvidenceKind, MeetingType
from themes.api_schemas import ThemeFrameworkOut
from themes.selectors import published_versions


class CitationOut(Schema):
    kind: EvidenceKind
    theme_code: str | None = None
    theme_name: str | None = None
    theme_framework: ThemeFrameworkOut | None = Field(None, description="The framework `theme_code` is of.")
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
    people_who_use_services_took_part: bool | None = Field(
        description=(
            "Whether anyone who uses services, or a family carer or advocate, took part: someone there in "
            "that role, or a co-production partner there in any role (apologies do not count). Empty while "
            "no attendance has been recorded."
        )
    )


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]


def _decision(d, versions: dict[int, int]) -> dict:
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
                "theme_framework": theme_framework(c.theme, versions),
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
        "people_who_use_services_took_part": m.lived_experience,
    }


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="Meetings, most recent first",
    operation_id="governance_api_meetings",
)
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
    operation_id="governance_api_meeting",
)
def meeting(request, meeting_id: int):
    m = selectors.meeting_get(scope=request.scope, meeting_id=meeting_id)
    versions = published_versions(scope=request.scope)
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
        "decisions": [_decision(d, versions) for d in m.decisions.all()],
    }


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    summary="A decision and the evidence it cites",
    operation_id="governance_api_decision",
)
def decision(request, decision_id: int):
    return _decision(
        selectors.decision_get(scope=request.scope, decision_id=decision_id), published_versions(scope=request.scope)
    )
