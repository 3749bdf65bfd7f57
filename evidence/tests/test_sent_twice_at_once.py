"""The same file or record sent twice at once (a double click, a system sending again before the first
answer came) is saved once, and the second submission is told why, as if it had come second: never a
server error, nothing doubled.

On PostgreSQL the two really overlap: the second checks its references before the first has saved, and
meets the database's rule when it saves. SQLite takes one writer at a time (transactions begin
IMMEDIATE), so there the second waits for the first and is refused by the check itself."""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from core import clock
from evidence import services as ev
from evidence.models import EvidenceItem

pytestmark = pytest.mark.django_db(transaction=True)

FALLS = "falls-and-managing-risks"
WAIT = 30  # seconds; only reached if the second submission never waits for the first


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def sent_twice(send) -> Exception | None:
    """What the second of two overlapping calls of `send` raised (None if nothing). On PostgreSQL the
    first has saved but not committed when the second starts; it commits once the second waits on it."""
    if connection.vendor != "postgresql":
        send()
        try:
            send()
        except Exception as exc:  # whatever it is, the test names it
            return exc
        return None
    saved, release, outcome = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                send()
                saved.set()
                release.wait(WAIT)
        finally:
            connection.close()

    def second():
        try:
            send()
        except Exception as exc:
            outcome["raised"] = exc
        finally:
            connection.close()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    assert saved.wait(WAIT), "the first submission did not save"
    two.start()
    for _ in range(WAIT * 20):
        if _waiting_on_a_lock() or not two.is_alive():
            break
        time.sleep(0.05)
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    return outcome.get("raised")


def test_a_file_imported_twice_at_once_is_saved_once_and_the_second_is_told_which_lines(org, services, team, framework):
    scope = team.scope("quality")
    today = f"{clock.today():%Y-%m-%d}"
    text = (
        "service,kind,occurred_on,summary,harm,reference,themes\n"
        f"Rowan House,incident,{today},Fell in the lounge,low,DX-1,{FALLS}\n"
        f"Rowan House,staff_feedback,{today},Nights are short of staff,,,\n"
        f"Beech Court,incident,{today},Fell in the garden,none,DX-2,\n"
    )
    raised = sent_twice(lambda: ev.items_import(scope=scope, text=text, filename="incidents.csv"))
    assert isinstance(raised, ValidationError), raised
    assert raised.message_dict == {
        "file": [
            "Line 2, column reference: DX-1 is already in Heard or earlier in the file.",
            "Line 4, column reference: DX-2 is already in Heard or earlier in the file.",
        ]
    }
    assert EvidenceItem.objects.for_org(org).count() == 3


def test_a_record_sent_twice_at_once_is_saved_once_and_the_second_is_told_so(org, services, team, framework):
    scope = team.scope("manager")
    raised = sent_twice(
        lambda: ev.item_record(
            scope=scope,
            service_id=services[0].id,
            kind="incident",
            occurred_on=clock.today() - dt.timedelta(days=1),
            summary="Fell in the lounge",
            harm="low",
            reference="DX-1",
        )
    )
    assert isinstance(raised, ValidationError), raised
    assert raised.message_dict == {"reference": ["Heard already holds an item with this reference."]}
    assert EvidenceItem.objects.for_org(org).count() == 1
