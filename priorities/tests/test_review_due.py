"""A priority's next review falls on a working day: a quarter after the last review (or the planning
session) that lands on a weekend or a bank holiday moves to the next working day."""

import datetime as dt

from core import clock
from governance.models import Rung
from priorities import selectors
from priorities import services as plan

from .test_priorities import choose, session

SUNDAY = dt.date(2026, 8, 2)
SUMMER_BANK_HOLIDAY = dt.date(2026, 8, 31)  # a Monday
CHRISTMAS = dt.date(2026, 12, 25)  # a Friday; Boxing Day is a Saturday, so Monday 28th is its day in lieu


def _held(day: dt.date) -> dict:
    """The session's `days_ago` for a session held a quarter (92 days) before `day`."""
    return {"days_ago": (clock.today() - (day - dt.timedelta(days=92))).days}


def test_a_review_due_on_a_sunday_is_due_the_monday_after(org, services, team, framework):
    assert SUNDAY.weekday() == 6
    priority = choose(team, session(team, services[0], **_held(SUNDAY)))
    assert selectors.next_review_due(priority) == dt.date(2026, 8, 3)


def test_a_review_due_on_a_bank_holiday_is_due_the_next_working_day(org, services, team, framework):
    rowan = services[0]
    priority = choose(team, session(team, rowan, **_held(SUNDAY)))
    forum = session(
        team, rowan, kind="forum", rung=Rung.ENGAGEMENT, title="Residents' forum", **_held(SUMMER_BANK_HOLIDAY)
    )
    plan.review_record(
        scope=team.scope("manager"), priority_id=priority.id, session_id=forum.id, progress="Waits are shorter."
    )
    got = selectors.priority_get(scope=team.scope("manager"), priority_id=priority.id)
    assert selectors.next_review_due(got) == dt.date(2026, 9, 1)


def test_a_review_due_on_christmas_day_waits_for_the_bank_holidays_and_the_weekend(org, services, team, framework):
    priority = choose(team, session(team, services[0], **_held(CHRISTMAS)))
    assert selectors.next_review_due(priority) == dt.date(2026, 12, 29)
