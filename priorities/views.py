"""Pages for co-produced quality priorities.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from governance import selectors as governance_selectors
from governance.views._common import action_errors, action_input, as_int
from organisations.closed import closed_record_note, service_refusal
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from priorities import selectors, services
from priorities.forms import (
    IdeaCorrectForm,
    IdeaForm,
    IdeaWithdrawForm,
    ObjectiveActionForm,
    ObjectiveForm,
    PriorityForm,
    PriorityWithdrawForm,
    ReviewForm,
)
from priorities.rules import Perm, has_perm, offers, require
from priorities.wording import priority_words

# What is not done at a priority whose service has closed: its page says so, and refuses a form sent anyway.
NOT_ADDED_TO_PRIORITY = "no objective, action or review is added to this priority now"


def _objective_input(data: dict) -> services.ObjectiveInput:
    return services.ObjectiveInput(
        description=data["description"],
        measure=data["measure"],
        theme_code=data.get("theme_code") or "",
        target=data["target"],
        deadline=data["deadline"],
        lead_id=data["lead"],
    )


@scoped_view
def priority_list(request, scope):
    year = as_int(request.GET.get("year"))
    priorities = list(selectors.priority_list(scope=scope, year=year))
    today = clock.today()
    return render_page(
        request,
        scope,
        "priorities/list.jinja",
        {
            "page_title": "Quality priorities",
            "words": priority_words(scope),
            "rows": [(p, selectors.next_review_due(p)) for p in priorities],
            "withdrawn": list(selectors.priority_list(scope=scope, year=year, withdrawn=True)),
            "years": selectors.priority_years(scope=scope),
            "year": year,
            "today": today,
            "sessions": selectors.planning_sessions(scope=scope, limit=5),
            "can_plan": offers(scope, Perm.PLAN, scope.current_service_id),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def session_detail(request, scope, session_id: int):
    session = selectors.session_get(scope=scope, session_id=session_id)
    can_plan = has_perm(scope, Perm.PLAN, session.service_id)
    closed = session.service is not None and session.service.archived_at is not None
    # At a service since closed the ideas are kept and may be put right (from each idea's page), but
    # none is added.
    form = IdeaForm(request.POST or None) if can_plan and not closed else None
    refused = request.method == "POST" and can_plan and closed
    if refused:  # a form sent from a page opened before the service closed
        messages.error(
            request,
            service_refusal(
                scope=scope, service=session.service, not_done="no idea is added at this session now", choose=False
            ),
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.idea_add(
                scope=scope, session_id=session.id, text=form.cleaned_data["text"], votes=form.cleaned_data["votes"]
            )
            messages.success(request, "The idea has been added.")
            return redirect("priorities:session", session_id=session.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "priorities/session.jinja",
        {
            "page_title": session.title,
            "session": session,
            "ideas": selectors.session_ideas(session),
            "form": form,
            "can_plan": can_plan,
            "closed": closed,
            "closed_note": closed_record_note(
                service=session.service,
                not_done="no idea is added and no priority is chosen at this session now",
                still="an idea recorded wrongly can still be corrected or withdrawn from its page" if can_plan else "",
            ),
        },
        status=400 if (form is not None and form.is_bound) or refused else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def idea_detail(request, scope, idea_id: int):
    idea, session = selectors.idea_session(scope=scope, idea_id=idea_id)
    ideas = selectors.session_ideas(session)
    ranked = not hasattr(idea, "withdrawal")
    can_plan = ranked and has_perm(scope, Perm.PLAN, session.service_id)
    chosen = services.idea_chosen_as(scope, idea) if can_plan else None
    posted = request.POST.get("form") if request.method == "POST" else None
    correct_form = withdraw_form = None
    if can_plan:
        correct_form = IdeaCorrectForm(
            request.POST if posted == "correct" else None,
            prefix="correct",
            initial={"text": idea.text, "votes": idea.votes},
        )
        if chosen is None:
            withdraw_form = IdeaWithdrawForm(request.POST if posted == "withdraw" else None, prefix="withdraw")
    form = {"correct": correct_form, "withdraw": withdraw_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "correct":
                services.idea_correct(
                    scope=scope, idea_id=idea.id, text=data["text"], votes=data["votes"], reason=data["reason"]
                )
                messages.success(request, "The idea has been corrected. What it said before is kept below it.")
            else:
                services.idea_withdraw(scope=scope, idea_id=idea.id, reason=data["reason"])
                messages.success(request, "The idea has been withdrawn: it is kept, and no longer ranked.")
            return redirect("priorities:session", session_id=session.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "priorities/idea.jinja",
        {
            "page_title": idea.text,
            "idea": idea,
            "session": session,
            "ranked": ranked,
            "earlier": ideas.earlier.get(idea.id, []),
            "replaced_by": ideas.replaced_by.get(idea.id),
            "chosen": chosen,
            "correct_form": correct_form,
            "withdraw_form": withdraw_form,
            "form": form,
        },
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def priority_new(request, scope):
    scope = require(scope, Perm.PLAN)
    today = clock.today()
    initial = {"year": today.year + 1, "session": as_int(request.GET.get("session"))}
    # The decision the page came from (or the one chosen) is offered even when older than the newest
    # the list holds, so "Set a priority from this decision" never quietly drops it.
    asked = request.POST if request.method == "POST" else request.GET
    decisions = governance_selectors.recent_decisions(scope=scope, including=as_int(asked.get("decision")))
    decision = next((d for d in decisions if d.id == as_int(request.GET.get("decision"))), None)
    if decision is not None:
        initial.update(decision=decision.id, service=decision.service_id)
    idea_id = as_int(request.GET.get("idea"))
    if idea_id:
        session = selectors.session_get(scope=scope, session_id=initial["session"] or 0)
        idea = next((i for i in session.priority_ideas.all() if i.id == idea_id), None)
        if idea is not None:
            initial.update(
                idea=idea.id, title=idea.text[:200], service=session.service_id, year=session.held_on.year + 1
            )
    form = PriorityForm(
        request.POST or None,
        sessions=selectors.planning_sessions(scope=scope),
        services=list(service_list(scope=scope, include_archived=True).only("id", "name", "archived_at")),
        whole=scope.all_services,
        themes=governance_selectors.current_themes(scope=scope),
        people=selectors.lead_choices(scope=scope, service_id=None, in_scope=True),
        decisions=decisions,
        place=partial(services.priority_place_problems, scope=scope),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = services.priority_choose(
                scope=scope,
                session_id=data["session"],
                title=data["title"],
                why=data["why"],
                year=data["year"],
                service_id=data["service"],
                idea_id=data["idea"],
                decision_id=data["decision"],
                objectives=[_objective_input(data)],
            )
            messages.success(request, "The priority and its objective have been recorded.")
            return redirect("priorities:priority", priority_id=priority.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "priorities/new.jinja",
        {"page_title": "Record a priority", "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def priority_detail(request, scope, priority_id: int):
    priority = selectors.priority_get(scope=scope, priority_id=priority_id)
    today = clock.today()
    withdrawn = hasattr(priority, "withdrawal")
    can_plan = has_perm(scope, Perm.PLAN, priority.service_id) and not withdrawn
    # A priority of a service since closed takes no new objective, action or review; it may still be
    # withdrawn if it was recorded by mistake.
    closed = priority.service is not None and priority.service.archived_at is not None
    posted = request.POST.get("form") if request.method == "POST" else None
    objective_form = review_form = action_form = withdraw_form = None
    rested_on = services.priority_rested_on(scope, priority) if can_plan else []
    if can_plan and not closed:
        # An action's lead and verifier must be able to sign in; an objective's lead is only named.
        people = list(
            governance_selectors.people_for_service(scope=scope, service_id=priority.service_id, signs_in=True)
        )
        objective_form = ObjectiveForm(
            request.POST if posted == "objective" else None,
            prefix="objective",
            themes=governance_selectors.current_themes(scope=scope),
            people=selectors.lead_choices(scope=scope, service_id=priority.service_id),
        )
        action_form = ObjectiveActionForm(
            request.POST if posted == "action" else None,
            prefix="action",
            objectives=list(priority.objectives.all()),
            people=people,
        )
        review_form = ReviewForm(
            request.POST if posted == "review" else None,
            prefix="review",
            sessions=selectors.review_sessions(scope=scope, priority=priority),
            objectives=list(priority.objectives.all()),
        )
    if can_plan and not rested_on:
        withdraw_form = PriorityWithdrawForm(request.POST if posted == "withdraw" else None, prefix="withdraw")
    refused = can_plan and closed and posted in ("objective", "review", "action")
    if refused:  # a form sent from a page opened before the service closed
        messages.error(
            request,
            service_refusal(
                scope=scope,
                service=priority.service,
                not_done=NOT_ADDED_TO_PRIORITY,
                choose=False,
            ),
        )
    form = {"objective": objective_form, "review": review_form, "action": action_form, "withdraw": withdraw_form}.get(
        posted
    )
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "withdraw":
                services.priority_withdraw(scope=scope, priority_id=priority.id, reason=data["reason"])
                messages.success(request, f"“{priority.title}” has been withdrawn: it is kept, and no longer counted.")
                return redirect("priorities:list")
            if posted == "action":
                try:
                    action = services.objective_action_open(
                        scope=scope,
                        objective_id=data["objective"],
                        action=action_input(data),
                    )
                except ValidationError as exc:
                    raise action_errors(exc) from exc
                messages.success(request, f"“{action.title}” is in the action log.")
            elif posted == "objective":
                services.objective_add(scope=scope, priority_id=priority.id, data=_objective_input(data))
                messages.success(request, "The objective has been added.")
            else:
                adjustments = []
                if data["objective"]:
                    adjustments.append(
                        services.AdjustmentInput(
                            objective_id=data["objective"],
                            target=data["target"],
                            deadline=data["deadline"],
                            why=data["why"],
                        )
                    )
                services.review_record(
                    scope=scope,
                    priority_id=priority.id,
                    session_id=data["session"],
                    progress=data["progress"],
                    adjustments=adjustments,
                )
                messages.success(request, "The review has been recorded with each objective's measure.")
            return redirect("priorities:priority", priority_id=priority.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "priorities/priority.jinja",
        {
            "page_title": priority.title,
            "words": priority_words(scope),
            "priority": priority,
            "objectives": selectors.objectives_now(scope=scope, priority=priority, today=today),
            "now_at_own_services": priority.service_id is None and not scope.all_services,
            "next_review": selectors.next_review_due(priority),
            "changed_from": selectors.changed_from(priority),
            "objective_themes": selectors.objective_themes(scope=scope, objectives=priority.objectives.all()),
            "today": today,
            "objective_form": objective_form,
            "review_form": review_form,
            "action_form": action_form,
            "withdraw_form": withdraw_form,
            "withdrawn": withdrawn,
            "closed_note": None
            if withdrawn
            else closed_record_note(
                service=priority.service,
                not_done=NOT_ADDED_TO_PRIORITY,
            ),
            "rested_on": rested_on,
            "form": form,
        },
        status=400 if form is not None or refused else 200,
    )
