"""Imports that overlap with other work: two files naming the same references in opposite orders, and
a service archived while a file naming it is being imported.

On PostgreSQL these really overlap, each on its own connection: a third transaction holds what the
import needs until the others wait on it. SQLite takes one writer at a time (transactions begin
IMMEDIATE), so there the same work runs one after the other and the outcome must be the same."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from core import clock
from evidence import services as ev
from evidence.models import EvidenceItem
from organisations.roles import Role
from organisations.services import service_archive

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "service,kind,occurred_on,summary,harm,reference,themes\n"
WAIT = 30  # seconds; only reached if what should wait never does


class Rollback(Exception):
    """Ends the holding transaction without saving what it made."""


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def while_held(hold, *calls, keep: bool) -> list:
    """What each of `calls` returned or raised, run each in its own thread (in turn) while `hold`'s
    transaction is open; it ends (committed if `keep`, else rolled back) once every call is waiting.
    Without PostgreSQL, `hold` runs (and is kept or undone) first and the calls one after the other."""
    outcomes: list = [None] * len(calls)

    def run(i, call):
        try:
            outcomes[i] = call()
        except Exception as exc:  # whatever it is, the test names it
            outcomes[i] = exc
        finally:
            if connection.vendor == "postgresql":
                connection.close()

    if connection.vendor != "postgresql":
        try:
            with transaction.atomic():
                hold()
                if not keep:
                    raise Rollback
        except Rollback:
            pass
        for i, call in enumerate(calls):
            run(i, call)
        return outcomes

    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(WAIT)
                if not keep:
                    raise Rollback
        except Rollback:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    assert held.wait(WAIT), "the holding transaction did not start"
    for i, call in enumerate(calls):
        thread = threading.Thread(target=run, args=(i, call))
        thread.start()
        threads.append(thread)
        for _ in range(WAIT * 20):  # each waits before the next starts, so they start in order
            if _waiting_on_locks() >= i + 1 or not thread.is_alive():
                break
            time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(WAIT)
    return outcomes


def _line(service: str, reference: str) -> str:
    return f"{service},incident,{clock.today():%Y-%m-%d},Fell in the lounge,low,{reference},\n"


def test_two_files_naming_the_same_references_in_opposite_orders_are_taken_one_after_the_other(
    org, services, team, framework
):
    scope = team.scope("quality")

    def other_system_sending():
        # Holds DX-8 and DX-9 unsaved, so each file stops after its first line until this is undone.
        for reference in ("DX-8", "DX-9"):
            ev.item_record(
                scope=scope,
                service_id=services[0].id,
                kind="incident",
                occurred_on=clock.today(),
                summary="Sent by the incident system",
                harm="none",
                reference=reference,
            )

    first = HEADER + _line("Rowan House", "DX-1") + _line("Rowan House", "DX-8") + _line("Rowan House", "DX-2")
    second = HEADER + _line("Beech Court", "DX-2") + _line("Beech Court", "DX-9") + _line("Beech Court", "DX-1")
    outcomes = while_held(
        other_system_sending,
        lambda: ev.items_import(scope=scope, text=first, filename="rowan.csv"),
        lambda: ev.items_import(scope=scope, text=second, filename="beech.csv"),
        keep=False,
    )
    assert outcomes[0] == 3, outcomes[0]
    assert isinstance(outcomes[1], ValidationError), outcomes[1]
    assert outcomes[1].message_dict == {
        "file": [
            "Line 2, column reference: DX-2 is already in Heard or earlier in the file.",
            "Line 4, column reference: DX-1 is already in Heard or earlier in the file.",
        ]
    }
    assert sorted(EvidenceItem.objects.for_org(org).values_list("reference", flat=True)) == ["DX-1", "DX-2", "DX-8"]


def test_a_service_archived_while_a_file_is_imported_gets_none_of_its_records(
    org, services, team, framework, make_scope
):
    text = HEADER + _line("Rowan House", "DX-1") + _line("Home Care", "DX-2")
    outcomes = while_held(
        lambda: service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[2]),
        lambda: ev.items_import(scope=team.scope("quality"), text=text, filename="incidents.csv"),
        keep=True,
    )
    assert isinstance(outcomes[0], ValidationError), outcomes[0]
    assert outcomes[0].message_dict == {
        "file": [
            "Line 3, column service: Home Care has been archived, so no evidence is recorded there now. "
            "Choose a service that is open."
        ]
    }
    assert not EvidenceItem.objects.for_org(org).exists()
