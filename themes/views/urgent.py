"""Pages for urgent flags and the safeguarding lead. Thin: validate, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from feedback import selectors as feedback_selectors
from organisations.rules import Perm as OrgPerm
from organisations.rules import has_perm as has_org_perm
from organisations.rules import require as require_org
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from themes import selectors, services
from themes.forms import (
    FlagActionForm,
    FlagOutcome,
    RaiseFlagForm,
    SafeguardingLeadForm,
)
from themes.rules import Perm, has_perm, require

FLAG_OUTCOME_DONE = {
    FlagOutcome.CLOSE: "The flag is closed.",
    FlagOutcome.CLOSE_NOT_A_CONCERN: "The flag is closed as not a safeguarding concern.",
    FlagOutcome.REOPEN: "The flag is open again.",
}
# A note that leaves the flag as it was: what was recorded, then how the flag stands now.
FLAG_NOTE_RECORDED = {
    FlagOutcome.KEEP_OPEN: "What was done has been recorded.",
    FlagOutcome.KEEP_CLOSED: "What came of it has been recorded.",
}


def _flag_outcome_said(scope, flag, outcome: FlagOutcome) -> str:
    """What the person is told after recording a note. A note that leaves the flag as it was says
    how the flag stands now: someone else may have closed or reopened it while the page was open."""
    if outcome in FLAG_OUTCOME_DONE:
        return FLAG_OUTCOME_DONE[outcome]
    now_open = selectors.urgent_flag_get(scope=scope, flag_id=flag.id).is_open
    if now_open == (outcome == FlagOutcome.KEEP_OPEN):
        stands = "The flag is still open." if now_open else "The flag is still closed."
    elif now_open:
        stands = "Someone else opened the flag again while you were writing: it is open."
    else:
        stands = "Someone else closed the flag while you were writing: it is closed."
    return f"{FLAG_NOTE_RECORDED[outcome]} {stands}"


# The list's one filter, by its value in the address (`?show=review-overdue`); anything else shows every flag.
REVIEW_OVERDUE = "review-overdue"


@scoped_view
def urgent_queue(request, scope):
    scope = require(scope, Perm.VIEW_URGENT)
    today = clock.today()
    overdue_only = request.GET.get("show") == REVIEW_OVERDUE
    flags = selectors.urgent_queue(scope=scope, today=today, review_overdue=overdue_only)
    page = Paginator(flags, 25).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "themes/queue.jinja",
        {
            "page_title": "Urgent: review overdue" if overdue_only else "Urgent",
            "page": page,
            "show": REVIEW_OVERDUE if overdue_only else "",
            "reviews_overdue": selectors.urgent_reviews_overdue(scope=scope, today=today),
            "lead": selectors.safeguarding_lead(scope=scope),
            # A named lead who has since lost the role or the login is not the one emailed.
            "lead_told": services.urgent_recipients(organisation=scope.organisation).to_lead,
            "can_choose_lead": has_org_perm(scope, OrgPerm.MANAGE_PEOPLE),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def urgent_flag(request, scope, flag_id: int):
    today = clock.today()
    flag = selectors.urgent_flag_get(scope=scope, flag_id=flag_id, today=today)
    can_act = has_perm(scope, Perm.ACT_ON_URGENT, flag.comment.feedback.service_id) and scope.person is not None
    form = FlagActionForm(
        request.POST or None,
        flag_is_open=flag.is_open,
        review_needed=services.flag_review_by_needed(flag=flag, today=today),
        today=today,
    )
    if request.method == "POST":
        scope = require(scope, Perm.ACT_ON_URGENT)
        if form.is_valid():
            outcome = form.cleaned_data["outcome"]
            try:
                services.urgent_flag_record_action(
                    scope=scope,
                    flag_id=flag.id,
                    action=form.cleaned_data["action"],
                    closes=outcome.closes,
                    reopens=outcome.reopens,
                    not_a_concern=outcome.not_a_concern,
                    review_by=form.cleaned_data["review_by"],
                    referred_to=form.cleaned_data["referred_to"],
                    referred_to_other=form.cleaned_data["referred_to_other"],
                    referral_reference=form.cleaned_data["referral_reference"],
                )
                messages.success(request, _flag_outcome_said(scope, flag, outcome))
                return redirect("themes:flag", flag_id=flag.id)
            except ValidationError as exc:
                # The service's checks name its arguments; on this page they are all one question.
                apply_errors(form, exc, fields=dict.fromkeys(("closes", "reopens", "not_a_concern"), "outcome"))
    return render_page(
        request,
        scope,
        "themes/flag.jinja",
        {
            "page_title": f"Urgent flag: {flag.comment.feedback.service.name}",
            "flag": flag,
            "form": form,
            "can_act": can_act,
            "reply": selectors.urgent_flag_reply(scope=scope, flag=flag),
            "can_open_feedback": feedback_selectors.feedback_can_open(
                scope=scope, feedback_id=flag.comment.feedback_id
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@scoped_view
def urgent_raise(request, scope, feedback_id: int):
    scope = require(scope, Perm.RAISE_URGENT)
    # The feedback may have been flagged, and so withheld from this person, since they opened it:
    # they still add what they saw (ADR 0007), and are answered as anyone flagging it first is.
    comments = list(
        feedback_selectors.comments_flaggable(scope=scope)
        .filter(feedback_id=feedback_id)
        .select_related("feedback")
        .order_by("position", "id")
    )
    if not comments:
        raise Http404
    can_open = feedback_selectors.feedback_can_open(scope=scope, feedback_id=feedback_id)
    form = RaiseFlagForm(request.POST, comments=comments, show_text=can_open)
    if form.is_valid():
        try:
            raised = services.urgent_flag_raise(
                scope=scope, comment_id=form.cleaned_data["comment"], reason=form.cleaned_data["reason"]
            )
            # Only someone who may see flags here is told the comment was flagged already (its
            # feedback page shows them the flag); to anyone else a flag is a flag.
            if raised.added_to_open_flag and has_perm(scope, Perm.VIEW_URGENT, comments[0].feedback.service_id):
                told = "This comment already has an open urgent flag; your reason was added to it."
            else:
                who = "The safeguarding lead has" if raised.lead_told else "Administrators and quality leads have"
                told = f"The comment has been flagged as urgent. {who} been told."
            if feedback_selectors.feedback_can_open(scope=scope, feedback_id=feedback_id):
                messages.success(request, told)
                return redirect("feedback:detail", feedback_id=feedback_id)
            # Flagged feedback is now withheld from someone who may not see flags (ADR 0007): say
            # so, or the feedback seems to have vanished.
            messages.success(
                request,
                f"{told} Until they have looked into it, only people who handle safeguarding "
                "can open this feedback, so it is no longer in your list.",
            )
            return redirect("feedback:list")
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/raise.jinja",
        {"page_title": "Flag as urgent", "form": form, "feedback_id": feedback_id, "can_open": can_open},
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
        status=400 if form.errors else 200,
    )
