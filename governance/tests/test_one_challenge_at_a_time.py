"""One question at a time on an action (ADR 0009's addendum): while a challenge on it waits for an
answer, no second one is raised, by any leader; the service says who asked the one that waits, when,
and who is to answer it, and the page points to it instead of offering a new challenge."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import Challenge, ChallengeSubject
from governance.tests.conftest import action_input, days_back
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import scope_of, theme

pytestmark = pytest.mark.django_db


def _ask(scope, action, question="Why is this late?", now=None):
    return gov.challenge_raise(
        scope=scope, subject=ChallengeSubject.ACTION, action_id=action.id, question=question, now=now
    )


def _challenges(org):
    return Challenge.objects.for_org(org).count(), AuditEvent.objects.for_org(org).filter(
        verb="governance.challenge.raise"
    ).count()


def test_a_second_challenge_is_refused_while_one_waits_naming_who_asked_when_and_who_answers(org, team, loop):
    action = loop["action"]
    _ask(team.scope("leader"), action, now=days_back(3))
    before = _challenges(org)
    board = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")

    for scope in (team.scope("leader"), scope_of(board)):
        with pytest.raises(ValidationError) as refused:
            _ask(scope, action, question="Show me the impact.")
        asked_on = clock.day_of(days_back(3)).strftime("%-d %B %Y")
        assert refused.value.message_dict == {
            "__all__": [
                "A challenge on this action is already waiting for an answer: David Mensah asked it on "
                f"{asked_on}, and Tom Hargreaves is to answer it. Read that challenge: once it has been "
                "answered you can take it further, or ask a new one."
            ]
        }
    assert _challenges(org) == before


def test_once_answered_a_new_one_may_be_asked_but_not_while_one_taken_further_waits(org, team, loop):
    action = loop["action"]
    first = _ask(team.scope("leader"), action)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=first.id, text="Recruiting.")

    second = _ask(team.scope("leader"), action, question="Show me the impact.")
    assert second.addressed_to == team.manager

    gov.challenge_respond(scope=team.scope("manager"), challenge_id=second.id, text="See the audit.")
    # Taking the first further asks it again: it waits for an answer, so a third is not asked.
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=first.id, satisfied=False, text="To the board.")
    with pytest.raises(ValidationError) as refused:
        _ask(team.scope("leader"), action, question="Is it done?")
    assert "already waiting for an answer" in refused.value.message_dict["__all__"][0]


def test_a_challenge_waiting_on_one_action_does_not_hold_up_another(org, services, team, loop):
    _ask(team.scope("leader"), loop["action"])
    other = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title="Hold a residents' meeting",
            service_id=services[0].id,
            source="theme",
            theme_id=theme(org, "call-bells-and-responsiveness").id,
        ),
    )
    assert _ask(team.scope("leader"), other).action_id == other.id


def _page(client, person, action):
    client.force_login(person.user)
    return client.get(reverse("governance:action", args=[action.id])).content.decode()


def test_the_page_points_to_the_challenge_waiting_instead_of_offering_a_new_one(client, org, team, loop):
    action = loop["action"]
    assert "Challenge this action" in _page(client, team.leader, action)
    waiting = _ask(team.scope("leader"), action, now=days_back(3))

    body = _page(client, team.leader, action)
    assert "Challenge this action" not in body and 'value="challenge"' not in body
    asked_on = clock.day_of(days_back(3)).strftime("%-d %B %Y")
    assert (
        f"A challenge on this action is waiting for an answer: David Mensah asked it on {asked_on}, and Tom "
        "Hargreaves is to answer it." in body
    )
    link = reverse("governance:challenge", args=[waiting.id])
    assert f'<a href="{link}">Read the challenge Tom Hargreaves is to answer</a>' in body
    # Not told to those who could not challenge anyway.
    assert "You can ask a new challenge" not in _page(client, team.staff, action)

    gov.challenge_respond(scope=team.scope("manager"), challenge_id=waiting.id, text="Recruiting.")
    body = _page(client, team.leader, action)
    assert "Challenge this action" in body and "is waiting for an answer" not in body


def test_a_challenge_sent_from_a_page_opened_before_another_was_asked_is_refused_on_the_page(client, org, team, loop):
    action = loop["action"]
    _ask(team.scope("leader"), action)
    before = _challenges(org)
    client.force_login(team.leader.user)
    response = client.post(
        reverse("governance:action", args=[action.id]), {"form": "challenge", "challenge-question": "And now?"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "A challenge on this action is already waiting for an answer" in body
    assert _challenges(org) == before
