"""A challenge that is not closed says how long it has waited, and for whom: for an answer since it
was asked (or escalated), for the leader since it was answered. The leader who asked it finds it on
their home page until it is closed."""

import pytest
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import ChallengeSubject
from governance.tests.conftest import days_back

pytestmark = pytest.mark.django_db


def _ask(team, loop, *, days_ago: int, question="Why is this late?"):
    return gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.ACTION,
        action_id=loop["action"].id,
        question=question,
        now=days_back(days_ago),
    )


def _page(client, person, name="governance:challenges", **query) -> str:
    client.force_login(person.user)
    return client.get(reverse(name), query).content.decode()


def test_a_challenge_waits_from_its_asking_then_from_its_answer_then_from_its_escalation(org, team, loop):
    asked = _ask(team, loop, days_ago=103)

    def waiting():
        [c] = selectors.challenge_list(scope=team.scope("leader"))
        return c.days_waiting(on=clock.today()), c.is_awaiting_answer

    assert waiting() == (103, True)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=asked.id, text="Recruiting.", now=days_back(9))
    assert waiting() == (9, False)
    gov.challenge_conclude(
        scope=team.scope("leader"),
        challenge_id=asked.id,
        satisfied=False,
        text="To the board.",
        now=days_back(2),
    )
    assert waiting() == (2, True)


def test_the_challenge_list_says_how_long_each_open_one_has_waited(client, org, team, loop):
    # Each is asked once the one before has been answered: no second question waits on an action.
    done = _ask(team, loop, days_ago=50, question="Is it done?")
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=done.id, text="Yes.")
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=done.id, satisfied=True, text="Good.")
    answered = _ask(team, loop, days_ago=20, question="Show me the impact.")
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=answered.id, text="See the audit.", now=clock.now())
    unanswered = _ask(team, loop, days_ago=103)
    page = _page(client, team.leader)
    assert "Waiting 103 days for an answer" in page
    assert "Waiting since today for the leader" in page
    every = _page(client, team.leader, all="1")
    assert "Is it done?" in every and "Waiting 50 days" not in every
    detail = client.get(reverse("governance:challenge", args=[unanswered.id])).content.decode()
    assert "Waiting 103 days for an answer" in detail


def test_the_leader_who_asked_finds_the_challenges_not_yet_closed_on_their_home_page(client, org, team, loop):
    # Each is asked once the one before has been answered: no second question waits on an action.
    closed = _ask(team, loop, days_ago=60, question="Is the rota agreed?")
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=closed.id, text="Yes.")
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=closed.id, satisfied=True, text="Good.")
    answered = _ask(team, loop, days_ago=30, question="Show me the impact.")
    gov.challenge_respond(
        scope=team.scope("manager"),
        challenge_id=answered.id,
        text="See the audit.",
        now=days_back(4),
    )
    waiting = _ask(team, loop, days_ago=103, question="Why is this late?")

    home = _page(client, team.leader, "organisations:home")
    todo = home[home.index('aria-labelledby="home-todo"') :]
    assert "Challenges you asked, not yet closed" in todo
    assert todo.index("Why is this late?") < todo.index("Show me the impact.")  # the longest waiting first
    assert "put to Tom Hargreaves on" in todo and "Waiting 103 days for an answer" in todo
    answered_on = days_back(4)
    assert f"Tom Hargreaves answered on {clock.day_of(answered_on).strftime('%-d %B %Y')}" in todo
    assert "Is the rota agreed?" not in todo
    assert reverse("governance:challenge", args=[waiting.id]) in todo
    # Tom, who was asked, does not see them as his own questions.
    assert "Challenges you asked" not in _page(client, team.manager, "organisations:home")
