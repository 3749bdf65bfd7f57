"""Contact details for a reply are not kept for ever (ADR 0025): `heard retention`, run daily and by the
daily background task, removes them once the last reply is older than the organisation keeps them,
audited once per organisation with a count; a second run changes nothing. Administrators set the
number of days on the organisation's settings page."""

import datetime as dt
import html
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from feedback.models import Channel, Feedback, ReplyMethod
from feedback.retention import reply_contacts_remove
from feedback.services import FeedbackInput, ReplyInput, feedback_record, reply_record
from governance.tasks import send_reminders
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role

CONTACT = "07700 900123"


def given(org, service, *, replied_days_ago: list[int] | None, contact=CONTACT):
    today = clock.today()
    feedback = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=today - dt.timedelta(days=400),
            comments=[("What could be better?", "The tea was cold")],
            wants_reply=True,
            reply_method=ReplyMethod.PHONE,
            reply_contact=contact,
        ),
    )
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[service])
    for days in replied_days_ago or ():
        reply_record(
            scope=scope_for(user=manager.user, organisation=org),
            feedback_id=feedback.pk,
            data=ReplyInput(method=ReplyMethod.PHONE, replied_on=today - dt.timedelta(days=days)),
        )
    return feedback


def contact_of(org, feedback) -> str:
    return Feedback.objects.for_org(org).get(pk=feedback.pk).reply_contact


@pytest.fixture
def kinds(org, services):
    return {
        "old": given(org, services[0], replied_days_ago=[100]),
        "followed up": given(org, services[0], replied_days_ago=[100, 20]),  # the last reply counts
        "recent": given(org, services[1], replied_days_ago=[90]),  # exactly 90 days: not older
        "waiting": given(org, services[0], replied_days_ago=None),  # still owed a reply
    }


def test_the_command_removes_contacts_kept_too_long_and_a_second_run_changes_nothing(org, other_org, services, kinds):
    out = StringIO()
    call_command("retention", stdout=out)

    assert contact_of(org, kinds["old"]) == ""
    assert Feedback.objects.for_org(org).get(pk=kinds["old"].pk).reply_contact_removed_at is not None
    for kept in ("followed up", "recent", "waiting"):
        assert contact_of(org, kinds[kept]) == CONTACT, kept
    assert "Northgate Care: 1 reply contact detail removed" in out.getvalue()
    assert "Elsewhere Care: 0 reply contact details removed" in out.getvalue()
    event = AuditEvent.objects.for_org(org).get(verb="feedback.retention.reply_contacts")
    assert event.changes == {"reply_contacts_removed": 1, "days_kept_after_reply": 90}
    assert event.service_id is None and CONTACT not in json.dumps(event.changes) + event.object_label
    assert not AuditEvent.objects.for_org(other_org).filter(verb="feedback.retention.reply_contacts").exists()

    call_command("retention", stdout=StringIO())
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.retention.reply_contacts").count() == 1
    assert contact_of(org, kinds["recent"]) == CONTACT


def test_the_organisations_own_number_of_days_and_blank_keeps_them(org, services, kinds):
    org.reply_contact_keep_days = None
    org.save()
    assert reply_contacts_remove(organisation=org, today=clock.today()) == 0
    assert contact_of(org, kinds["old"]) == CONTACT

    org.reply_contact_keep_days = 10
    org.save()
    assert reply_contacts_remove(organisation=org, today=clock.today()) == 3
    assert contact_of(org, kinds["waiting"]) == CONTACT


def test_the_daily_background_task_removes_them_too(org, services, kinds):
    send_reminders.call()
    assert contact_of(org, kinds["old"]) == "" and contact_of(org, kinds["recent"]) == CONTACT


def test_the_feedback_page_says_the_contact_details_were_removed(client, org, services, kinds):
    reply_contacts_remove(organisation=org, today=clock.today())
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    text = html.unescape(client.get(reverse("feedback:detail", args=[kinds["old"].pk])).content.decode())
    assert "By phone (contact details removed on" in text and CONTACT not in text
