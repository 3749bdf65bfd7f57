"""Working days in England and office hours on them, for the demo's meetings, audits, due dates and
what its staff do."""

import datetime as dt

import pytest
from django.utils import timezone

from core.working_days import at_work, at_work_after, in_office_hours, is_working_day, last_at_work, working_day


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


def uk(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def test_at_work_is_in_office_hours_on_the_working_day_before_and_never_after_now():
    later = uk(2027, 1, 1, 12)
    assert at_work(dt.date(2026, 12, 25), 10, now=later) == uk(2026, 12, 24, 10)  # Christmas Day: the eve
    assert at_work(dt.date(2026, 12, 6), 16, 30, now=later) == uk(2026, 12, 4, 16, 30)  # a Sunday: the Friday
    # Today at four, when it is only noon: the working day before.
    assert at_work(dt.date(2026, 12, 3), 16, now=uk(2026, 12, 3, 12)) == uk(2026, 12, 2, 16)
    with pytest.raises(ValueError, match="21:00 is outside office hours"):
        at_work(dt.date(2026, 12, 3), 21, now=later)


def test_at_work_after_is_the_next_working_days_hour_and_never_before_the_moment():
    assert at_work_after(uk(2026, 12, 24, 16), days=1, hour=9) == uk(2026, 12, 29, 9)
    assert at_work_after(uk(2026, 12, 3, 10), days=0, hour=9) == uk(2026, 12, 4, 9)  # nine has passed
    assert at_work_after(uk(2026, 12, 5, 23), days=0, hour=9) == uk(2026, 12, 7, 9)  # Saturday night: Monday
    assert in_office_hours(uk(2026, 12, 7, 9)) and not in_office_hours(uk(2026, 12, 7, 19))
    assert not in_office_hours(uk(2026, 12, 25, 11))


def test_the_last_moment_at_work_is_now_in_office_hours_else_the_close_of_the_working_day_before():
    minutes = dt.timedelta(minutes=6)
    assert last_at_work(uk(2026, 12, 3, 11, 30)) == uk(2026, 12, 3, 11, 30)  # a Thursday morning: now
    assert last_at_work(uk(2026, 12, 3, 23)) == uk(2026, 12, 3, 18)  # that night: when the office closed
    assert last_at_work(uk(2026, 12, 5, 3)) == uk(2026, 12, 4, 18)  # Saturday: Friday's close
    assert last_at_work(uk(2026, 12, 7, 7, 59)) == uk(2026, 12, 4, 18)  # Monday before opening: Friday's
    assert last_at_work(uk(2026, 12, 29, 2)) == uk(2026, 12, 24, 18)  # after Christmas: the eve
    # Room for six minutes' work after it, all of it in office hours and none later than now.
    assert last_at_work(uk(2026, 12, 3, 11, 30), room=minutes) == uk(2026, 12, 3, 11, 24)
    assert last_at_work(uk(2026, 12, 3, 23), room=minutes) == uk(2026, 12, 3, 17, 54)
    assert last_at_work(uk(2026, 12, 7, 8, 3), room=minutes) == uk(2026, 12, 4, 17, 54)  # not 7:57 on Monday
    assert last_at_work(uk(2026, 12, 7, 8, 6), room=minutes) == uk(2026, 12, 7, 8)
    # In summer time too: 18:00 in London, 17:00 UTC.
    assert last_at_work(dt.datetime(2026, 7, 4, 12, tzinfo=dt.UTC)) == uk(2026, 7, 3, 18)
