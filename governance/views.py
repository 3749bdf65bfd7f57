"""Pages for meetings, minutes, the action log, leadership challenge and the loop tracker.

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
    ActionForm,
    AttendanceForm,
    ChallengeForm,
    CheckForm,
    ConcludeForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    TextForm,
    ThemeChallengeForm,
)
from governance.loops import loop_counts, loop_tracker
from governance.models import ActionSource, ActionStatus, ChallengeStatus, ChallengeSubject, MeetingType
from governance.packs import agenda_pack
from governance.rules import Perm, has_perm, is_person, require
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view
from themes.rules import Perm as ThemesPerm
from themes.rules import has_perm as has_themes_perm
from themes.selectors import urgent_flags_visible

PAGE_SIZE = 25


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- meetings ----------------------------------------------------------------------------------


@scoped_view
def meeting_list(request, scope):
    filters = selectors.MeetingFilters(
        meeting_type=request.GET.get("type", "") if request.GET.get("type") in MeetingType.values else "",
        service_id=_int(request.GET.get("service")),
    )
    page = Paginator(selectors.meeting_list(scope=scope, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "governance/meetings.jinja",
        {
            "page_title": "Meetings",
            "page": page,
            "filters": filters,
            "types": MeetingType.choices,
            "services": list(service_list(scope=scope).only("id", "name")),
            "query": query_without_page(request),
            "can_record": has_perm(scope, Perm.RECORD_MEETINGS),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def meeting_new(request, scope):
    require(scope, Perm.RECORD_MEETINGS)
    form = MeetingForm(
        request.POST or None,
        services=list(service_list(scope=scope).only("id", "name")),
        people=list(selectors.people_for_service(scope=scope, service_id=None)),
        whole=scope.all_services,
        initial={"held_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                scope=scope,
                meeting_type=form.cleaned_data["meeting_type"],
                service_id=form.cleaned_data["service"],
                held_on=form.cleaned_data["held_on"],
                title=form.cleaned_data["title"],
                chair_id=form.cleaned_data["chair"],
            )
            messages.success(request, "The meeting has been added. Its agenda pack is ready.")
            return redirect("governance:meeting", meeting_id=meeting.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(request, scope, "governance/meeting_new.jinja", {"page_title": "Add a meeting", "form": form})


@require_http_methods(["GET", "POST"])
@scoped_view
def meeting_detail(request, scope, meeting_id: int):
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    people = list(selectors.people_for_service(scope=scope, service_id=meeting.service_id, anywhere=True))
    posted = request.POST.get("form") if request.method == "POST" else None
    attendance_form = AttendanceForm(
        request.POST if posted == "attendance" else None, people=people, prefix="attendance"
    )
    item_form = ItemForm(request.POST if posted == "item" else None, prefix="item")
    form = {"attendance": attendance_form, "item": item_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "attendance":
                services.meeting_attendance_record(
                    scope=scope,
                    meeting_id=meeting.id,
                    person_id=data["person"],
                    role=data["role"],
                    present=not data["apologies"],
                    supported=data["supported"],
                    support=data["support"],
                )
                messages.success(request, "The attendance has been recorded.")
            else:
                services.meeting_item_add(
                    scope=scope, meeting_id=meeting.id, heading=data["heading"], notes=data["notes"]
                )
                messages.success(request, "The discussion item has been added to the minutes.")
            return redirect("governance:meeting", meeting_id=meeting.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/meeting.jinja",
        {
            "page_title": str(meeting),
            "meeting": meeting,
            "attendance_form": attendance_form,
            "item_form": item_form,
            "form": form,
            "can_record": has_perm(scope, Perm.RECORD_MEETINGS),
        },
        status=400 if form is not None else 200,
    )


@scoped_view
def meeting_pack(request, scope, meeting_id: int):
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    pack = agenda_pack(scope=scope, meeting=meeting, today=clock.today())
    return render_page(
        request,
        scope,
        "governance/pack.jinja",
        {"page_title": f"Agenda pack: {meeting}", "meeting": meeting, "pack": pack, "today": clock.today()},
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def decision_new(request, scope, meeting_id: int):
    require(scope, Perm.RECORD_MEETINGS)
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    flags = []
    if has_themes_perm(scope, ThemesPerm.VIEW_URGENT):
        found = urgent_flags_visible(scope=scope).select_related("comment__feedback__service").order_by("-detected_at")
        if meeting.service_id:
            found = found.filter(comment__feedback__service_id=meeting.service_id)
        flags = list(found[:30])
    form = DecisionForm(
        request.POST or None,
        themes=selectors.current_themes(scope=scope),
        flags=flags,
        decisions=selectors.decision_choices(scope=scope, meeting=meeting),
        people=list(selectors.people_for_service(scope=scope, service_id=meeting.service_id)),
        initial={
            "feedback": request.GET.get("feedback", ""),
            "themes": [_int(t) for t in request.GET.getlist("theme")],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = []
        if data["action_title"]:
            actions.append(
                services.ActionInput(
                    title=data["action_title"],
                    description=data["action_description"],
                    lead_id=data["action_lead"],
                    verifier_id=data["action_verifier"],
                    due_on=data["action_due_on"],
                )
            )
        try:
            decision = services.decision_record(
                scope=scope,
                meeting_id=meeting.id,
                text=data["text"],
                evidence=services.Evidence(
                    theme_ids=data["themes"],
                    feedback_ids=data["feedback"],
                    flag_ids=data["flags"],
                    decision_ids=data["decisions"],
                ),
                actions=actions,
            )
            messages.success(request, "The decision has been recorded" + (" with its action." if actions else "."))
            return redirect("governance:decision", decision_id=decision.id)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError({k.replace("action_0_", "action_"): v for k, v in exc.message_dict.items()})
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/decision_new.jinja",
        {"page_title": "Record a decision", "meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def decision_detail(request, scope, decision_id: int):
    decision = selectors.decision_get(scope=scope, decision_id=decision_id)
    challenge_form = ChallengeForm(request.POST or None, prefix="challenge")
    if request.method == "POST" and challenge_form.is_valid():
        try:
            challenge = services.challenge_raise(
                scope=scope,
                subject=ChallengeSubject.DECISION,
                decision_id=decision.id,
                question=challenge_form.cleaned_data["question"],
            )
            messages.success(request, f"Your challenge has been sent to {challenge.addressed_to.full_name}.")
            return redirect("governance:decision", decision_id=decision.id)
        except ValidationError as exc:
            apply_errors(challenge_form, exc)
    return render_page(
        request,
        scope,
        "governance/decision.jinja",
        {
            "page_title": "Decision",
            "decision": decision,
            "today": clock.today(),
            "can_manage": has_perm(scope, Perm.MANAGE_ACTIONS),
            "can_challenge": has_perm(scope, Perm.CHALLENGE),
            "can_see_feedback": selectors.can_see_feedback(scope),
            "challenge_form": challenge_form,
            "form": challenge_form if challenge_form.is_bound else None,
        },
        status=400 if challenge_form.is_bound else 200,
    )


# --- actions -----------------------------------------------------------------------------------

STATUS_FILTERS = [("", "All"), ("active", "Not finished"), ("overdue", "Overdue")] + list(ActionStatus.choices)


@scoped_view
def action_list(request, scope):
    status = request.GET.get("status", "")
    filters = selectors.ActionFilters(
        status=status if status in dict(STATUS_FILTERS) else "",
        service_id=_int(request.GET.get("service")),
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
            "page_title": "Action log",
            "page": page,
            "filters": filters,
            "statuses": STATUS_FILTERS,
            "services": list(service_list(scope=scope).only("id", "name")),
            "query": query_without_page(request),
            "today": today,
            "can_manage": has_perm(scope, Perm.MANAGE_ACTIONS),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def action_new(request, scope):
    require(scope, Perm.MANAGE_ACTIONS)
    form = ActionForm(
        request.POST or None,
        themes=selectors.current_themes(scope=scope),
        services=list(service_list(scope=scope).only("id", "name")),
        whole=scope.all_services,
        people=list(selectors.people_for_service(scope=scope, service_id=_int(request.POST.get("service")))),
        initial={
            "source": request.GET.get("source", "theme"),
            "theme": _int(request.GET.get("theme")),
            "feedback": _int(request.GET.get("feedback")),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                scope=scope,
                data=services.ActionInput(
                    title=data["action_title"],
                    description=data["action_description"],
                    lead_id=data["action_lead"],
                    verifier_id=data["action_verifier"],
                    due_on=data["action_due_on"],
                    service_id=data["service"],
                    source=data["source"],
                    theme_id=data["theme"] if data["source"] == ActionSource.THEME else None,
                    feedback_id=data["feedback"] if data["source"] == ActionSource.FEEDBACK else None,
                ),
            )
            messages.success(request, "The action has been added to the log.")
            return redirect("governance:action", action_id=action.id)
        except ValidationError as exc:
            exc = (
                ValidationError(
                    {
                        {
                            "lead": "action_lead",
                            "verifier": "action_verifier",
                            "due_on": "action_due_on",
                            "title": "action_title",
                        }.get(k, k): v
                        for k, v in exc.message_dict.items()
                    }
                )
                if hasattr(exc, "error_dict")
                else exc
            )
            apply_errors(form, exc)
    return render_page(request, scope, "governance/action_new.jinja", {"page_title": "Add an action", "form": form})


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
        help_text="The verifier reads this before checking the impact.",
        required_message="Say what was done.",
    ),
    "check": lambda data: CheckForm(data, prefix="check"),
    "withdraw": lambda data: TextForm(
        data, prefix="withdraw", label="Why is it being withdrawn?", required_message="Say why it is being withdrawn."
    ),
    "challenge": lambda data: ChallengeForm(data, prefix="challenge"),
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
            scope=scope, action_id=action.id, impact_shown=data["impact_shown"], note=data["note"], link=data["link"]
        )
        return (
            "The action is closed with evidence of impact."
            if done.status == ActionStatus.CLOSED
            else "The action has gone back to its lead."
        )
    if posted == "withdraw":
        services.action_withdraw(scope=scope, action_id=action.id, reason=data["text"])
        return "The action has been withdrawn."
    services.challenge_raise(
        scope=scope, subject=ChallengeSubject.ACTION, action_id=action.id, question=data["question"]
    )
    return f"Your challenge has been sent to {action.lead.full_name}."


@require_http_methods(["GET", "POST"])
@scoped_view
def action_detail(request, scope, action_id: int):
    action = selectors.action_get(scope=scope, action_id=action_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    forms_ = {name: make(request.POST if posted == name else None) for name, make in ACTION_FORMS.items()}
    form = forms_.get(posted)
    if form is not None and form.is_valid():
        try:
            messages.success(request, _action_post(scope, action, posted, form.cleaned_data))
            return redirect("governance:action", action_id=action.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    active = action.is_active
    me_lead = is_person(scope, action.lead_id)
    return render_page(
        request,
        scope,
        "governance/action.jinja",
        {
            "page_title": action.title,
            "action": action,
            "history": sorted(
                [("update", u) for u in action.updates.all()] + [("status", c) for c in action.status_changes.all()],
                key=lambda pair: (pair[1].at, pair[0] == "update"),
            ),
            "forms": forms_,
            "form": form,
            "today": clock.today(),
            "can_update": active and (me_lead or has_perm(scope, Perm.MANAGE_ACTIONS)) and scope.person is not None,
            "can_ready": active and me_lead and action.status != ActionStatus.AWAITING_CHECK,
            "can_check": active and is_person(scope, action.verifier_id) and not me_lead,
            "can_withdraw": active and has_perm(scope, Perm.MANAGE_ACTIONS),
            "can_challenge": has_perm(scope, Perm.CHALLENGE) and scope.person is not None,
            "can_see_feedback": selectors.can_see_feedback(scope),
        },
        status=400 if form is not None else 200,
    )


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
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def challenge_detail(request, scope, challenge_id: int):
    challenge = selectors.challenge_get(scope=scope, challenge_id=challenge_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    respond_form = TextForm(
        request.POST if posted == "respond" else None,
        prefix="respond",
        label="Your answer",
        required_message="Enter your answer.",
    )
    conclude_form = ConcludeForm(request.POST if posted == "conclude" else None, prefix="conclude")
    form = {"respond": respond_form, "conclude": conclude_form}.get(posted)
    if form is not None and form.is_valid():
        try:
            if posted == "respond":
                services.challenge_respond(scope=scope, challenge_id=challenge.id, text=form.cleaned_data["text"])
                messages.success(request, "Your answer has been sent to the leader.")
            else:
                satisfied = form.cleaned_data["outcome"] == "satisfied"
                services.challenge_conclude(
                    scope=scope, challenge_id=challenge.id, satisfied=satisfied, text=form.cleaned_data["text"]
                )
                messages.success(
                    request, "The challenge is closed." if satisfied else "The challenge has been escalated."
                )
            return redirect("governance:challenge", challenge_id=challenge.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    waiting_answer = challenge.status in (ChallengeStatus.OPEN, ChallengeStatus.ESCALATED)
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
            "can_respond": waiting_answer and is_person(scope, challenge.addressed_to_id),
            "can_conclude": has_perm(scope, Perm.CHALLENGE) and challenge.status != ChallengeStatus.SATISFIED,
        },
        status=400 if form is not None else 200,
    )


# --- loops and themes --------------------------------------------------------------------------


@scoped_view
def loop_list(request, scope):
    today = clock.today()
    loops = loop_tracker(scope=scope, today=today, service_id=_int(request.GET.get("service")))
    state = request.GET.get("state", "")
    shown = [lp for lp in loops if not state or lp.state == state or (state == "stalled" and lp.is_stalled)]
    return render_page(
        request,
        scope,
        "governance/loops.jinja",
        {
            "page_title": "Loops",
            "loops": shown,
            "counts": loop_counts(loops),
            "state": state,
            "services": list(service_list(scope=scope).only("id", "name")),
            "service_id": _int(request.GET.get("service")),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def theme_detail(request, scope, code: str):
    theme = selectors.theme_by_code(scope=scope, code=code)
    framework = theme.version.framework
    service_id = _int(request.POST.get("service")) if request.method == "POST" else None
    form = ThemeChallengeForm(
        request.POST or None,
        services=list(service_list(scope=scope).only("id", "name")),
        whole=scope.all_services,
        people=list(selectors.people_for_service(scope=scope, service_id=service_id)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_raise(
                scope=scope,
                subject=ChallengeSubject.THEME,
                theme_id=theme.id,
                service_id=form.cleaned_data["service"],
                addressed_to_id=form.cleaned_data["addressed_to"],
                question=form.cleaned_data["question"],
            )
            messages.success(request, f"Your challenge has been sent to {challenge.addressed_to.full_name}.")
            return redirect("governance:challenge", challenge_id=challenge.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/theme.jinja",
        {
            "page_title": theme.name,
            "theme": theme,
            "decisions": list(selectors.decisions_citing_theme(scope=scope, framework=framework, code=code)),
            "loops": loop_tracker(scope=scope, today=clock.today(), code=code),
            "form": form,
            "can_challenge": has_perm(scope, Perm.CHALLENGE) and scope.person is not None,
            "can_manage": has_perm(scope, Perm.MANAGE_ACTIONS),
        },
        status=400 if form.is_bound else 200,
    )
