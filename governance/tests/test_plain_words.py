"""A co-production partner reads the loop tracker in plain words: concerns, not loops; waiting too
long, not stalled. Staff who run governance keep their terms (ADR 0009)."""

import pytest
from django.urls import reverse

from core import clock
from governance import services as gov
from organisations.tests.words import page_words, read_as, says

from .conftest import hear

JARGON = ("loop", "loops", "stalled")


@pytest.fixture
def stalled(org, services, team, framework):
    """Food raised at Rowan House for two months with no decision, and a meeting there today."""
    hear(team.staff, services[0], "food-and-drink", days_ago=[60, 50, 3])
    return gov.meeting_create(
        scope=team.scope("quality"), meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )


def pages(client, person, meeting):
    return read_as(
        client,
        person,
        {
            "home": reverse("organisations:home"),
            "tracker": reverse("governance:loops"),
            "waiting": reverse("governance:loops") + "?state=stalled",
            "theme": reverse("governance:theme", args=["food-and-drink"]),
            "pack": reverse("governance:meeting-pack", args=[meeting.id]),
            "meetings": reverse("governance:meetings"),
        },
    )


def test_a_partner_reads_concerns_and_waiting_too_long_never_loops_or_stalled(client, team, stalled):
    shown = pages(client, team.partner, stalled)
    for name, html in shown.items():
        assert says(html, *JARGON) == [], name
    home = page_words(shown["home"])
    assert "What is being done about concerns" in home
    assert "Concerns by where they stand" in home
    assert "Concerns waiting too long" in home
    assert "Food & drink, Rowan House: Raised 60 days ago with no decision" in home
    assert "See every concern" in home
    tracker = page_words(shown["tracker"])
    assert "Concerns – Heard" in tracker  # the page's title, as the navigation names it
    assert "All concerns (1) Waiting too long (1) Heard, no decision yet (1) Decided at a meeting (0)" in tracker
    assert "Raised in 3 pieces of feedback (3 in the last 90 days)" in tracker
    assert "Waiting too long: Raised 60 days ago with no decision" in tracker
    assert "1 concern: waiting too long" in page_words(shown["waiting"])
    assert "What is being done about it" in page_words(shown["theme"])
    pack = page_words(shown["pack"])
    assert "7. Concerns waiting too long" in pack
    assert "(3 pieces of feedback raised it, 3 in the last 90 days)" in pack


def test_the_navigation_names_the_tracker_as_its_page_is_titled(client, team, stalled):
    for person, name in ((team.partner, "Concerns"), (team.quality, "Loops")):
        client.force_login(person.user)
        html = client.get(reverse("governance:meetings")).content.decode()
        assert f'<a class="heard-section-nav__link" href="{reverse("governance:loops")}">{name}</a>' in html
        tracker = client.get(reverse("governance:loops")).content.decode()
        assert f"<h1>{name}</h1>" in tracker and f"<title>{name} – Heard</title>" in tracker


def test_staff_who_run_governance_keep_the_terms_of_the_tracker(client, team, stalled):
    shown = pages(client, team.quality, stalled)
    home = page_words(shown["home"])
    assert "Where the loop stands" in home and "Stalled loops" in home and "See every loop" in home
    tracker = page_words(shown["tracker"])
    assert "All loops (1) Stalled (1) Heard (1) Decided (0)" in tracker
    assert "Stalled: Raised 60 days ago with no decision" in tracker
    assert "7. Stalled loops" in page_words(shown["pack"])
    assert says(shown["home"], "concern", "concerns") == []


def test_a_partner_reads_the_governance_lists_in_plain_words(client, team, loop):
    gov.meeting_attendance_record(
        scope=team.scope("quality"), meeting_id=loop["meeting"].id, person_id=team.partner.id, role="uses_services"
    )
    client.force_login(team.partner.user)
    shown = {
        name: client.get(reverse(f"governance:{name}")).content.decode()
        for name in ("meetings", "actions", "challenges", "coproduction")
    }
    assert "People there 1, including 1 who uses services or cares for someone who does" in page_words(
        shown["meetings"]
    )
    assert says(shown["meetings"], "present", "lived experience") == []
    assert "Checks it worked Grace Okafor" in page_words(shown["actions"])
    assert says(shown["actions"], "checker", "loops") == []
    assert "closes the challenge if satisfied, or takes it further if not" in page_words(shown["challenges"])
    assert says(shown["challenges"], "escalates") == []
    ledger = page_words(shown["coproduction"])
    assert "Step on the ladder What it means Activities" in ledger and "Every step" in ledger
    assert says(shown["coproduction"], "rung") == []


def test_a_partner_reads_roles_and_statuses_by_plain_names_and_staff_keep_theirs(client, team, loop):
    # Given the action closed with evidence of impact, and a leader's challenge about it taken further
    action = loop["action"]
    manager, quality, leader = team.scope("manager"), team.scope("quality"), team.scope("leader")
    # (closed first: an action is not closed while a challenge on it waits for an answer)
    gov.action_request_check(scope=manager, action_id=action.id, note="Bells answered in four minutes.")
    gov.action_check(
        scope=quality, action_id=action.id, impact_shown=True, note="Waits fell.", link="https://example.org/log"
    )
    challenge = gov.challenge_raise(scope=leader, subject="action", action_id=action.id, question="Show me the impact.")
    gov.challenge_respond(scope=manager, challenge_id=challenge.id, text="The bell log is linked.")
    gov.challenge_conclude(scope=leader, challenge_id=challenge.id, satisfied=False, text="To the board, please.")
    addresses = {
        "home": reverse("organisations:home"),
        "actions": reverse("governance:actions"),
        "action": reverse("governance:action", args=[action.id]),
        "challenges": reverse("governance:challenges"),
        "challenge": reverse("governance:challenge", args=[challenge.id]),
    }

    def read(person):
        client.force_login(person.user)
        return {name: page_words(client.get(address).content.decode()) for name, address in addresses.items()}

    partner = read(team.partner)
    for name, words in partner.items():
        for staff_name in ("Closed with evidence of impact", "Escalated", "Co-production partner"):
            assert staff_name not in words, (name, staff_name)
    assert "Partner in making care better: Rowan House" in partner["home"]
    assert "Done, and checked that it worked" in partner["actions"] and "Being done" in partner["actions"]  # a filter
    assert "Done, and checked that it worked" in partner["action"]
    assert "Taken further" in partner["challenges"] and "Taken further" in partner["challenge"]

    staff = read(team.quality)
    assert "Quality lead: all services" in staff["home"]
    assert "Closed with evidence of impact" in staff["actions"] and "Escalated" in staff["challenges"]
