"""In the browser: Tom's login was switched off while he still led an action and had a leader's
question to answer. Grace, the quality lead, finds both counted on her home page, opens the list of
work to hand over, hands the action to someone who can sign in, and the list is one shorter. Every
page is checked with axe."""

import pytest
from playwright.sync_api import expect

from governance import services as gov
from governance.models import ChallengeSubject
from governance.tests.conftest import framework, loop, team, theme  # noqa: F401  (fixtures)
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_quality_lead_hands_over_work_held_by_someone_who_cannot_sign_in(visit, org, services, team, loop):  # noqa: F811
    # Given Tom's open action and a leader's question on a theme put to him; then his login is switched off
    action = loop["action"]
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=team.manager.id,
        question="Why do call bells still ring for ten minutes at night?",
    )
    person_with_role(
        org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Laura Finch", job_title="Registered manager"
    )
    team.manager.user.is_active = False
    team.manager.user.save(update_fields=["is_active"])

    # When Grace opens her home page
    page = visit.sign_in(team.quality.user.email)
    todo = page.get_by_role("region", name="Yours to do")
    expect(todo.get_by_role("heading", name="Work to hand over")).to_be_visible()
    expect(todo).to_contain_text("2 pieces of open work are held by people who cannot sign in to Heard")
    visit.check_accessibility()

    # Then she follows the count to the list, which names who holds each piece and why they cannot sign in
    visit.follow(todo.get_by_role("link", name="Hand them to someone who can"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Work to hand over")
    expect(page.get_by_text("2 pieces of work are waiting to be handed over.")).to_be_visible()
    expect(page.get_by_role("heading", name="Actions whose lead cannot sign in")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Had their login removed")
    visit.check_accessibility()

    # When she hands the action's lead to Laura Finch, saying why
    visit.follow(page.get_by_role("link", name=f"Hand over the lead of {action.title}"))
    page.get_by_label("Its lead, now Tom Hargreaves").check()
    page.get_by_label("Hand it to").select_option(label="Laura Finch (Registered manager)")
    page.get_by_label("Why", exact=True).fill("His login was removed when he left.")
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("The action has been handed to Laura Finch.")).to_be_visible()
    visit.check_accessibility()

    # Then the list is one shorter: only the question put to Tom is left
    page = visit.go("/governance/handovers/")
    expect(page.get_by_text("1 piece of work is waiting to be handed over.")).to_be_visible()
    expect(page.get_by_role("heading", name="Actions whose lead cannot sign in")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Why do call bells still ring for ten minutes at night?", exact=True)
    ).to_be_visible()
    visit.check_accessibility()
