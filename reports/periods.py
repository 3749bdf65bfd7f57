"""When a report's period ends, as the governance loop is read at it: shared by the monthly pack,
the quarterly summary and the commissioner report."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from reports import oversight


class PeriodEnd(NamedTuple):
    end: dt.datetime  # the moment the loop is read at: the end of the last month, or now
    day: dt.date  # the day overdue is judged on: due before it is overdue
    last_day: dt.date  # the last day whose events the period counts (today, for a period under way)
    as_of: str  # that moment in words


def period_end(last: dt.date, now: dt.datetime) -> PeriodEnd:
    """When a period ending with month `last` ends (now, for a month under way), the day the loop is
    looked at (overdue means due before it), the last day counted in the period, and that moment in
    words.

    For a period under way the day looked at and the last day counted are both today: what was done
    today is in the period (it was read until now), but what falls due today is not yet overdue. For
    a period over, everything up to midnight at its end (UK time) counts, and overdue is judged on
    the next day."""
    _, end = oversight.bounds(last, last)
    if now < end:
        today = timezone.localtime(now).date()
        return PeriodEnd(now, today, today, f"on {timezone.localtime(now):%-d %B %Y}")
    day = timezone.localtime(end).date()
    return PeriodEnd(end, day, day - dt.timedelta(days=1), f"at the end of {last:%B %Y}")
