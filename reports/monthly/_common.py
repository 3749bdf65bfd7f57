"""What the monthly pack's sections share: how far back its charts go, and counts in words."""

from __future__ import annotations

import datetime as dt

from organisations.models import Service
from organisations.scope import Scope
from reports import selectors
from reports.spc import add_months

# The FFT chart covers up to two years to the report month, and never less than a year.
CHART_MONTHS = 24
MIN_CHART_MONTHS = 12


def _count_words(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _chart_first_month(scope: Scope, month: dt.date, service: Service | None) -> dt.date:
    earliest = add_months(month, -(CHART_MONTHS - 1))
    first_data = selectors.first_feedback_month(scope=scope, service=service)
    start = max(earliest, first_data) if first_data else month
    return min(start, add_months(month, -(MIN_CHART_MONTHS - 1)))
