"""A challenge whose answerer cannot sign in says it needs handing over wherever it is listed, not
only on the handovers page; and the leader's home page says how long each answer has waited for
them, marking those past two weeks."""

import html
import re

import pytest
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import ChallengeSubject
from governance.selectors.mine import LEADER_WAIT_DAYS
from governance.tests.conftest import days_back, scope_of, theme
from organisations import services_people
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db

HELD = "(has left: needs handing over)"


def _words(response) -> str:
    """The page's text as read, with no space left where a tag closed before a full stop or a comma."""
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))
    return re.sub(r" ([.,:])", r"\1", text)


@pytest.fixture
def left(org, services, team, framework):
    """A challenge put to Olivia Owen, who has since left."""
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Olivia Owen")
    challenge = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=olivia.id,
        question="Who tells families when a room moves?",
        now=days_back(45),
    )
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    services_people.person_archive(scope=scope_of(admin), person=olivia)
    return challenge


def test_the_leaders_home_page_says_it_needs_handing_over(client, team, left):
    client.force_login(team.leader.user)
    response = client.get("/")
    assert f"put to Olivia Owen on {days_back(45):%-d %B %Y} {HELD}. Waiting 45 days for an answer." in _words(response)
    # A leader does not hand work over: no link for them.
    assert f"{reverse('governance:challenge', args=[left.id])}#hand-over" not in response.content.decode()


def test_the_challenge_list_and_page_say_so_with_the_way_to_hand_it_over(client, team, left):
    link = f'href="{reverse("governance:challenge", args=[left.id])}#hand-over"'
    client.force_login(team.quality.user)
    listed = client.get(reverse("governance:challenges"))
    assert f"Olivia Owen {HELD} Hand it over" in _words(listed) and link in listed.content.decode()
    page = client.get(reverse("governance:challenge", args=[left.id]))
    assert f"To be answered by Olivia Owen {HELD} Hand it over" in _words(page)

    client.force_login(team.leader.user)
    listed = client.get(reverse("governance:challenges"))
    assert f"Olivia Owen {HELD}" in _words(listed) and link not in listed.content.decode()


def test_the_agenda_pack_says_so(client, org, services, team, left):
    meeting = gov.meeting_create(
        scope=team.scope("quality"),
        meeting_type="quality_safety",
        service_id=services[0].id,
        held_on=clock.today(),
        chair_id=team.quality.id,
    )
    client.force_login(team.quality.user)
    pack = _words(client.get(reverse("governance:meeting-pack", args=[meeting.id])))
    assert f"Raised by David Mensah for Olivia Owen {HELD} Hand it over" in pack


def test_answers_waiting_for_the_leader_show_their_age_and_over_two_weeks_are_marked(client, team, loop):
    leader = team.scope("leader")
    old = gov.challenge_raise(
        scope=leader, subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Old?", now=days_back(40)
    )
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=old.id, text="Yes.", now=days_back(20))
    new = gov.challenge_raise(
        scope=leader, subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="New?", now=days_back(5)
    )
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=new.id, text="Yes.", now=days_back(3))

    work = selectors.my_governance_work(scope=leader, today=clock.today())
    assert [c.id for c in work.asked] == [old.id, new.id]
    assert work.answered_long_ago == {old.id} and LEADER_WAIT_DAYS == 14

    client.force_login(team.leader.user)
    page = _words(client.get("/"))
    assert "1 answered challenge has waited for you for over 14 days." in page
    assert "close it, or take it further. Waiting 20 days for the leader: over 14 days." in page
    assert "close it, or take it further. Waiting 3 days for the leader." in page
