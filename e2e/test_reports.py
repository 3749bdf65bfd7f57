"""End to end: a quality lead reads the monthly quality and safety pack and takes it away as a PDF."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from feedback.models import Channel, Comment, Feedback, Rating
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from reports.models import ReportFile
from reports.spc import add_months

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_quality_lead_reads_the_monthly_pack_and_prints_it(visit, org, services):
    visit.page.set_default_timeout(30_000)  # a pack is several queries and a PDF: allow for a busy machine
    # Given fourteen months of rated feedback at two services, and a quality lead
    ratings = [Rating.VERY_GOOD, Rating.GOOD, Rating.POOR, Rating.GOOD, Rating.DONT_KNOW]
    for m in range(14):
        month = add_months(dt.date(2025, 9, 1), m)
        for k in range(4 + m % 3):
            service = services[k % 2]
            item = Feedback.objects.create(
                organisation=org,
                service=service,
                channel=Channel.PAPER,
                received_on=month + dt.timedelta(days=k),
                rating=ratings[(m + k) % 5],
            )
            Comment.objects.create(organisation=org, feedback=item, text="Fine")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)

    # When she opens Reports (in the header's navigation) and the monthly pack for October 2026
    expect(page.locator("header a[href='/reports/']")).to_have_count(1)
    page = visit.go("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    visit.check_accessibility()
    page.get_by_role("link", name="Monthly quality and safety pack").click()
    page.get_by_label("Month", exact=True).select_option("2026-10")
    page.get_by_role("button", name="Show the pack").click()

    # Then she sees the sections, the FFT chart as a named image, and its figures as a table
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly quality and safety pack")
    expect(page.get_by_text("All services, October 2026")).to_be_visible()
    for heading in ("Feedback received", "Friends and Family Test", "Urgent flags", "Themes"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("img", name="Friends and Family Test: % positive, Sep 2025 to Oct 2026")).to_be_visible()
    expect(page.get_by_role("table", name="Friends and Family Test, month by month")).to_be_visible()
    visit.check_accessibility()

    # When she asks for a PDF, it is made in the background and she is told when it is ready
    page.get_by_role("button", name="Make a PDF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly quality and safety pack: All services")
    expect(page.get_by_text("Your PDF is ready.")).to_be_visible()
    visit.check_accessibility()

    # Then she downloads it and it is a PDF; Reports lists it for her
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "heard-monthly-northgate-all-services-october-2026.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page = visit.go("/reports/")
    expect(page.get_by_role("table", name="Your PDFs")).to_contain_text("Ready")
    visit.check_accessibility()


def test_a_pdf_still_being_made_and_one_that_could_not_be_made_read_plainly(visit, org, services, settings):
    # The worker is not running: the PDF waits, as it does on a busy day.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)
    page = visit.go("/reports/monthly/?month=2026-10")
    page.get_by_role("button", name="Make a PDF").click()

    # While it waits, the page says what is happening and how far it has got, in words and a bar
    expect(page.get_by_text("Heard is making your PDF.")).to_be_visible()
    expect(page.get_by_label("How far it has got")).to_be_visible()
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    visit.check_accessibility()

    # When making it fails, the page says so plainly, with what to do next
    made = ReportFile.objects.for_org(org).get(requested_by=lead)
    made.status = ReportFile.Status.FAILED
    made.stage = "Heard could not make this PDF. Ask for it again; if it fails again, tell your administrator."
    made.save(update_fields=["status", "stage"])
    page.get_by_role("link", name="Check again").click()
    expect(page.get_by_text("This PDF is not available")).to_be_visible()
    expect(page.get_by_text("Ask for it again")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_have_count(0)
    visit.check_accessibility()

    page = visit.go("/reports/")
    expect(page.get_by_role("table", name="Your PDFs")).to_contain_text("Could not be made")
    visit.check_accessibility()
