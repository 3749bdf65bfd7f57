"""The urgent list says what it does: open flags first by how long they have waited, when each was
flagged and how, and when the last note was recorded on a flag that is still open."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core import clock
from feedback.services import feedback_record
from organisations.scope import scope_for, system_scope
from themes import selectors
from themes.models import DetectedBy, UrgentFlag
from themes.services import urgent_flag_raise, urgent_flag_record_action
from themes.tests.test_urgent_flags import ORDINARY_COMPLAINT, SELF_HARM, entry, flag_on

NOON = timezone.make_aware(dt.datetime(2026, 12, 1, 12, 0))


@pytest.fixture
def at(monkeypatch):
    """Set the clock: `at(days=2)` is two days after noon on 1 December 2026."""

    def move(**after):
        monkeypatch.setattr(clock, "now", lambda: NOON + dt.timedelta(**after))

    return move


def test_flags_are_listed_by_when_they_were_flagged_and_say_so(client, org, services, lead, at):
    # Feedback given on 20 November, flagged on different days: the list goes by the day of the flag.
    at(days=2)
    later = flag_on(org, services, text=SELF_HARM, service=services[1])
    at(days=0)
    earlier = flag_on(org, services)
    at(days=1)
    closed_first = flag_on(org, services, service=services[2])
    at(days=3)
    closed_last = flag_on(org, services, service=services[0])
    scope = scope_for(user=lead.user, organisation=org)
    for flag in (closed_first, closed_last):
        urgent_flag_record_action(scope=scope, flag_id=flag.id, action="Dealt with.", closes=True)
    assert [f.id for f in selectors.urgent_queue(scope=scope)] == [
        earlier.id,
        later.id,
        closed_last.id,
        closed_first.id,
    ]

    client.force_login(lead.user)
    page = client.get(reverse("themes:queue")).content.decode()
    assert "Rowan House, flagged 1 December 2026" in page and "Beech Court, flagged 3 December 2026" in page
    assert "feedback given on 20 November 2026" in page
    assert page.index("flagged 1 December") < page.index("flagged 3 December")
    assert "the one flagged longest ago at the top" in page and "the most recently flagged first" in page
    assert "oldest first" not in page


def test_a_note_keeps_the_flag_open_and_the_list_says_when_it_was_recorded(client, org, services, lead, at):
    at(days=0)
    flag = flag_on(org, services)
    client.force_login(lead.user)
    assert "Nothing recorded yet" in client.get(reverse("themes:queue")).content.decode()

    at(days=2)
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org), flag_id=flag.id, action="Rang his GP.", closes=False
    )
    page = client.get(reverse("themes:queue")).content.decode()
    assert "Nothing recorded yet" not in page and "· last note 3 December 2026" in page
    assert "A flag stays open until someone closes it, saying what was done." in page
    assert "Notes recorded along the way keep it open." in page
    assert "until someone records what was done" not in page


def test_a_flag_raised_by_hand_says_who_raised_it_by_hand(client, org, services, lead):
    flag_on(org, services, text=SELF_HARM)  # found by the check, for contrast
    quiet = feedback_record.__wrapped__(
        scope=system_scope(organisation=org), data=entry(services[0], ORDINARY_COMPLAINT)
    )
    urgent_flag_raise(
        scope=scope_for(user=lead.user, organisation=org),
        comment_id=quiet.comments.get().id,
        reason="She looked frightened of a carer.",
    )
    client.force_login(lead.user)
    page = client.get(reverse("themes:queue")).content.decode()
    assert "raised by hand by Grace Okafor: She looked frightened of a carer." in page
    assert "by a member of staff" not in page
    assert "by rules:" in page  # the check's own flag still says how it was found
    by_hand = UrgentFlag.objects.for_org(org).get(detected_by=DetectedBy.PERSON)
    flag_page = client.get(reverse("themes:flag", args=[by_hand.id])).content.decode()
    assert ", by hand" in flag_page and "a member of staff" not in flag_page
