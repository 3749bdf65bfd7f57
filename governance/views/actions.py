"""Pages for the quality action log: opening actions, progress, checks and closing.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from governance import selectors, services
from governance.forms import (
    ActionForm,
    ChallengeForm,
    CheckForm,
    HandoverForm,
    NewDueDateFields,
    TextForm,
)
from governance.models import ActionSource, ActionStatus, ChallengeSubject, HandoverPart
from governance.rules import Perm, has_perm, is_person, offers, require
from governance.views._common import PAGE_SIZE, action_errors, action_input, as_int
from governance.wording import names_for
from organisations.selectors import service_list
from organisations.signin import can_sign_in
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view

# --- actions -----------------------------------------------------------------------------------

STATUS_FILTERS = [("", "All"), ("active", "Not finished"), ("overdue", "Overdue")] + list(ActionStatus.choices)


@scoped_view
def action_list(request, scope):
    status = request.GET.get("status", "")
    filters = selectors.ActionFilters(
        status=status if status in dict(STATUS_FILTERS) else "",
        service_id=as_int(request.GET.get("service")),
        mine=request.GET.get("mine") == "1",
    )
    today = clock.today()
    page = Paginator(selectors.action_list(scope=scope, today=today, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        scope,
        "governance/actions.jinja",
        {
            "page_title": "Actions",
            "page": page,
            "filters": filters,
            # The filters name each status as the reader's pages do (a partner's are plain).
            "statuses": [*STATUS_FILTERS[:2], ("overdue", names_for(scope).overdue)]
            + list(names_for(scope).action_status.items()),
            "services": list(service_list(scope=scope).only("id", "name")),
            "query": query_without_page(request),
            "today": today,
            "can_manage": offers(scope, Perm.MANAGE_ACTIONS, filters.service_id or scope.current_service_id),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def action_new(request, scope):
    scope = require(scope, Perm.MANAGE_ACTIONS)
    # Before a service is chosen (the list is drawn without scripts), everyone over the services this
    # person covers; the service checks that the lead and verifier have a role at the one chosen.
    service_id = as_int(request.POST.get("service"))
    form = ActionForm(
        request.POST or None,
        themes=selectors.current_themes(scope=scope),
        services=list(service_list(scope=scope, include_archived=True).only("id", "name", "archived_at")),
        whole=scope.all_services,
        refuse=partial(services.action_closed_refusal, scope=scope),
        people=list(
            selectors.people_for_service(scope=scope, service_id=service_id, in_scope=service_id is None, signs_in=True)
        ),
        initial={
            "source": request.GET.get("source", "theme"),
            "theme": as_int(request.GET.get("theme")),
            "feedback": as_int(request.GET.get("feedback")),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                scope=scope,
                data=action_input(
                    data,
                    service_id=data["service"],
                    source=data["source"],
                    theme_id=data["theme"] if data["source"] == ActionSource.THEME else None,
                    feedback_id=data["feedback"] if data["source"] == ActionSource.FEEDBACK else None,
                ),
            )
            messages.success(request, "The action has been added to the log.")
            return redirect("governance:action", action_id=action.id)
        except ValidationError as exc:
            apply_errors(form, action_errors(exc))
    return render_page(
        request,
        scope,
        "governance/action_new.jinja",
        {"page_title": "Add an action", "form": form},
        status=400 if form.errors else 200,
    )


ACTION_FORMS = {
    "update": lambda data: TextForm(
        data,
        prefix="update",
        label="Progress update",
        help_text="What has happened since the last update?",
        required_message="Say what has happened.",
    ),
    "ready": lambda data: TextForm(
        data,
        prefix="ready",
        label="What was done",
        help_text="The person who checks it worked reads this first.",
        required_message="Say what was done.",
    ),
    "check": lambda data: CheckForm(data, prefix="check"),
    "due_date": lambda data: NewDueDateFields(data, prefix="due_date"),
    "withdraw": lambda data: TextForm(
        data, prefix="withdraw", label="Why is it being withdrawn?", required_message="Say why it is being withdrawn."
    ),
    "challenge": lambda data: ChallengeForm(data, prefix="challenge"),
}


# The steps a person's page may still offer after their right to them has gone (the action was handed
# to someone else while the page was open): the refusal takes them back to the action, saying why
# nothing was saved, instead of to the page every refusal leads to.
NOT_SAVED = {
    "update": "Your progress update was not saved.",
    "ready": "Your request for a check was not sent.",
    "check": "Your check was not saved.",
}


def _action_post(scope, action, posted: str, data: dict) -> str:
    if posted == "update":
        services.action_update_add(scope=scope, action_id=action.id, text=data["text"])
        return "Your progress update has been added."
    if posted == "ready":
        services.action_request_check(scope=scope, action_id=action.id, note=data["text"])
        return f"{action.verifier.full_name} has been asked to check the impact."
    if posted == "check":
        done = services.action_check(
            scope=scope,
            action_id=action.id,
            impact_shown=data["impact_shown"],
            note=data["note"],
            link=data["link"],
            early_reason=data["early_reason"],
            variation_reason=data["variation_reason"],
            new_due_on=data["new_due_on"],
            due_reason=data["new_reason"],
        )
        return (
            "The action is closed with evidence of impact."
            if done.status == ActionStatus.CLOSED
            else "The action has gone back to its lead."
        )
    if posted == "due_date":
        done = services.action_due_date_change(
            scope=scope, action_id=action.id, due_on=data["new_due_on"], reason=data["new_reason"]
        )
        return f"The action is now due {done.due_on:%-d %B %Y}."
    if posted == "withdraw":
        services.action_withdraw(scope=scope, action_id=action.id, reason=data["text"])
        return "The action has been withdrawn."
    if posted == "handover":
        done = services.action_hand_over(
            scope=scope,
            action_id=action.id,
            part=data["part"],
            to_person_id=data["to_person"],
            reason=data["reason"],
        )
        taken = done.lead if data["part"] == HandoverPart.LEAD else done.verifier
        return f"The action has been handed to {taken.full_name}."
    services.challenge_raise(
        scope=scope, subject=ChallengeSubject.ACTION, action_id=action.id, question=data["question"]
    )
    return f"Your challenge has been sent to {action.lead.full_name}."


def _part_to_hand_over(asked: str | None, parts: list[str]) -> str | None:
    """The part the hand-over form starts on: the one the link asked for, if its holder cannot sign in;
    else the first whose holder cannot."""
    if asked in parts:
        return asked
    return parts[0] if parts else None


def _action_forms(request, scope, action, posted: str | None, data) -> dict:
    """The action page's forms, bound to ``data`` for the one ``posted``; the hand-over form only for
    those who may hand the action over."""
    forms_ = {name: make(data if posted == name else None) for name, make in ACTION_FORMS.items()}
    if action.is_active and has_perm(scope, Perm.HAND_OVER, action.service_id) and scope.person is not None:
        cannot = [part for part, person in _parts(action) if not can_sign_in(person)]
        forms_["handover"] = HandoverForm(
            data if posted == "handover" else None,
            prefix="handover",
            people=selectors.people_for_service(scope=scope, service_id=action.service_id, signs_in=True),
            parts=[
                (HandoverPart.LEAD, f"Its lead, now {action.lead.full_name}"),
                (HandoverPart.VERIFIER, f"Who checks it worked, now {action.verifier.full_name}"),
            ],
            # The list of work to hand over links to the part it lists (``?hand_over=verifier``).
            initial={"part": _part_to_hand_over(request.GET.get("hand_over"), cannot)},
        )
    return forms_


def _parts(action):
    return ((HandoverPart.LEAD, action.lead), (HandoverPart.VERIFIER, action.verifier))


def _not_saved(posted: str, form, refusal: PermissionDenied) -> dict:
    """What the page says when a step was refused because the action was handed on while the page was
    open: why nothing was saved, and what the person typed, given back and not saved anywhere (ADR 0009's
    addendum on a right lost while the page was open)."""
    typed = [
        (form[name].label, value)
        for name, value in form.cleaned_data.items()
        if isinstance(value, str) and value.strip() and name not in ("impact_shown",)
    ]
    return {"why": f"{NOT_SAVED[posted]} {refusal}", "typed": typed, "posted": posted}


@require_http_methods(["GET", "POST"])
@scoped_view
def action_detail(request, scope, action_id: int):
    action = selectors.action_get(scope=scope, action_id=action_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    forms_ = _action_forms(request, scope, action, posted, request.POST)
    form = forms_.get(posted)
    not_saved = None
    if form is not None and form.is_valid():
        try:
            messages.success(request, _action_post(scope, action, posted, form.cleaned_data))
            return redirect("governance:action", action_id=action.id)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            if posted not in NOT_SAVED:
                raise
            # The page is drawn again for the action as it is now, saying why and giving back what was
            # typed; a progress update, or what was done, goes into the progress form if they may still
            # add progress (the lead's manager may, after the lead was handed on).
            not_saved = _not_saved(posted, form, exc)
            action = selectors.action_get(scope=scope, action_id=action_id)
            forms_ = _action_forms(request, scope, action, None, None)
            if posted in ("update", "ready") and services.may_add_progress(scope, action):
                forms_["update"] = ACTION_FORMS["update"]({"update-text": form.cleaned_data["text"]})
            form = None
    return _action_page(request, scope, action, forms_, form, not_saved)


def _action_page(request, scope, action, forms_, form, not_saved):
    active = action.is_active
    # Who is named but cannot sign in, so could not take their step: a quality lead or an
    # administrator may hand it to someone who can (ADR 0009).
    cannot = [(part, person) for part, person in _parts(action) if not can_sign_in(person)]
    me_lead = is_person(scope, action.lead_id)
    me_verifier = is_person(scope, action.verifier_id) and not me_lead
    wait = services.impact_wait(action) if active and me_verifier else None
    can_challenge = has_perm(scope, Perm.CHALLENGE, action.service_id) and scope.person is not None
    return render_page(
        request,
        scope,
        "governance/action.jinja",
        {
            "page_title": action.title,
            "action": action,
            "history": sorted(
                [("update", u) for u in action.updates.all()]
                + [("status", c) for c in action.status_changes.all()]
                + [("handover", h) for h in action.handovers.all()]
                + [("due", d) for d in action.due_date_changes.all()],
                key=lambda pair: (pair[1].at, pair[0] == "update"),
            ),
            "cannot_sign_in": cannot if active else [],
            "can_hand_over": "handover" in forms_,
            "forms": forms_,
            "form": form,
            "not_saved": not_saved,
            "today": clock.today(),
            "can_update": services.may_add_progress(scope, action),
            "can_ready": active and me_lead and action.status != ActionStatus.AWAITING_CHECK,
            # A check is of work its lead has said is done (ADR 0009): until then the verifier is told so.
            "can_check": active and me_verifier and action.status == ActionStatus.AWAITING_CHECK,
            "check_not_yet": services.check_not_yet(action) if active and me_verifier else "",
            # The wait for impact to show, said before the verifier types (ADR 0009).
            "impact_wait": wait,
            # What Heard's figures say about the change, said before the verifier decides (ADR 0009).
            "impact_figures": services.impact_figures(
                scope=scope, action=action, done_on=wait.done_on, today=clock.today()
            )
            if wait and action.status == ActionStatus.AWAITING_CHECK
            else None,
            "can_change_due": services.may_change_due_date(scope, action),
            "can_withdraw": active and has_perm(scope, Perm.MANAGE_ACTIONS, action.service_id),
            "can_challenge": can_challenge,
            "challenges_waiting": sorted(
                (c for c in action.challenges.all() if c.is_awaiting_answer), key=lambda c: (c.raised_at, c.id)
            ),
            "challenge_first": can_challenge and not me_lead,
            # Linked only if they may open it (a partner reads only feedback shared with consent).
            "can_see_feedback": bool(selectors.feedback_they_can_open(scope=scope, ids=[action.feedback_id])),
        },
        status=403 if not_saved else 400 if form is not None else 200,
    )
