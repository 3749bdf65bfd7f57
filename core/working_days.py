"""Working days in England: neither a weekend nor a bank holiday (with the days given in lieu when
Christmas, Boxing Day or New Year's Day falls at a weekend). The demo holds its meetings, plans its
audits and sets its due dates on them, as people at work would.

The bank holidays come from the `holidays` package, whose tables are installed with it: nothing is
looked up at run time."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


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
