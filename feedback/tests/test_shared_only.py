"""A co-production partner reads only the feedback people agreed could be shared (ADR 0004); the
pages say so: how many of all they see, and why a piece they may not see does not open (still a 404, the same whether it exists or not)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from feedback.models import Channel, Rating
from feedback.selectors import FeedbackFilters
from feedback.services import FeedbackInput, feedback_record
from feedback.shared import shared_only
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import person_with_role


def record(scope, service, text, *, consent):
    data = FeedbackInput(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 1),
        rating=Rating.GOOD,
        comments=[("What was good?", text)],
        consent_to_quote=consent,
    )
    return feedback_record(scope=scope, data=data)


@pytest.fixture
def feedback(services, admin_scope):
    rowan, beech = services[0], services[1]
    return {
        "shared": [record(admin_scope, rowan, f"Shared {i}", consent=True) for i in range(3)],
        "not shared": [record(admin_scope, rowan, f"Private {i}", consent=False) for i in range(2)],
        "beech": [record(admin_scope, beech, "At Beech", consent=False)],
    }


@pytest.fixture
def partner(org, services):
    return person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Margaret Wilson")


def test_the_partner_is_told_how_many_of_all_the_feedback_they_see(client, org, partner, feedback):
    client.force_login(partner.user)
    body = client.get(reverse("feedback:list")).content.decode()
    assert "3 pieces of feedback" in body
    assert "You see the feedback people agreed could be shared: 3 of 5." in body
    assert "Private 0" not in body


def test_the_count_follows_the_filters_and_gives_no_count_after_a_search(org, services, partner, feedback):
    scope = scope_for(user=partner.user, organisation=org)
    counted = shared_only(scope=scope, filters=FeedbackFilters(service_id=services[0].id))
    assert (counted.everywhere, counted.shown, counted.of) == (True, 3, 5)
    searched = shared_only(scope=scope, filters=FeedbackFilters(search="Private"))
    assert (searched.shown, searched.of) == (None, None)


def test_someone_who_reads_all_the_feedback_is_not_told_anything(client, org, services, feedback):
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    assert shared_only(scope=scope_for(user=manager.user, organisation=org)) is None
    client.force_login(manager.user)
    body = client.get(reverse("feedback:list")).content.decode()
    assert "5 pieces of feedback" in body and "agreed could be shared" not in body


def test_a_partner_who_is_staff_at_another_service_is_told_where_it_applies(client, org, services, feedback):
    both = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Jean Taylor")
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=both, role=Role.STAFF)
    staff.services.set([services[1]])
    client.force_login(both.user)
    body = client.get(reverse("feedback:list")).content.decode()
    assert (
        "At the services where you are a co-production partner, you see the feedback people agreed could be "
        "shared: 4 of 6 here." in body
    )
    body = client.get(reverse("feedback:list") + f"?service={services[1].id}").content.decode()
    assert "agreed could be shared" not in body


def test_a_piece_the_partner_may_not_open_says_why_without_saying_whether_it_exists(client, partner, feedback):
    client.force_login(partner.user)
    private = feedback["not shared"][0]
    refused = client.get(reverse("feedback:detail", args=[private.id]))
    missing = client.get(reverse("feedback:detail", args=[10**9]))
    assert refused.status_code == missing.status_code == 404
    body = refused.content.decode()
    assert "you see only the feedback people agreed could be shared" in body
    assert "services you do not cover" not in body and "Private 0" not in body

    # The same page whether the piece exists or not: it says nothing about this one.
    def without_nonce(page):
        return re.sub(r'nonce="[^"]*"', "", page)

    assert without_nonce(body) == without_nonce(missing.content.decode())
    assert client.get(reverse("feedback:detail", args=[feedback["shared"][0].id])).status_code == 200


def test_others_still_get_the_ordinary_page_not_found(client, org, services, feedback):
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    client.force_login(manager.user)
    response = client.get(reverse("feedback:detail", args=[feedback["shared"][0].id]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
