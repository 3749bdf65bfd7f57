"""`authored` and `_lastUpdated`: a date (or a date and time) with its prefix, as the condition it sets."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from feedback.fhir import UK_TIME
from feedback.fhir_search.conditions import NOTHING
from feedback.models import Feedback

__all__ = ["PREFIXES", "authored", "last_updated"]

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")
_DATE_VALUE = re.compile(
    r"(?P<prefix>[a-z]{2})?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d{1,9})?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?"
)
WHEN_EXAMPLES = "as in ge2026-11-01, le2026-11, eq2026, or gt2026-11-30T14:05:00Z"


@dataclass(frozen=True)
class _When:
    """A search value's range as instants [start, end), end None when it runs past the last date there
    is; and as UK days: the first that begins within it (None if none does), and the day it ends in
    (None with end). The days wholly within the range are those from ``first_whole_day`` up to, not
    including, ``ends_on``."""

    start: dt.datetime
    end: dt.datetime | None
    first_whole_day: dt.date | None
    ends_on: dt.date | None


def _when(name: str, value: str) -> tuple[str, _When]:
    # A `+` left unencoded in a query reaches Heard as a space; there, it can only be a zone's sign.
    value = re.sub(r" (\d{2}:\d{2})$", r"+\1", value)
    match = _DATE_VALUE.fullmatch(value)
    if match is None:
        raise ValueError(f"{name} is not a date Heard can read: give a prefix and a date, {WHEN_EXAMPLES}.")
    prefix = match["prefix"] or "eq"
    if prefix not in PREFIXES:
        raise ValueError(f"{name} cannot start with {prefix}: use one of {', '.join(PREFIXES)}, {WHEN_EXAMPLES}.")
    if match["hour"] is not None and match["zone"] is None:
        raise ValueError(
            f"The time in {name} has no time zone: add one, as in 2026-11-30T14:05:00Z, or give the date alone."
        )
    try:
        return prefix, _range(match)
    except (ValueError, OverflowError):
        raise ValueError(f"{name} is not a date there is: {value[len(match['prefix'] or '') :]!r}.") from None


def _range(match: re.Match) -> _When:
    year = int(match["year"])
    if match["hour"] is not None:
        zone = dt.UTC if match["zone"] == "Z" else dt.datetime.strptime(match["zone"].replace(":", ""), "%z").tzinfo
        fraction = (match["fraction"] or "")[1:7]
        start = dt.datetime(
            year,
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=zone,
        )
        unit = (
            dt.timedelta(minutes=1)
            if match["second"] is None
            else dt.timedelta(microseconds=10 ** (6 - len(fraction)))
            if fraction
            else dt.timedelta(seconds=1)
        )
        return _with_days(start, _plus(start, unit))
    if match["day"] is not None:
        first = last = dt.date(year, int(match["month"]), int(match["day"]))
    elif match["month"] is not None:
        first = dt.date(year, int(match["month"]), 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.datetime.combine(first, dt.time(), tzinfo=UK_TIME)
    end = None if last == dt.date.max else dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=UK_TIME)
    return _with_days(start, end)


def _with_days(start: dt.datetime, end: dt.datetime | None) -> _When:
    local = start.astimezone(UK_TIME)
    first_whole_day = local.date()
    if local.time() != dt.time():  # the range starts during that day, so the next is the first whole one
        first_whole_day = None if first_whole_day == dt.date.max else first_whole_day + dt.timedelta(days=1)
    ends_on = None if end is None else end.astimezone(UK_TIME).date()
    return _When(start, end, first_whole_day, ends_on)


def _plus(start: dt.datetime, unit: dt.timedelta) -> dt.datetime | None:
    try:
        return start + unit
    except OverflowError:
        return None


def authored(value: str) -> Q:
    """`authored` is a day, so a range too: the whole UK day the feedback was given, compared with the
    search value's range as FHIR compares ranges. `eq`: the value's range holds the whole day; `ne`:
    it does not; `gt`: some of the day is after the value's range; `lt`: some of it is before; `ge` and
    `le`: either that or `eq`. A date gives whole days, so each prefix reads as it says; a date and time
    is a second or a minute, which never holds a whole day (`eq` finds nothing), and `gt` and `lt` find
    the day it falls on, as the feedback may have been given after it, or before."""
    prefix, when = _when("authored", value)
    every_day = Q(received_on__lte=dt.date.max)  # not Q(), which an OR would drop
    starts_within = NOTHING if when.first_whole_day is None else Q(received_on__gte=when.first_whole_day)
    ends_within = every_day if when.ends_on is None else Q(received_on__lt=when.ends_on)
    within = starts_within & ends_within
    after = NOTHING if when.ends_on is None else Q(received_on__gte=when.ends_on)
    before = every_day if when.first_whole_day is None else Q(received_on__lt=when.first_whole_day)
    return {
        "eq": within,
        "ne": ~within,
        "gt": after,
        "lt": before,
        "ge": after | within,
        "le": before | within,
    }[prefix]


def last_updated(value: str) -> Q:
    """`_lastUpdated` is an instant: within the search value's range, or wholly after or before it. It
    is when Heard recorded the feedback or last changed it after, by withdrawing consent to quote or
    making it anonymous (``Feedback.last_changed``), so that a system pulling what changed since its
    last pull gets the anonymous version."""
    prefix, when = _when("_lastUpdated", value)
    changed = Feedback.last_changed()
    after_start = Q(GreaterThanOrEqual(changed, when.start))
    before_end = Q() if when.end is None else Q(LessThan(changed, when.end))
    return {
        "eq": after_start & before_end,
        "ne": ~(after_start & before_end),
        "gt": NOTHING if when.end is None else Q(GreaterThanOrEqual(changed, when.end)),
        "lt": Q(LessThan(changed, when.start)),
        "ge": after_start,
        "le": before_end,
    }[prefix]
