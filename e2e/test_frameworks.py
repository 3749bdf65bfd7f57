"""End to end: a quality lead changes the social-care theme framework as a new version and publishes it,
and moves coding to the NHS framework."""

import re

import pytest
from playwright.sync_api import expect

from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.coding.tests.test_coding import record
from themes.models import CodingReview, Framework, FrameworkVersion, Theme, VersionStatus
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_quality_lead_renames_and_maps_a_theme_in_a_new_version(visit, org):
    # Given Northgate Care with the shipped social-care framework, and its quality lead
    framework_install(scope=system_scope(organisation=org), key="social-care")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)

    # When she opens Themes, then she sees the frameworks, and can add the NHS one
    visit.nav("Themes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
    visit.check_accessibility()
    page.get_by_role("button", name="Add NHS patient experience (v6)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NHS patient experience (v6)")
    expect(page.get_by_text("Used to test suggestions").first).to_be_visible()
    visit.check_accessibility()

    # When she opens the social-care framework, then she sees its themes mapped to CQC's statements
    page.get_by_role("link", name="All theme frameworks").click()
    page.get_by_role("link", name="Social care feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social care feedback")
    expect(page.get_by_text("Safe: Medicines optimisation")).to_be_visible()
    visit.check_accessibility()

    # When she starts a new version, then she is editing a draft copy, told which themes map to nothing
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_text("Version 2 is a draft")).to_be_visible()
    expect(page.get_by_text("1 theme maps to no quality statement")).to_be_visible()
    visit.check_accessibility()

    # When she renames "Food & drink" and maps it to a safe quality statement
    page.get_by_role("link", name="Edit Food & drink").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Food & drink")
    visit.check_accessibility()
    page.get_by_label("Theme name").fill("Meals, snacks & drinks")
    page.get_by_role("checkbox", name="Safe and effective staffing").check()
    page.get_by_role("button", name="Save theme").click()

    # Then the draft shows the new name and mapping
    expect(page.get_by_text("The theme has been saved.")).to_be_visible()
    row = page.locator("tr", has_text="Meals, snacks & drinks")
    expect(row.get_by_text("Safe: Safe and effective staffing")).to_be_visible()
    visit.check_accessibility()

    # When she adds a theme and saves it without mapping it
    page.get_by_label("Theme name").fill("Agency staff")
    page.get_by_label("Category").select_option(label="Staff")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Agency staff")
    page.get_by_role("button", name="Save theme").click()
    expect(page.get_by_text("2 themes map to no quality statement")).to_be_visible()

    # When she publishes it, then she is asked first, told which themes CQC reports will not show
    page.get_by_label("What changed in this version? (optional)").fill("Food renamed to meals.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish version 2?")
    unmapped = page.get_by_text("These themes map to no quality statement").locator("..")
    expect(unmapped.get_by_role("link", name="Agency staff")).to_be_visible()
    expect(unmapped.get_by_role("link", name="Overall experience")).to_be_visible()
    expect(page.get_by_label("What changed in this version? (optional)")).to_have_value("Food renamed to meals.")
    visit.check_accessibility()
    assert Theme.objects.for_org(org).filter(name="Agency staff", version__status=VersionStatus.DRAFT).exists()

    # When she goes back and maps the new theme, then only the one meant to map to nothing is left
    page.get_by_role("link", name="Go back and map them").click()
    page.get_by_role("link", name="Edit Agency staff").click()
    page.get_by_role("checkbox", name="Safe and effective staffing").check()
    page.get_by_role("button", name="Save theme").click()
    page.get_by_label("What changed in this version? (optional)").fill("Food renamed to meals.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(unmapped.get_by_role("link", name="Agency staff")).to_have_count(0)
    expect(unmapped.get_by_role("link", name="Overall experience")).to_be_visible()
    page.get_by_role("button", name="Publish anyway").click()

    # Then version 2 is in use, version 1 is retired and kept with its old wording
    expect(page.get_by_text("Version 2 is published")).to_be_visible()
    expect(page.get_by_text("Meals, snacks & drinks")).to_be_visible()
    history = page.get_by_role("table", name="Versions of Social care feedback")
    expect(history.get_by_text("Retired")).to_be_visible()
    expect(history.get_by_text("Food renamed to meals.")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("This version is no longer in use")).to_be_visible()
    expect(page.get_by_text("Food & drink", exact=True)).to_be_visible()
    visit.check_accessibility()
    assert Theme.objects.for_org(org).filter(name="Food & drink", version__status=VersionStatus.RETIRED).exists()
    assert (
        Theme.objects.for_org(org)
        .filter(name="Meals, snacks & drinks", version__status=VersionStatus.PUBLISHED)
        .exists()
    )


def test_staff_see_the_frameworks_but_cannot_change_them(visit, org):
    # Given a member of staff at an organisation with the shipped frameworks
    framework_install(scope=system_scope(organisation=org), key="social-care")
    staff = person_with_role(org, Role.STAFF, all_services=True)
    page = visit.sign_in(staff.user.email)

    # When they open a framework, then they can read it but there is nothing to change it with
    visit.nav("Themes")
    page.get_by_role("link", name="Social care feedback").click()
    expect(page.get_by_text("Safe: Safeguarding").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Start a new version"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Code feedback with"))).to_have_count(0)
    visit.check_accessibility()


