"""Pages for meetings, their minutes, decisions and the agenda pack.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits import selectors as audit_selectors
from audits.rules import Perm as AuditPerm
from audits.rules import has_perm as has_audit_perm
from core import clock
from governance import selectors, services
from governance.forms import (
    AttendanceForm,
    ChallengeForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
)
from governance.models import ChallengeSubject, MeetingType
from governance.packs import agenda_pack
from governance.rules import Perm, has_perm, offers, require
from governance.views._common import PAGE_SIZE, action_input, as_int
from governance.wording import names_for
from organisations.closed import closed_record_note
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view
from priorities import selectors as priority_selectors
from priorities.rules import Perm as PriorityPerm
from priorities.rules import has_perm as has_priority_perm
from themes.rules import Perm as ThemesPerm
from themes.rules import has_perm as has_themes_perm
from themes.selectors import urgent_flags_visible

# --- meetings ----------------------------------------------------------------------------------


@scoped_view
def meeting_list(request, scope):
    filters = selectors.MeetingFilters(
        meeting_type=request.GET.get("type", "") if request.GET.get("type") in MeetingType.values else "",
        service_id=as_int(request.GET.get("service")),
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
            "can_record": offers(scope, Perm.RECORD_MEETINGS, filters.service_id or scope.current_service_id),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def meeting_new(request, scope):
    scope = require(scope, Perm.RECORD_MEETINGS)
    form = MeetingForm(
        request.POST or None,
        services=list(service_list(scope=scope, include_archived=True).only("id", "name", "archived_at")),
        people=list(selectors.people_for_service(scope=scope, service_id=None, in_scope=True)),
        whole=scope.all_services,
        refuse=partial(services.meeting_closed_refusal, scope=scope),
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
    return render_page(
        request,
        scope,
        "governance/meeting_new.jinja",
        {"page_title": "Add a meeting", "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def meeting_detail(request, scope, meeting_id: int):
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    people = list(selectors.meeting_attendee_choices(scope=scope, meeting=meeting))
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
            "can_record": has_perm(scope, Perm.RECORD_MEETINGS, meeting.service_id),
            "closed": _closed(meeting.service),
            "closed_note": services.meeting_closed_note(meeting=meeting),
            "lived_experience": selectors.lived_experience_took_part(scope=scope, meeting=meeting),
            "feedback_to_open": selectors.feedback_they_can_open(
                scope=scope, ids=selectors.cited_feedback(meeting.decisions.all())
            ),
            **_what_came_of(scope, meeting.service, [d.id for d in meeting.decisions.all()]),
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
        {"page_title": f"{names_for(scope).pack}: {meeting}", "meeting": meeting, "pack": pack, "today": clock.today()},
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def decision_new(request, scope, meeting_id: int):
    scope = require(scope, Perm.RECORD_MEETINGS)
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
        people=list(selectors.people_for_service(scope=scope, service_id=meeting.service_id, signs_in=True)),
        refusal=services.decision_closed_refusal(scope=scope, meeting=meeting),
        initial={
            "feedback": request.GET.get("feedback", ""),
            "themes": [as_int(t) for t in request.GET.getlist("theme")],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions = []
        if data["action_title"]:
            actions.append(action_input(data))
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


def _closed(service) -> bool:
    """The meeting's service has closed since: its decisions are kept, but nothing new is started
    there (ADR 0009), so no decision, audit or priority is offered."""
    return service is not None and service.archived_at is not None


def _what_came_of(scope, service, decision_ids: list[int]) -> dict:
    """The audits the decisions (of one meeting) commissioned and the priorities they adopted, by
    decision, where this person may see them; and whether they may add more (not at a service that
    has closed)."""
    service_id = service.id if service is not None else None
    return {
        "audits": audit_selectors.commissioned_by(scope=scope, decision_ids=decision_ids)
        if has_audit_perm(scope, AuditPerm.VIEW, service_id)
        else {},
        "priorities": priority_selectors.adopted_by(scope=scope, decision_ids=decision_ids)
        if has_priority_perm(scope, PriorityPerm.VIEW, service_id)
        else {},
        "can_plan_audit": has_audit_perm(scope, AuditPerm.PLAN, service_id) and not _closed(service),
        "can_plan_priority": has_priority_perm(scope, PriorityPerm.PLAN, service_id) and not _closed(service),
    }


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
            "can_manage": has_perm(scope, Perm.MANAGE_ACTIONS, decision.service_id),
            "can_challenge": has_perm(scope, Perm.CHALLENGE, decision.service_id),
            "feedback_to_open": selectors.feedback_they_can_open(scope=scope, ids=selectors.cited_feedback([decision])),
            "closed_note": closed_record_note(
                service=decision.meeting.service,
                not_done="no audit or priority is started from this decision now",
                still="the actions it opened can still be updated, checked and closed",
            ),
            **_what_came_of(scope, decision.meeting.service, [decision.id]),
            "challenge_form": challenge_form,
            "form": challenge_form if challenge_form.is_bound else None,
        },
        status=400 if challenge_form.is_bound else 200,
    )
