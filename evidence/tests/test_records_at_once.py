"""A record or a month's figure sent while its service is being archived: either the archive waits for
it, or it sees the service closed and is refused. Never a record at a service that has closed.

See test_imports_at_once for how the two really overlap on PostgreSQL (and run in turn on SQLite)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core import clock
from evidence import services as ev
from evidence.models import EvidenceItem, MeasureReading
from evidence.tests.test_imports_at_once import while_held
from organisations.roles import Role
from organisations.services import service_archive

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED = "Home Care has been archived, so no evidence is recorded there now. Choose a service that is open."


def test_a_record_sent_while_its_service_is_archived_is_refused(org, services, team, framework, make_scope):
    outcomes = while_held(
        lambda: service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[2]),
        lambda: ev.item_record(
            scope=team.scope("quality"),
            service_id=services[2].id,
            kind="incident",
            occurred_on=clock.today(),
            summary="Fell in the lounge",
            harm="low",
            reference="DX-1",
        ),
        keep=True,
    )
    assert isinstance(outcomes[0], ValidationError), outcomes[0]
    assert outcomes[0].message_dict == {"service": [CLOSED]}
    assert not EvidenceItem.objects.for_org(org).exists()


def test_a_figure_sent_while_its_service_is_archived_is_refused(org, services, team, framework, make_scope):
    scope = team.scope("quality")
    falls = ev.measure_create(scope=scope, name="Falls per 1,000 bed days", category="outcomes")
    month = clock.today().replace(day=1) - dt.timedelta(days=1)
    outcomes = while_held(
        lambda: service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[2]),
        lambda: ev.reading_record(
            scope=scope, measure_id=falls.id, service_id=services[2].id, month=month.replace(day=1), value=2
        ),
        keep=True,
    )
    assert isinstance(outcomes[0], ValidationError), outcomes[0]
    assert outcomes[0].message_dict == {"service": [CLOSED]}
    assert not MeasureReading.objects.for_org(org).exists()