def test_a_quality_lead_corrects_mistakes_in_a_draft_then_throws_it_away(visit, org):
    # Given Northgate Care's social-care framework with a draft version 2, and its quality lead
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)
    visit.nav("Themes")
    page.get_by_role("link", name="Social care feedback").click()
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_text("Version 2 is a draft")).to_be_visible()

    # When she adds a category without a name, then she is told, at an address that opens again
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a category")
    expect(page.get_by_role("alert").get_by_role("link", name="Enter a name.")).to_be_visible()
    visit.check_accessibility()
    page.goto(page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a category")
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    page.get_by_label("Name").fill("Activities")
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_text("The category Activities has been added.")).to_be_visible()

    # When she adds a theme with a name the draft already has, then she is told, and can correct it
    page.get_by_label("Theme name").fill("medicines")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a theme")
    expect(page.get_by_role("alert").get_by_text("There is already a theme with this name.")).to_be_visible()
    visit.check_accessibility()
    page.goto(page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a theme")
    page.get_by_label("Theme name").fill("Outings")
    page.get_by_label("Category").select_option(label="Activities")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Outings")

    # When she chooses to throw the draft away, then she is asked first and told what would be lost
    page.get_by_role("link", name="Social care feedback, version 2").click()
    page.get_by_role("link", name="Throw away this draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Throw away draft version 2?")
    expect(page.get_by_text("1 theme added")).to_be_visible()
    visit.check_accessibility()
    assert FrameworkVersion.objects.for_org(org).filter(framework=framework, number=2).exists()

    # When she confirms, then the draft is gone and version 1 is still the one in use
    page.get_by_role("button", name="Throw away draft version 2").click()
    expect(page.get_by_text("The draft version 2 has been thrown away.")).to_be_visible()
    expect(page.get_by_role("button", name="Start a new version")).to_be_visible()
    visit.check_accessibility()
    assert list(FrameworkVersion.objects.for_org(org).filter(framework=framework).values_list("number", flat=True)) == [
        1
    ]


WAITING = "The nurse never told us when the appointment would be."


def test_a_quality_lead_codes_feedback_with_the_nhs_framework_and_the_queue_follows(visit, org, services, admin_scope):
    # Given Northgate Care codes with the social-care framework, has the NHS one too, and a comment waiting
    framework_install(scope=system_scope(organisation=org), key="social-care")
    framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    [comment] = record(admin_scope, services[0], WAITING)
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)

    # When she opens Themes, then she sees that the social-care framework is the main one
    visit.nav("Themes")
    frameworks = page.get_by_role("table", name="Frameworks")
    expect(frameworks.get_by_role("row").filter(has_text="Social care feedback")).to_contain_text("Main framework")
    expect(frameworks.get_by_role("row").filter(has_text="NHS patient experience")).not_to_contain_text(
        "Main framework"
    )

    # When she chooses to code feedback with the NHS framework, then she is asked first and told
    # what follows it, what is kept and that it has no suggestions model yet
    page.get_by_role("link", name="Code feedback with NHS patient experience (v6)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code feedback with NHS patient experience (v6)?")
    expect(page.get_by_text("has no suggestions model yet")).to_be_visible()
    expect(page.get_by_text("Coding already done with Social care feedback")).to_be_visible()
    visit.check_accessibility()
    assert Framework.objects.for_org(org).get(is_primary=True).slug == "social-care"

    # When she confirms, then the NHS framework is the main one
    page.get_by_role("button", name="Code feedback with NHS patient experience (v6)").click()
    expect(
        page.get_by_text("Feedback is now coded with NHS patient experience (v6), the main framework.")
    ).to_be_visible()
    expect(frameworks.get_by_role("row").filter(has_text="NHS patient experience")).to_contain_text("Main framework")
    expect(frameworks.get_by_role("link", name="Code feedback with Social care feedback")).to_be_visible()
    visit.check_accessibility()

    # Then the coding queue is the NHS framework's, and the comment is coded with its themes
    page.get_by_role("link", name="Coding", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coding: NHS patient experience (v6)")
    expect(page.get_by_text(WAITING)).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name=re.compile("code this comment")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code a comment")
    expect(page.get_by_role("checkbox", name="Call bells & responsiveness")).to_have_count(0)
    page.get_by_role("checkbox", name="Information directly from staff during care").check()
    page.get_by_role("radio", name="Negative", exact=True).check()
    visit.check_accessibility()
    page.get_by_role("button", name="Save and go back").click()
    expect(page.get_by_text("Coding saved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting to be coded.")).to_be_visible()
    review = CodingReview.objects.for_org(org).select_related("framework").get(comment=comment)
    assert review.framework.slug == "nhs-pe-v6"
