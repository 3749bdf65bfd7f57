"""Pages for the co-production ledger.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits.influence import audits_designed_at_session
from core import clock
from governance import selectors, services
from governance.forms import (
    ActivityServiceForm,
    ActivityWithdrawForm,
    CoproductionCorrectForm,
    CoproductionForm,
    InfluenceForm,
)
from governance.models import RUNG_MEANING, ActivityKind, Rung
from governance.rules import Perm, has_perm, offers, require
from governance.views._common import PAGE_SIZE, as_int
from organisations.selectors import partners_among, service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view
from priorities.influence import influenced_at_session

LADDER_DAYS = 365


@scoped_view
def coproduction_list(request, scope):
    filters = selectors.CoproductionFilters(
        service_id=as_int(request.GET.get("service")),
        rung=request.GET.get("rung", "") if request.GET.get("rung") in Rung.values else "",
        kind=request.GET.get("kind", "") if request.GET.get("kind") in ActivityKind.values else "",
    )
    page = Paginator(selectors.coproduction_list(scope=scope, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    since = clock.today() - dt.timedelta(days=LADDER_DAYS)
    return render_page(
        request,
        scope,
        "governance/coproduction.jinja",
        {
            "page_title": "Co-production",
            "page": page,
            "filters": filters,
            "rungs": [(r.value, r.label) for r in Rung],
            "kinds": ActivityKind.choices,
            "services": list(service_list(scope=scope).only("id", "name")),
            "ladder": selectors.coproduction_ladder(scope=scope, since=since, service_id=filters.service_id),
            "meaning": RUNG_MEANING,
            "since": since,
            "query": query_without_page(request),
            "can_record": offers(scope, Perm.RECORD_COPRODUCTION, filters.service_id or scope.current_service_id),
        },
    )


def _services_offered(recording) -> list:
    # Closed services too: only an entry's own is offered, and another sent is refused naming it.
    return list(service_list(scope=recording, include_archived=True).only("id", "name", "archived_at"))


# Offers nobody as having taken part: the service sent cannot be chosen, and the form says so.
NOWHERE = -1


def _people_at(sent, recording, services_offered, fallback):
    """The service whose people the form offers as having taken part: the one ``sent`` (its id, or ""
    for the whole organisation) if the person may choose it, else ``fallback``. Only people who may
    take part there are offered (`coproduction_participant_choices`), so a page never lists the
    people of a service the activity is not about, nor of one outside the person's roles."""
    if sent == "" and recording.all_services:
        return None
    if sent and str(sent).isdigit() and int(sent) in {s.id for s in services_offered}:
        return int(sent)
    return fallback


def _activity_form(form_class, data, scope, people_at, took_part=(), service=None, **kwargs):
    """The ledger form, offering as participants the people who may take part in an activity about
    ``people_at`` (a service id, or None for the whole organisation). For a correction, ``took_part``
    (the entry's participants) are offered too, marked as they were recorded, even those who have
    left since, and so is the entry's ``service`` though it has closed since: the entry may stay
    there, though no new one is recorded there."""
    recording = require(scope, Perm.RECORD_COPRODUCTION)
    kept = service.id if service is not None else None
    people = []
    if people_at != NOWHERE:
        people = list(selectors.coproduction_participant_choices(scope=recording, service_id=people_at))
    named = {p.person_id: p for p in took_part} if people_at == kept else {}
    people = [p for p in people if p.id not in named] + [p.person for p in named.values()]
    partner_ids = partners_among(organisation=scope.organisation, people=[p for p in people if p.id not in named])
    return form_class(
        data,
        services=_services_offered(recording),
        whole=recording.all_services,
        kept_service_id=kept,
        people=people,
        partner_ids=partner_ids | {i for i, p in named.items() if p.lived_experience},
        meetings=selectors.coproduction_meetings(scope=recording),
        refuse=partial(services.coproduction_closed_refusal, scope=recording, keeping=kept),
        **kwargs,
    )


def _correction_people_at(scope, activity, sent: str | None) -> int | None:
    """Whose people the correction form offers: those of the entry's service, or of the service a
    correction sent moves it to."""
    if sent is None:
        return activity.service_id
    recording = require(scope, Perm.RECORD_COPRODUCTION)
    return _people_at(sent, recording, _services_offered(recording), fallback=activity.service_id)


