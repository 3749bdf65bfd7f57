"""API for co-produced quality priorities: each with its objectives as they stand today. Read-only;
scoped and permissioned exactly like the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from core import clock
from core.api_schemas import ERRORS
from priorities import selectors
from priorities.models import Measure
from themes.api_schemas import ThemeFrameworkOut, theme_framework_out
from themes.selectors import published_versions

router = Router(tags=["priorities"])


class ObjectiveOut(Schema):
    id: int
    description: str
    measure: Measure
    theme_code: str
    theme_name: str = Field(
        description="The theme's name as its own framework has it (the latest version, not a draft, that has "
        "the theme); empty for an objective not measured by a theme."
    )
    theme_framework: ThemeFrameworkOut | None = Field(
        description="The framework its theme code is of; none for an objective not measured by a theme. An "
        "objective of a framework other than the main one is not measured (`now` is empty)."
    )
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


def _theme(objective, themes: dict, versions: dict[int, int]) -> dict:
    """The objective's theme named as the priority's page names it, and the framework it is of."""
    shown = themes.get(objective.id)
    if shown is None:
        return {"theme_name": "", "theme_framework": None}
    return {
        "theme_name": shown.names[0][1],
        "theme_framework": theme_framework_out(objective.theme_framework, versions),
    }


@router.get(
    "/priorities", response={200: list[PriorityOut], **ERRORS}, summary="Quality priorities and their objectives today"
)
def priorities(request, year: int | None = None):
    today = clock.today()
    listed = list(selectors.priority_list(scope=request.scope, year=year))
    themes = selectors.objective_themes(scope=request.scope, objectives=[o for p in listed for o in p.objectives.all()])
    versions = published_versions(scope=request.scope)
    out = []
    for p in listed:
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
                        **_theme(o.objective, themes, versions),
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
