"""Months: the periods most charts plot, one point to a month, dated the 1st."""

from __future__ import annotations

import datetime as dt

from reports.spc.terms import Point


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first`'s month to `last`'s, inclusive."""
    start, end = month_start(first), month_start(last)
    out = []
    while start <= end:
        out.append(start)
        start = add_months(start, 1)
    return out


def monthly_points(
    values: dict[dt.date, float | None], first: dt.date, last: dt.date, *, untested: dict[dt.date, str] | None = None
) -> list[Point]:
    """One point a month from `first` to `last`; a month missing from `values` is a gap, and a month in
    `untested` is charted but not tested, for the reason given."""
    untested = untested or {}
    return [Point(date=m, value=values.get(m), untested=untested.get(m, "")) for m in months(first, last)]
