"""End to end: a co-production partner follows the tracker from her home page and reads concerns in
plain words, never loops or stalled. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from governance.tests.conftest import hear
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_reads_what_is_being_done_about_concerns_in_plain_words(visit, org, services):
    # Given food raised at Rowan House for two months with no decision, and Margaret, a partner there
    rowan = services[0]
    framework_install(scope=system_scope(organisation=org), key="social-care")
    staff = person_with_role(org, Role.STAFF, services=[rowan], full_name="Aisha Rahman")
    hear(staff, rowan, "food-and-drink", days_ago=[60, 50, 3])
    margaret = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson")

    # When she signs in, her home page says what is being done about concerns, and which have waited too long
    page = visit.sign_in(margaret.user.email)
    expect(page.get_by_role("heading", level=2, name="What is being done about concerns")).to_be_visible()
    expect(page.get_by_role("img", name="Concerns by where they stand")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Concerns waiting too long")).to_be_visible()
    visit.check_accessibility()

    # And she opens Concerns from Governance: the page is titled as its link, in plain words
    visit.section("Governance", "Concerns")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns")
    expect(page).to_have_title("Concerns – Heard")
    expect(page.get_by_text("Waiting too long: Raised 60 days ago with no decision")).to_be_visible()
    visit.check_accessibility()

    # Then the theme's page says what is being done about it, and nothing says loop or stalled
    visit.follow(page.get_by_role("link", name="Food & drink"))
    expect(page.get_by_role("heading", level=2, name="What is being done about it")).to_be_visible()
    visit.check_accessibility()
    expect(page.locator("body")).not_to_contain_text("loop", ignore_case=True)
    expect(page.locator("body")).not_to_contain_text("stalled", ignore_case=True)
