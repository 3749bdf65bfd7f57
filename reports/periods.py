"""When a report's period ends, as the governance loop is read at it: shared by the monthly pack,
the quarterly summary and the commissioner report."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from reports import oversight


class PeriodEnd(NamedTuple):
    end: dt.datetime  # the moment the loop is read at: the end of the last month, or now
    last_day: dt.date  # the day the figures are as at: the period's last day, or today while it runs
    as_of: str  # that moment in words
    under_way: bool  # the period is not over: its figures are its days so far (ADR 0010)


def period_end(last: dt.date, now: dt.datetime) -> PeriodEnd:
    """When a period ending with month `last` ends (now, for a month under way), the day its figures
    are as at, and that moment in words.

    The day as at is the last day counted in the period: today while the period runs, its last day
    once it is over. Everything done up to the end (now, or midnight at the period's end, UK time)
    counts. The loop is read on that day as the home page reads it on the day: overdue means due
    before it (what falls due on it is not yet late), and days overdue, or since a decision, are
    counted to it. `end` is the first moment after the period; its date is the next period's first
    day and is never a day figures are as at."""
    _, end = oversight.bounds(last, last)
    if now < end:
        today = timezone.localtime(now).date()
        return PeriodEnd(now, today, f"on {timezone.localtime(now):%-d %B %Y}", under_way=True)
    last_day = timezone.localtime(end).date() - dt.timedelta(days=1)
    return PeriodEnd(end, last_day, f"at the end of {last:%B %Y}", under_way=False)
