"""Pages for leadership challenge.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from governance import selectors, services
from governance.forms import (
    AnswerForm,
    ConcludeForm,
    HandoverForm,
)
from governance.models import ChallengeStatus
from governance.rules import Perm, has_perm, is_person
from governance.views._common import PAGE_SIZE
from organisations.signin import can_sign_in
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view

# --- challenges --------------------------------------------------------------------------------


@scoped_view
def challenge_list(request, scope):
    unresolved = request.GET.get("all") != "1"
    page = Paginator(selectors.challenge_list(scope=scope, unresolved_only=unresolved), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        scope,
        "governance/challenges.jinja",
        {
            "page_title": "Leadership challenges",
            "page": page,
            "unresolved": unresolved,
            "query": query_without_page(request),
            "today": clock.today(),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def challenge_detail(request, scope, challenge_id: int):
    challenge = selectors.challenge_get(scope=scope, challenge_id=challenge_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    respond_form = AnswerForm(request.POST if posted == "respond" else None, prefix="respond")
    waiting_answer = challenge.status in (ChallengeStatus.OPEN, ChallengeStatus.ESCALATED)
    # Closed or taken further only while nothing waits on someone it was taken further to (ADR 0009).
    can_conclude = has_perm(scope, Perm.CHALLENGE, challenge.service_id) and challenge.status in (
        ChallengeStatus.OPEN,
        ChallengeStatus.ANSWERED,
    )
    conclude_form = ConcludeForm(
        request.POST if posted == "conclude" else None,
        prefix="conclude",
        people=services.escalation_targets(scope.organisation, challenge) if can_conclude else (),
        asked=challenge.addressed_to,
    )
    # Only the person asked may answer: one who cannot sign in could never do so, so a quality lead
    # or an administrator may hand the challenge to someone who can (ADR 0009).
    can_hand_over = (
        waiting_answer and has_perm(scope, Perm.HAND_OVER, challenge.service_id) and scope.person is not None
    )
    handover_form = (
        HandoverForm(
            request.POST if posted == "handover" else None,
            prefix="handover",
            people=services.answerers(scope.organisation, challenge),
        )
        if can_hand_over
        else None
    )
    form = {"respond": respond_form, "conclude": conclude_form, "handover": handover_form}.get(posted)
    if form is not None and form.is_valid():
        try:
            if posted == "handover":
                done = services.challenge_hand_over(
                    scope=scope,
                    challenge_id=challenge.id,
                    to_person_id=form.cleaned_data["to_person"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"The challenge has been handed to {done.addressed_to.full_name}.")
            elif posted == "respond":
                data = form.cleaned_data
                services.challenge_respond(
                    scope=scope,
                    challenge_id=challenge.id,
                    text=data["text"],
                    # A new due date is agreed only for an action still being done (ADR 0009).
                    new_due_on=data["new_due_on"] if challenge.action_id else None,
                    due_reason=data["new_reason"] if challenge.action_id else "",
                )
                messages.success(request, "Your answer has been sent to the leader.")
            else:
                satisfied = form.cleaned_data["outcome"] == "satisfied"
                done = services.challenge_conclude(
                    scope=scope,
                    challenge_id=challenge.id,
                    satisfied=satisfied,
                    text=form.cleaned_data["text"],
                    escalate_to_id=None if satisfied else form.cleaned_data["escalate_to"],
                )
                messages.success(
                    request,
                    "The challenge is closed."
                    if satisfied
                    else f"The challenge has been escalated to {done.addressed_to.full_name}.",
                )
            return redirect("governance:challenge", challenge_id=challenge.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/challenge.jinja",
        {
            "page_title": "Leadership challenge",
            "challenge": challenge,
            "respond_form": respond_form,
            "conclude_form": conclude_form,
            "form": form,
            "handover_form": handover_form,
            "history": sorted(
                [("entry", e) for e in challenge.entries.all()] + [("handover", h) for h in challenge.handovers.all()],
                key=lambda pair: (pair[1].at, pair[1].id),
            ),
            "answerer_cannot_sign_in": waiting_answer and not can_sign_in(challenge.addressed_to),
            "can_hand_over": can_hand_over,
            "today": clock.today(),
            "can_respond": waiting_answer and is_person(scope, challenge.addressed_to_id),
            "can_conclude": can_conclude,
            # One question at a time on an action (ADR 0009): an answered challenge is not taken further
            # while another on the action waits for an answer; the page points to that one.
            "other_waiting": services.challenge_waiting_besides(scope=scope, challenge=challenge)
            if can_conclude and challenge.status == ChallengeStatus.ANSWERED
            else None,
        },
        status=400 if form is not None else 200,
    )