@require_http_methods(["GET", "POST"])
@scoped_view
def coproduction_new(request, scope):
    """First which service the activity was about (skipped when the person records for one only),
    then the activity, offering as participants only the people who may take part there."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    offered = _services_offered(scope)
    about = ActivityServiceForm(
        request.GET if "step" in request.GET else None, services=offered, whole=scope.all_services
    )
    if request.method == "POST":
        people_at = _people_at(request.POST.get("service"), scope, offered, fallback=NOWHERE)
    elif about.is_valid():
        people_at = about.cleaned_data["service"]
    elif not about.is_bound and about.only_choice is not None:
        people_at = about.only_choice
    else:
        return render_page(
            request,
            scope,
            "governance/coproduction_new_service.jinja",
            {"page_title": "Add a co-production activity", "form": about},
            status=400 if about.is_bound else 200,
        )
    form = _activity_form(
        CoproductionForm,
        request.POST or None,
        scope,
        people_at,
        initial={"held_on": clock.today(), "others_count": 0},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.coproduction_record(scope=scope, **form.activity_fields())
            messages.success(request, "The activity has been added to the co-production ledger.")
            return redirect("governance:coproduction-activity", activity_id=activity.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    about_id, about_name = "", "The whole organisation"
    if people_at == NOWHERE:  # sent from elsewhere: the form says it cannot be chosen
        about_id, about_name = request.POST.get("service", ""), "Not one of your services"
    elif people_at is not None:
        about_id, about_name = people_at, next(s.name for s in offered if s.id == people_at)
    return render_page(
        request,
        scope,
        "governance/coproduction_new.jinja",
        {
            "page_title": "Add a co-production activity",
            "form": form,
            "about_id": about_id,
            "about_name": about_name,
            # One refused is changed even by someone left with one service: the link opens the form there.
            "can_change_service": about.only_choice is None or people_at == NOWHERE,
            "service_refused": people_at == NOWHERE,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def coproduction_detail(request, scope, activity_id: int):
    activity = selectors.coproduction_get(scope=scope, activity_id=activity_id)
    withdrawn = hasattr(activity, "withdrawal")
    can_record = not withdrawn and has_perm(scope, Perm.RECORD_COPRODUCTION, activity.service_id)
    cited = services.activity_cited_by(activity) if can_record else []
    posted = request.POST.get("form", "influence") if request.method == "POST" else None
    participants = list(activity.participants.all())
    influence_form = correct_form = withdraw_form = None
    if can_record:
        influence_form = InfluenceForm(
            request.POST if posted == "influence" else None,
            decisions=selectors.influence_decisions(scope=scope, activity=activity),
        )
    if can_record:
        correct_form = _activity_form(
            CoproductionCorrectForm,
            request.POST if posted == "correct" else None,
            scope,
            _correction_people_at(
                scope, activity, request.POST.get("correct-service") if posted == "correct" else None
            ),
            took_part=participants,
            service=activity.service,
            prefix="correct",
            initial={
                "kind": activity.kind,
                "title": activity.title,
                "service": activity.service_id,
                "held_on": activity.held_on,
                "rung": activity.rung,
                "summary": activity.summary,
                "participants": [p.person_id for p in participants],
                "others_count": activity.others_count,
                "others_description": activity.others_description,
                "recognition": activity.recognition,
                "recognition_note": activity.recognition_note,
                "meeting": activity.meeting_id,
            },
        )
        if not cited:
            withdraw_form = ActivityWithdrawForm(request.POST if posted == "withdraw" else None, prefix="withdraw")
    form = {"influence": influence_form, "correct": correct_form, "withdraw": withdraw_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "influence":
                services.coproduction_influence_add(
                    scope=scope, activity_id=activity.id, text=data["text"], decision_id=data["decision"]
                )
                messages.success(request, "What the activity influenced has been recorded.")
                return redirect("governance:coproduction-activity", activity_id=activity.id)
            if posted == "correct":
                new = services.coproduction_correct(
                    scope=scope, activity_id=activity.id, reason=data["reason"], **form.activity_fields()
                )
                messages.success(request, "The entry has been corrected. The earlier one is kept, withdrawn.")
                return redirect("governance:coproduction-activity", activity_id=new.id)
            services.coproduction_withdraw(scope=scope, activity_id=activity.id, reason=data["reason"])
            messages.success(request, "The entry has been withdrawn: it is kept, and no longer counted.")
            return redirect("governance:coproduction-activity", activity_id=activity.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/coproduction_activity.jinja",
        {
            "page_title": activity.title,
            "activity": activity,
            "withdrawn": withdrawn,
            "participants": participants,
            "lived": sum(p.lived_experience for p in participants),
            "influences": list(activity.influences.all()),
            "through_priorities": influenced_at_session(scope=scope, session_id=activity.id),
            "audits_designed": audits_designed_at_session(scope=scope, session_id=activity.id),
            "influence_form": influence_form,
            "correct_form": correct_form,
            "withdraw_form": withdraw_form,
            "cited": cited,
            "form": form,
        },
        status=400 if form is not None else 200,
    )
