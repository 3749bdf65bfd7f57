"""The organisation's settings page (ADR 0025): administrators of every service set how many days after
the reply contact details given for one are kept."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.services import organisation_settings_update
from organisations.tests.factories import person_with_role


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
