"""Pages for the audit programme and planning an audit. Thin: read the form, call one service or
selector, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits import selectors, services
from audits.forms import PlanForm
from audits.models import RunStatus
from audits.rules import Perm, offers, require
from core import clock
from governance import selectors as governance_selectors
from governance.views._common import PAGE_SIZE, as_int
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view


@scoped_view
def programme(request, scope):
    filters = selectors.RunFilters(service_id=as_int(request.GET.get("service")), status=request.GET.get("status", ""))
    page = Paginator(selectors.programme(scope=scope, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "audits/programme.jinja",
        {
            "page_title": "Audits",
            "page": page,
            "filters": filters,
            # A partner reads an audit taken off the programme as cancelled (ADR 0009).
            "statuses": [*RunStatus.choices, (selectors.WITHDRAWN, "Cancelled" if scope.plain_words else "Withdrawn")],
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
        services=list(service_list(scope=scope, include_archived=True).only("id", "name", "archived_at")),
        people=list(governance_selectors.people_for_service(scope=scope, service_id=None, in_scope=True)),
        themes=governance_selectors.current_themes(scope=scope),
        baselines=baselines,
        decisions=decisions,
        refuse=partial(services.run_closed_refusal, scope=scope),
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
