"""A challenge asked, or taken further, while the verifier's check is being saved is not closed over
(ADR 0009): both lock the action's row, as the check does, so the check waits for them and then reads
the challenge waiting for an answer.

Only PostgreSQL lets the two overlap: SQLite takes one writer at a time (transactions begin
IMMEDIATE), so there the check would simply come second, which the other tests of the rule cover."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from governance import services as gov
from governance.models import Action, ActionStatus, ChallengeStatus

from .test_challenge_before_close import _ask, _close, _done

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time"),
]

WAIT = 30  # seconds; only reached if the check never waits for the challenge


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _check_while(first, check) -> tuple[Exception | None, bool]:
    """Run `first` in a transaction that stays open until the check, started meanwhile, waits on a
    lock (or has finished without waiting); then commit it. Returns what the check raised, and whether
    it waited."""
    saved, release, outcome = threading.Event(), threading.Event(), {}

    def one():
        try:
            with transaction.atomic():
                first()
                saved.set()
                release.wait(WAIT)
        finally:
            saved.set()
            connection.close()

    def two():
        try:
            check()
        except Exception as exc:  # whatever it is, the test names it
            outcome["raised"] = exc
        finally:
            connection.close()

    first_thread, check_thread = threading.Thread(target=one), threading.Thread(target=two)
    first_thread.start()
    assert saved.wait(WAIT)
    check_thread.start()
    waited = False
    for _ in range(WAIT * 20):
        if _waiting_on_a_lock():
            waited = True
            break
        if not check_thread.is_alive():
            break
        time.sleep(0.05)
    release.set()
    first_thread.join(WAIT)
    check_thread.join(WAIT)
    return outcome.get("raised"), waited


def test_a_challenge_taken_further_while_the_check_is_saved_holds_the_action_open(org, team, loop):
    action = _done(team, loop)
    challenge = _ask(team, action)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="The carer started in May.")

    raised, waited = _check_while(
        lambda: gov.challenge_conclude(
            scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="To the board."
        ),
        lambda: _close(team, action),
    )

    assert waited, "the check did not wait for the challenge taken further"
    assert isinstance(raised, ValidationError), raised
    # Taken upward: it waits now on the quality lead, above the manager who answered.
    assert "still waiting for an answer from Grace Okafor" in raised.message_dict["__all__"][0]
    assert Action.objects.for_org(org).get(pk=action.pk).status == ActionStatus.AWAITING_CHECK
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ESCALATED


def test_a_challenge_asked_while_the_check_is_saved_holds_the_action_open(org, team, loop):
    action = _done(team, loop)

    raised, waited = _check_while(lambda: _ask(team, action), lambda: _close(team, action))

    assert waited, "the check did not wait for the challenge being asked"
    assert isinstance(raised, ValidationError), raised
    assert Action.objects.for_org(org).get(pk=action.pk).status == ActionStatus.AWAITING_CHECK


def test_a_challenge_taken_further_once_the_check_has_locked_the_action_waits_and_stands_on_it(org, team, loop):
    """The other order: the check locked the action first and closes it, as the challenge was answered;
    taking it further waits for the check, and then stands on the closed action, as one asked after
    the action closed would."""
    action = _done(team, loop)
    challenge = _ask(team, action)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="The carer started in May.")

    raised, waited = _check_while(
        lambda: _close(team, action),
        lambda: gov.challenge_conclude(
            scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="To the board."
        ),
    )

    assert waited and raised is None
    assert Action.objects.for_org(org).get(pk=action.pk).status == ActionStatus.CLOSED
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ESCALATED
