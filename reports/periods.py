"""When a report's period ends, as the governance loop is read at it: shared by the monthly pack,
the quarterly summary and the commissioner report."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reports import oversight


def period_end(last: dt.date, now: dt.datetime) -> tuple[dt.datetime, dt.date, str]:
    """When a period ending with month `last` ends (now, for a month under way), the day the loop is
    looked at (overdue means due before it), and that moment in words."""
    _, end = oversight.bounds(last, last)
    if now < end:
        return now, timezone.localtime(now).date(), f"on {timezone.localtime(now):%-d %B %Y}"
    return end, timezone.localtime(end).date(), f"at the end of {last:%B %Y}"
