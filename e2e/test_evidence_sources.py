"""End to end: a quality lead records an incident and a measure's figure, then sees the theme across
every source on its page. Every page is checked with axe."""

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from core import clock
from governance.tests.conftest import hear
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def grace(org, services):
    cache.clear()
    framework_install(scope=system_scope(organisation=org), key="social-care")
    return person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")


def test_an_incident_and_a_measure_show_on_the_themes_page(visit, org, services, grace):
    # Heard in an earlier month, so the page charts the theme month by month.
    hear(grace, services[0], "call-bells-and-responsiveness", days_ago=[40])
    page = visit.sign_in(grace.user.email)
    visit.section("Governance", "Evidence")
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    page.get_by_text("Record evidence").click()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Record it"))
    form.get_by_label("Incident", exact=True).check()
    form.get_by_label("Service", exact=True).select_option(label="Rowan House")
    page.get_by_label("When it happened").fill((clock.today() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("What happened").fill("A resident fell at night while waiting for the call bell.")
    page.get_by_label("For an incident: how much harm did it cause?").select_option(label="Moderate harm")
    page.get_by_label("Call bells & responsiveness").check()
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("The evidence has been recorded.")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("link", name="Performance measures").click()
    page.get_by_text("Add a measure").click()
    page.get_by_label("Measure", exact=True).fill("Median call-bell wait (minutes)")
    page.get_by_label("Processes").check()
    page.get_by_label("Theme it tells you about (optional)").select_option(label="Call bells & responsiveness")
    page.get_by_role("button", name="Add the measure").click()
    page.get_by_text("Record a month's figure").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Record the figure"))
    form.get_by_label("Measure", exact=True).select_option(label="Median call-bell wait (minutes)")
    form.get_by_label("Service", exact=True).select_option(label="Rowan House")
    page.get_by_label("Any day in the month it is for").fill(clock.today().isoformat())
    page.get_by_label("Figure", exact=True).fill("6.5")
    page.get_by_role("button", name="Record the figure").click()
    expect(page.get_by_role("cell", name="6.5")).to_be_visible()
    visit.check_accessibility()

    visit.go("/governance/themes/call-bells-and-responsiveness/")
    expect(page.get_by_role("heading", name="Across every source since")).to_be_visible()
    expect(page.get_by_role("cell", name="1 caused moderate harm or worse")).to_be_visible()
    expect(page.get_by_role("heading", name="How often it is heard")).to_be_visible()
    expect(page.get_by_role("img", name="Call bells & responsiveness: % of feedback", exact=False)).to_be_visible()
    page.get_by_text("The figures month by month").click()
    expect(page.get_by_role("region", name="Call bells & responsiveness, month by month")).to_be_visible()
    visit.check_accessibility()


def test_a_wrong_incident_is_corrected_and_the_earlier_record_kept(visit, org, services, grace):
    from evidence import services as ev
    from organisations.scope import scope_for

    ev.item_record(
        scope=scope_for(user=grace.user, organisation=org),
        service_id=services[0].id,
        kind="incident",
        occurred_on=clock.today() - dt.timedelta(days=2),
        summary="A resident fell at night while waiting for the call bell.",
        harm="severe",
        reference="DX-501",
        theme_codes=["call-bells-and-responsiveness"],
    )
    page = visit.sign_in(grace.user.email)
    visit.section("Governance", "Evidence")
    page.get_by_role("link", name="A resident fell at night while waiting for the call bell.").click()
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    visit.check_accessibility()
    page.get_by_text("Correct this record").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Save the correction"))
    form.get_by_label("For an incident: how much harm did it cause?").select_option(label="Moderate harm")
    form.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    form.get_by_label("What was wrong with it").fill("Moderate harm, not severe: she was home the same day.")
    form.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("The record has been corrected.")).to_be_visible()
    expect(page.get_by_text("Moderate harm", exact=False).first).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="The earlier record").click()
    expect(page.get_by_role("heading", name="This record was corrected")).to_be_visible()
    visit.check_accessibility()
