"""People who asked for a reply are waiting for one until a reply is recorded: who replied, when and
how. Those who may see how to reply to people (administrators, quality leads, the service's managers)
find who is waiting, oldest first, and record the reply; nobody else learns who asked."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from feedback import export, selectors
from feedback.models import Channel, Feedback, Reply, ReplyMethod
from feedback.services import FeedbackInput, ReplyInput, feedback_record, reply_record
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role

NOTE = "Rang Mrs Patel's daughter on 07700 900123 and talked it through."


def given(org, service, *, received_on, wants_reply=True, text="The tea was often cold by the time it came round"):
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=received_on,
            comments=[("What could be better?", text)],
            wants_reply=wants_reply,
            reply_method=ReplyMethod.PHONE if wants_reply else "",
            reply_contact="07700 900123" if wants_reply else "",
        ),
    )


@pytest.fixture
def asked(org, services):
    """Three people asked for a reply at Rowan House and one at Beech Court; one more did not ask."""
    rowan, beech = services[0], services[1]
    today = clock.today()
    return {
        "oldest": given(org, rowan, received_on=today - dt.timedelta(days=30)),
        "newer": given(org, rowan, received_on=today - dt.timedelta(days=3)),
        "beech": given(org, beech, received_on=today - dt.timedelta(days=10)),
        "not asked": given(org, rowan, received_on=today - dt.timedelta(days=40), wants_reply=False),
    }


def manager_of(org, service):
    return person_with_role(org, Role.SERVICE_MANAGER, services=[service])


def scope_of(org, person):
    return scope_for(user=person.user, organisation=org)


def test_a_manager_records_a_reply_and_the_person_no_longer_waits(org, services, asked):
    tom = manager_of(org, services[0])
    scope = scope_of(org, tom)
    assert list(selectors.replies_waiting(scope=scope)) == [asked["oldest"], asked["newer"]]  # oldest first

    reply = reply_record(
        scope=scope,
        feedback_id=asked["oldest"].id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today(), note=NOTE),
    )

    assert (reply.replied_by, reply.method, reply.note) == (tom, ReplyMethod.PHONE, NOTE)
    assert list(selectors.replies_waiting(scope=scope)) == [asked["newer"]]
    # The audit log says how and when, never what was said (it can name people).
    event = AuditEvent.objects.for_org(org).get(verb="feedback.reply.record")
    assert event.service_id == services[0].id and "Patel" not in str(event.changes)
    assert set(event.changes) == {"method", "replied_on"}


def test_a_second_reply_is_added_beside_the_first(org, services, asked):
    scope = scope_of(org, manager_of(org, services[0]))
    for method in (ReplyMethod.PHONE, ReplyMethod.LETTER):
        reply_record(
            scope=scope,
            feedback_id=asked["oldest"].id,
            data=ReplyInput(method=method, replied_on=clock.today()),
        )
    replies = selectors.replies_for(scope=scope, feedback=asked["oldest"])
    assert [r.method for r in replies] == [ReplyMethod.PHONE, ReplyMethod.LETTER]


@pytest.mark.parametrize(
    ("reply", "field", "message"),
    [
        (ReplyInput(method="", replied_on=dt.date(2026, 11, 1)), "method", "Choose how you replied"),
        (ReplyInput(method="pigeon", replied_on=dt.date(2026, 11, 1)), "method", "Choose how you replied"),
        (ReplyInput(method="phone", replied_on=None), "replied_on", "Enter the date you replied"),
        (ReplyInput(method="phone", replied_on=dt.date(2099, 1, 1)), "replied_on", "today or in the past"),
        (ReplyInput(method="phone", replied_on=dt.date(2020, 1, 1)), "replied_on", "on or after the day the feedback"),
        (ReplyInput(method="phone", replied_on=dt.date(2026, 11, 1), note="x" * 1001), "note", "1,000 characters"),
    ],
)
def test_a_reply_that_cannot_be_right_is_refused_naming_the_field_and_nothing_is_saved(
    org, services, asked, reply, field, message
):
    scope = scope_of(org, manager_of(org, services[0]))
    item = asked["oldest"]
    Feedback.objects.for_org(org).filter(pk=item.pk).update(received_on=dt.date(2026, 10, 1))
    with pytest.raises(ValidationError) as refused:
        reply_record(scope=scope, feedback_id=item.id, data=reply)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Reply.objects.for_org(org).exists()
    assert not AuditEvent.objects.for_org(org).filter(verb="feedback.reply.record").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER, Role.LEADER])
def test_roles_that_may_not_see_how_to_reply_neither_record_nor_see_who_waits(org, services, asked, role):
    person = person_with_role(org, role, services=[services[0]], all_services=role == Role.LEADER)
    scope = scope_of(org, person)
    with pytest.raises(PermissionDenied):
        reply_record(
            scope=scope,
            feedback_id=asked["oldest"].id,
            data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today()),
        )
    assert not selectors.replies_waiting(scope=scope).exists()


def test_a_manager_of_another_service_neither_records_nor_sees_the_reply_owed(org, services, asked):
    beech_manager = scope_of(org, manager_of(org, services[1]))
    with pytest.raises(Feedback.DoesNotExist):
        reply_record(
            scope=beech_manager,
            feedback_id=asked["oldest"].id,
            data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today()),
        )
    assert list(selectors.replies_waiting(scope=beech_manager)) == [asked["beech"]]


def test_the_list_filters_by_reply_only_for_those_who_may_see_it(client, org, services, asked):
    manager = manager_of(org, services[0])
    reply_record(
        scope=scope_of(org, manager),
        feedback_id=asked["newer"].id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today()),
    )
    client.force_login(manager.user)
    assert listed(client, {"reply": "waiting"}) == {asked["oldest"].id}
    assert listed(client, {"reply": "replied"}) == {asked["newer"].id}
    page = client.get(reverse("feedback:list")).content.decode()
    assert "1 person is waiting for a reply, the longest since" in page
    assert "waiting for a reply</strong>" in page
    assert 'href="/feedback/?reply=waiting">See who is waiting for a reply' in page
    # On the list of who is waiting, the count stays but the link to this same page goes.
    waiting = client.get(reverse("feedback:list"), {"reply": "waiting"}).content.decode()
    assert "1 person is waiting for a reply, the longest since" in waiting
    assert "See who is waiting for a reply" not in waiting

    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    page = client.get(reverse("feedback:list"), {"reply": "waiting"}).content.decode()
    assert 'name="reply"' not in page
    # The filter is not applied for someone who may not use it, and nobody is said to be waiting.
    assert asked["not asked"].id in listed(client, {"reply": "waiting"})
    assert "waiting for a reply" not in page


def listed(client, query) -> set[int]:
    page = client.get(reverse("feedback:list"), query).content.decode()
    return {int(found) for found in re.findall(r'href="/feedback/(\d+)/', page)}


def test_recording_a_reply_on_its_page(client, org, services, asked):
    manager = manager_of(org, services[0])
    client.force_login(manager.user)
    item = asked["oldest"]
    detail = client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    assert "They asked for a reply. None has been recorded yet: waiting 30 days." in detail
    url = reverse("feedback:reply", args=[item.id])
    refused = client.post(url, {"method": "phone", "replied_on": "2099-01-01"})
    assert (
        refused.status_code == 400 and "The date you replied must be today or in the past" in refused.content.decode()
    )
    assert not Reply.objects.for_org(org).exists()

    done = client.post(url, {"method": "phone", "replied_on": clock.today().isoformat(), "note": "Talked it through."})
    assert done.status_code == 302 and done.url == reverse("feedback:detail", args=[item.id])
    detail = client.get(done.url).content.decode()
    assert f"{manager.full_name} replied by phone. Talked it through." in detail
    assert "Record another reply" in detail

    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    assert client.get(url).status_code == 403
    assert "Talked it through" not in client.get(reverse("feedback:detail", args=[item.id])).content.decode()


def test_the_download_says_who_was_replied_to_for_those_who_may_see_it(org, services, asked):
    scope = scope_of(org, manager_of(org, services[0]))
    reply_record(
        scope=scope,
        feedback_id=asked["oldest"].id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today()),
    )
    table = export.feedback_export_rows(scope=scope)
    replied = {row[0]: row[table.header.index("replied")] for row in table.rows}
    assert replied[asked["oldest"].id] == "yes" and replied[asked["newer"].id] == "no"
