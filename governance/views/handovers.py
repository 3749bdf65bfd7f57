"""The page listing open work held by people who cannot sign in, each piece linked to the form that
hands it over (ADR 0009). Only quality leads and administrators, over the services where they may
hand work over: the selector refuses everyone else."""

from __future__ import annotations

from core import clock
from governance import selectors
from organisations.signin import why_cannot_sign_in
from organisations.web import render_page, scoped_view


@scoped_view
def handover_list(request, scope):
    held = selectors.held_by_people_who_cannot_sign_in(scope=scope)
    people = (
        [a.lead for a in held.leading] + [a.verifier for a in held.to_check] + [c.addressed_to for c in held.to_answer]
    )
    return render_page(
        request,
        scope,
        "governance/handovers.jinja",
        {
            "page_title": "Work to hand over",
            "held": held,
            "why": {p.id: why_cannot_sign_in(p) for p in people},
            "today": clock.today(),
        },
    )
