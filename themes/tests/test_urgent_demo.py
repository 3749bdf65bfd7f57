"""The demo's urgent flags are followed up as a safeguarding lead would: the old ones closed saying
what was done, the last fortnight's in hand with a date to look at them again (one of them missed), today's waiting,
and the referrals their first steps made recorded as referrals."""

import datetime as dt

import pytest
from django.utils import timezone

from core import clock
from core.working_days import in_office_hours, working_day
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import person_with_role
from themes import selectors
from themes.models import FlagStatus, UrgentFlag
from themes.tests.test_urgent_reminders import SELF_NEGLECT, flag_on
from themes.urgent_demo import urgent_demo_follow_up

SELF_HARM = "He keeps saying he wants to end it all and nobody is listening to him."
MONEY = "Some money went missing from my nan's purse after a carer's visit."


@pytest.fixture
def lead(org):
    """The organisation's safeguarding lead, who follows the demo's flags up."""
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    org.refresh_from_db()
    return lead


def test_old_flags_are_closed_recent_ones_in_hand_and_todays_waiting(org, services, lead):
    old = flag_on(org, services[0], SELF_HARM, days_ago=40)
    older = flag_on(org, services[1], MONEY, days_ago=90)
    recent = flag_on(org, services[0], SELF_NEGLECT, days_ago=5)
    today = flag_on(org, services[1], SELF_HARM, days_ago=0.01)

    counts = urgent_demo_follow_up(organisation=org)

    assert counts == {"closed": 2, "in_hand": 1, "waiting": 1}
    flags = {f.pk: f for f in UrgentFlag.objects.for_org(org).prefetch_related("actions")}
    for flag in (flags[old.pk], flags[older.pk]):
        first, closing = flag.actions.all()
        assert flag.status == FlagStatus.CLOSED and closing.closes and not first.closes
        assert {first.who_id, closing.who_id} == {lead.pk}
        # Acted on as soon as the lead was at work, closed days later, and all of it in the past.
        assert acted_on_at_work(flag, first)
        assert timezone.localdate(first.at) < timezone.localdate(closing.at) < clock.today()
        assert in_office_hours(closing.at)
    assert "mental health" in flags[old.pk].actions.all()[0].action  # words for what the comment raised
    assert "council" in flags[older.pk].actions.all()[0].action
    [in_hand] = flags[recent.pk].actions.all()
    assert flags[recent.pk].status == FlagStatus.OPEN and not in_hand.closes
    assert acted_on_at_work(flags[recent.pk], in_hand)
    assert flags[today.pk].status == FlagStatus.OPEN and not flags[today.pk].actions.exists()


def acted_on_at_work(flag, action) -> bool:
    """Within two hours of its arrival, or, when that was outside office hours, on the next working day
    (a flag that came in at a weekend is seen on the Monday); in office hours either way."""
    arrived = timezone.localdate(flag.detected_at)
    soon = action.at - flag.detected_at < dt.timedelta(hours=2)
    next_day = timezone.localdate(action.at) <= working_day(arrived + dt.timedelta(days=1))
    return in_office_hours(action.at) and action.at > flag.detected_at and (soon or next_day)


def test_without_a_safeguarding_lead_nothing_is_recorded(org, services):
    flag = flag_on(org, services[0], SELF_HARM, days_ago=40)
    assert urgent_demo_follow_up(organisation=org) == {"closed": 0, "in_hand": 0, "waiting": 0}
    assert UrgentFlag.objects.for_org(org).get(pk=flag.pk).status == FlagStatus.OPEN


def test_flags_in_hand_say_when_they_will_be_looked_at_again_and_one_review_is_missed(org, services, lead):
    missed = flag_on(org, services[0], SELF_NEGLECT, days_ago=10)
    waiting = flag_on(org, services[1], SELF_NEGLECT, days_ago=5)
    closed = flag_on(org, services[0], SELF_NEGLECT, days_ago=40)
    unreferred = flag_on(org, services[1], SELF_HARM, days_ago=6)

    urgent_demo_follow_up(organisation=org)

    scope = scope_for(user=lead.user, organisation=org)
    shown = {f.pk: f for f in selectors.urgent_queue(scope=scope, today=clock.today())}
    assert shown[missed.pk].review_overdue and shown[missed.pk].review_by < clock.today()
    assert not shown[waiting.pk].review_overdue and shown[waiting.pk].review_by >= clock.today()
    assert shown[closed.pk].review_by is None
    # The first step's words referred neglect to the council: the referral is recorded, with its reference.
    for flag in (missed, waiting, closed):
        [referral] = shown[flag.pk].referrals
        assert referral.referral_said.startswith("Referred to the local authority's safeguarding team, ref ASC-")
    assert shown[unreferred.pk].referrals == []  # the GP and the mental health team: no referral
