"""Overdue has one meaning everywhere: the lead has not marked the action done and it was due before
the day looked at. An action done and waiting for its check is not overdue, however late the check."""

import datetime as dt

from accounts.services import api_token_create
from core import clock
from governance import services as gov
from governance.loops import loop_tracker
from governance.models import Action, ActionStatus, is_overdue
from governance.packs import agenda_pack
from governance.reminders import reminder_digests
from governance.selectors import ActionFilters, action_list, meeting_get, my_governance_work
from organisations.tests.factories import api_call
from reports.home import home_dashboard

from .conftest import action_input, theme

CALL_BELLS = "call-bells-and-responsiveness"


def _late_pair(org, rowan, team):
    """Two actions at Rowan House due twenty days ago: one still in progress, one done and waiting for
    its check."""
    qs = team.scope("quality")
    made = []
    for title in ("Fit new call bells", "Audit call bell times"):
        action = gov.action_create(
            scope=qs,
            data=action_input(
                team, title=title, source="theme", theme_id=theme(org, CALL_BELLS).id, service_id=rowan.id
            ),
            now=clock.now() - dt.timedelta(days=60),
        )
        made.append(action)
    late, done = made
    Action.objects.for_org(org).filter(pk__in=[late.pk, done.pk]).update(due_on=clock.today() - dt.timedelta(days=20))
    gov.action_request_check(scope=team.scope("manager"), action_id=done.id, note="Audit done on the due day.")
    late.refresh_from_db()
    done.refresh_from_db()
    return late, done


def test_an_action_waiting_for_its_check_is_not_overdue_however_late_the_check():
    due = dt.date(2026, 9, 18)
    assert is_overdue(status=ActionStatus.IN_PROGRESS, due_on=due, on=dt.date(2026, 9, 19))
    assert is_overdue(status=ActionStatus.OPEN, due_on=due, on=dt.date(2026, 9, 19))
    assert not is_overdue(status=ActionStatus.OPEN, due_on=due, on=due)  # due today: not yet late
    for finished in (ActionStatus.AWAITING_CHECK, ActionStatus.CLOSED, ActionStatus.WITHDRAWN):
        assert not is_overdue(status=finished, due_on=due, on=dt.date(2027, 1, 1))


def test_the_log_the_home_page_yours_to_do_the_pack_the_loops_and_reminders_agree(
    client, org, services, team, framework
):
    rowan, qs = services[0], team.scope("quality")
    late, done = _late_pair(org, rowan, team)
    today = clock.today()

    assert list(action_list(scope=qs, today=today, filters=ActionFilters(status="overdue"))) == [late]
    assert late.is_overdue(on=today) and not done.is_overdue(on=today)

    home = home_dashboard(scope=qs, today=today)
    assert (home.overdue_total, home.overdue) == (1, [late])

    coming = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=today + dt.timedelta(days=7)
    )
    pack = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=coming.id), today=today)
    assert (pack.overdue, pack.awaiting_check) == ([late], [done])

    stalls = [s for lp in loop_tracker(scope=qs, today=today) for s in lp.stalls]
    assert any("Fit new call bells" in s and "20 days overdue" in s for s in stalls)
    assert not any("Audit call bell times" in s for s in stalls)

    digests = {d.person.full_name: d for d in reminder_digests(organisation=org, today=today)}
    assert digests[team.manager.full_name].overdue == [late]
    assert digests[team.quality.full_name].to_check == [done]

    # "Yours to do" counts the lead's part in the statuses overdue is judged in, and no other.
    leading = my_governance_work(scope=team.scope("manager"), today=today)
    assert (leading.leading, leading.leading_overdue) == ([late], 1)
    assert my_governance_work(scope=qs, today=today).to_check == [done]

    raw = api_token_create(scope=qs, name="tests")[1]
    listed = api_call(client, "get", "/api/governance/actions?status=overdue", raw).json()
    assert [(a["id"], a["overdue"]) for a in listed] == [(late.id, True)]
    every = api_call(client, "get", "/api/governance/actions", raw).json()
    assert {a["id"]: a["overdue"] for a in every} == {late.id: True, done.id: False}
