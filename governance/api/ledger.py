"""API for the co-production ledger: activities, who took part, and what each influenced.

The operation ids are those the routes had before the governance API became a package."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Schema, Status

from audits.influence import audits_designed_at_session, designed_words
from core.api_schemas import ERRORS, MAX_INT, BodyIn, fields_as_sent, not_found
from governance import selectors, services
from governance.api._common import MAX_LIMIT, router
from governance.models import ActivityKind, Recognition, Rung
from priorities.influence import SessionInfluence, chosen_words, influenced_at_session

# The services name what an entry holds (its service, its participants); a client sent their ids.
_AS_SENT = {
    "service": "service_id",
    "participants": "participant_ids",
    "meeting": "meeting_id",
    "decision": "decision_id",
}


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
    kind: Literal["recorded", "priority chosen", "review adjustment", "audit designed"] = Field(
        description="`recorded`: recorded by hand as what the activity influenced. The others are read from "
        "quality priorities and audits, never recorded in the ledger: `priority chosen`, a priority chosen "
        "at this planning session and still in force; `review adjustment`, a change to an objective's "
        "target or deadline agreed at a review held at this session; `audit designed`, a version of an "
        "audit whose questions were designed or changed at this session and then put into use. They "
        "change only on the priority or the audit."
    )
    recorded_by_hand: bool = Field(description="False for what is read from quality priorities and audits.")
    text: str = Field(description="What it influenced; for a priority, a change or an audit, said as its page says it.")
    decision_id: int | None = Field(description="The decision it shaped; only for one recorded by hand.")
    priority_id: int | None = Field(description="The quality priority chosen or changed; empty for one recorded.")
    objective_id: int | None = Field(description="The objective changed, for a review adjustment.")
    audit_version_id: int | None = Field(description="The audit template's version designed, for an audit designed.")
    recorded_by: str = Field(
        description="Who recorded it: the influence, the priority, the review, or who put the audit version into use."
    )
    recorded_at: dt.datetime


class ActivityDetailOut(ActivityOut):
    summary: str
    recorded_by: str
    recorded_at: dt.datetime
    participants: list[ParticipantOut]
    influences: list[InfluenceOut] = Field(
        description="What it influenced: first what was recorded by hand, then what is read from quality "
        "priorities and audits (`recorded_by_hand` false): the priorities chosen at it, the changes agreed "
        "at reviews held at it and the audit versions designed at it. Only priorities the token's owner "
        "may see."
    )


class ActivityIn(BodyIn):
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


class InfluenceIn(BodyIn):
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


def _influences(a, through_priorities: SessionInfluence, designed: list) -> list[dict]:
    """What it influenced: recorded by hand, then the priorities chosen at it, the changes agreed at
    reviews held at it and the audit versions designed at it, which are read from the priorities and
    the audits (ADR 0014, addenda of 2026-12-05)."""
    recorded = [
        {
            "kind": "recorded",
            "recorded_by_hand": True,
            "text": i.text,
            "decision_id": i.decision_id,
            "priority_id": None,
            "objective_id": None,
            "audit_version_id": None,
            "recorded_by": i.recorded_by.full_name,
            "recorded_at": i.recorded_at,
        }
        for i in a.influences.all()
    ]
    chosen = [
        {
            "kind": "priority chosen",
            "recorded_by_hand": False,
            "text": chosen_words(p),
            "decision_id": None,
            "priority_id": p.id,
            "objective_id": None,
            "audit_version_id": None,
            "recorded_by": p.recorded_by.full_name,
            "recorded_at": p.recorded_at,
        }
        for p in through_priorities.chosen
    ]
    changed = [
        {
            "kind": "review adjustment",
            "recorded_by_hand": False,
            "text": c.words,
            "decision_id": None,
            "priority_id": c.adjustment.objective.priority_id,
            "objective_id": c.adjustment.objective_id,
            "audit_version_id": None,
            "recorded_by": c.adjustment.review.recorded_by.full_name,
            "recorded_at": c.adjustment.review.recorded_at,
        }
        for c in through_priorities.changes
    ]
    audits = [
        {
            "kind": "audit designed",
            "recorded_by_hand": False,
            "text": designed_words(v),
            "decision_id": None,
            "priority_id": None,
            "objective_id": None,
            "audit_version_id": v.id,
            "recorded_by": v.published_by.full_name,
            "recorded_at": v.published_at,
        }
        for v in designed
    ]
    return recorded + chosen + changed + audits


def _activity_detail(request, activity_id: int) -> dict:
    a = selectors.coproduction_get(scope=request.scope, activity_id=activity_id)
    return {
        **_activity(a),
        "summary": a.summary,
        "recorded_by": a.recorded_by.full_name,
        "recorded_at": a.recorded_at,
        "participants": [
            {"person_id": p.person_id, "name": p.person.full_name, "lived_experience": p.lived_experience}
            for p in a.participants.all()
        ],
        "influences": _influences(
            a,
            influenced_at_session(scope=request.scope, session_id=a.id),
            audits_designed_at_session(scope=request.scope, session_id=a.id),
        ),
    }


@router.get(
    "/coproduction",
    response={200: list[ActivityOut], **ERRORS},
    summary="The co-production ledger, most recent first",
    operation_id="governance_api_coproduction_activities",
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
    operation_id="governance_api_coproduction_activity",
)
def coproduction_activity(request, activity_id: int):
    return _activity_detail(request, activity_id)


@router.post(
    "/coproduction",
    response={201: ActivityDetailOut, **ERRORS},
    summary="Add an activity to the co-production ledger",
    operation_id="governance_api_coproduction_record",
    # Another service is not found, as on every page (ADR 0002): a 422 naming it would say it exists.
    openapi_extra=not_found("`service_id` is not one of your services. Nothing is said of what it is."),
)
def coproduction_record(request, body: ActivityIn):
    with fields_as_sent(_AS_SENT):
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
    return Status(201, _activity_detail(request, made.id))


@router.post(
    "/coproduction/{activity_id}/influences",
    response={201: ActivityDetailOut, **ERRORS},
    summary="Record what a co-production activity influenced",
    operation_id="governance_api_coproduction_influence",
)
def coproduction_influence(request, activity_id: int, body: InfluenceIn):
    with fields_as_sent(_AS_SENT):
        services.coproduction_influence_add(
            scope=request.scope, activity_id=activity_id, text=body.text, decision_id=body.decision_id
        )
    return Status(201, _activity_detail(request, activity_id))
