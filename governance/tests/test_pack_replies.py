"""A meeting's agenda pack counts the people waiting for a reply they asked for at its service, with the
longest wait in days, so the meeting can hold the service to its replies: counts only, never who they
are or what they said, read alike by staff and, in plain words, by partners; the link to who is waiting
is for those who may reply to them."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from feedback.models import Channel, ReplyMethod
from feedback.selectors import RepliesOwed
from feedback.services import FeedbackInput, ReplyInput, feedback_record, reply_record
from governance import services as gov
from governance.packs import agenda_pack
from governance.selectors import meeting_get
from organisations.scope import system_scope
from organisations.tests.words import page_words, read_as

CONTACT = "07700 900123"
SAID = "Nobody came when I rang the bell at night"
GIVER = "Doreen Mallory"


def asked(org, service, *, days_ago: int, wants_reply: bool = True):
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=clock.today() - dt.timedelta(days=days_ago),
            comments=[("What could be better?", SAID)],
            wants_reply=wants_reply,
            reply_method=ReplyMethod.PHONE if wants_reply else "",
            reply_contact=f"{GIVER}, {CONTACT}" if wants_reply else "",
        ),
    )


@pytest.fixture
def waiting(org, services, team):
    """At Rowan House, three people waiting (for 120, 30 and 3 days), one who asked 50 days ago and was
    rung back 10 days ago, and one who did not ask; at Beech Court, one person waiting 200 days."""
    rowan, beech = services[0], services[1]
    for days in (120, 30, 3):
        asked(org, rowan, days_ago=days)
    answered = asked(org, rowan, days_ago=50)
    reply_record(
        scope=team.scope("manager"),
        feedback_id=answered.id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today() - dt.timedelta(days=10), note=""),
    )
    asked(org, rowan, days_ago=400, wants_reply=False)
    asked(org, beech, days_ago=200)


def meeting_at(team, service, *, days_ago: int = 0):
    return gov.meeting_create(
        scope=team.scope("quality"),
        meeting_type="quality_safety",
        service_id=service.id if service else None,
        held_on=clock.today() - dt.timedelta(days=days_ago),
    )


def pack_of(team, meeting, reader="quality"):
    scope = team.scope(reader)
    return agenda_pack(scope=scope, meeting=meeting_get(scope=scope, meeting_id=meeting.id), today=clock.today())


def pack_page(client, person, meeting) -> str:
    return read_as(client, person, {"pack": reverse("governance:meeting-pack", args=[meeting.id])})["pack"]


WAITING_LINK = "See who is waiting for a reply"


def test_the_pack_counts_who_waits_at_its_service_and_the_longest_wait(client, services, team, framework, waiting):
    rowan = services[0]
    meeting = meeting_at(team, rowan)

    # Beech Court's wait, the reply given and feedback that asked for none are not the meeting's
    assert pack_of(team, meeting).replies == RepliesOwed(waiting=3, longest_days=120)

    html = pack_page(client, team.quality, meeting)
    words = page_words(html)
    assert (
        "8. Replies owed 3 people are waiting for a reply they asked for. The longest has waited 120 days. "
        f"None is late: past the reply target with no reply recorded. {WAITING_LINK}" in words
    )
    assert f'href="/feedback/?reply=waiting&amp;service={rowan.id}"' in html
    # Nothing that says who they are or what they said, so the pack can be shared more widely
    for personal in (CONTACT, GIVER, SAID, "Phone"):
        assert personal not in words


def test_partners_and_staff_read_the_same_counts_and_only_those_who_may_reply_get_the_link(
    client, services, team, framework, waiting
):
    meeting = meeting_at(team, services[0])
    for reader in ("manager", "staff", "partner"):
        assert pack_of(team, meeting, reader).replies == RepliesOwed(waiting=3, longest_days=120)

    manager = page_words(pack_page(client, team.manager, meeting))
    assert "3 people are waiting for a reply they asked for. The longest has waited 120 days." in manager
    assert WAITING_LINK in manager

    staff = page_words(pack_page(client, team.staff, meeting))
    assert "3 people are waiting for a reply they asked for." in staff
    assert WAITING_LINK not in staff

    partner = page_words(pack_page(client, team.partner, meeting))
    assert (
        "8. People waiting for us to get back to them 3 people who asked us to get back to them have not "
        "heard from us yet. The longest wait is 120 days." in partner
    )
    assert WAITING_LINK not in partner and "Replies owed" not in partner
    for personal in (CONTACT, GIVER, SAID):
        assert personal not in partner


def test_a_past_meeting_s_pack_counts_those_waiting_on_its_day(client, services, team, framework, waiting):
    # 35 days ago, the people who asked 120 and 50 days ago were waiting (the second was rung back
    # later); the two who asked in the last 30 days had not yet given their feedback
    meeting = meeting_at(team, services[0], days_ago=35)
    assert pack_of(team, meeting).replies == RepliesOwed(waiting=2, longest_days=85)
    held = (clock.today() - dt.timedelta(days=35)).strftime("%-d %B %Y")
    words = page_words(pack_page(client, team.quality, meeting))
    assert (
        f"On {held}, 2 people were waiting for a reply they asked for. The longest had waited 85 days. "
        f"None was late: past the reply target with no reply recorded. {WAITING_LINK} now" in words
    )


def test_a_whole_organisation_meeting_counts_every_service_of_its_reader(client, services, team, framework, waiting):
    meeting = meeting_at(team, None)
    assert pack_of(team, meeting).replies == RepliesOwed(waiting=4, longest_days=200)
    assert 'href="/feedback/?reply=waiting"' in pack_page(client, team.quality, meeting)


def test_a_service_nobody_waits_at_says_so(client, services, team, framework, waiting):
    meeting = meeting_at(team, services[2])
    assert pack_of(team, meeting).replies == RepliesOwed(waiting=0, longest_days=None)
    quality = page_words(pack_page(client, team.quality, meeting))
    assert "8. Replies owed No one is waiting for a reply they asked for." in quality
    assert WAITING_LINK not in quality


def test_one_person_waiting_is_counted_as_one(client, services, team, framework, waiting):
    words = page_words(pack_page(client, team.beech_manager, meeting_at(team, services[1])))
    assert "1 person is waiting for a reply they asked for. They have waited 200 days." in words
