"""The demo tells the governance stories: loops closed with evidence, loops stalled, challenges."""

import pytest

from core import clock
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from governance.loops import loop_tracker
from governance.models import (
    Action,
    ActionStatus,
    Challenge,
    ChallengeStatus,
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Meeting,
)
from organisations.demo import demo_build
from organisations.models import Organisation
from organisations.scope import system_scope


@pytest.fixture(scope="module")
def built(module_records):
    """Northgate with eighteen months of feedback and its governance, built once for this module."""
    with module_records.unblock():
        northgate = demo_build(seed=2026)[0].organisation
        feedback_demo_build(organisation=northgate, seed=2026, total=600)
        made = governance_demo_build(organisation=northgate, seed=2026)
    return northgate.pk, made


@pytest.fixture
def northgate(db, built):
    return Organisation.objects.get(pk=built[0])


@pytest.fixture
def made(built):
    return dict(built[1])


def test_the_demo_has_eighteen_months_of_meetings_closed_loops_and_stalled_ones(northgate, made):
    meetings = Meeting.objects.for_org(northgate)
    assert made["meetings"] == meetings.count() >= 60
    span = clock.today() - min(meetings.values_list("held_on", flat=True))
    assert span.days >= 17 * 30
    closed = Action.objects.for_org(northgate).filter(status=ActionStatus.CLOSED)
    assert closed.count() >= 2 and not closed.filter(impact_link="").exists()
    assert all(a.checked_by_id != a.lead_id for a in closed)
    statuses = set(Challenge.objects.for_org(northgate).values_list("status", flat=True))
    assert {ChallengeStatus.SATISFIED, ChallengeStatus.OPEN} <= statuses

    loops = loop_tracker(scope=system_scope(organisation=northgate), today=clock.today())
    bells = next(lp for lp in loops if lp.code == "call-bells-and-responsiveness" and lp.service_name == "Rowan House")
    assert bells.state == "checked"
    assert bells.acted == ["Tom Hargreaves"] and bells.checked == ["Grace Okafor"] and bells.decided
    stalled = {lp.service_name for lp in loops if lp.is_stalled}
    assert {"Northgate Home Care", "Willow Day Opportunities"} <= stalled


def test_the_demo_ledger_shows_activities_across_the_ladder_and_what_they_shaped(northgate, made):
    activities = CoproductionActivity.objects.for_org(northgate)
    assert made["activities"] == activities.count() == 5
    assert {"co_production", "co_design", "engagement", "consultation", "informing"} == set(
        activities.values_list("rung", flat=True)
    )
    cited = CoproductionInfluence.objects.for_org(northgate).exclude(decision=None)
    assert {i.decision.actions.get().status for i in cited} == {ActionStatus.CLOSED}
    lived = CoproductionParticipant.objects.for_org(northgate).filter(lived_experience=True)
    assert {"Margaret Wilson", "Jean Taylor", "Bernard Hughes"} <= set(
        lived.values_list("person__full_name", flat=True)
    )
