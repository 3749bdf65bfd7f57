"""Coding never shows a flagged comment to someone who may not see flags at its service (ADR 0007).

Staff code feedback, but never see urgent flags: the queue (in either order), the comment page,
bulk acceptance and the API leave out feedback with a flag at a service where they may not see
flags, and a manager of that service still codes it.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from feedback.models import Comment
from organisations.models import Organisation, RoleAssignment
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import api_call, api_token_for, person_with_role
from themes.coding import selectors, training
from themes.coding.services import Suggestion, comment_code, suggestions_accept_confident, suggestions_store
from themes.models import CodingReview, UrgentFlag

from .helpers import promoted_model
from .test_coding import record

HIT = "The night carer hit my mum and she is scared of him now."
LIFE = "I want to end my life."
SOUP = "The soup was cold again at lunch."


@pytest.fixture
def comments(org, services, framework):
    """At Rowan House: one flagged comment and one ordinary one, both waiting, both suggested for."""
    system = system_scope(organisation=org)
    # Both agreed to be quoted, so a co-production partner misses the first only for its flag.
    [flagged] = record(system, services[0], HIT, day=dt.date(2026, 11, 1), consent_to_quote=True)
    [ordinary] = record(system, services[0], SOUP, day=dt.date(2026, 11, 2), consent_to_quote=True)
    assert UrgentFlag.objects.for_org(org).filter(comment=flagged).exists()
    assert not UrgentFlag.objects.for_org(org).filter(comment=ordinary).exists()
    model = promoted_model(org, framework)
    suggestions_store(
        scope=system,
        model_version=model,
        suggestions=[Suggestion(c.pk, {"dignity-and-respect": 0.97}, 5, 0.97) for c in (flagged, ordinary)],
    )
    return flagged, ordinary


def add_role(person, role, services):
    assignment = RoleAssignment.objects.for_org(person.organisation).create(
        organisation=person.organisation, person=person, role=role
    )
    assignment.services.set(services)


def queue_page(client, framework, order) -> str:
    response = client.get(reverse("themes:coding-queue", args=[framework.slug]) + f"?order={order}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER])
def test_the_queue_and_the_comment_page_leave_it_out_for_staff_and_leaders(
    client, org, services, framework, comments, role
):
    flagged, ordinary = comments
    person = person_with_role(org, role, services=[services[0]])
    client.force_login(person.user)
    for order in ("next", "oldest"):
        page = queue_page(client, framework, order)
        assert escape(SOUP) in page and escape(HIT) not in page
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, flagged.pk])).status_code == 404
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, ordinary.pk])).status_code == 200
    scope = scope_for(user=person.user, organisation=org)
    assert list(selectors.coding_queue(scope=scope, framework=framework)) == [ordinary]
    assert training.code_next_order(scope=scope, framework=framework) == [ordinary.pk]
    assert selectors.next_waiting(scope=scope, framework=framework) == ordinary
    # The count above the queue is of what this person can open, so it never hints at more.
    assert "1 comment waiting to be coded" in queue_page(client, framework, "oldest")
    assert selectors.coding_counts(scope=scope, framework=framework)["waiting"] == 1


def test_staff_cannot_code_it_or_accept_the_models_suggestions_on_it(client, org, services, framework, comments):
    flagged, ordinary = comments
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    scope = scope_for(user=staff.user, organisation=org)
    with pytest.raises(Comment.DoesNotExist):
        comment_code(scope=scope, comment_id=flagged.pk, framework=framework, theme_ids=[], sentiment=3)
    client.force_login(staff.user)
    url = reverse("themes:coding-comment", args=[framework.slug, flagged.pk])
    assert client.post(url, {"themes": [], "sentiment": "3"}).status_code == 404
    result = suggestions_accept_confident(scope=scope, framework=framework, threshold=0.9)
    assert result.comments == 1
    assert set(CodingReview.objects.for_org(org).values_list("comment_id", flat=True)) == {ordinary.pk}


def test_the_api_leaves_it_out_for_staff(client, org, services, framework, comments):
    flagged, ordinary = comments
    token = api_token_for(org, Role.STAFF, services)
    queue = api_call(client, "get", "/api/coding/social-care/queue", token).json()
    assert [item["comment_id"] for item in queue["items"]] == [ordinary.pk] and queue["count"] == 1
    assert HIT not in str(queue)
    path = f"/api/coding/social-care/comments/{flagged.pk}"
    assert api_call(client, "get", path, token).status_code == 404
    body = {"framework": "social-care", "themes": [], "sentiment": 3}
    assert api_call(client, "post", path, token, body).status_code == 404
    assert not CodingReview.objects.for_org(org).filter(comment=flagged).exists()


def test_a_manager_of_the_service_codes_it_even_after_staff_there_opened_the_queue(
    client, org, services, framework, comments
):
    flagged, ordinary = comments
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    # Staff first: the "code these next" order they are given is kept for a while, and must not
    # become the manager's.
    assert training.code_next_order(scope=scope_for(user=staff.user, organisation=org), framework=framework) == [
        ordinary.pk
    ]
    scope = scope_for(user=manager.user, organisation=org)
    assert set(training.code_next_order(scope=scope, framework=framework)) == {flagged.pk, ordinary.pk}
    client.force_login(manager.user)
    for order in ("next", "oldest"):
        assert escape(HIT) in queue_page(client, framework, order)
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, flagged.pk])).status_code == 200
    assert suggestions_accept_confident(scope=scope, framework=framework, threshold=0.9).comments == 2


def test_a_manager_of_one_home_who_is_staff_at_another_codes_flagged_comments_only_at_the_home_they_manage(
    client, org, services, framework
):
    rowan, beech, _ = services
    system = system_scope(organisation=org)
    [at_rowan] = record(system, rowan, HIT)
    [at_beech] = record(system, beech, LIFE)
    [soup] = record(system, beech, SOUP)
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(person, Role.STAFF, [beech])
    scope = scope_for(user=person.user, organisation=org)
    assert set(selectors.coding_queue(scope=scope, framework=framework)) == {at_rowan, soup}
    client.force_login(person.user)
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, at_rowan.pk])).status_code == 200
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, at_beech.pk])).status_code == 404


def test_the_safeguarding_lead_codes_it_where_they_are_staff(client, org, services, framework):
    rowan, beech, _ = services
    [at_beech] = record(system_scope(organisation=org), beech, LIFE)
    lead = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(lead, Role.STAFF, [beech])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    client.force_login(lead.user)
    assert client.get(reverse("themes:coding-comment", args=[framework.slug, at_beech.pk])).status_code == 200
