"""Working days in England: neither a weekend nor a bank holiday (with the days given in lieu when
Christmas, Boxing Day or New Year's Day falls at a weekend), and office hours on them. The demo holds
its meetings, plans its audits, sets its due dates and has its staff do what they do on them, as
people at work would.

The bank holidays come from the `holidays` package, whose tables are installed with it: nothing is
looked up at run time."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
from django.utils import timezone

# Office hours in the UK: staff in the demo act from when the office opens until it closes.
OPENS, CLOSES = dt.time(8), dt.time(18)


@cache
def _bank_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def working_day(day: dt.date, *, earlier: bool = False) -> dt.date:
    """The day if it is a working day; otherwise the next one (or, with `earlier`, the one before)."""
    step = dt.timedelta(days=-1 if earlier else 1)
    while not is_working_day(day):
        day += step
    return day


def working_days_after(day: dt.date, *, until: dt.date) -> int:
    """How many working days have passed since `day` by `until`: those after `day`, up to and including
    `until` (a flag raised on a Friday has been open one working day on Monday)."""
    count, step = 0, day + dt.timedelta(days=1)
    while step <= until:
        count += is_working_day(step)
        step += dt.timedelta(days=1)
    return count


def in_office_hours(moment: dt.datetime) -> bool:
    """Whether a moment falls on a working day, between opening and closing time in the UK."""
    local = timezone.localtime(moment)
    return is_working_day(local.date()) and OPENS <= local.time() <= CLOSES


def _uk(day: dt.date, hour: int, minute: int) -> dt.datetime:
    if not OPENS <= dt.time(hour, minute) <= CLOSES:
        raise ValueError(f"{hour:02}:{minute:02} is outside office hours ({OPENS:%H:%M} to {CLOSES:%H:%M}).")
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def at_work(day: dt.date, hour: int = 10, minute: int = 0, *, now: dt.datetime) -> dt.datetime:
    """When someone at work did what a story says they did on `day`: at that time of day in the UK,
    on the working day on or before it, and a working day earlier again while that is after `now`.
    Days in order give moments in order; on one day, so do the hours (a weekend or bank holiday can
    bring up to four days onto the working day before them, so a story keeps five days or an hour
    later between its steps)."""
    day = working_day(day, earlier=True)
    while (moment := _uk(day, hour, minute)) > now:
        day = working_day(day - dt.timedelta(days=1), earlier=True)
    return moment


def at_work_after(moment: dt.datetime, *, days: int = 1, hour: int = 10, minute: int = 0) -> dt.datetime:
    """When someone at work did the next thing, `days` days after `moment`: at that time of day on the
    working day on or after that day, and never before `moment` (the next working day, if it would be)."""
    day = working_day(timezone.localdate(moment) + dt.timedelta(days=days))
    while (later := _uk(day, hour, minute)) <= moment:
        day = working_day(day + dt.timedelta(days=1))
    return later


def last_at_work(now: dt.datetime, *, room: dt.timedelta = dt.timedelta(0)) -> dt.datetime:
    """The latest moment in office hours on a working day from which `room` more still ends in office
    hours that day and no later than `now`: when someone at work last could have begun what takes that
    long (`now` itself, in office hours with no room asked for). What the demo's people do as it is
    built is stamped so, the build falling at any hour."""
    latest = timezone.localtime(now) - room
    day = latest.date()
    while True:
        if is_working_day(day):
            opens = timezone.make_aware(dt.datetime.combine(day, OPENS))
            moment = min(latest, timezone.make_aware(dt.datetime.combine(day, CLOSES)) - room)
            if moment >= opens:
                return moment
        day -= dt.timedelta(days=1)
        latest = timezone.make_aware(dt.datetime.combine(day, CLOSES))
