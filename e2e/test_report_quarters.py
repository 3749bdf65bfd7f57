"""End to end: a quality lead reads the quarterly co-production summary, and a commissioner reads
the commissioner report for the service she commissions. Both pages are checked with axe."""

import pytest
from playwright.sync_api import expect

from governance.tests.conftest import framework, team  # noqa: F401  (fixtures)
from reports.tests.quarter_seed import seeded  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_quarterly_summary_and_the_commissioner_report_in_the_browser(visit, seeded, team):  # noqa: F811
    visit.page.set_default_timeout(30_000)  # several reports' worth of queries on a busy machine
    page = visit.sign_in(team.quality.user.email)
    visit.go("/reports/quarterly/?quarter=2026-Q3")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quarterly co-production summary")
    expect(page.get_by_role("img").first).to_be_visible()  # SPC charts are images with descriptions
    visit.check_accessibility()

    visit.page.context.clear_cookies()
    page = visit.sign_in(team.commissioner.user.email)
    visit.go("/reports/commissioner/?quarter=2026-Q3")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commissioner report")
    body = page.locator("main").inner_text()
    for person in (team.quality, team.manager, team.staff, team.partner, team.leader):
        assert person.full_name not in body
    visit.check_accessibility()
