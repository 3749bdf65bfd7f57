"""End to end: a regulator's new taxonomy, added as a file beside the shipped one, replaces CQC's 2024
framework; the quality lead is told on the framework's page and makes a new version mapped to it, its
mappings carried across by the file's crosswalk (ADR 0027)."""

import pytest
from playwright.sync_api import expect

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.models import FrameworkVersion
from themes.services import framework_install
from themes.tests.taxonomy_fixture import KEY, NAME

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_quality_lead_remaps_a_framework_to_the_taxonomy_that_replaces_its_own(visit, org, new_taxonomy):
    # Given Northgate Care's social-care framework mapped to CQC's 2024 framework, and a file of the
    # test regulator's taxonomy, which replaces it, in the directory of extra taxonomies
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)

    # When she opens the framework, then she is told a newer taxonomy replaces the one it maps to
    visit.nav("Themes")
    page.get_by_role("link", name="Social care feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social care feedback")
    notice = page.locator("#taxonomy-replaced")
    expect(notice).to_contain_text(
        f"The test regulator has published {NAME}, which replaces CQC single assessment framework (2024). "
        "Make a new version mapped to it."
    )
    expect(page.get_by_text("Replaced", exact=True)).to_be_visible()
    # and the choice of taxonomy for a new version shows, with each one's status
    choice = page.get_by_label("Map themes to")
    expect(choice.locator("option")).to_have_text(
        ["CQC single assessment framework (2024) (replaced)", f"{NAME} (current)"]
    )
    visit.check_accessibility()

    # When she makes the new version from the notice
    notice.get_by_role("button", name=f"Make a new version mapped to {NAME}").click()

    # Then she is editing a draft mapped to the new taxonomy, told how many mappings were carried
    expect(page.get_by_text("Version 2 is a draft")).to_be_visible()
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.draft")
    carried, dropped = event.changes["mappings_carried"], event.changes["mappings_dropped"]
    expect(page.get_by_text(f"{carried} mappings were carried across from")).to_be_visible()
    expect(page.get_by_text(f"{dropped} mappings to quality statements")).to_be_visible()
    row = page.locator("tr", has_text="Safety & safeguarding")
    expect(row.get_by_text("Safety (test): Protection (test)")).to_be_visible()
    visit.check_accessibility()
    assert FrameworkVersion.objects.for_org(org).get(framework=framework, number=2).taxonomy == KEY
