"""The home page's open urgent flags: a warning, not a note, with how long the oldest has been open
(UK days, so the count is right at any hour)."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from feedback.models import QUESTION_BETTER, Channel, Rating
from feedback.services import FeedbackInput, feedback_record
from governance.tests.conftest import days_back
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.models import UrgentFlag

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
