"""Someone whose part in an action was handed to someone else while their page was open, and who then
sends the progress, "it is done" or check form, lands back on the action's page told why nothing was
saved and who has the action now, with what they typed given back (shown, or in the progress form if
they may still add progress), and not saved (ADR 0009's addendum on a right lost while the page was
open)."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from governance import services as gov
from governance.models import ActionStatus, ActionStatusChange, ActionUpdate, HandoverPart
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import action_input, scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def led_by_aisha(org, services, team, loop):
    """An action Aisha (staff at Rowan House) leads, for Grace to check. Tom, the service's manager,
    could speak for her, so it is Aisha who loses every right to it when it is handed to Tom."""
    return gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title="Ask residents about night checks",
            lead_id=team.staff.id,
            service_id=services[0].id,
            decision_id=loop["decision"].id,
        ),
    )


def _hand(team, action, part, to):
    gov.action_hand_over(
        scope=team.scope("quality"), action_id=action.id, part=part, to_person_id=to.id, reason="Aisha is on leave."
    )


def _post(client, person, action, data):
    client.force_login(person.user)
    response = client.post(reverse("governance:action", args=[action.id]), data)
    assert response.status_code == 403
    return html.unescape(response.content.decode())


def _progress_box(body: str) -> str:
    """What the progress form's text box holds, or None if the page has no progress form."""
    found = re.search(r'<textarea[^>]*name="update-text"[^>]*>(.*?)</textarea>', body, re.S)
    return found.group(1).strip() if found else None


def _saved(org, action):
    return (
        ActionUpdate.objects.for_org(org).filter(action=action).count(),
        ActionStatusChange.objects.for_org(org).filter(action=action).count(),
    )


def test_a_lead_whose_action_was_handed_on_is_told_who_leads_it_and_nothing_is_saved(client, org, team, led_by_aisha):
    action = led_by_aisha
    _hand(team, action, HandoverPart.LEAD, team.manager)
    before = _saved(org, action)

    body = _post(client, team.staff, action, {"form": "update", "update-text": "Asked six residents."})

    assert "There is a problem" in body
    assert (
        "Your progress update was not saved. This action is now led by Tom Hargreaves, so only they, or their "
        "manager, can add its progress." in body
    )
    # What she typed is given back, though she may no longer add progress: shown, to copy.
    assert "Here is what you wrote, so you can copy it. It has not been saved." in body
    assert "Asked six residents." in body and _progress_box(body) is None
    assert _saved(org, action) == before
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN

    body = _post(client, team.staff, action, {"form": "ready", "ready-text": "All asked, and all agreed."})
    assert (
        "Your request for a check was not sent. This action is now led by Tom Hargreaves, so only they can say "
        "it is done." in body
    )
    assert "All asked, and all agreed." in body
    assert _saved(org, action) == before


def test_a_lead_handed_on_who_may_still_add_progress_finds_what_they_wrote_in_its_form(
    client, org, services, team, loop
):
    """Tom led it and it went to Aisha, in his team: as her manager he may still add progress."""
    action = loop["action"]
    gov.action_hand_over(
        scope=team.scope("quality"),
        action_id=action.id,
        part=HandoverPart.LEAD,
        to_person_id=team.staff.id,
        reason="Tom is on leave.",
    )
    before = _saved(org, action)

    body = _post(client, team.manager, action, {"form": "ready", "ready-text": "Rota in place & audited."})

    assert "This action is now led by Aisha Rahman, so only they can say it is done." in body
    assert "What you wrote is in the progress form below, so you can add it as progress. It has not been saved." in body
    assert _progress_box(body) == "Rota in place & audited."
    assert _saved(org, action) == before


def test_a_verifier_whose_check_was_handed_on_is_told_who_checks_it_and_nothing_is_saved(
    client, org, team, led_by_aisha
):
    action = led_by_aisha
    gov.action_request_check(scope=scope_of(team.staff), action_id=action.id, note="All asked.")
    olu = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Olu Bankole")
    _hand(team, action, HandoverPart.VERIFIER, olu)
    before = _saved(org, action)

    body = _post(
        client,
        team.quality,
        action,
        {"form": "check", "check-impact_shown": "yes", "check-note": "Residents say so.", "check-link": "/feedback/"},
    )

    assert "Your check was not saved. This action is now checked by Olu Bankole, so only they can check it." in body
    assert "The evidence" in body and "Residents say so." in body and "/feedback/" in body
    assert _saved(org, action) == before
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK and action.checked_by is None


def test_the_services_refuse_in_the_same_words(team, led_by_aisha):
    action = led_by_aisha
    _hand(team, action, HandoverPart.LEAD, team.manager)
    with pytest.raises(PermissionDenied) as refused:
        gov.action_update_add(scope=scope_of(team.staff), action_id=action.id, text="Asked six residents.")
    assert str(refused.value) == (
        "This action is now led by Tom Hargreaves, so only they, or their manager, can add its progress."
    )
    # Someone who never had a part in it is told who has.
    with pytest.raises(PermissionDenied) as refused:
        gov.action_check(scope=team.scope("leader"), action_id=action.id, impact_shown=False, note="Not yet.")
    assert str(refused.value) == "Only Grace Okafor, who checks this action, may check it."
