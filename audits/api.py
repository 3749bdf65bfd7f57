"""API for audits: the programme, and one audit with its results, its comparison with the baseline
and its findings. Read-only; scoped and permissioned exactly like the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from audits import selectors
from audits.models import RunStatus
from core.api_schemas import ERRORS

router = Router(tags=["audits"])
MAX_LIMIT = 200


class RunOut(Schema):
    id: int
    template: str
    version: int
    service_id: int
    planned_for: dt.date
    status: RunStatus
    lead: str
    reason: str
    reason_theme_code: str
    reason_mentions: int | None
    baseline_id: int | None
    decision_id: int | None


class ResultOut(Schema):
    question: str
    position: int
    yes: int
    no: int
    not_applicable: int
    percent: float | None


class ComparisonOut(Schema):
    question: str
    baseline_percent: float | None
    percent: float | None
    change: float | None
    p_value: float | None
    verdict: str


class FindingOut(Schema):
    question: str
    text: str
    action_id: int


class RunDetailOut(RunOut):
    cases: int
    results: list[ResultOut]
    comparison: list[ComparisonOut]
    findings: list[FindingOut]


def _run(r) -> dict:
    return {
        "id": r.id,
        "template": r.version.template.title,
        "version": r.version.number,
        "service_id": r.service_id,
        "planned_for": r.planned_for,
        "status": r.status,
        "lead": r.lead.full_name,
        "reason": r.reason,
        "reason_theme_code": r.reason_theme_code,
        "reason_mentions": r.reason_mentions,
        "baseline_id": r.baseline_id,
        "decision_id": r.decision_id,
    }


@router.get("/audits", response=list[RunOut], summary="The audit programme: planned audits first, soonest first")
def audits(
    request,
    status: RunStatus | None = None,
    service_id: int | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    filters = selectors.RunFilters(service_id=service_id, status=status or "")
    return [_run(r) for r in selectors.programme(scope=request.scope, filters=filters)[offset : offset + limit]]


@router.get(
    "/audits/{run_id}",
    response={200: RunDetailOut, **ERRORS},
    summary="An audit with its results, its comparison with the baseline and its findings",
)
def audit_run(request, run_id: int):
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    return {
        **_run(run),
        "cases": len(run.current_cases),
        "results": [
            {
                "question": r.question.text,
                "position": r.question.position,
                "yes": r.yes,
                "no": r.no,
                "not_applicable": r.not_applicable,
                "percent": r.percent,
            }
            for r in selectors.results(scope=request.scope, run=run)
        ],
        "comparison": [
            {
                "question": c.question.text,
                "baseline_percent": c.baseline.percent if c.baseline else None,
                "percent": c.now.percent,
                "change": c.change,
                "p_value": c.p_value,
                "verdict": c.verdict,
            }
            for c in selectors.compare(scope=request.scope, run=run)
        ],
        "findings": [
            {"question": f.question.text, "text": f.text, "action_id": f.action_id} for f in run.findings.all()
        ],
    }
