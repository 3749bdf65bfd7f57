"""An action whose named checker has left, or lost their login, is on the list of work to hand over
as soon as that happens, not only once its lead says it is done: the check needs a holder before the
work is done (ADR 0009's addendum on the check's holder). The list links to the form with the check
chosen, and the home page and the daily reminder count it."""

import html
import re

import pytest
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import ActionStatus, HandoverPart
from governance.reminders import reminder_digests
from governance.tests.conftest import action_input, scope_of
from organisations import services_people
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def checker_left(org, services, team, loop):
    """Tom leads an action at Rowan House, in progress; Olivia, who was to check it, has left."""
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Olivia Owen")
    action = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title="Night call-bell audit",
            verifier_id=olivia.id,
            service_id=services[0].id,
            decision_id=loop["decision"].id,
        ),
    )
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Rota drafted.")
    services_people.person_archive(scope=scope_of(admin), person=olivia)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    return action


def test_an_action_in_progress_whose_checker_left_is_listed_at_once(client, team, checker_left):
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert [a.id for a in held.to_check] == [checker_left.id]
    assert held.leading == [] and len(held) == 1
    assert selectors.held_count(scope=team.scope("quality")) == 1

    client.force_login(team.quality.user)
    response = client.get(reverse("governance:handovers"))
    page = _words(response)
    assert "Actions to be checked by someone who cannot sign in" in page
    assert "Night call-bell audit" in page and "Olivia Owen Has left" in page and "Not done yet, due" in page
    link = reverse("governance:action", args=[checker_left.id]) + "?hand_over=verifier#hand-over"
    assert f'href="{link}"' in response.content.decode()


def test_the_link_opens_the_form_with_the_check_chosen_even_when_the_lead_left_too(client, org, team, checker_left):
    team.manager.user.is_active = False
    team.manager.user.save(update_fields=["is_active"])
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    # Two parts to hand over (Tom leads the loop's action too), each listed and counted once.
    assert checker_left.id in [a.id for a in held.leading] and [a.id for a in held.to_check] == [checker_left.id]
    assert selectors.held_count(scope=team.scope("quality")) == len(held) == len(held.leading) + 1

    client.force_login(team.quality.user)
    url = reverse("governance:action", args=[checker_left.id])
    checked = 'value="verifier" checked'
    body = client.get(url, {"hand_over": "verifier"}).content.decode()
    assert re.search(r'value="verifier"\s+checked', body) and not re.search(r'value="lead"\s+checked', body)
    body = client.get(url, {"hand_over": "lead"}).content.decode()
    assert re.search(r'value="lead"\s+checked', body) and checked not in body


def test_handing_the_check_over_takes_it_off_the_list(org, services, team, checker_left):
    laura = person_with_role(org, Role.QUALITY_LEAD, services=[services[0]], full_name="Laura Finch")
    gov.action_hand_over(
        scope=team.scope("quality"),
        action_id=checker_left.id,
        part=HandoverPart.VERIFIER,
        to_person_id=laura.id,
        reason="Olivia has left.",
    )
    assert len(selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))) == 0
    assert selectors.held_count(scope=team.scope("quality")) == 0


def test_a_finished_action_whose_checker_left_is_not_listed(org, team, checker_left):
    gov.action_withdraw(scope=team.scope("quality"), action_id=checker_left.id, reason="No longer needed.")
    assert len(selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))) == 0


def test_the_daily_reminder_counts_it(org, team, checker_left):
    digests = {d.person.full_name: d for d in reminder_digests(organisation=org, today=clock.today())}
    assert digests["Grace Okafor"].to_hand_over == 1
