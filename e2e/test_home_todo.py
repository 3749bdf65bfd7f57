"""In the browser: the home page says what is each person's to do. Tom finds the actions he leads,
overdue first, and the leader's challenge waiting for his answer, and follows it to answer; David
finds the challenge he asked still unanswered, with its age; Aisha finds how to record feedback and
her service's poster. Every page is checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from core import clock
from governance import services as gov
from governance.models import Action
from governance.tests.conftest import days_back, framework, loop, team  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_finds_the_challenge_waiting_for_him_and_answers_it(visit, org, team, loop):  # noqa: F811
    # Given Tom's action, overdue since the summer, and David's challenge on it, unanswered for 103 days
    action = loop["action"]
    Action.objects.for_org(org).filter(pk=action.pk).update(due_on=clock.today() - dt.timedelta(days=166))
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject="action",
        action_id=action.id,
        question="Why is this late? Show me the impact.",
        now=days_back(103),
    )

    # When Tom opens his home page
    page = visit.sign_in(team.manager.user.email)
    todo = page.get_by_role("region", name="Yours to do")

    # Then it lists what waits on him, with how long
    expect(todo.get_by_role("heading", name="Actions you lead")).to_be_visible()
    expect(todo).to_contain_text("1 not finished, 1 of them overdue.")
    expect(todo.get_by_role("link", name=action.title)).to_be_visible()
    expect(todo).to_contain_text("Waiting 103 days for an answer")
    visit.check_accessibility()

    # And he follows the challenge to answer it
    visit.follow(todo.get_by_role("link", name="Why is this late? Show me the impact."))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why is this late?")
    page.get_by_label("Your answer").fill("The night carer starts next week; the audit shows shorter waits.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer has been sent to the leader.")).to_be_visible()

    # Then the challenge has left his home page
    page = visit.go("/")
    expect(page.get_by_role("region", name="Yours to do")).not_to_contain_text("Challenges waiting for your answer")
    visit.check_accessibility()


def test_staff_find_how_to_record_feedback_and_their_service_poster(visit, services, team):  # noqa: F811
    rowan = services[0]
    # Given Aisha, staff at Rowan House, on her home page
    page = visit.sign_in(team.staff.user.email)
    todo = page.get_by_role("region", name="Yours to do")
    expect(todo.get_by_role("button", name="Record feedback")).to_be_visible()
    visit.check_accessibility()

    # When she follows the poster link, she gets Rowan House's poster and QR code
    visit.follow(todo.get_by_role("link", name=f"Feedback poster and QR code for {rowan.name}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(rowan.name)
    visit.check_accessibility()

    # And "Record feedback" opens the form
    visit.go("/")
    visit.follow(page.get_by_role("region", name="Yours to do").get_by_role("button", name="Record feedback"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record feedback")


def test_a_leader_finds_the_challenge_he_asked_still_unanswered_and_how_long_it_has_waited(visit, org, team, loop):  # noqa: F811
    # Given David's challenge to Tom, asked 103 days ago and not answered
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject="action",
        action_id=loop["action"].id,
        question="Why is this late? Show me the impact.",
        now=days_back(103),
    )

    # When David opens his home page, it is there with its age
    page = visit.sign_in(team.leader.user.email)
    todo = page.get_by_role("region", name="Yours to do")
    expect(todo.get_by_role("heading", name="Challenges you asked, not yet closed")).to_be_visible()
    expect(todo).to_contain_text("put to Tom Hargreaves")
    expect(todo).to_contain_text("Waiting 103 days for an answer")
    visit.check_accessibility()

    # And the list of challenges says the same
    visit.go("/governance/challenges/")
    expect(page.get_by_role("table")).to_contain_text("Waiting 103 days for an answer")
    visit.check_accessibility()


def test_the_quality_lead_sees_open_urgent_flags_as_a_warning_with_the_oldest_age(visit, org, services, team):  # noqa: F811
    # Given two open urgent flags, the older raised 12 days ago
    from reports.tests.test_home_urgent import flag_raised

    flag_raised(org, services[0], 12)
    flag_raised(org, services[1], 2)

    # When Grace, the quality lead, opens her home page
    page = visit.sign_in(team.quality.user.email)

    # Then a warning (not a note) says how many are open and for how long the oldest has been
    warning = page.locator(".heard-home-urgent")
    expect(warning.get_by_role("heading", level=2)).to_contain_text("Urgent flags open")
    expect(warning).to_contain_text("2 urgent flags are open. The oldest has been open for 12 days.")
    expect(page.get_by_text("Information:")).to_have_count(0)
    visit.check_accessibility()

    # And it leads to the urgent flags
    visit.follow(warning.get_by_role("link", name="See the urgent flags"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Urgent")
