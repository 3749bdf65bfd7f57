"""Pages for the loop tracker and a theme's decisions.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from evidence.rules import Perm as EvidencePerm
from evidence.rules import has_perm as has_evidence_perm
from evidence.selectors import triangulate
from governance import selectors, services
from governance.forms import (
    ThemeChallengeForm,
)
from governance.loop_states import loop_counts
from governance.loops import loops_as_read
from governance.models import ChallengeSubject
from governance.rules import Perm, has_perm, offers
from governance.views._common import as_int
from governance.wording import loop_words
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from reports.theme_trend import theme_trend

# --- loops and themes --------------------------------------------------------------------------


@scoped_view
def loop_list(request, scope):
    today = clock.today()
    # Counted as the home page counts them: a partner's only in the feedback they can open.
    loops = loops_as_read(scope=scope, today=today, service_id=as_int(request.GET.get("service")))
    state = request.GET.get("state", "")
    shown = [lp for lp in loops if not state or lp.state == state or (state == "stalled" and lp.is_stalled)]
    return render_page(
        request,
        scope,
        "governance/loops.jinja",
        {
            "page_title": loop_words(scope).title,
            "loops": shown,
            "counts": loop_counts(loops),
            "state": state,
            "services": list(service_list(scope=scope).only("id", "name")),
            "service_id": as_int(request.GET.get("service")),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def theme_detail(request, scope, code: str):
    theme = selectors.theme_by_code(scope=scope, code=code)
    framework = theme.version.framework
    # Everyone who could answer for any of the asker's services is offered before a service is
    # chosen (the page works without scripts); the service layer checks that the person chosen
    # covers the service chosen, and says so if not.
    form = ThemeChallengeForm(
        request.POST or None,
        # Closed services too, not offered: one sent from a page opened before it closed is refused
        # naming it (ADR 0009).
        services=list(service_list(scope=scope, include_archived=True).only("id", "name", "archived_at")),
        whole=scope.all_services,
        people=list(selectors.people_for_service(scope=scope, service_id=None, in_scope=True, signs_in=True)),
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
            "loops": loops_as_read(scope=scope, today=clock.today(), code=code),
            "sources": _sources(scope, code),
            "trend": theme_trend(scope=scope, code=code, now=clock.now(), today=clock.today()),
            "sources_since": clock.today() - dt.timedelta(days=SOURCES_DAYS),
            "form": form,
            "can_challenge": has_perm(scope, Perm.CHALLENGE) and scope.person is not None,
            "can_manage": offers(scope, Perm.MANAGE_ACTIONS, scope.current_service_id),
        },
        status=400 if form.is_bound else 200,
    )


SOURCES_DAYS = 365


def _sources(scope, code: str):
    """The theme across every source of evidence over the last year, for those who may read evidence."""
    if not has_evidence_perm(scope, EvidencePerm.VIEW):
        return None
    today = clock.today()
    return triangulate(
        scope=scope,
        theme_code=code,
        first=today - dt.timedelta(days=SOURCES_DAYS),
        last=today,
        service_id=scope.current_service_id,
    )
