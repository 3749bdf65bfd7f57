"""API for audits: the programme, one audit with its results, its comparison with the baseline and
its findings, and its cases: recorded, corrected or withdrawn by the audit's lead and auditors (a
lay auditor's tablet, say) while it is in progress. A planned audit is withdrawn, saying why, by
someone who may plan audits at its service; a withdrawn audit says so, with when and why, and no
case is recorded on it. Scoped and permissioned exactly like the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from audits import selectors, services
from audits.models import Answer, Consent, RunStatus
from core.api_schemas import ERRORS, BodyIn
from themes.api_schemas import ThemeFrameworkOut, theme_framework_out
from themes.selectors import published_versions

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
    reason_theme_name: str = Field(
        description="The theme's name as its own framework has it (the latest version, not a draft, that has "
        "the theme); empty when the audit was not planned because of a theme."
    )
    reason_theme_framework: ThemeFrameworkOut | None = Field(
        description="The framework its theme code is of; none when it was not planned because of a theme."
    )
    reason_mentions: int | None
    baseline_id: int | None
    decision_id: int | None
    withdrawn: bool
    withdrawn_reason: str
    withdrawn_at: dt.datetime | None
    withdrawn_by: str | None


class RunWithdrawIn(BodyIn):
    reason: str


class ResultOut(Schema):
    question_id: int
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


def _run(r, themes: dict, versions: dict[int, int]) -> dict:
    withdrawal = getattr(r, "withdrawal", None)
    shown = themes.get(r.id)
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
        "reason_theme_name": shown.names[0][1] if shown else "",
        "reason_theme_framework": theme_framework_out(r.reason_theme_framework, versions) if shown else None,
        "reason_mentions": r.reason_mentions,
        "baseline_id": r.baseline_id,
        "decision_id": r.decision_id,
        "withdrawn": withdrawal is not None,
        "withdrawn_reason": withdrawal.reason if withdrawal else "",
        "withdrawn_at": withdrawal.withdrawn_at if withdrawal else None,
        "withdrawn_by": withdrawal.withdrawn_by.full_name if withdrawal else None,
    }


def _runs(request, runs) -> list[dict]:
    """Runs as the API gives them, each theme named from its own framework (the same queries however many)."""
    themes = selectors.reason_themes(scope=request.scope, runs=runs)
    versions = published_versions(scope=request.scope)
    return [_run(r, themes, versions) for r in runs]


@router.get(
    "/audits",
    response={200: list[RunOut], **ERRORS},
    summary="The audit programme: planned audits first, soonest first, then completed ones, latest first; "
    "with withdrawn=true, the audits withdrawn from it instead",
)
def audits(
    request,
    status: RunStatus | None = None,
    service_id: int | None = None,
    withdrawn: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    filters = selectors.RunFilters(service_id=service_id, status=selectors.WITHDRAWN if withdrawn else (status or ""))
    return _runs(request, list(selectors.programme(scope=request.scope, filters=filters)[offset : offset + limit]))


@router.get(
    "/audits/{run_id}",
    response={200: RunDetailOut, **ERRORS},
    summary="An audit with its results, its comparison with the baseline and its findings",
)
def audit_run(request, run_id: int):
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    return {
        **_runs(request, [run])[0],
        "cases": len(run.current_cases),
        "results": [
            {
                "question_id": r.question.id,
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
                "percent": c.now.percent if c.now else None,
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


@router.post(
    "/audits/{run_id}/withdraw",
    response={200: RunOut, **ERRORS},
    summary="Withdraw a planned audit taken off the programme (the wrong service or template, planned "
    "twice, or no longer needed), with the reason; it is kept, with any cases, and marked withdrawn. "
    "Only someone who may plan audits at its service withdraws one; a completed audit is not withdrawn",
)
def audit_withdraw(request, run_id: int, body: RunWithdrawIn):
    services.run_withdraw(scope=request.scope, run_id=run_id, reason=body.reason)
    return _runs(request, [selectors.run_header_get(scope=request.scope, run_id=run_id)])[0]


class AnswerOut(Schema):
    question_id: int
    answer: Answer


class CaseOut(Schema):
    id: int
    number: int
    consent: Consent
    answers: list[AnswerOut]
    note: str
    recorded_by: str
    recorded_at: dt.datetime
    replaces_id: int | None
    withdrawn: bool
    withdrawn_reason: str


class AnswerIn(BodyIn):
    question_id: int
    answer: str


class CaseIn(BodyIn):
    consent: str
    answers: list[AnswerIn]
    note: str = ""


class CaseCorrectIn(CaseIn):
    reason: str


class CaseWithdrawIn(BodyIn):
    reason: str


def _case(c) -> dict:
    withdrawal = getattr(c, "withdrawal", None)
    return {
        "id": c.id,
        "number": c.number,
        "consent": c.consent,
        "answers": [{"question_id": a.question_id, "answer": a.answer} for a in c.answers.all()],
        "note": c.note,
        "recorded_by": c.recorded_by.full_name,
        "recorded_at": c.recorded_at,
        "replaces_id": c.replaces_id,
        "withdrawn": withdrawal is not None,
        "withdrawn_reason": withdrawal.reason if withdrawal else "",
    }


def _answers(body: CaseIn) -> dict[int, str]:
    return {a.question_id: a.answer for a in body.answers}


@router.get(
    "/audits/{run_id}/cases",
    response={200: list[CaseOut], **ERRORS},
    summary="An audit's cases with their answers, withdrawn entries included and marked",
)
def audit_cases(request, run_id: int):
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    return [_case(c) for c in selectors.cases_of(scope=request.scope, run=run)]


@router.post(
    "/audits/{run_id}/cases",
    response={201: CaseOut, **ERRORS},
    summary="Record a case: its consent and an answer (yes, no or na) to every question",
)
def case_record(request, run_id: int, body: CaseIn):
    made = services.case_record(
        scope=request.scope, run_id=run_id, consent=body.consent, answers=_answers(body), note=body.note
    )
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    return Status(201, _case(selectors.case_get(scope=request.scope, run=run, case_id=made.id)))


@router.post(
    "/audits/{run_id}/cases/{case_id}/correct",
    response={201: CaseOut, **ERRORS},
    summary="Correct a case of an audit in progress: it is withdrawn with the reason, and the corrected "
    "case (same number) replaces it",
)
def case_correct(request, run_id: int, case_id: int, body: CaseCorrectIn):
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    selectors.case_get(scope=request.scope, run=run, case_id=case_id)  # a case of this audit
    made = services.case_correct(
        scope=request.scope,
        case_id=case_id,
        consent=body.consent,
        answers=_answers(body),
        note=body.note,
        reason=body.reason,
    )
    return Status(201, _case(selectors.case_get(scope=request.scope, run=run, case_id=made.id)))


@router.post(
    "/audits/{run_id}/cases/{case_id}/withdraw",
    response={200: CaseOut, **ERRORS},
    summary="Withdraw a case of an audit in progress that should not count, with the reason; it is kept",
)
def case_withdraw(request, run_id: int, case_id: int, body: CaseWithdrawIn):
    run = selectors.run_get(scope=request.scope, run_id=run_id)
    selectors.case_get(scope=request.scope, run=run, case_id=case_id)
    services.case_withdraw(scope=request.scope, case_id=case_id, reason=body.reason)
    return _case(selectors.case_get(scope=request.scope, run=run, case_id=case_id))
