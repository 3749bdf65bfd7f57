"""Progress is the lead's account of the work (ADR 0009's addendum on progress): the lead adds it, the
lead's manager may speak for a lead who is away, and nobody else; only the lead's own update starts
an action not started. The page offers the form only to those the service would take it from, and a
leader meets the challenge form first."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.services import api_token_create
from governance import services as gov
from governance.models import ActionStatus, ActionUpdate
from organisations.roles import Role
from organisations.tests.factories import api_call, person_with_role

from .conftest import scope_of


def _status(action):
    action.refresh_from_db()
    return action.status


def _updates(org, action):
    return list(ActionUpdate.objects.for_org(org).filter(action=action).values_list("who__full_name", "text"))


@pytest.mark.parametrize("who", ["leader", "quality", "staff", "partner"])
def test_nobody_but_the_lead_or_their_manager_adds_progress(org, team, loop, who):
    action = loop["action"]
    with pytest.raises(PermissionDenied) as refused:
        gov.action_update_add(scope=team.scope(who), action_id=action.id, text="Why is this late?")
    assert "Tom Hargreaves" in str(refused.value)
    assert _status(action) == ActionStatus.OPEN and _updates(org, action) == []


def test_the_verifier_is_told_their_word_is_the_check(team, loop):
    with pytest.raises(PermissionDenied) as refused:
        gov.action_update_add(scope=team.scope("quality"), action_id=loop["action"].id, text="Started.")
    assert str(refused.value) == (
        "You check this action, so its progress is not yours to add: that is for its lead, Tom Hargreaves, or "
        "their manager. Say what is missing when you check it."
    )


def test_an_administrator_is_not_the_leads_manager(org, services, team, loop):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    with pytest.raises(PermissionDenied):
        gov.action_update_add(scope=scope_of(admin), action_id=loop["action"].id, text="Started.")


def test_another_manager_of_the_service_speaks_for_the_lead_without_starting_it(org, services, team, loop):
    action = loop["action"]
    deputy = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Ann Deputy")
    gov.action_update_add(scope=scope_of(deputy), action_id=action.id, text="The lead is on leave; rota drafted.")
    assert _status(action) == ActionStatus.OPEN
    assert _updates(org, action) == [("Ann Deputy", "The lead is on leave; rota drafted.")]
    # The lead's own update starts it.
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Back, and started.")
    assert _status(action) == ActionStatus.IN_PROGRESS


def test_a_quality_lead_who_does_not_check_it_speaks_for_the_only_manager(org, services, team, loop):
    # Tom is Rowan House's only manager, so his manager is a quality lead: any but the one who checks it.
    other_quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Olu Quality")
    gov.action_update_add(scope=scope_of(other_quality), action_id=loop["action"].id, text="The lead is away.")
    assert _status(loop["action"]) == ActionStatus.OPEN


def _page(client, person, action):
    client.force_login(person.user)
    return client.get(reverse("governance:action", args=[action.id])).content.decode()


def test_the_page_offers_progress_only_to_those_allowed_and_a_leader_the_challenge_first(client, team, loop):
    action = loop["action"]
    assert "Add progress" in _page(client, team.manager, action)
    assert "Add progress" not in _page(client, team.quality, action)
    body = _page(client, team.leader, action)
    assert "Add progress" not in body
    assert body.index("Challenge this action") < body.index("Progress and history")
    # The leader's challenge form is open, not folded away.
    assert re.search(
        r'<details class="nhsuk-details"\s+open>\s*<summary[^>]*>\s*<span[^>]*>\s*Challenge this action', body
    )


def test_a_leader_posting_progress_anyway_is_refused_and_nothing_moves(client, org, team, loop):
    action = loop["action"]
    client.force_login(team.leader.user)
    url = reverse("governance:action", args=[action.id])
    response = client.post(url, {"form": "update", "update-text": "Why is this late?"})
    assert response.status_code == 403
    body = response.content.decode()
    assert (
        "Your progress update was not saved. Only the action&#39;s lead, Tom Hargreaves, or their manager may add "
        "its progress." in body
    )
    assert "Here is what you wrote, so you can copy it. It has not been saved." in body and "Why is this late?" in body
    assert _status(action) == ActionStatus.OPEN and _updates(org, action) == []


def test_the_api_refuses_progress_from_anyone_else_in_the_same_words(client, org, team, loop):
    path = f"/api/governance/actions/{loop['action'].id}/updates"
    raw = api_token_create(scope=team.scope("leader"), name="tests")[1]
    response = api_call(client, "post", path, raw, {"text": "Why is this late?"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the action's lead, Tom Hargreaves, or their manager may add its progress."
    assert _status(loop["action"]) == ActionStatus.OPEN
