"""Replies that are late, past the organisation's reply target with no reply recorded, are counted in a
meeting's agenda pack and in the daily reminder of those who may reply: counts only, never who is
waiting nor what they said."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from core import clock
from feedback.models import Kind
from feedback.tests.asked import asked_for_reply
from governance import services as gov
from governance.packs import agenda_pack
from governance.reminders import reminder_digests, reminder_text, reminders_send
from governance.selectors import meeting_get
from organisations.tests.words import page_words, read_as

CONTACT = "07700 900789"
GIVER = "Leonard Ashdown"
SAID = "My wife's tablets were given two hours late three nights running"


def complaint(org, service, *, days_ago: int, kind=Kind.COMPLAINT):
    return asked_for_reply(
        org,
        service,
        received_on=clock.today() - dt.timedelta(days=days_ago),
        text=SAID,
        contact=f"{GIVER}, {CONTACT}",
        kind=kind,
    )


@pytest.fixture
def late(org, services):
    """At Rowan House: two complaints given 20 and 40 days ago (late), one given today (not yet due),
    and other feedback given 40 days ago (no target for it)."""
    rowan = services[0]
    complaint(org, rowan, days_ago=20)
    complaint(org, rowan, days_ago=40)
    complaint(org, rowan, days_ago=0)
    complaint(org, rowan, days_ago=40, kind=Kind.FEEDBACK)


def test_the_pack_counts_how_many_replies_are_late(client, services, team, framework, late):
    meeting = gov.meeting_create(
        scope=team.scope("quality"), meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )
    scope = team.scope("partner")
    pack = agenda_pack(scope=scope, meeting=meeting_get(scope=scope, meeting_id=meeting.id), today=clock.today())
    assert (pack.replies.waiting, pack.replies.late) == (4, 2)
    url = reverse("governance:meeting-pack", args=[meeting.id])
    staff = page_words(read_as(client, team.staff, {"pack": url})["pack"])
    assert "Late 2 of them are past the reply target with no reply recorded." in staff
    partner = page_words(read_as(client, team.partner, {"pack": url})["pack"])
    assert "Late 2 of them have waited longer than we promise." in partner
    for words in (staff, partner):
        for personal in (CONTACT, GIVER, SAID):
            assert personal not in words


def test_a_past_meeting_counts_what_was_late_on_its_day(services, team, framework, late):
    meeting = gov.meeting_create(
        scope=team.scope("quality"),
        meeting_type="quality_safety",
        service_id=services[0].id,
        held_on=clock.today() - dt.timedelta(days=30),
    )
    scope = team.scope("quality")
    pack = agenda_pack(scope=scope, meeting=meeting_get(scope=scope, meeting_id=meeting.id), today=clock.today())
    assert (pack.replies.waiting, pack.replies.late) == (2, 1)  # the complaint and the feedback of 40 days ago


def test_the_daily_reminder_counts_late_replies_for_those_who_may_reply(org, services, team, late):
    today = clock.today()
    digests = {d.person.id: d for d in reminder_digests(organisation=org, today=today)}
    assert digests[team.manager.id].late_replies == 2
    assert digests[team.quality.id].late_replies == 2
    assert team.beech_manager.id not in digests  # no late reply at Beech Court
    for person in (team.staff, team.partner, team.leader, team.commissioner):
        assert person.id not in digests or not digests[person.id].late_replies

    text = reminder_text(digests[team.manager.id], organisation=org, today=today)
    assert "Replies people asked for that are late, past the reply target with no reply recorded: 2." in text
    assert "/feedback/?reply=late" in text
    for personal in (CONTACT, GIVER, SAID):
        assert personal not in text

    mail.outbox = []
    reminders_send(organisation=org, today=today)
    to_manager = next(m.body for m in mail.outbox if m.to == [team.manager.user.email])
    assert "late, past the reply target" in to_manager
