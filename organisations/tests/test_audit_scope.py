"""What an administrator of some services reads in the audit log (ADR 0002, addendum): events about
their services, about people whose every role is within them, and what they did themselves.
Events about the whole organisation, or that do not say what they are about, are not theirs."""

import csv
import datetime as dt
import importlib
import io

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from core.audit import audit_record
from core.models import AuditEvent
from feedback.models import Channel
from feedback.services import FeedbackInput, feedback_record
from organisations import selectors, services_people
from organisations import services as svc
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role


@pytest.fixture
def rowan_admin(org, services):
    return person_with_role(org, Role.ADMINISTRATOR, services=[services[0]], full_name="Rowan Admin")


@pytest.fixture
def history(org, services, admin_scope, rowan_admin):
    """Events across the organisation, recorded by an administrator of every service."""
    rowan_staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Ann Rowan")
    beech_manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]], full_name="Bea Baker")
    svc.service_update(scope=admin_scope, service=services[0], phone="01632 960 100")
    svc.service_update(scope=admin_scope, service=services[1], phone="01632 960 200")
    services_people.person_update(scope=admin_scope, person=rowan_staff, job_title="Carer")
    services_people.person_update(scope=admin_scope, person=beech_manager, job_title="Manager")
    services_people.role_assign(scope=admin_scope, person=beech_manager, role=Role.LEADER, services=[services[0]])
    services_people.role_assign(scope=admin_scope, person=beech_manager, role=Role.QUALITY_LEAD, all_services=True)
    services_people.role_remove(
        scope=admin_scope, assignment=beech_manager.role_assignments.get(role=Role.QUALITY_LEAD)
    )
    audit_record(scope=system_scope(organisation=org), verb="organisations.organisation.update", obj=org)
    # And one by the Rowan administrator, about themselves.
    services_people.person_update(
        scope=scope_for(user=rowan_admin.user, organisation=org), person=rowan_admin, phone="07700 900000"
    )


def seen(events):
    return {(e.verb, e.object_label) for e in events}


def test_an_administrator_of_some_services_reads_only_events_about_theirs(org, services, history, rowan_admin):
    rowan = seen(selectors.audit_event_list(scope=scope_for(user=rowan_admin.user, organisation=org)))
    assert ("organisations.service.update", "Rowan House") in rowan
    assert ("organisations.person.update", "Ann Rowan") in rowan
    assert ("organisations.person.update", "Rowan Admin") in rowan
    # Bea manages Beech Court; the leader role she was given covers Rowan House only.
    assert any(verb == "organisations.role.assign" and "Bea Baker" in label for verb, label in rowan)
    assert ("organisations.service.update", "Beech Court") not in rowan
    assert ("organisations.person.update", "Bea Baker") not in rowan
    # A role over all services, and an event about the whole organisation, belong to its administrators.
    assert not any(verb == "organisations.role.remove" for verb, _ in rowan)
    assert not any(verb == "organisations.role.assign" and "Quality lead" in label for verb, label in rowan)
    assert not any(verb == "organisations.organisation.update" for verb, _ in rowan)


def test_an_administrator_of_every_service_reads_them_all(org, history, admin_scope):
    everything = AuditEvent.objects.for_org(org).count()
    assert selectors.audit_event_list(scope=admin_scope).count() == everything


def test_the_page_the_export_and_the_list_of_who_did_it_are_limited_the_same_way(
    client, org, services, history, rowan_admin
):
    beech = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]], full_name="Beech Admin")
    svc.service_update(scope=scope_for(user=beech.user, organisation=org), service=services[1], name="Beech Court 2")
    client.force_login(rowan_admin.user)
    page = client.get(reverse("organisations:audit-log")).content.decode()
    assert "Rowan House" in page and "Beech Court" not in page and "Beech Admin" not in page
    assert "You see changes to the services you administer" in page
    response = client.get(reverse("organisations:audit-log-export"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert rows and "Beech Court" not in body and "Beech Admin" not in body
    assert {row[5] for row in rows} >= {"Rowan House", "Ann Rowan", "Rowan Admin"}


def test_an_event_is_about_the_service_its_record_belongs_to(org, services, admin_scope):
    item = feedback_record(
        scope=admin_scope,
        data=FeedbackInput(
            service_id=services[2].id,
            channel=Channel.IN_PERSON,
            received_on=dt.date(2026, 11, 1),
            comments=[("What could be better?", "More choice at tea time")],
        ),
    )
    [recorded] = AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record")
    assert recorded.service_id == services[2].id
    comment = item.comments.get()
    assert audit_record(scope=admin_scope, verb="test.comment", obj=comment).service_id == services[2].id
    assert audit_record(scope=admin_scope, verb="test.organisation", obj=org).service_id is None


def test_earlier_events_about_a_service_or_a_person_are_given_it(org, services, admin_scope):
    person = person_with_role(org, Role.STAFF, services=[services[0]])
    svc.service_update(scope=admin_scope, service=services[0], phone="01632 960 100")
    services_people.person_update(scope=admin_scope, person=person, job_title="Carer")
    AuditEvent.objects.for_org(org).update(service=None, person=None)
    migration = importlib.import_module("core.migrations.0002_audit_event_about")
    state = MigrationLoader(connection).project_state(("core", "0002_audit_event_about"))
    migration.about_earlier_events(state.apps, None)
    events = {e.verb: e for e in AuditEvent.objects.for_org(org)}
    assert events["organisations.service.update"].service_id == services[0].id
    assert events["organisations.person.update"].person_id == person.id
