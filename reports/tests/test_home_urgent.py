"""The home page's open urgent flags: a warning, not a note, with how long the oldest has been open
(UK days, so the count is right at any hour) and how many are past their review-by date; for the
safeguarding lead, those in their to-do; for a leader, who may not open flags, only the counts at
their services and who holds them."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from feedback.models import QUESTION_BETTER, Channel, Rating
from feedback.services import FeedbackInput, feedback_record
from governance.tests.conftest import days_back
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from reports.home import home_dashboard
from reports.todo import yours_to_do
from themes.models import ReferredTo, UrgentFlag
from themes.selectors import urgent_oversight
from themes.services import urgent_flag_record_action

URGENT = "My dad has bruises on his arms and nobody could explain them."


def flag_raised(org, service, days_ago):
    item = feedback_record.__wrapped__(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.IN_PERSON,
            received_on=clock.today() - dt.timedelta(days=days_ago),
            comments=[(QUESTION_BETTER, URGENT)],
            rating=Rating.POOR,
        ),
    )
    flag = UrgentFlag.objects.for_org(org).get(comment__feedback=item)
    UrgentFlag.objects.for_org(org).filter(pk=flag.pk).update(detected_at=days_back(days_ago))
    flag.refresh_from_db()
    return flag


@pytest.fixture
def grace(org):
    return person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")


def test_open_flags_are_a_warning_saying_how_long_the_oldest_has_been_open(client, org, services, grace):
    flag_raised(org, services[0], 12)
    flag_raised(org, services[1], 3)
    client.force_login(grace.user)
    body = client.get(reverse("organisations:home")).content.decode()
    assert "nhsuk-warning-callout" in body or "nhsuk-card--warning" in body
    assert "Urgent flags open" in body
    assert "2 urgent flags are open.</strong> The oldest has been open for 12 days." in body
    assert "Information: " not in body


def test_one_flag_raised_today_and_none_open(client, org, services, grace):
    client.force_login(grace.user)
    body = client.get(reverse("organisations:home")).content.decode()
    assert "No urgent flags are open." in body and "Urgent flags open" not in body
    flag_raised(org, services[0], 0)
    body = client.get(reverse("organisations:home")).content.decode()
    assert "1 urgent flag is open.</strong> It has been open since today." in body


def test_someone_who_may_not_see_flags_is_told_nothing_of_them(client, org, services):
    flag_raised(org, services[0], 5)
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    body = client.get(reverse("organisations:home")).content.decode()
    assert "urgent flag" not in body.lower()


# --- overdue reviews, the safeguarding lead's to-do, and what a leader may know (ADR 0007) ----


def review_missed(org, flag, person):
    """A note recorded the day after the flag, setting a review-by date that has since passed."""
    urgent_flag_record_action(
        scope=scope_for(user=person.user, organisation=org),
        flag_id=flag.id,
        action="Referred to the council; waiting to hear.",
        closes=False,
        review_by=clock.day_of(flag.detected_at) + dt.timedelta(days=2),
        referred_to=ReferredTo.LOCAL_AUTHORITY,
        now=flag.detected_at + dt.timedelta(days=1),
    )


@pytest.fixture
def named_lead(org, grace):
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=grace)
    org.refresh_from_db()
    return grace


def home_of(client, person) -> str:
    client.force_login(person.user)
    return client.get(reverse("organisations:home")).content.decode()


def test_the_safeguarding_lead_has_overdue_reviews_to_do_and_the_warning_counts_them(client, org, services, named_lead):
    overdue = flag_raised(org, services[0], 12)
    flag_raised(org, services[1], 3)
    review_missed(org, overdue, named_lead)
    body = home_of(client, named_lead)
    assert "Urgent flags to look at again" in body
    assert "1 open urgent flag is past its review-by date." in body
    assert "2 urgent flags are open.</strong> The oldest has been open for 12 days. 1 of them is past the date" in body
    assert yours_to_do(scope=scope_for(user=named_lead.user, organisation=org), today=clock.today()).has_work


def test_only_the_safeguarding_lead_has_overdue_reviews_in_their_to_do(client, org, services, named_lead):
    review_missed(org, flag_raised(org, services[0], 12), named_lead)
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    body = home_of(client, quality)
    assert "Urgent flags to look at again" not in body
    assert "Its review is overdue" in body  # the warning still says so: they may see the flags


def test_a_leader_sees_how_many_flags_are_open_and_who_holds_them_but_not_the_flags(client, org, services, named_lead):
    overdue = flag_raised(org, services[0], 12)
    flag_raised(org, services[1], 3)
    flag_raised(org, services[2], 1)
    review_missed(org, overdue, named_lead)
    leader = person_with_role(org, Role.LEADER, all_services=True)
    body = home_of(client, leader)
    assert "3 urgent flags are open at your services.</strong> The oldest has been open for 12 days." in body
    assert "1 of them is past the date by which it was to be looked at again." in body
    assert "They are held by the safeguarding lead, Grace Okafor." in body
    assert reverse("themes:queue") not in body  # a leader may not open them
    assert URGENT not in body and "council" not in body  # nor read what they say or what was done
    oversight = urgent_oversight(scope=scope_for(user=leader.user, organisation=org), today=clock.today())
    assert (oversight.open, oversight.review_overdue, oversight.oldest_days) == (3, 1, 12)


def test_a_leader_counts_only_the_flags_of_their_services(client, org, services, named_lead):
    flag_raised(org, services[0], 12)
    leader = person_with_role(org, Role.LEADER, services=[services[1]])
    body = home_of(client, leader)
    assert "No urgent flags are open at your services." in body and "Grace Okafor" not in body
    flag_raised(org, services[1], 4)
    assert "1 urgent flag is open at your services.</strong> It has been open for 4 days." in home_of(client, leader)


def test_without_a_safeguarding_lead_a_leader_is_told_who_holds_the_flags(client, org, services):
    flag_raised(org, services[0], 2)
    leader = person_with_role(org, Role.LEADER, all_services=True)
    assert "No safeguarding lead has been named: administrators and quality leads hold them." in home_of(client, leader)


def test_a_manager_of_another_service_counts_none_of_them(client, org, services, named_lead):
    review_missed(org, flag_raised(org, services[0], 12), named_lead)
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    body = home_of(client, manager)
    assert "No urgent flags are open." in body and "past the date" not in body and "Review overdue" not in body
    scope = scope_for(user=manager.user, organisation=org)
    home = home_dashboard(scope=scope, today=clock.today())
    assert (home.urgent_open, home.urgent_review_overdue, home.urgent_oversight) == (0, 0, None)
