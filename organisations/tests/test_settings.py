"""The organisation's settings page (ADR 0025): administrators of every service set how many days after
the reply contact details given for one are kept, and the reply targets (ADR 0004), each change of which
holds for feedback given from the day it is made."""

import datetime as dt
import html
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from feedback.reply_targets import ReplyTargets, reply_targets
from organisations.models import Organisation, ReplyTargetChange
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.services import organisation_create, organisation_settings_update
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words


def test_an_administrator_changes_the_number_of_days_on_the_settings_page(client, org):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    url = reverse("organisations:settings")
    text = html.unescape(client.get(url).content.decode())
    assert "Remove reply contact details this many days after the reply" in text and 'value="90"' in text
    assert f'href="{url}" aria-current="page">Settings</a>' in text  # among the organisation's pages

    response = client.post(url, {"reply_contact_keep_days": "-3", "reply_complaint_days": "3"})
    assert response.status_code == 400
    assert "Enter a number of days from 0 to 3,650, or leave it blank" in html.unescape(response.content.decode())

    response = client.post(url, {"reply_contact_keep_days": "30", "reply_complaint_days": "3"}, follow=True)
    assert "The settings have been saved." in response.content.decode()
    org.refresh_from_db()
    assert org.reply_contact_keep_days == 30
    event = AuditEvent.objects.for_org(org).get(verb="organisations.organisation.update")
    assert event.changes == {"reply_contact_keep_days": {"from": 90, "to": 30}}

    client.post(url, {"reply_contact_keep_days": "", "reply_complaint_days": "3"})
    org.refresh_from_db()
    assert org.reply_contact_keep_days is None


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.STAFF, Role.COMMISSIONER])
def test_only_administrators_of_every_service_change_the_settings(client, org, services, role):
    person = person_with_role(org, role, services=[services[0]])
    client.force_login(person.user)
    assert client.get(reverse("organisations:settings")).status_code == 403
    with pytest.raises(PermissionDenied):
        organisation_settings_update(
            scope=scope_for(user=person.user, organisation=org),
            reply_contact_keep_days=1,
            reply_complaint_days=3,
            reply_other_days=None,
        )
    some = person_with_role(org, Role.ADMINISTRATOR, services=[services[0]])
    with pytest.raises(PermissionDenied):
        organisation_settings_update(
            scope=scope_for(user=some.user, organisation=org),
            reply_contact_keep_days=1,
            reply_complaint_days=3,
            reply_other_days=None,
        )
    org.refresh_from_db()
    assert org.reply_contact_keep_days == 90


def test_an_administrator_sets_the_reply_targets_in_working_days(client, org):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    url = reverse("organisations:settings")
    text = html.unescape(client.get(url).content.decode())
    assert "Reply to a complaint within this many working days" in text
    assert "Reply to other feedback within this many working days" in text
    assert (org.reply_complaint_days, org.reply_other_days) == (3, None)

    response = client.post(url, {"reply_contact_keep_days": "90", "reply_complaint_days": "", "reply_other_days": "0"})
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Enter a number of working days from 1 to 60, like 3" in text
    assert "Enter a number of working days from 1 to 60, or leave it blank" in text
    org.refresh_from_db()
    assert (org.reply_complaint_days, org.reply_other_days) == (3, None)

    client.post(url, {"reply_contact_keep_days": "90", "reply_complaint_days": "5", "reply_other_days": "10"})
    org.refresh_from_db()
    assert (org.reply_complaint_days, org.reply_other_days) == (5, 10)
    event = AuditEvent.objects.for_org(org).get(verb="organisations.organisation.update")
    assert event.changes == {"reply_complaint_days": {"from": 3, "to": 5}, "reply_other_days": {"from": None, "to": 10}}

    with pytest.raises(ValidationError) as refused:
        organisation_settings_update(
            scope=scope_for(user=admin.user, organisation=org),
            reply_contact_keep_days=90,
            reply_complaint_days=0,
            reply_other_days=61,
        )
    assert set(refused.value.message_dict) == {"reply_complaint_days", "reply_other_days"}


