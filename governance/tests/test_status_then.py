"""An action's status as at a day has one answer (``action_statuses_until``, replayed from its status
rows), and every reader asks it: a past meeting's agenda pack, the loop tracker on a past day and the
reports' actions. Here all four are read on the same days and must agree, across a UK midnight, a
send-back and a challenge raised after the action was done."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import clock
from governance import services as gov
from governance.loops import loop_tracker
from governance.models import ActionStatus, ChallengeSubject
from governance.packs import agenda_pack
from governance.selectors import action_statuses_until, meeting_get
from reports.oversight import actions_until

from .conftest import action_input, days_back, theme

pytestmark = pytest.mark.django_db

CALL_BELLS = "call-bells-and-responsiveness"
LINK = "https://heard.example.org/feedback/?theme=call-bells"
EARLY = "Checked at once in this test."
OPEN, IN_PROGRESS = ActionStatus.OPEN, ActionStatus.IN_PROGRESS
AWAITING, CLOSED = ActionStatus.AWAITING_CHECK, ActionStatus.CLOSED

# 00:30 on 2 July in the UK (British Summer Time), still 1 July in UTC.
AFTER_MIDNIGHT = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)


def _open(org, services, team, *, at: dt.datetime, due_on: dt.date):
    data = action_input(
        team, source="theme", theme_id=theme(org, CALL_BELLS).id, service_id=services[0].id, due_on=due_on
    )
    return gov.action_create(scope=team.scope("quality"), data=data, now=at)


def _read_on(services, team, action, day: dt.date) -> dict:
    """The action as each reader had it on ``day``."""
    qs, rowan = team.scope("quality"), services[0]
    status = action_statuses_until(scope=qs, action_ids=[action.id], end=clock.end_of_day(day))[action.id]
    [fact] = [f for f in actions_until(scope=qs, end=clock.end_of_day(day)) if f.id == action.id]
    meeting = gov.meeting_create(scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=day)
    pack = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=meeting.id), today=clock.today())
    [tracked] = [lp.actions[action.id] for lp in loop_tracker(scope=qs, today=day) if action.id in lp.actions]
    assert status.status == fact.status == tracked.status
    in_pack = [a for a in pack.overdue + pack.awaiting_check if a.id == action.id]
    assert all(a.status_then == status.status for a in in_pack)
    return {
        "status": status.status,
        "last_done_on": fact.last_done_on,
        "closed_on": fact.closed_on,
        "still_done": fact.still_done,
        "overdue": action in pack.overdue,
        "awaiting_check": action in pack.awaiting_check,
        "challenged": fact.challenged,
        "tracker_challenged": tracked.challenged,
        "challenges_in_pack": len(pack.challenges),
        "checked_by": tracked.checked_by,
    }


def test_the_end_of_a_uk_day_is_its_midnight_in_the_uk():
    assert clock.end_of_day(dt.date(2026, 7, 1)) == dt.datetime(2026, 7, 1, 23, tzinfo=dt.UTC)  # summer
    assert clock.end_of_day(dt.date(2026, 1, 1)) == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)  # winter
    # The clocks go forward on 29 March 2026: that day is 23 hours long.
    spring = [clock.end_of_day(dt.date(2026, 3, d)).astimezone(dt.UTC) for d in (28, 29)]
    assert spring[1] - spring[0] == dt.timedelta(hours=23)
    end = clock.end_of_day(dt.date(2026, 7, 1))
    assert clock.day_of(end - dt.timedelta(microseconds=1)) == dt.date(2026, 7, 1)
    assert clock.day_of(end) == dt.date(2026, 7, 2)


def test_done_just_after_a_uk_midnight_is_done_that_uk_day_by_every_reader(org, services, team, framework):
    action = _open(org, services, team, at=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), due_on=dt.date(2026, 6, 30))
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.", now=AFTER_MIDNIGHT)

    first = _read_on(services, team, action, dt.date(2026, 7, 1))
    assert first["status"] == OPEN and first["overdue"] and not first["awaiting_check"]
    assert first["last_done_on"] is None
    second = _read_on(services, team, action, dt.date(2026, 7, 2))
    assert second["status"] == AWAITING and second["awaiting_check"] and not second["overdue"]
    assert second["last_done_on"] == dt.date(2026, 7, 2)  # the UK day, not the UTC one


def test_an_action_sent_back_reads_as_with_its_lead_again_until_done_again(org, services, team, framework):
    manager, quality = team.scope("manager"), team.scope("quality")
    action = _open(org, services, team, at=days_back(20), due_on=clock.today() - dt.timedelta(days=10))
    gov.action_update_add(scope=manager, action_id=action.id, text="Started.", now=days_back(18))
    gov.action_request_check(scope=manager, action_id=action.id, note="Done.", now=days_back(15))
    gov.action_check(
        scope=quality, action_id=action.id, impact_shown=False, note="Not yet.", now=days_back(12)
    )  # sent back to its lead
    gov.action_request_check(scope=manager, action_id=action.id, note="Done again.", now=days_back(8))
    gov.action_check(
        scope=quality,
        action_id=action.id,
        impact_shown=True,
        note="Waits are down.",
        link=LINK,
        early_reason=EARLY,
        now=days_back(3),
    )

    def day(n):
        return clock.today() - dt.timedelta(days=n)

    assert _read_on(services, team, action, day(19))["status"] == OPEN
    assert _read_on(services, team, action, day(18))["status"] == IN_PROGRESS
    done = _read_on(services, team, action, day(14))
    assert (done["status"], done["awaiting_check"], done["last_done_on"], done["still_done"]) == (
        AWAITING,
        True,
        day(15),
        True,
    )
    back = _read_on(services, team, action, day(12))
    assert (back["status"], back["awaiting_check"], back["overdue"], back["still_done"]) == (
        IN_PROGRESS,
        False,
        False,  # due in two days' time
        False,
    )
    assert back["last_done_on"] == day(15)  # marked done then, though not done now
    late = _read_on(services, team, action, day(9))
    assert (late["status"], late["overdue"]) == (IN_PROGRESS, True)
    again = _read_on(services, team, action, day(8))
    assert (again["status"], again["awaiting_check"], again["overdue"], again["last_done_on"]) == (
        AWAITING,
        True,
        False,
        day(8),
    )
    assert (again["closed_on"], again["checked_by"]) == (None, "")
    closed = _read_on(services, team, action, day(3))
    assert (closed["status"], closed["closed_on"], closed["last_done_on"], closed["still_done"]) == (
        CLOSED,
        day(3),
        day(8),
        True,
    )
    assert not closed["awaiting_check"] and not closed["overdue"] and closed["checked_by"] == "Grace Okafor"


def test_an_action_done_then_challenged_waits_for_its_check_until_the_challenge_is_answered(
    org, services, team, framework
):
    manager, quality, leader = team.scope("manager"), team.scope("quality"), team.scope("leader")
    action = _open(org, services, team, at=days_back(20), due_on=clock.today() - dt.timedelta(days=5))
    gov.action_request_check(scope=manager, action_id=action.id, note="Done.", now=days_back(10))
    challenge = gov.challenge_raise(
        scope=leader, subject=ChallengeSubject.ACTION, action_id=action.id, question="Why so slow?", now=days_back(8)
    )
    with pytest.raises(ValidationError, match="waiting for an answer"):
        gov.action_check(
            scope=quality,
            action_id=action.id,
            impact_shown=True,
            note="Waits are down.",
            link=LINK,
            early_reason=EARLY,
            now=days_back(7),
        )
    gov.challenge_respond(scope=manager, challenge_id=challenge.id, text="A night carer started.", now=days_back(6))
    gov.action_check(
        scope=quality,
        action_id=action.id,
        impact_shown=True,
        note="Waits are down.",
        link=LINK,
        early_reason=EARLY,
        now=days_back(4),
    )

    def day(n):
        return clock.today() - dt.timedelta(days=n)

    done = _read_on(services, team, action, day(9))
    assert (done["status"], done["awaiting_check"], done["challenged"], done["challenges_in_pack"]) == (
        AWAITING,
        True,
        False,
        0,
    )
    for n in (8, 7, 5):  # challenged, the close refused, past its due date: still done, waiting for its check
        asked = _read_on(services, team, action, day(n))
        assert (asked["status"], asked["awaiting_check"], asked["overdue"], asked["last_done_on"]) == (
            AWAITING,
            True,
            False,
            day(10),
        )
        assert asked["challenged"] and asked["tracker_challenged"] and asked["challenges_in_pack"] == 1
    closed = _read_on(services, team, action, day(4))
    assert (closed["status"], closed["closed_on"], closed["last_done_on"], closed["challenged"]) == (
        CLOSED,
        day(4),
        day(10),
        True,
    )


def test_the_readers_of_past_statuses_ask_as_many_questions_however_many_actions(org, services, team, framework):
    qs, rowan = team.scope("quality"), services[0]
    held = clock.today() - dt.timedelta(days=2)
    meeting = gov.meeting_create(scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=held)

    def queries() -> tuple[int, int, int]:
        counted = []
        for read in (
            lambda: agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=meeting.id), today=clock.today()),
            lambda: loop_tracker(scope=qs, today=held),
            lambda: actions_until(scope=qs, end=clock.end_of_day(held), personal=True),
        ):
            with CaptureQueriesContext(connection) as ctx:
                read()
            counted.append(len(ctx.captured_queries))
        return tuple(counted)

    def more(n):
        for _ in range(n):
            action = _open(org, services, team, at=days_back(10), due_on=clock.today() - dt.timedelta(days=5))
            gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.", now=days_back(6))

    more(1)
    few = queries()
    more(4)
    assert queries() == few
