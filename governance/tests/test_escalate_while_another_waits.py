"""An answered challenge on an action is not taken further while a newer challenge on the same action
waits for an answer (ADR 0009's addendum on escalating while another waits): escalating asks the lead
again, and the lead would have two questions at once. The service says who asked the one that waits,
when, and who is to answer it; the page points to it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import Challenge, ChallengeEntry, ChallengeStatus, ChallengeSubject
from governance.tests.conftest import action_input, days_back, theme
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import scope_of

pytestmark = pytest.mark.django_db


def _ask(scope, action, question="Why is this late?", now=None):
    return gov.challenge_raise(
        scope=scope, subject=ChallengeSubject.ACTION, action_id=action.id, question=question, now=now
    )


@pytest.fixture
def answered_then_asked(org, team, loop):
    """David's challenge, answered by Tom; then Ruth's, newer, still waiting for Tom's answer."""
    action = loop["action"]
    first = _ask(team.scope("leader"), action, now=days_back(10))
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=first.id, text="Recruiting.", now=days_back(8))
    ruth = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    second = _ask(scope_of(ruth), action, question="Show me the impact.", now=days_back(3))
    return first, second


def _saved(org, challenge):
    challenge.refresh_from_db()
    return (
        challenge.status,
        ChallengeEntry.objects.for_org(org).filter(challenge=challenge).count(),
        AuditEvent.objects.for_org(org).filter(verb="governance.challenge.conclude").count(),
    )


def test_escalating_is_refused_while_a_newer_challenge_on_the_action_waits(org, team, answered_then_asked):
    first, second = answered_then_asked
    before = _saved(org, first)

    with pytest.raises(ValidationError) as refused:
        gov.challenge_conclude(scope=team.scope("leader"), challenge_id=first.id, satisfied=False, text="Board.")

    asked_on = clock.day_of(days_back(3)).strftime("%-d %B %Y")
    assert refused.value.message_dict == {
        "__all__": [
            f"Another challenge on this action is waiting for an answer: Ruth Adeyemi asked it on {asked_on}, and "
            "Tom Hargreaves is to answer it. You can take this one further once that one has been answered, or "
            "close this one now if you are satisfied."
        ]
    }
    assert _saved(org, first) == before
    assert before[0] == ChallengeStatus.ANSWERED


def test_it_may_still_be_closed_and_may_be_escalated_once_the_newer_one_is_answered(org, team, answered_then_asked):
    first, second = answered_then_asked
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=second.id, text="See the audit.")

    done = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=first.id, satisfied=False, text="Board.")
    assert done.status == ChallengeStatus.ESCALATED
    # And now that one waits, the other is not taken further either.
    with pytest.raises(ValidationError) as refused:
        gov.challenge_conclude(scope=team.scope("leader"), challenge_id=second.id, satisfied=False, text="Board.")
    assert "David Mensah asked it on" in refused.value.message_dict["__all__"][0]
    closed = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=second.id, satisfied=True, text="Fine.")
    assert closed.status == ChallengeStatus.SATISFIED


def test_a_satisfied_close_is_not_held_up_by_the_newer_one(org, team, answered_then_asked):
    first, _ = answered_then_asked
    done = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=first.id, satisfied=True, text="Fine.")
    assert done.status == ChallengeStatus.SATISFIED


def test_a_challenge_waiting_on_another_action_or_a_theme_does_not_hold_it_up(org, services, team, loop):
    action = loop["action"]
    first = _ask(team.scope("leader"), action)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=first.id, text="Recruiting.")
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
    _ask(team.scope("leader"), other)
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=team.manager.id,
        question="Why do bells ring so long?",
    )
    done = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=first.id, satisfied=False, text="Board.")
    assert done.status == ChallengeStatus.ESCALATED


def _page(client, person, challenge):
    client.force_login(person.user)
    return client.get(reverse("governance:challenge", args=[challenge.id])).content.decode()


def test_the_page_points_to_the_waiting_challenge_and_refuses_in_the_same_words(client, org, team, answered_then_asked):
    first, second = answered_then_asked
    body = _page(client, team.leader, first)
    asked_on = clock.day_of(days_back(3)).strftime("%-d %B %Y")
    assert (
        f"Another challenge on this action is waiting for an answer: Ruth Adeyemi asked it on {asked_on}, and Tom "
        "Hargreaves is to answer it." in body
    )
    link = reverse("governance:challenge", args=[second.id])
    assert f'<a href="{link}">Read the challenge Tom Hargreaves is to answer</a>' in body
    # The waiting one points nowhere: it is the one waiting.
    assert "Another challenge on this action" not in _page(client, team.leader, second)

    before = _saved(org, first)
    response = client.post(
        reverse("governance:challenge", args=[first.id]),
        {"form": "conclude", "conclude-outcome": "escalate", "conclude-text": "To the board."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "You can take this one further once that one has been answered" in body
    assert _saved(org, first) == before
    assert Challenge.objects.for_org(org).get(pk=second.pk).status == ChallengeStatus.OPEN
