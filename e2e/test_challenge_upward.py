"""In the browser: David takes an answered challenge further, and it goes up to the quality lead, not
back to the manager who answered; his form is gone until she answers. Grace finds a challenge put to
a manager who has left marked on the list, and hands it only to someone who answers for the service,
saying why in words that keep the colleague's name. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from governance import services as gov
from governance.models import ChallengeSubject
from governance.tests.conftest import days_back, framework, loop, scope_of, team, theme  # noqa: F401  (fixtures)
from organisations import services_people
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_takes_an_answered_challenge_upward(visit, org, team, loop):  # noqa: F811
    # Given David's challenge, answered by Tom 20 days ago
    challenge = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.ACTION,
        action_id=loop["action"].id,
        question="Why is this late?",
        now=days_back(30),
    )
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="Recruiting.", now=days_back(20))

    # When David opens his home page, the answer's wait is there, marked as over two weeks
    page = visit.sign_in(team.leader.user.email)
    todo = page.get_by_role("region", name="Yours to do")
    expect(todo).to_contain_text("Waiting 20 days for the leader: over 14 days")
    visit.check_accessibility()

    # And he takes it further without choosing anyone
    visit.go(f"/governance/challenges/{challenge.id}/")
    expect(page.get_by_label("If you escalate it, who should answer it now?")).not_to_contain_text("Tom Hargreaves")
    page.get_by_label("Escalate it", exact=True).check()
    page.get_by_label("Why", exact=True).fill("Recruiting is not an answer: what happens at night meanwhile?")
    page.get_by_role("button", name="Save").click()

    # Then it goes up to Grace, and his form is gone while her answer waits
    expect(page.get_by_text("The challenge has been escalated to Grace Okafor.")).to_be_visible()
    expect(page.get_by_text("Taken further to Grace Okafor, who is to answer it.")).to_be_visible()
    expect(page.get_by_role("heading", name="Close or escalate")).to_have_count(0)
    visit.check_accessibility()


def test_a_quality_lead_hands_a_challenge_put_to_someone_who_left(visit, org, services, team, framework):  # noqa: F811
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Olivia Owen")
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=olivia.id,
        question="Who tells families when a room moves?",
    )
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    services_people.person_archive(scope=scope_of(admin), person=olivia)

    # When Grace opens the list of challenges, it says Olivia has left, with the way to hand it over
    page = visit.sign_in(team.quality.user.email)
    visit.go("/governance/challenges/")
    expect(page.get_by_role("table")).to_contain_text("Olivia Owen (has left: needs handing over)")
    visit.check_accessibility()
    visit.follow(page.get_by_role("link", name="Hand it over"))

    # Then only those who answer for the service are offered
    choices = page.get_by_label("Hand it to")
    expect(choices).to_contain_text("Tom Hargreaves")
    for name in ("David Mensah", "Margaret Wilson", "Helen Brooks", "Aisha Rahman"):
        expect(choices).not_to_contain_text(name)
    choices.select_option(label="Tom Hargreaves")
    page.get_by_label("Why", exact=True).fill("Olivia has left Rowan House.")
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("The challenge has been handed to Tom Hargreaves.")).to_be_visible()
    expect(
        page.get_by_text("Handed from Olivia Owen to Tom Hargreaves to answer: Olivia has left Rowan House.")
    ).to_be_visible()
    visit.check_accessibility()
