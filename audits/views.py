"""Pages for audits: the programme, planning, an audit's cases and results, templates and versions.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits import selectors, services
from audits.forms import (
    CaseCorrectForm,
    CaseForm,
    CaseWithdrawForm,
    FindingForm,
    PlanForm,
    PublishForm,
    QuestionForm,
    RunWithdrawForm,
    TemplateForm,
    TrialForm,
)
from audits.models import RunStatus
from audits.readability import PLAIN_GRADE
from audits.rules import Perm, has_perm, offers, require
from core import clock
from governance import selectors as governance_selectors
from governance.views._common import PAGE_SIZE, action_errors, action_input, as_int
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view


# Errors from opening the finding's action name the action's fields; the form prefixes them.
@scoped_view
def programme(request, scope):
    filters = selectors.RunFilters(service_id=as_int(request.GET.get("service")), status=request.GET.get("status", ""))
    page = Paginator(selectors.programme(scope=scope, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "audits/programme.jinja",
        {
            "page_title": "Audit programme",
            "page": page,
            "filters": filters,
            "statuses": [*RunStatus.choices, (selectors.WITHDRAWN, "Withdrawn")],
            "services": list(service_list(scope=scope).only("id", "name")),
            "query": query_without_page(request),
            "reason_themes": selectors.reason_themes(scope=scope, runs=page.object_list),
            "today": clock.today(),
            "can_plan": offers(scope, Perm.PLAN, filters.service_id or scope.current_service_id),
        },
    )


def _plan_initial(scope, query, decisions, baselines, versions) -> dict:
    """Starting values from the page that led here: a baseline to re-audit (its service, and the
    version of its template now in use), or a decision that commissions the audit (its service, and
    its theme when it cites just one)."""
    initial = {}
    baseline_id = as_int(query.get("baseline"))
    baseline = next((r for r in baselines if r.id == baseline_id), None)
    if baseline is not None:
        initial.update(baseline=baseline.id, service=baseline.service_id)
        in_use = next((v for v in versions if v.template_id == baseline.version.template_id), None)
        if in_use is not None:
            initial["version"] = in_use.id
    decision_id = as_int(query.get("decision"))
    decision = next((d for d in decisions if d.id == decision_id), None)
    if decision is not None:
        initial.update(decision=decision.id, service=decision.service_id)
        codes = governance_selectors.decision_themes(scope=scope, decision_id=decision.id)
        if len(codes) == 1:
            initial["theme_code"] = codes[0]
    return initial


@require_http_methods(["GET", "POST"])
@scoped_view
def plan(request, scope):
    scope = require(scope, Perm.PLAN)
    # The baseline or decision the page came from (or the one chosen) is offered even when older than
    # the newest the lists hold, so the link "plan a re-audit" never quietly drops it.
    asked = request.POST if request.method == "POST" else request.GET
    decisions = governance_selectors.recent_decisions(scope=scope, including=as_int(asked.get("decision")))
    baselines = selectors.baselines_for(scope=scope, including=as_int(asked.get("baseline")))
    versions = selectors.versions_in_use(scope=scope)
    form = PlanForm(
        request.POST or None,
        versions=versions,
        services=list(service_list(scope=scope).only("id", "name")),
        people=list(governance_selectors.people_for_service(scope=scope, service_id=None, in_scope=True)),
        themes=governance_selectors.current_themes(scope=scope),
        baselines=baselines,
        decisions=decisions,
        initial=_plan_initial(scope, request.GET, decisions, baselines, versions),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_plan(
                scope=scope,
                service_id=data["service"],
                version_id=data["version"],
                planned_for=data["planned_for"],
                lead_id=data["lead"],
                reason=data["reason"],
                theme_code=data["theme_code"],
                baseline_id=data["baseline"],
                auditor_ids=data["auditors"],
                decision_id=data["decision"],
            )
            messages.success(request, "The audit is in the programme.")
            return redirect("audits:run", run_id=run.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/plan.jinja",
        {"page_title": "Plan an audit", "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def run_detail(request, scope, run_id: int):
    run = selectors.run_get(scope=scope, run_id=run_id)
    questions = selectors.questions_of(scope=scope, version=run.version)
    withdrawn = hasattr(run, "withdrawal")
    planned = run.status == RunStatus.PLANNED and not withdrawn
    can_plan = has_perm(scope, Perm.PLAN, run.service_id)
    # At a service since closed no case or finding is added (a finding opens an action there), and
    # no re-audit is planned; the cases may still be put right and the audit completed or withdrawn.
    closed = run.service.archived_at is not None
    posted = request.POST.get("form") if request.method == "POST" else None
    case_form = finding_form = None
    if planned and services.may_conduct(scope, run) and not closed:
        case_form = CaseForm(request.POST if posted == "case" else None, prefix="case", questions=questions)
    refused = closed and posted in ("case", "finding")
    if refused:  # a form sent from a page opened before the service closed
        messages.error(
            request,
            f"{run.service.name} has been archived: no case or finding is added to an audit of a service that "
            "has closed. Nothing was saved.",
        )
    if run.status == RunStatus.COMPLETE and can_plan and not closed:
        finding_form = FindingForm(
            request.POST if posted == "finding" else None,
            prefix="finding",
            questions=questions,
            people=list(governance_selectors.people_for_service(scope=scope, service_id=run.service_id)),
        )
    form = {"case": case_form, "finding": finding_form}.get(posted)
    if posted == "complete":
        try:
            services.run_complete(scope=scope, run_id=run.id)
            messages.success(request, "The audit is complete. Record its findings and the actions they need.")
            return redirect("audits:run", run_id=run.id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("audits:run", run_id=run.id)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "case":
                case = services.case_record(
                    scope=scope, run_id=run.id, consent=data["consent"], answers=form.answers(), note=data["note"]
                )
                messages.success(request, f"Case {case.number} has been recorded.")
            else:
                try:
                    services.finding_open(
                        scope=scope,
                        run_id=run.id,
                        question_id=data["question"],
                        text=data["text"],
                        action=action_input(data),
                    )
                except ValidationError as exc:
                    raise action_errors(exc) from exc
                messages.success(request, "The finding is recorded and its action is in the action log.")
            return redirect("audits:run", run_id=run.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/run.jinja",
        {
            "page_title": str(run),
            "run": run,
            "results": selectors.results(scope=scope, run=run),
            "comparison": selectors.compare(scope=scope, run=run),
            "reason_themes": selectors.reason_themes(scope=scope, runs=[run]),
            "case_form": case_form,
            "finding_form": finding_form,
            "form": form,
            "can_complete": planned and can_plan and bool(run.current_cases),
            "can_change_cases": planned and services.may_conduct(scope, run),
            "can_reaudit": run.status == RunStatus.COMPLETE and can_plan and not closed,
            "can_withdraw": planned and can_plan,
            "withdrawn": withdrawn,
            "closed": closed and not withdrawn,
        },
        status=400 if form is not None or refused else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def run_withdraw(request, scope, run_id: int):
    """Take a planned audit off the programme, saying why; offered only to those who may."""
    run = selectors.run_header_get(scope=scope, run_id=run_id)
    if not services.may_withdraw(scope, run):
        raise PermissionDenied("Only a planned audit is withdrawn, by someone who may plan audits at its service.")
    form = RunWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.run_withdraw(scope=scope, run_id=run.id, reason=form.cleaned_data["reason"])
            messages.success(request, "The audit has been withdrawn: it is kept, and is no longer in the programme.")
            return redirect("audits:run", run_id=run.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/withdraw.jinja",
        {
            "page_title": f"Withdraw this audit: {run}",
            "run": run,
            "form": form,
            "cases": selectors.current_case_count(scope=scope, run=run),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def case_detail(request, scope, run_id: int, case_id: int):
    """One case of an audit: its answers, and while the audit is in progress, correcting or
    withdrawing it."""
    run = selectors.run_header_get(scope=scope, run_id=run_id)
    case = selectors.case_get(scope=scope, run=run, case_id=case_id)
    withdrawn = hasattr(case, "withdrawal")
    questions = selectors.questions_of(scope=scope, version=run.version)
    posted = request.POST.get("form") if request.method == "POST" else None
    correct_form = withdraw_form = None
    in_progress = run.status == RunStatus.PLANNED and not hasattr(run, "withdrawal")
    if not withdrawn and in_progress and services.may_conduct(scope, run):
        correct_form = CaseCorrectForm(
            request.POST if posted == "correct" else None,
            prefix="correct",
            questions=questions,
            initial={
                "consent": case.consent,
                "note": case.note,
                **{f"q{a.question_id}": a.answer for a in case.answers.all()},
            },
        )
        withdraw_form = CaseWithdrawForm(request.POST if posted == "withdraw" else None, prefix="withdraw")
    form = {"correct": correct_form, "withdraw": withdraw_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "correct":
                services.case_correct(
                    scope=scope,
                    case_id=case.id,
                    consent=data["consent"],
                    answers=form.answers(),
                    note=data["note"],
                    reason=data["reason"],
                )
                messages.success(
                    request, f"Case {case.number} has been corrected. The earlier entry is kept, withdrawn."
                )
            else:
                services.case_withdraw(scope=scope, case_id=case.id, reason=data["reason"])
                messages.success(request, f"Case {case.number} has been withdrawn: it is kept, and no longer counted.")
            return redirect("audits:run", run_id=run.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/case.jinja",
        {
            "page_title": f"Case {case.number}: {run}",
            "run": run,
            "case": case,
            "withdrawn": withdrawn,
            "run_withdrawn": hasattr(run, "withdrawal"),
            "correct_form": correct_form,
            "withdraw_form": withdraw_form,
            "form": form,
        },
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def template_list(request, scope):
    can_design = has_perm(scope, Perm.DESIGN)
    form = TemplateForm(request.POST or None) if can_design else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            template = services.template_create(
                scope=scope, title=form.cleaned_data["title"], purpose=form.cleaned_data["purpose"]
            )
            messages.success(request, "The audit has its first draft. Add its questions.")
            return redirect("audits:version", version_id=template.versions.get().id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/templates.jinja",
        {"page_title": "Audit templates", "templates": list(selectors.templates(scope=scope)), "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def version_detail(request, scope, version_id: int):
    version = selectors.version_get(scope=scope, version_id=version_id)
    can_design = has_perm(scope, Perm.DESIGN)
    posted = request.POST.get("form") if request.method == "POST" else None
    drafting = version.is_draft and can_design
    sessions = selectors.sessions(scope=scope) if drafting else []
    question_form = (
        QuestionForm(request.POST if posted == "question" else None, prefix="question") if drafting else None
    )
    trial_form = (
        TrialForm(request.POST if posted == "trial" else None, prefix="trial", sessions=sessions) if drafting else None
    )
    publish_form = (
        PublishForm(request.POST if posted == "publish" else None, prefix="publish", sessions=sessions)
        if drafting
        else None
    )
    form = {"question": question_form, "trial": trial_form, "publish": publish_form}.get(posted)
    if posted == "remove" and drafting:
        services.question_remove(scope=scope, question_id=as_int(request.POST.get("question")) or 0)
        messages.success(request, "The question has been taken out.")
        return redirect("audits:version", version_id=version.id)
    if posted == "new-version" and can_design:
        draft = services.version_new(scope=scope, template_id=version.template_id)
        messages.success(request, f"Version {draft.number} is a draft copy: change it, try it, then publish it.")
        return redirect("audits:version", version_id=draft.id)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "question":
                question = services.question_add(
                    scope=scope, version_id=version.id, text=data["text"], is_observation=data["is_observation"]
                )
                messages.success(request, f"Question {question.position} has been added.")
            elif posted == "trial":
                services.trial_record(
                    scope=scope, version_id=version.id, session_id=data["session"], learned=data["learned"]
                )
                messages.success(request, "The trial has been recorded.")
            else:
                services.version_publish(
                    scope=scope,
                    version_id=version.id,
                    design_session_id=data["design_session"],
                    change_note=data["change_note"],
                )
                messages.success(request, "This version is now in use.")
            return redirect("audits:version", version_id=version.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/version.jinja",
        {
            "page_title": str(version),
            "version": version,
            "plain_grade": PLAIN_GRADE,
            "question_form": question_form,
            "trial_form": trial_form,
            "publish_form": publish_form,
            "form": form,
            "can_start_new": can_design
            and not version.is_draft
            and not version.template.versions.filter(status="draft").exists(),
        },
        status=400 if form is not None else 200,
    )
