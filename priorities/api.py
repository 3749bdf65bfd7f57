"""API for co-produced quality priorities: each with its objectives as they stand today. Read-only;
scoped and permissioned exactly like the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from core import clock
from core.api_schemas import ERRORS
from priorities import selectors
from priorities.models import Measure

router = Router(tags=["priorities"])


class ObjectiveOut(Schema):
    id: int
    description: str
    measure: Measure
    theme_code: str
    lead: str
    baseline: float | None
    now: float | None
    target: float
    deadline: dt.date
    met: bool | None


class PriorityOut(Schema):
    id: int
    title: str
    year: int
    service_id: int | None
    session_id: int
    decision_id: int | None
    reviews: int
    next_review_due: dt.date
    objectives: list[ObjectiveOut]


@router.get(
    "/priorities", response={200: list[PriorityOut], **ERRORS}, summary="Quality priorities and their objectives today"
)
def priorities(request, year: int | None = None):
    today = clock.today()
    out = []
    for p in selectors.priority_list(scope=request.scope, year=year):
        out.append(
            {
                "id": p.id,
                "title": p.title,
                "year": p.year,
                "service_id": p.service_id,
                "session_id": p.session_id,
                "decision_id": p.decision_id,
                "reviews": len(p.reviews.all()),
                "next_review_due": selectors.next_review_due(p),
                "objectives": [
                    {
                        "id": o.objective.id,
                        "description": o.objective.description,
                        "measure": o.objective.measure,
                        "theme_code": o.objective.theme_code,
                        "lead": o.objective.lead.full_name,
                        "baseline": o.objective.baseline,
                        "now": o.value,
                        "target": o.objective.target_now,
                        "deadline": o.objective.deadline_now,
                        "met": o.met,
                    }
                    for o in selectors.objectives_now(scope=request.scope, priority=p, today=today)
                ],
            }
        )
    return out
