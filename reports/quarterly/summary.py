"""The summary itself: its sections in order."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import clock
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.document import Report
from reports.periods import period_end
from reports.quarterly.actions import actions_taken_section
from reports.quarterly.priorities import priorities_section
from reports.quarterly.quotes import quotes_section
from reports.quarterly.risks import risks_section
from reports.quarterly.themes import themes_section
from reports.quarterly.took_part import took_part_section
from reports.quarters import quarter_key, quarter_start, quarter_words
from reports.rules import Perm, require
from reports.spc import add_months, months
from reports.top_themes import top_themes

TITLE = "Quarterly co-production summary"
QUOTE_THEMES = 4  # quotes are sought for this many of the quarter's top themes


def quarterly_summary(
    *, scope: Scope, quarter: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    scope = require(scope, Perm.VIEW_QUARTERLY_SUMMARY)
    first = quarter_start(quarter)
    last = add_months(first, 2)
    now = now or clock.now()
    period = quarter_words(first)
    end, last_day, as_of, _ = period_end(last, now)
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    chart_first = oversight.chart_first_month(scope=scope, last=last, service=service)
    rates = oversight.theme_rates(scope=scope, first=chart_first, last=last, service=service, now=now)
    quote_themes = [(c, rates.names.get(c, c)) for c in top_themes(rates, months(first, last), QUOTE_THEMES)]
    return Report(
        kind="quarterly",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=oversight.coverage(scope=scope, service=service),
        period=f"{period} ({quarter_key(first)})",
        generated_at=timezone.localtime(now),
        sections=(
            themes_section(
                rates,
                first=first,
                last=last,
                chart_first=chart_first,
                actions=actions,
                period=period,
                across_services=service is None,
            ),
            actions_taken_section(actions, first=first, last_day=last_day, period=period),
            priorities_section(scope=scope, first=first, last_day=last_day, service=service, period=period),
            risks_section(scope=scope, service=service, actions=actions, end=end, last_day=last_day, as_of=as_of),
            quotes_section(
                scope=scope,
                first=first,
                last=last,
                service=service,
                period=period,
                themes=quote_themes,
            ),
            took_part_section(scope=scope, first=first, last=last, service=service, period=period),
        ),
    )
