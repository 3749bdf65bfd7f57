"""In the browser: the governance loop's hand-overs and challenges.

- Tom's action is handed to Aisha while his page is open; the "it is done" note he then sends is not
  saved, and he finds it in the progress form he may still use.
- The person who was to check an action in progress has left: Grace finds the check on the list of work
  to hand over at once, and the link opens the form with the check chosen.
- A leader cannot take an answered challenge further while a newer one on the action waits: the page
  points to the one that waits.
Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from governance import services as gov
from governance.models import ChallengeSubject, HandoverPart
from governance.tests.conftest import action_input, framework, loop, scope_of, team  # noqa: F401  (fixtures)
from organisations import services_people
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_note_refused_after_a_hand_over_is_given_back_in_the_progress_form(visit, org, team, loop):  # noqa: F811
    # Given Tom's page is open on the action he leads
    action = loop["action"]
    page = visit.sign_in(team.manager.user.email)
    visit.go(f"/governance/actions/{action.id}/")
    # When Grace hands its lead to Aisha, in Tom's team, meanwhile
    gov.action_hand_over(
        scope=team.scope("quality"),
        action_id=action.id,
        part=HandoverPart.LEAD,
        to_person_id=team.staff.id,
        reason="Tom is on leave.",
    )
    # And Tom says it is done
    page.get_by_text(f"It is done: ask {action.verifier.full_name} to check its impact").click()
    page.get_by_label("What was done").fill("Night rota in place and audited weekly.")
    page.get_by_role("button", name="Ask for the check").click()

    # Then he is told why it was not sent, and finds what he wrote in the progress form
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Your request for a check was not sent.")
    expect(banner).to_contain_text("This action is now led by Aisha Rahman, so only they can say it is done.")
    expect(banner).to_contain_text("What you wrote is in the progress form below")
    expect(page.get_by_label("Progress update")).to_have_value("Night rota in place and audited weekly.")
    visit.check_accessibility()


def test_a_check_whose_holder_left_is_handed_over_before_the_work_is_done(visit, org, services, team, loop):  # noqa: F811
    # Given an action in progress whose checker, Olivia, has left
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Olivia Owen")
    action = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title="Night call-bell audit",
            verifier_id=olivia.id,
            service_id=services[0].id,
            decision_id=loop["decision"].id,
        ),
    )
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Rota drafted.")
    services_people.person_archive(scope=scope_of(admin), person=olivia)
    person_with_role(org, Role.QUALITY_LEAD, services=[services[0]], full_name="Laura Finch", job_title="Quality lead")

    # When Grace opens the list of work to hand over
    page = visit.sign_in(team.quality.user.email)
    visit.go("/governance/handovers/")
    expect(page.get_by_role("heading", name="Actions to be checked by someone who cannot sign in")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Not done yet, due")
    visit.check_accessibility()

    # Then the link opens the form with the check chosen, and she hands it to Laura Finch
    visit.follow(page.get_by_role("link", name="Hand over the check of Night call-bell audit"))
    expect(page.get_by_label("Who checks it worked, now Olivia Owen")).to_be_checked()
    page.get_by_label("Hand it to").select_option(label="Laura Finch (Quality lead)")
    page.get_by_label("Why", exact=True).fill("Olivia has left the home.")
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("The action has been handed to Laura Finch.")).to_be_visible()
    visit.check_accessibility()
    visit.go("/governance/handovers/")
    expect(page.get_by_text("Nothing is waiting to be handed over.")).to_be_visible()


def test_an_answered_challenge_is_not_escalated_while_a_newer_one_waits(visit, org, team, loop):  # noqa: F811
    # Given David's challenge, answered, and Ruth's newer one on the same action still waiting
    action = loop["action"]
    first = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why is it late?"
    )
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=first.id, text="Recruiting a night carer.")
    ruth = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    gov.challenge_raise(
        scope=scope_of(ruth), subject=ChallengeSubject.ACTION, action_id=action.id, question="Show me the impact."
    )

    # When David opens his challenge
    page = visit.sign_in(team.leader.user.email)
    visit.go(f"/governance/challenges/{first.id}/")
    expect(page.get_by_text("Another challenge on this action is waiting for an answer: Ruth Adeyemi")).to_be_visible()
    visit.check_accessibility()

    # And tries to escalate it anyway
    page.get_by_role("radio", name="Escalate it").check()
    page.get_by_label("Why").fill("To the board.")
    page.get_by_role("button", name="Save").click()

    # Then it is refused, pointing to the challenge that waits, which he can open
    expect(page.get_by_role("alert")).to_contain_text("You can take this one further once that one has been answered")
    visit.check_accessibility()
    visit.follow(page.get_by_role("link", name="Read the challenge Tom Hargreaves is to answer"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Show me the impact.")
