"""Pages for urgent flags and the safeguarding lead. Thin: validate, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from feedback import selectors as feedback_selectors
from organisations.rules import Perm as OrgPerm
from organisations.rules import has_perm as has_org_perm
from organisations.rules import require as require_org
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from themes import selectors, services
from themes.forms import FlagActionForm, RaiseFlagForm, SafeguardingLeadForm
from themes.rules import Perm, has_perm, require


@scoped_view
def urgent_queue(request, scope):
    require(scope, Perm.VIEW_URGENT)
    page = Paginator(selectors.urgent_queue(scope=scope), 25).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "themes/queue.jinja",
        {
            "page_title": "Urgent",
            "page": page,
            "lead": selectors.safeguarding_lead(scope=scope),
            "can_choose_lead": has_org_perm(scope, OrgPerm.MANAGE_PEOPLE),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def urgent_flag(request, scope, flag_id: int):
    flag = selectors.urgent_flag_get(scope=scope, flag_id=flag_id)
    can_act = has_perm(scope, Perm.ACT_ON_URGENT) and flag.is_open and scope.person is not None
    form = FlagActionForm(request.POST or None)
    if request.method == "POST":
        require(scope, Perm.ACT_ON_URGENT)
        if form.is_valid():
            try:
                services.urgent_flag_record_action(
                    scope=scope, flag_id=flag.id, action=form.cleaned_data["action"], closes=form.cleaned_data["closes"]
                )
                messages.success(
                    request,
                    "The flag is closed." if form.cleaned_data["closes"] else "What was done has been recorded.",
                )
                return redirect("themes:flag", flag_id=flag.id)
            except ValidationError as exc:
                apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/flag.jinja",
        {
            "page_title": f"Urgent flag: {flag.comment.feedback.service.name}",
            "flag": flag,
            "form": form,
            "can_act": can_act,
        },
    )


@require_POST
@scoped_view
def urgent_raise(request, scope, feedback_id: int):
    require(scope, Perm.RAISE_URGENT)
    item = feedback_selectors.feedback_get(scope=scope, feedback_id=feedback_id)
    form = RaiseFlagForm(request.POST, comments=list(item.comments.all()))
    if form.is_valid():
        try:
            services.urgent_flag_raise(
                scope=scope, comment_id=form.cleaned_data["comment"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, "The comment has been flagged as urgent. The safeguarding lead has been told.")
            return redirect("feedback:detail", feedback_id=item.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/raise.jinja",
        {"page_title": "Flag as urgent", "form": form, "item": item},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def safeguarding_lead(request, scope):
    require_org(scope, OrgPerm.MANAGE_PEOPLE)
    people = list(selectors.safeguarding_lead_candidates(organisation=scope.organisation))
    current = selectors.safeguarding_lead(scope=scope)
    form = SafeguardingLeadForm(request.POST or None, initial={"lead": current.id if current else ""}, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_safeguarding_lead(scope=scope, person_id=form.cleaned_data["lead"])
            messages.success(request, "The safeguarding lead has been saved.")
            return redirect("themes:safeguarding-lead")
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/safeguarding_lead.jinja",
        {"page_title": "Safeguarding lead", "form": form, "current": current},
    )
