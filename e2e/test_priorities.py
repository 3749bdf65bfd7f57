"""End to end: ideas raised at a planning session become a priority with a measured objective, which is
reviewed with people who use services and its target changed. Every page is checked with axe."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from core import clock
from governance import services as gov
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.services import service_archive
from organisations.tests.factories import person_with_role
from priorities.models import QualityPriority
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(org, services):
    cache.clear()
    rowan = services[0]
    grace = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    margaret = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson")
    tom = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Tom Hargreaves")
    framework_install(scope=system_scope(organisation=org), key="social-care")
    scope = scope_for(user=grace.user, organisation=org)

    def activity(kind, title, days_ago):
        return gov.coproduction_record(
            scope=scope,
            kind=kind,
            service_id=rowan.id,
            held_on=clock.today() - dt.timedelta(days=days_ago),
            title=title,
            rung="co_production",
            recognition="payment",
            participant_ids=[margaret.id],
        )

    return {
        "grace": grace,
        "tom": tom,
        "planning": activity("planning", "Rowan House planning day", 100),
        "forum": activity("forum", "Residents' forum", 1),
    }


def test_an_idea_becomes_a_priority_that_is_reviewed_with_people(visit, org, people):
    page = visit.sign_in(people["grace"].user.email)
    visit.section("Governance", "Quality priorities")
    expect(page.get_by_role("heading", name="Quality priorities")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("link", name="Rowan House planning day").click()
    page.get_by_label("The idea, in the words people used").fill("Answer the call bell faster at night")
    page.get_by_label("Votes it got when people ranked the ideas").fill("12")
    page.get_by_role("button", name="Add the idea").click()
    visit.check_accessibility()
    page.get_by_role("link", name="Make this a priority").click()

    expect(page.get_by_label("The priority")).to_have_value("Answer the call bell faster at night")
    page.get_by_role("button", name="Record the priority").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Objective", exact=True).fill("Fewer people wait for the call bell")
    page.get_by_label("Share of feedback that raises a theme (%)").check()
    page.get_by_label("Theme (for the share of feedback that raises a theme)").select_option(
        label="Call bells & responsiveness"
    )
    page.get_by_label("Target").fill("10")
    page.get_by_label("To be met by").fill((clock.today() + dt.timedelta(days=200)).isoformat())
    page.get_by_label("Lead", exact=True).select_option(label="Tom Hargreaves")
    page.get_by_role("button", name="Record the priority").click()

    expect(page.get_by_role("heading", name="Answer the call bell faster at night")).to_be_visible()
    visit.check_accessibility()
    page.get_by_text("Record a review").click()
    page.get_by_label("The session where it was reviewed").select_option(index=1)
    page.get_by_label("Progress reported, and what people said").fill("Waits are shorter; keep going.")
    page.get_by_label("Change an objective (optional)").select_option(label="Fewer people wait for the call bell")
    page.get_by_label("New target").fill("5")
    page.get_by_label("Why it changed").fill("Residents asked for more.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Why: Residents asked for more.")).to_be_visible()
    visit.check_accessibility()
    objective = QualityPriority.objects.for_org(org).get().objectives.get()
    assert objective.target == 10 and objective.target_now == 5

    # The planning day's ledger entry lists the priority chosen there as what it influenced, and the
    # forum's the change agreed at the review: read from the priority, nothing typed again.
    visit.go(reverse("governance:coproduction-activity", args=[people["planning"].id]))
    chosen = page.get_by_role("heading", name="Priorities chosen at this session")
    expect(chosen).to_be_visible()
    expect(page.get_by_role("link", name="Answer the call bell faster at night")).to_be_visible()
    visit.check_accessibility()
    visit.go(reverse("governance:coproduction-activity", args=[people["forum"].id]))
    expect(page.get_by_text("target from 10.0% to 5.0%")).to_be_visible()
    visit.check_accessibility()


def test_a_priority_chosen_twice_is_withdrawn_and_listed_apart(visit, org, people):
    from priorities import services as plan

    scope = scope_for(user=people["grace"].user, organisation=org)
    objective = plan.ObjectiveInput(
        description="Fewer people wait for the call bell",
        measure="theme_share",
        theme_code="call-bells-and-responsiveness",
        target=10.0,
        deadline=clock.today() + dt.timedelta(days=200),
        lead_id=people["tom"].id,
    )
    for title in ("Answer the call bell faster", "Answer the call bell faster (entered twice)"):
        plan.priority_choose(
            scope=scope,
            session_id=people["planning"].id,
            title=title,
            year=people["planning"].held_on.year,
            service_id=people["planning"].service_id,
            objectives=[objective],
        )
    page = visit.sign_in(people["grace"].user.email)
    visit.section("Governance", "Quality priorities")
    page.get_by_role("link", name="Answer the call bell faster (entered twice)").click()
    page.get_by_text("Withdraw this priority", exact=True).click()
    page.get_by_role("button", name="Withdraw the priority").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Why it should not count").fill("Entered twice at the planning day.")
    page.get_by_role("button", name="Withdraw the priority").click()

    expect(page.get_by_role("heading", name="Quality priorities")).to_be_visible()
    expect(page.get_by_role("link", name="Answer the call bell faster (entered twice)")).to_be_hidden()
    page.get_by_text("Withdrawn priorities (1)").click()
    visit.check_accessibility()
    page.get_by_role("link", name="Answer the call bell faster (entered twice)").click()
    expect(page.get_by_role("heading", name="This priority was withdrawn")).to_be_visible()
    visit.check_accessibility()


def test_a_mistyped_vote_total_is_corrected_and_an_idea_typed_twice_withdrawn(visit, org, people):
    from priorities import services as plan

    scope = scope_for(user=people["grace"].user, organisation=org)
    planning = people["planning"]
    for text, votes in (("Answer the call bell faster", 3), ("More trips out", 8), ("More trips out, please", 8)):
        plan.idea_add(scope=scope, session_id=planning.id, text=text, votes=votes)
    page = visit.sign_in(people["grace"].user.email)
    visit.go(f"/priorities/sessions/{planning.id}/")
    page.get_by_role("link", name="Answer the call bell faster", exact=True).click()
    page.get_by_text("Correct the words or the votes", exact=True).click()
    page.get_by_label("Votes it got when people ranked the ideas").fill("13")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Votes it got when people ranked the ideas")).to_have_value("13")
    visit.check_accessibility()
    page.get_by_label("What was wrong").fill("One table's votes were missed.")
    page.get_by_role("button", name="Save the correction").click()

    expect(page.get_by_role("heading", name="Rowan House planning day")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Answer the call bell faster")
    expect(page.locator("tbody tr").first).to_contain_text("it was “Answer the call bell faster”, 3 votes.")
    visit.check_accessibility()
    page.get_by_role("link", name="More trips out, please", exact=True).click()
    page.get_by_text("Withdraw this idea", exact=True).click()
    page.get_by_label("Why it should not be ranked").fill("The same idea typed in twice.")
    page.get_by_role("button", name="Withdraw the idea").click()
    expect(page.get_by_role("heading", name="Withdrawn ideas")).to_be_visible()
    expect(page.locator("tbody")).not_to_contain_text("More trips out, please")
    visit.check_accessibility()
    page.get_by_role("link", name="More trips out, please", exact=True).click()
    expect(page.get_by_role("heading", name="This idea was withdrawn")).to_be_visible()
    visit.check_accessibility()


def test_a_planning_session_at_a_service_that_has_closed_says_so_and_offers_no_new_idea(visit, org, services, people):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    service_archive(scope=scope_for(user=admin.user, organisation=org), service=services[0])
    page = visit.sign_in(people["grace"].user.email)
    visit.go(reverse("priorities:session", args=[people["planning"].id]))
    expect(
        page.get_by_text("Rowan House has been archived, so no idea is added and no priority is chosen")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Add the idea")).to_have_count(0)
    visit.check_accessibility()
