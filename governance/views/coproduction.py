"""Pages for the co-production ledger.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from governance import selectors, services
from governance.forms import CoproductionForm, InfluenceForm
from governance.models import RUNG_MEANING, ActivityKind, Rung
from governance.rules import Perm, has_perm, require
from governance.views._common import PAGE_SIZE, as_int
from organisations.selectors import partners_among, service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view

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
            "page_title": "Co-production ledger",
            "page": page,
            "filters": filters,
            "rungs": [(r.value, r.label) for r in Rung],
            "kinds": ActivityKind.choices,
            "services": list(service_list(scope=scope).only("id", "name")),
            "ladder": selectors.coproduction_ladder(scope=scope, since=since, service_id=filters.service_id),
            "meaning": RUNG_MEANING,
            "since": since,
            "query": query_without_page(request),
            "can_record": has_perm(scope, Perm.RECORD_COPRODUCTION),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def coproduction_new(request, scope):
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    people = list(selectors.people_for_service(scope=scope, service_id=None, anywhere=True))
    form = CoproductionForm(
        request.POST or None,
        services=list(service_list(scope=scope).only("id", "name")),
        whole=scope.all_services,
        people=people,
        partner_ids=partners_among(organisation=scope.organisation, people=people),
        meetings=selectors.coproduction_meetings(scope=scope),
        initial={"held_on": clock.today(), "others_count": 0},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.coproduction_record(
                scope=scope,
                kind=data["kind"],
                service_id=data["service"],
                held_on=data["held_on"],
                title=data["title"],
                rung=data["rung"],
                summary=data["summary"],
                participant_ids=data["participants"],
                others_count=data["others_count"],
                others_description=data["others_description"],
                recognition=data["recognition"],
                recognition_note=data["recognition_note"],
                meeting_id=data["meeting"],
            )
            messages.success(request, "The activity has been added to the co-production ledger.")
            return redirect("governance:coproduction-activity", activity_id=activity.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "governance/coproduction_new.jinja",
        {"page_title": "Add a co-production activity", "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def coproduction_detail(request, scope, activity_id: int):
    activity = selectors.coproduction_get(scope=scope, activity_id=activity_id)
    can_record = has_perm(scope, Perm.RECORD_COPRODUCTION, activity.service_id)
    form = None
    if can_record:
        form = InfluenceForm(
            request.POST or None, decisions=selectors.influence_decisions(scope=scope, activity=activity)
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.coproduction_influence_add(
                scope=scope,
                activity_id=activity.id,
                text=form.cleaned_data["text"],
                decision_id=form.cleaned_data["decision"],
            )
            messages.success(request, "What the activity influenced has been recorded.")
            return redirect("governance:coproduction-activity", activity_id=activity.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    participants = list(activity.participants.all())
    return render_page(
        request,
        scope,
        "governance/coproduction_activity.jinja",
        {
            "page_title": activity.title,
            "activity": activity,
            "participants": participants,
            "lived": sum(p.lived_experience for p in participants),
            "influences": list(activity.influences.all()),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )
