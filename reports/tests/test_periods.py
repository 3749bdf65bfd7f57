"""A report read before its period is over counts what was done today: its counts of what was
opened and raised agree with the tables beside them, and with the day as it is in the UK."""

import datetime as dt

from governance import services as gov
from reports.commissioner import commissioner_report
from reports.monthly import monthly_pack
from reports.periods import period_end
from reports.quarterly import quarterly_summary
from reports.tests.quarter_seed import BELLS, Q3

# 30 September 2026, late in the evening in the UK (BST, an hour ahead of UTC): the last day of the
# third quarter, which is still under way.
EVENING = dt.datetime(2026, 9, 30, 21, 30, tzinfo=dt.UTC)  # 22:30 in the UK
LATER = dt.datetime(2026, 9, 30, 22, 45, tzinfo=dt.UTC)  # 23:45 in the UK, still 30 September


def _done_today(services, team):
    """A leader challenges an action opened earlier today, and a manager records a decision with an
    action at a meeting held today."""
    from governance.tests.conftest import action_input, scope_of, theme

    rowan = services[0]
    leader, manager = scope_of(team.leader), scope_of(team.manager)
    bells = theme(rowan.organisation, BELLS)
    rota = gov.action_create(
        scope=manager,
        data=action_input(team, title="Weekly check of the night rota", service_id=rowan.id, source="theme",
                          theme_id=bells.id, due_on=dt.date(2026, 10, 30)),
        now=EVENING - dt.timedelta(hours=3),
    )  # fmt: skip
    gov.challenge_raise(
        scope=leader, subject="action", action_id=rota.id, question="Why has it not started?", now=EVENING
    )
    meeting = gov.meeting_create(
        scope=manager, meeting_type="quality_safety", service_id=rowan.id, held_on=dt.date(2026, 9, 30), now=EVENING
    )
    gov.decision_record(
        scope=manager,
        meeting_id=meeting.id,
        text="Check the call bells every week.",
        evidence=gov.Evidence(theme_ids=[bells.id]),
        actions=[action_input(team, title="Weekly call bell check", due_on=dt.date(2026, 10, 31))],
        now=EVENING,
    )


def test_the_last_day_counted_is_today_while_the_period_is_under_way_and_the_last_day_after_it():
    under_way = period_end(dt.date(2026, 9, 1), LATER)
    assert under_way.last_day == dt.date(2026, 9, 30)
    over = period_end(dt.date(2026, 9, 1), dt.datetime(2026, 9, 30, 23, 30, tzinfo=dt.UTC))  # 00:30 on 1 October
    assert over.last_day == dt.date(2026, 9, 30)
    assert over.as_of == "at the end of September 2026" and not over.under_way
    assert period_end(dt.date(2026, 12, 1), dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)).under_way
    # Winter: the end of November is midnight in the UK and in UTC alike.
    assert period_end(dt.date(2026, 11, 1), dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)).last_day == dt.date(
        2026, 11, 30
    )


def test_what_was_done_today_is_counted_in_every_report_read_today(seeded, services, team):
    from governance.tests.conftest import scope_of

    _done_today(services, team)
    commissioner = commissioner_report(scope=scope_of(team.commissioner), quarter=Q3, now=LATER)
    oversight = commissioner.section("oversight")
    counts = dict(oversight.tables[1].rows)
    # The quarter's seed opened two actions at Rowan House in July; today one more by itself and one
    # at today's meeting.
    assert counts["Opened"] == 4
    assert oversight.paragraphs[1].startswith("4 actions opened")
    raised_today = [row for row in oversight.tables[2].rows if row[0] == dt.date(2026, 9, 30)]
    assert len(raised_today) == 1
    assert oversight.paragraphs[2].startswith("2 leadership challenges raised in July to September 2026")

    quarterly = quarterly_summary(scope=scope_of(team.quality), quarter=Q3, now=LATER)
    assert dict(quarterly.section("actions").figures[0].table.rows)["Opened"] == 5  # Beech Court's too
    assert quarterly.section("actions").paragraphs[0].startswith("5 actions opened")

    monthly = monthly_pack(scope=scope_of(team.quality), month=dt.date(2026, 9, 1), now=LATER)
    actions = monthly.section("actions")
    opened = actions.tables[0].rows
    assert sorted(row[0] for row in opened) == ["Weekly call bell check", "Weekly check of the night rota"]
    assert actions.paragraphs[0].startswith("2 actions opened")
    assert monthly.section("challenges").paragraphs[0].startswith("2 challenges raised by leaders in September 2026")


def _edge_actions(services, team):
    """Rowan House actions not started, due on the two last days of the third quarter."""
    from governance.tests.conftest import action_input, scope_of, theme

    bells = theme(services[0].organisation, BELLS)
    for title, due in (("Due the day before", dt.date(2026, 9, 29)), ("Due on the last day", dt.date(2026, 9, 30))):
        made = gov.action_create(
            scope=scope_of(team.manager),
            data=action_input(
                team, title=title, service_id=services[0].id, source="theme", theme_id=bells.id, due_on=due
            ),
            now=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC),
        )
        assert made.title == title  # an ordinary word starting a title is not taken for a name and removed


def test_a_period_over_counts_days_overdue_to_its_last_day(seeded, services, team):
    """As at the end of September is as at 30 September: what the home page said that day. The rota,
    due 15 August, is 46 days late (not 47, counted to 1 October); an action due on 30 September is
    not yet late, and one due the day before is one day late."""
    from governance.tests.conftest import scope_of

    _edge_actions(services, team)
    after = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)
    rota = seeded.actions["rota"].title
    expected = [(rota, 46), ("Due the day before", 1)]

    quarterly = quarterly_summary(scope=scope_of(team.quality), quarter=Q3, now=after)
    risks = quarterly.section("risks")
    assert [(row[0], row[4]) for row in risks.tables[0].rows] == expected
    assert risks.paragraphs[0].startswith("2 actions overdue")

    monthly = monthly_pack(scope=scope_of(team.quality), month=dt.date(2026, 9, 1), now=after)
    overdue = monthly.section("actions").tables[2]
    assert [(row[0], row[4]) for row in overdue.rows] == expected

    oversight = commissioner_report(scope=scope_of(team.commissioner), quarter=Q3, now=after).section("oversight")
    assert dict(oversight.tables[1].rows)["Overdue at the end of September 2026"] == 2

    # Read on 30 September itself, the same figures.
    on_the_day = quarterly_summary(scope=scope_of(team.quality), quarter=Q3, now=LATER)
    assert [(row[0], row[4]) for row in on_the_day.section("risks").tables[0].rows] == expected


def test_a_loop_at_the_end_of_a_period_is_read_on_its_last_day(seeded, services, team, settings):
    """The loop tracker is read on the period's last day, so the days it gives are counted to it."""
    from governance.tests.conftest import scope_of

    settings.HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS = 0
    _edge_actions(services, team)
    after = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)
    stalled = quarterly_summary(scope=scope_of(team.quality), quarter=Q3, now=after).section("risks").tables[3]
    why = " ".join(row[3] for row in stalled.rows)
    assert "“Due the day before” is 1 day overdue" in why
    assert "on the last day" not in why  # nor as "[name] on the last day": it is not overdue


def test_an_action_done_and_waiting_for_its_check_is_not_overdue_at_the_end_of_a_period(seeded, services, team):
    """The rota was done on 18 September, after its due date, and its check had not happened by the end
    of September: no report counts it as overdue or puts it down to its lead."""
    from governance.tests.conftest import scope_of

    gov.action_request_check(
        scope=scope_of(team.manager), action_id=seeded.actions["rota"].id, note="New rota in use.",
        now=dt.datetime(2026, 9, 18, 11, tzinfo=dt.UTC),
    )  # fmt: skip
    after = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)
    quarterly = quarterly_summary(scope=scope_of(team.quality), quarter=Q3, now=after)
    assert quarterly.section("risks").tables[0].rows == []
    monthly = monthly_pack(scope=scope_of(team.quality), month=dt.date(2026, 9, 1), now=after)
    assert monthly.section("actions").tables[2].rows == []
    oversight = commissioner_report(scope=scope_of(team.commissioner), quarter=Q3, now=after).section("oversight")
    assert dict(oversight.tables[1].rows)["Overdue at the end of September 2026"] == 0
    assert "; 0 overdue at the end of September 2026" in oversight.paragraphs[1]


def test_the_periods_offered_begin_where_the_feedback_does():
    from reports.forms import MONTHS_OFFERED, QUARTERS_OFFERED, month_choices, quarter_choices

    today = dt.date(2026, 12, 4)
    months = [key for key, _ in month_choices(today, dt.date(2025, 6, 17))]
    assert months[0] == "2026-12" and months[-1] == "2025-06" and len(months) == 19
    assert [key for key, _ in month_choices(today, dt.date(2026, 12, 1))] == [
        "2026-12",
        "2026-11",
    ]  # last month at least
    assert len(month_choices(today, dt.date(2019, 1, 1))) == len(month_choices(today)) == MONTHS_OFFERED
    quarters = [key for key, _ in quarter_choices(today, dt.date(2025, 6, 17))]
    assert quarters[0] == "2026-Q4" and quarters[-1] == "2025-Q2"
    assert [key for key, _ in quarter_choices(today, dt.date(2026, 11, 1))] == ["2026-Q4", "2026-Q3"]
    assert len(quarter_choices(today)) == QUARTERS_OFFERED
