"""End to end: an inspector opens the CQC pack from a link until it is stopped; the public reads
"You said, we did" beside the feedback form; a quality lead's home page shows where the loop stands."""

import pytest
from playwright.sync_api import expect

from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from governance.models import Action, ActionStatus
from organisations.demo import demo_build
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import PASSWORD, person_with_role
from reports.files import make_report_file
from reports.inspector import inspector_link_create, inspector_link_revoke
from reports.models import ReportFile
from reports.tests.test_render import poppler
from reports.you_said import you_said_save
from themes.coding.demo import coding_demo_build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def northgate():
    org = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=org, seed=2026, total=400)
    coding_demo_build(organisation=org, seed=2026, review_suggestions=5)
    governance_demo_build(organisation=org, seed=2026)
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    return org, lead, scope_for(user=lead.user, organisation=org)


def test_an_inspector_reads_the_pack_from_a_link_until_it_is_stopped(visit, northgate):
    visit.page.set_default_timeout(30_000)
    org, lead, scope = northgate
    # Given a link made by the quality lead
    made = inspector_link_create(scope=scope, label="CQC inspection", days=14)

    # When the inspector opens it, without signing in
    page = visit.go(f"/reports/inspect/{made.token}/")

    # Then they read the pack, with staff named by role, and it is accessible
    expect(page.get_by_role("heading", level=1)).to_have_text("CQC well-led evidence pack")
    for heading in (
        "Well-led quality statements",
        "Evidence categories",
        "Who listens",
        "Who decides",
        "Who acts",
        "Who checks",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("img", name="Feedback received, by channel")).to_be_visible()
    expect(page.get_by_text("Tom Hargreaves")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    visit.check_accessibility()

    # When the inspection runs on, the quality lead keeps the same link working for longer
    visit.sign_in(lead.user.email)
    page = visit.go("/reports/cqc/inspector-links/")
    page.get_by_label("Keep it working until").select_option("30")
    page.get_by_role("button", name="Extend the link for CQC inspection").click()
    expect(page.get_by_text("The link for CQC inspection now works until")).to_be_visible()
    visit.check_accessibility()

    # When the link is stopped, the same address shows nothing but that it has expired
    inspector_link_revoke(scope=scope, link_id=made.link.id)
    page = visit.go(f"/reports/inspect/{made.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    expect(page.get_by_text("Who listens")).to_have_count(0)
    visit.check_accessibility()


def test_the_public_read_you_said_we_did_beside_the_feedback_form(visit, northgate, settings):
    visit.page.set_default_timeout(30_000)
    # No worker is running yet: the poster waits to be made, as it does on a busy day.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    org, lead, scope = northgate
    action = Action.objects.for_org(org).filter(status=ActionStatus.CLOSED, title__icontains="call-bell").get()
    you_said_save(
        scope=scope,
        action_id=action.id,
        you_said="You said the call bells took too long at night.",
        we_did="We added a second night carer.",
        now_text="Now bells are answered in 4 minutes on average.",
        picture="better",
        publish=True,
    )
    # Given the service's public feedback form
    page = visit.go(f"/give-feedback/{action.service.feedback_link_id}/")
    # When someone follows the link to what changed
    page.get_by_role("link", name="See what we changed because of what people told us").click()
    # Then they read the pair in easy read, with pictures, and nobody's name
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(page.get_by_text("We added a second night carer.")).to_be_visible()
    expect(page.get_by_text("4 minutes on average")).to_be_visible()
    visit.check_accessibility()

    # When the quality lead asks for a poster of it, the page says it is being made
    visit.sign_in(lead.user.email)
    page = visit.go("/reports/you-said-we-did/")
    service = action.service
    page.get_by_role("button", name=f"Make an A4 poster for {service.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You said, we did poster: {service.name} (A4)")
    expect(page.get_by_text("Heard is making your PDF.")).to_be_visible()
    expect(page.get_by_label("How far it has got")).to_be_visible()
    visit.check_accessibility()

    # Then, once it is made, she downloads it, and it says where to give feedback: the address people reach Heard at
    made = ReportFile.objects.for_org(org).get(kind="poster", requested_by=lead)
    make_report_file.call(org.pk, made.pk)
    expect(page.get_by_text("Your PDF is ready.")).to_be_visible()  # the page looks again by itself
    visit.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == f"you-said-we-did-{service.id}-a4.pdf"
    words = "".join(poppler("pdftotext", str(download.value.path()), "-").split())
    assert "secondnightcarer" in words
    code = service.feedback_code
    assert f"{visit.base_url}/f/{code[:4]}-{code[4:]}/" in words


def test_a_quality_lead_sees_the_loop_on_the_home_page_and_the_cqc_pack(visit, northgate):
    visit.page.set_default_timeout(30_000)
    org, lead, scope = northgate
    page = visit.go("/sign-in/")
    page.get_by_label("Email address").fill(lead.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page = visit.go("/")
    expect(page.get_by_role("heading", level=2, name="Where the loop stands")).to_be_visible()
    expect(page.get_by_role("img", name="Loops by where they stand")).to_be_visible()
    expect(page.get_by_role("table", name="Loops by where they stand")).to_be_visible()
    visit.check_accessibility()
    page = visit.go("/reports/cqc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CQC well-led evidence pack")
    visit.check_accessibility()
    page = visit.go("/reports/cqc/inspector-links/")
    visit.check_accessibility()
