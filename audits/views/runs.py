"""Pages for one audit: its cases and results, withdrawing it, and a case with its answers. Thin:
read the form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits import selectors, services
from audits.forms import CaseCorrectForm, CaseForm, CaseWithdrawForm, FindingForm, RunWithdrawForm
from audits.models import RunStatus
from audits.rules import Perm, has_perm
from governance import selectors as governance_selectors
from governance.views._common import action_errors, action_input
from organisations.closed import closed_record_note, service_refusal
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view


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
            service_refusal(
                scope=scope, service=run.service, not_done="no case or finding is added to this audit now", choose=False
            ),
        )
    if run.status == RunStatus.COMPLETE and can_plan and not closed:
        finding_form = FindingForm(
            request.POST if posted == "finding" else None,
            prefix="finding",
            questions=questions,
            people=list(governance_selectors.people_for_service(scope=scope, service_id=run.service_id, signs_in=True)),
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
                    # Errors from opening the finding's action name the action's fields; the form prefixes them.
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
            "closed_note": None
            if withdrawn
            else closed_record_note(
                service=run.service,
                not_done="no case, finding or re-audit is added to this audit now",
                # A completed audit's cases are as they were; one in progress may still be put right.
                still="a case recorded wrongly can still be corrected or withdrawn, and the audit completed or withdrawn"
                if planned
                else "",
            ),
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