def _changed(org, admin, *, complaint_days, other_days=None, on: dt.date, keep_days=90):
    organisation_settings_update(
        scope=scope_for(user=admin.user, organisation=org),
        reply_contact_keep_days=keep_days,
        reply_complaint_days=complaint_days,
        reply_other_days=other_days,
        now=timezone.make_aware(dt.datetime.combine(on, dt.time(16, 0))),
    )


def _history(org):
    return list(
        ReplyTargetChange.objects.for_org(org)
        .order_by("id")
        .values_list("applies_from", "complaint_days", "other_days")
    )


def test_a_change_of_target_holds_from_the_day_it_is_made_and_the_page_says_so(client, org):
    """Each change of target is kept, with the day it holds from; the targets before it hold for the
    feedback given before that day, from the beginning for the first."""
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    text = html.unescape(client.get(reverse("organisations:settings")).content.decode())
    assert "A change applies to feedback given from the day you make it." in text
    assert "The targets so far" not in text  # one target from the beginning: nothing to list

    march, april = dt.date(2026, 3, 10), dt.date(2026, 4, 1)
    _changed(org, admin, complaint_days=20, on=dt.date(2026, 1, 5))
    _changed(org, admin, complaint_days=10, other_days=15, on=march)
    _changed(org, admin, complaint_days=10, other_days=15, on=march, keep_days=30)  # targets unchanged
    assert _history(org) == [(None, 3, None), (dt.date(2026, 1, 5), 20, None), (march, 10, 15)]
    targets = reply_targets(org)
    assert targets.on(dt.date(2025, 6, 1)) == ReplyTargets(complaint_days=3, other_days=None)
    assert targets.on(dt.date(2026, 3, 9)) == ReplyTargets(complaint_days=20, other_days=None)
    assert targets.on(march) == targets.on(dt.date(2027, 1, 1)) == ReplyTargets(complaint_days=10, other_days=15)
    # The page lists the targets so far, by the day feedback was given.
    text = page_words(client.get(reverse("organisations:settings")).content.decode())
    assert "The targets so far, by the day feedback was given" in text
    assert "Until 4 January 2026 3 working days No target" in text
    assert "From 5 January 2026 to 9 March 2026 20 working days No target" in text
    assert "From 10 March 2026 10 working days 15 working days" in text

    # Changed twice on one day: the later change holds for that day's feedback.
    _changed(org, admin, complaint_days=5, on=april)
    _changed(org, admin, complaint_days=8, on=april)
    assert reply_targets(org).on(april) == ReplyTargets(complaint_days=8, other_days=None)
    assert reply_targets(org).on(april - dt.timedelta(days=1)) == ReplyTargets(complaint_days=10, other_days=15)
    org.refresh_from_db()
    assert (org.reply_complaint_days, org.reply_other_days) == (8, None)  # the targets in force now
    events = AuditEvent.objects.for_org(org).filter(verb="organisations.organisation.update").order_by("id")
    assert events.last().changes == {"reply_complaint_days": {"from": 5, "to": 8}}


def test_organisations_keep_the_targets_they_had_from_the_beginning(org, other_org):
    """An organisation made today holds its targets from the beginning; the migration gives each one
    already in Heard the targets it had, from the beginning, so its past figures do not move."""
    made = organisation_create(name="Fairhaven Homes")
    assert _history(made) == [(None, 3, None)]

    Organisation.objects.filter(pk=org.pk).update(reply_complaint_days=20, reply_other_days=10)
    migration = importlib.import_module("organisations.migrations.0012_targets_reply_target_history")
    state = MigrationLoader(connection).project_state(("organisations", "0012_targets_reply_target_history"))
    ReplyTargetChange.objects.for_org(made).delete()
    migration.start_histories(state.apps, None)
    assert _history(org) == [(None, 20, 10)]
    assert _history(other_org) == [(None, 3, None)]
    assert _history(made) == [(None, 3, None)]
    assert reply_targets(org).on(dt.date(2001, 1, 1)) == ReplyTargets(complaint_days=20, other_days=10)
