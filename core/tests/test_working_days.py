"""Working days in England, for the demo's meetings, audits and due dates."""

import datetime as dt

from core.working_days import is_working_day, working_day


def test_weekends_and_bank_holidays_are_not_working_days_and_days_in_lieu_are_kept():
    assert is_working_day(dt.date(2026, 12, 4))  # a Friday
    assert not is_working_day(dt.date(2026, 12, 5))  # a Saturday
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day, a Friday
    # Boxing Day 2026 is a Saturday: the Monday after is the bank holiday in its place.
    assert not is_working_day(dt.date(2026, 12, 28))
    assert not is_working_day(dt.date(2026, 4, 3)) and not is_working_day(dt.date(2026, 4, 6))  # Easter
    assert is_working_day(dt.date(2026, 12, 29))


def test_the_nearest_working_day_is_found_forwards_or_backwards():
    assert working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 24)
    assert working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 29)
    assert working_day(dt.date(2026, 12, 27), earlier=True) == dt.date(2026, 12, 24)
    assert working_day(dt.date(2026, 12, 6), earlier=True) == dt.date(2026, 12, 4)
