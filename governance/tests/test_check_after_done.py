"""The verifier checks work its lead has said is done (ADR 0009's addendum on the check): an action still
with its lead is neither closed over the lead's head nor "sent back" to where it already is."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from governance import services as gov
from governance.models import ActionStatus, ActionStatusChange
from organisations.tests.factories import api_call

LINK = "https://bells.example.org/audit"
NOT_YET = (
    "Tom Hargreaves has not yet said this action is done. You check it once they ask you to: until then it is "
    "with them."
)


def _check(team, action, *, shown=True):
    return gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=shown,
        early_reason="Checked at once in this test." if shown else "",
        note="Waits fell." if shown else "Show me a month of audits.",
        link=LINK if shown else "",
    )


def _refused(team, action, *, shown):
    with pytest.raises(ValidationError) as refused:
        _check(team, action, shown=shown)
    return refused.value.message_dict


@pytest.mark.parametrize("shown", [True, False])
def test_an_action_not_started_is_not_checked_and_nothing_is_saved(org, team, loop, shown):
    action = loop["action"]
    changes = ActionStatusChange.objects.for_org(org).count()
    assert _refused(team, action, shown=shown) == {"__all__": [NOT_YET]}
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.checked_by is None
    assert ActionStatusChange.objects.for_org(org).count() == changes


def test_an_action_in_progress_or_sent_back_waits_for_its_lead_to_say_it_is_done(org, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Weekly audit started.")
    assert _refused(team, action, shown=True) == {"__all__": [NOT_YET]}
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit running.")
    assert _check(team, action, shown=False).status == ActionStatus.IN_PROGRESS
    # Sent back: with the lead again, so neither closed nor sent back again until they ask.
    assert _refused(team, action, shown=True) == {"__all__": [NOT_YET]}
    assert _refused(team, action, shown=False) == {"__all__": [NOT_YET]}
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="A month of audits.")
    assert _check(team, action).status == ActionStatus.CLOSED


def test_the_page_offers_the_check_only_once_the_lead_asks_for_it(client, team, loop):
    action = loop["action"]
    url = reverse("governance:action", args=[action.id])
    client.force_login(team.quality.user)
    body = client.get(url).content.decode()
    assert "Yes: close the action with this evidence" not in body and "Save my check" not in body
    assert NOT_YET.replace("'", "&#39;") in body
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit running.")
    body = client.get(url).content.decode()
    assert "Yes: close the action with this evidence" in body and "Save my check" in body
    assert "has not yet said this action is done" not in body


def test_a_check_posted_before_the_lead_asks_is_refused_on_the_page_and_in_the_api(client, team, loop):
    action = loop["action"]
    client.force_login(team.quality.user)
    response = client.post(
        reverse("governance:action", args=[action.id]),
        {
            "form": "check",
            "check-impact_shown": "yes",
            "check-early_reason": "Checked at once in this test.",
            "check-note": "Waits fell.",
            "check-link": LINK,
        },
    )
    assert response.status_code == 400 and "has not yet said this action is done" in response.content.decode()
    raw = api_token_create(scope=team.scope("quality"), name="tests")[1]
    body = {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": "Waits fell.", "link": LINK}
    response = api_call(client, "post", f"/api/governance/actions/{action.id}/check", raw, body)
    assert response.status_code == 422 and response.json()["fields"] == {"__all__": [NOT_YET]}
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
