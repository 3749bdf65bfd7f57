"""A theme's share of feedback month by month, for the theme's own page: whether the theme is heard
less since the actions on it were taken is shown there, not only in the monthly pack."""

from __future__ import annotations

import datetime as dt

from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.document import Figure
from reports.loop_sections import action_notes
from reports.monthly import CHART_MONTHS, MIN_CHART_MONTHS
from reports.periods import period_end
from reports.rules import Perm, has_perm
from reports.spc import add_months, month_start
from reports.trend_figures import theme_rate_figure


def theme_trend(*, scope: Scope, code: str, now: dt.datetime, today: dt.date) -> Figure | None:
    """The theme's rate at the service being looked at (or all the person's services), to the end of
    the last whole month, with the actions taken on it marked; None for a person who may not read
    report figures, or when no month had feedback with words.

    Actions are marked by their titles for those who read the packs, otherwise by where they were
    taken, as the commissioner report marks them."""
    where = {} if scope.current_service_id is None else {"service_id": scope.current_service_id}
    if not has_perm(scope, Perm.VIEW_REPORT_FIGURES, **where):
        return None
    service = None
    if scope.current_service_id is not None:
        service = Service.objects.for_scope(scope).get(id=scope.current_service_id)
    last = add_months(month_start(today), -1)
    first = oversight.chart_first_month(
        scope=scope, last=last, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
    rates = oversight.theme_rates(scope=scope, first=first, last=last, service=service, now=now)
    if not rates.with_words:
        return None
    named = has_perm(scope, Perm.VIEW_MONTHLY_PACK, **where)
    end = period_end(last, now).end
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=named)
    notes = [
        n
        for n in action_notes(actions, theme_code=code, named=named, across_services=service is None)
        if n.date >= first
    ]
    return theme_rate_figure(rates, code, first=first, last=last, annotations=notes, sheet="Theme")
