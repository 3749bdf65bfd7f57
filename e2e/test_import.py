"""End to end: a quality lead imports a spreadsheet of feedback, sees a bad row reported, and imports the rest."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Comment
from organisations.roles import Role
from organisations.tests.factories import PASSWORD, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def test_a_quality_lead_imports_a_file_and_sees_the_bad_row_by_line(visit, org, services, tmp_path):
    # Given a quality lead of Northgate Care and a file with one bad date
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Sam Lee")
    path = tmp_path / "survey.csv"
    path.write_text(
        "Comment,Score,Date,Location\n"
        "Staff were lovely,1,01/03/2024,Rowan House\n"
        '"=HYPERLINK(""http://x.example"",""x"")",2,02/03/2024,beech court\n'
        "Food was cold,4,31/02/2024,Rowan House\n"
    )
    page = visit.go("/sign-in/")
    page.get_by_label("Email address").fill(lead.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # When they upload it, then the columns are guessed from the header
    page = visit.go("/feedback/import/")
    visit.check_accessibility()
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="Choose the columns")).to_be_visible()
    expect(page.get_by_label("Comment", exact=True)).to_have_value("Comment")
    expect(page.get_by_label("Service", exact=True)).to_have_value("Location")
    visit.check_accessibility()
    page.get_by_role("button", name="Check the file").click()

    # Then the check shows the rows as Heard reads them and the bad date with its line number
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_text("'31/02/2024' is not a real date: February 2024 has 29 days.")).to_be_visible()
    visit.check_accessibility()

    # When they keep the good rows and import
    page.get_by_label("Import the good rows and list the rows with problems").check()
    page.get_by_role("button", name="Import").click()

    # Then the result lists the counts and the bad line, and two comments are in Heard
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.get_by_role("heading", name="Import result")).to_be_visible()
    expect(page.get_by_text("2 (with 2 comments)")).to_be_visible()
    visit.check_accessibility()
    assert Comment.objects.for_org(org).count() == 2


def test_a_file_refused_whole_and_an_import_refused_all_or_nothing_are_accessible_pages(visit, org, services, tmp_path):
    # Given a quality lead, a file with column names and nothing under them, and one with a bad row
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Sam Lee")
    header_only = tmp_path / "header-only.csv"
    header_only.write_text("Comment,Score,Date,Location\n")
    one_bad = tmp_path / "one-bad.csv"
    one_bad.write_text(
        "Comment,Score,Date,Location\nStaff were lovely,1,01/03/2024,Rowan House\nCold tea,9,02/03/2024,Rowan House\n"
    )
    page = visit.sign_in(lead.user.email)

    def upload_and_check(path):
        visit.go("/feedback/import/")
        page.get_by_label("Upload a file").set_input_files(str(path))
        page.get_by_role("button", name="Upload and continue").click()
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("heading", name="Check the import", level=1)).to_be_visible()

    # When they check the empty file, then the warning is a section of the page under its heading
    upload_and_check(header_only)
    expect(page.get_by_role("heading", name="This file cannot be imported as it is", level=2)).to_be_visible()
    visit.check_accessibility()

    # When they import the other all or nothing, then the result says nothing was imported, as clearly
    upload_and_check(one_bad)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import result", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing was imported", level=2)).to_be_visible()
    visit.check_accessibility()
    assert Comment.objects.for_org(org).count() == 0
