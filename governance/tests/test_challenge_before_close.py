"""An action is not closed while a leader's challenge on it waits for an answer (ADR 0009): the
verifier is told to get it answered first, and may still send the action back to its lead."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from governance import services as gov
from governance.models import Action, ActionStatus, ActionStatusChange, ChallengeSubject

pytestmark = pytest.mark.django_db

LINK = "https://heard.example.org/feedback/?theme=call-bells"


def _done(team, loop) -> Action:
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Weekly audit running.")
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done: see the audit.")
    return action


def _ask(team, action):
    return gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why so slow?"
    )


def _close(team, action):
    return gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Waits are down.",
        link=LINK,
    )


def test_the_verifier_cannot_close_an_action_over_an_unanswered_challenge_and_nothing_is_saved(org, team, loop):
    action = _done(team, loop)
    _ask(team, action)
    changes = ActionStatusChange.objects.for_org(org).count()
    audits = AuditEvent.objects.for_org(org).filter(verb="governance.action.check").count()

    with pytest.raises(ValidationError) as caught:
        _close(team, action)

    [message] = caught.value.message_dict["__all__"]
    assert "A leader's challenge on this action is still waiting for an answer from Tom Hargreaves" in message
    assert "Ask for an answer first" in message
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK and action.checked_by is None and action.impact_note == ""
    assert ActionStatusChange.objects.for_org(org).count() == changes
    assert AuditEvent.objects.for_org(org).filter(verb="governance.action.check").count() == audits


def test_it_may_be_sent_back_meanwhile_and_closed_once_answered_but_not_while_escalated(org, team, loop):
    action = _done(team, loop)
    challenge = _ask(team, action)
    back = gov.action_check(
        scope=team.scope("quality"), action_id=action.id, impact_shown=False, note="Show me a month of audits."
    )
    assert back.status == ActionStatus.IN_PROGRESS
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="A month of audits attached.")

    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="The carer started in May.")
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="Board.")
    with pytest.raises(ValidationError):  # escalated: asked again, and waiting for the answer
        _close(team, action)

    gov.challenge_respond(scope=team.scope("quality"), challenge_id=challenge.id, text="Waits halved since.")
    # Answered, and not yet closed by the leader: the answer is on record, so the check may go ahead.
    assert _close(team, action).status == ActionStatus.CLOSED


def test_the_verifier_is_told_on_the_action_page_and_on_the_home_page(client, org, team, loop):
    action = _done(team, loop)
    _ask(team, action)
    client.force_login(team.quality.user)

    page = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert "A leader&#39;s challenge on this action is waiting for an answer from Tom Hargreaves" in page
    refused = client.post(
        reverse("governance:action", args=[action.id]),
        {
            "form": "check",
            "check-impact_shown": "yes",
            "check-early_reason": "Checked at once in this test.",
            "check-note": "Waits are down.",
            "check-link": LINK,
        },
    )
    assert refused.status_code == 400
    assert "still waiting for an answer from Tom Hargreaves" in refused.content.decode()
    assert Action.objects.for_org(org).get(pk=action.pk).status == ActionStatus.AWAITING_CHECK

    home = client.get(reverse("organisations:home")).content.decode()
    assert "A leader's challenge on it is waiting for an answer: ask for one before you close it" in home
