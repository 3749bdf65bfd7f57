"""Two leaders challenging the same action at the same moment do not both get through (ADR 0009's
addendum on one question at a time): raising a challenge on an action locks the action's row before
it reads the challenges waiting on it, so the second waits for the first and then is refused.

Only PostgreSQL lets the two overlap: SQLite takes one writer at a time (transactions begin
IMMEDIATE), so there the second simply comes after the first, which the other tests cover."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from governance import services as gov
from governance.models import Challenge, ChallengeSubject
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import scope_of
from .test_challenge_before_close_at_once import _check_while

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time"),
]


def test_of_two_challenges_asked_at_once_the_second_waits_and_is_refused(org, team, loop):
    action = loop["action"]
    board = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")

    def ask(scope, question):
        return lambda: gov.challenge_raise(
            scope=scope, subject=ChallengeSubject.ACTION, action_id=action.id, question=question
        )

    raised, waited = _check_while(
        ask(team.scope("leader"), "Why is this late?"), ask(scope_of(board), "Show me the impact.")
    )

    assert waited, "the second challenge did not wait for the first"
    assert isinstance(raised, ValidationError), raised
    assert raised.message_dict["__all__"][0].startswith(
        "A challenge on this action is already waiting for an answer: David Mensah asked it on"
    )
    assert list(Challenge.objects.for_org(org).values_list("question", flat=True)) == ["Why is this late?"]
