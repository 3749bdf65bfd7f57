"""End to end: on a 320px-wide screen (WCAG 2.2 1.4.10, reflow) no page scrolls sideways, however long
the organisation's and services' names and the web addresses people write: the header and the service
chooser fit, long words wrap, and a data table wider than the screen scrolls on its own."""

import pytest
from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from audits.demo import audits_demo_build
from audits.models import AuditQuestion, AuditRun
from evidence.demo import evidence_demo_build
from evidence.models import EvidenceItem
from feedback.demo import feedback_demo_build
from feedback.models import Comment
from governance.demo import governance_demo_build
from governance.models import (
    Action,
    ActionUpdate,
    Attendance,
    Challenge,
    ChallengeEntry,
    CoproductionActivity,
    CoproductionInfluence,
    Decision,
    Meeting,
)
from organisations.demo import demo_build
from organisations.models import Organisation, Person, Service
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import ServiceFactory, person_with_role
from priorities.demo import priorities_demo_build
from priorities.models import Objective, PriorityIdea, QualityPriority
from reports.models import ReportFile
from themes.coding.demo import coding_demo_build
from themes.models import Category, Framework, ThemeAssignment, UrgentFlag
from themes.services.frameworks.edits import theme_add
from themes.services.frameworks.versions import framework_install, framework_version_draft

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/feedback/",
    "/governance/actions/",
    "/governance/meetings/",
    "/audits/",
    "/evidence/",
    "/priorities/",
    "/people/",
    "/services/",
    "/audit/",
]


def test_pages_fit_a_small_screen_with_long_names(visit, org):
    Organisation.objects.filter(pk=org.pk).update(name="Northgate Community Health and Social Care Partnership")
    ServiceFactory(organisation=org, name="Northgate Community Mental Health Team for Older Adults (North)")
    ServiceFactory(organisation=org, name="Rowan House")
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")

    visit.page.set_viewport_size({"width": 320, "height": 800})
    page = visit.sign_in(admin.user.email)
    wider = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.ok, path
        page.get_by_label("Service you are looking at").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[path] = width
        visit.check_accessibility()
    assert wider == {}


# What people really write: a web address or an email address has no space to wrap at.
ADDRESS = "https://northgate.example/quality/papers/2026/quality_and_safety_committee_minutes_appendix_c.pdf"
LONG_NAME = " and the Community Mental Health Team for Older Adults (North)"
# (model, field, what is added): the text that each detail page shows, made as long as people make it.
LONGER = [
    (Comment, "text", ADDRESS),
    (EvidenceItem, "summary", ADDRESS),
    (Meeting, "title", LONG_NAME),
    (Attendance, "support", ADDRESS),
    (Decision, "text", ADDRESS),
    (Action, "title", LONG_NAME),
    (Action, "impact_note", ADDRESS),
    (ActionUpdate, "text", ADDRESS),
    (Challenge, "question", ADDRESS),
    (ChallengeEntry, "text", ADDRESS),
    (CoproductionActivity, "title", LONG_NAME),
    (CoproductionActivity, "summary", ADDRESS),
    (CoproductionInfluence, "text", ADDRESS),
    (QualityPriority, "title", LONG_NAME),
    (QualityPriority, "why", ADDRESS),
    (Objective, "description", ADDRESS),
    (PriorityIdea, "text", ADDRESS),
    (AuditQuestion, "text", ADDRESS),
    (AuditRun, "reason", ADDRESS),
    (Person, "full_name", LONG_NAME),
    (Service, "name", LONG_NAME),
]


def _lengthen(org, model, field, added):
    """Every row's `field` made longer, then cut to the field's length as a form would keep it: a web
    address goes first, so that it is kept whole, and a name's words after it."""
    limit = model._meta.get_field(field).max_length or 10_000
    parts = (Value(f"{added} "), F(field)) if added == ADDRESS else (F(field), Value(added))
    model.objects.for_org(org).exclude(**{field: ""}).update(**{field: Substr(Concat(*parts), 1, limit)})


# The tables on the page that are wider than their region while it cannot be reached with Tab, or
# that have no region, once the page has laid itself out (two frames).
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
UNSCROLLABLE_TABLES = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.querySelectorAll("table:not(.nhsuk-table-responsive)")].filter((table) => {
    const region = table.closest("[role=region]");
    return !region || (region.scrollWidth > region.clientWidth && region.getAttribute("tabindex") !== "0");
  }).length;
}"""


@pytest.fixture
def northgate():
    """The demo organisation, with the long names, web addresses and email addresses people write."""
    cache.clear()
    org = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=org, seed=2026, total=400)
    coding_demo_build(organisation=org, seed=2026, review_suggestions=5)
    governance_demo_build(organisation=org, seed=2026)
    priorities_demo_build(organisation=org)
    audits_demo_build(organisation=org, seed=2026)
    evidence_demo_build(organisation=org, seed=2026)
    Organisation.objects.filter(pk=org.pk).update(name="Northgate Community Health and Social Care Partnership")
    for model, field, added in LONGER:
        _lengthen(org, model, field, added)
    Person.objects.for_org(org).exclude(email="").update(
        email="safeguarding.and.quality@northgatecommunityhealthandsocialcarepartnership.example"
    )
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    return org, admin


def _detail_pages(org) -> list[str]:
    def first(model, **where):
        return model.objects.for_org(org).filter(**where).order_by("id").first()

    slug = Framework.objects.for_org(org).get(is_primary=True).slug
    coded = first(ThemeAssignment).comment
    meeting = first(Attendance, support__gt="").meeting
    decision = first(Action, decision__isnull=False).decision
    completed = first(AuditRun, baseline__isnull=False, status="complete")
    planned = first(AuditRun, status="planned")
    return [
        f"/feedback/{coded.feedback_id}/",
        f"/themes/coding/{slug}/comments/{coded.id}/",
        f"/themes/coding/{slug}/model/",
        "/themes/urgent/",
        f"/themes/urgent/{first(UrgentFlag).id}/",
        f"/themes/frameworks/{slug}/",
        f"/evidence/{first(EvidenceItem).id}/",
        "/evidence/measures/",
        "/governance/loops/",
        "/governance/themes/call-bells-and-responsiveness/",
        f"/governance/meetings/{meeting.id}/",
        f"/governance/meetings/{decision.meeting_id}/pack/",
        f"/governance/decisions/{decision.id}/",
        f"/governance/actions/{first(ActionUpdate).action_id}/",
        "/governance/challenges/?all=1",
        f"/governance/challenges/{first(ChallengeEntry).challenge_id}/",
        "/governance/co-production/",
        f"/governance/co-production/{first(CoproductionInfluence).activity_id}/",
        f"/priorities/{first(Objective).priority_id}/",
        f"/priorities/sessions/{first(PriorityIdea).session_id}/",
        f"/priorities/ideas/{first(PriorityIdea).id}/",
        "/audits/",
        f"/audits/{completed.id}/",
        f"/audits/{planned.id}/",
        f"/audits/versions/{completed.version_id}/",
        "/reports/",
        "/reports/monthly/",
        "/reports/quarterly/",
        "/reports/commissioner/",
        "/reports/cqc/",
        "/reports/cqc/inspector-links/",
        "/reports/you-said-we-did/",
        f"/people/{first(Person, role_assignments__isnull=False).id}/",
        "/audit/",
    ]


def test_detail_pages_fit_a_small_screen_with_long_names_and_web_addresses(visit, northgate):
    """Long words wrap and wide tables scroll in their own region, so no page scrolls sideways."""
    org, admin = northgate
    visit.page.set_default_timeout(30_000)
    visit.page.set_viewport_size({"width": 320, "height": 800})
    page = visit.sign_in(admin.user.email)
    # A PDF of a report being made, and one that could not be: the pages that show how far it got.
    service = Service.objects.for_org(org).order_by("id").first()
    made = [
        ReportFile.objects.create(
            organisation=org,
            requested_by=admin,
            kind="monthly",
            title=f"Monthly quality and safety pack: {service.name}",
            status=status,
            progress=40,
            stage=stage,
            requested_at=timezone.now(),
        )
        for status, stage in [("making", "Drawing the charts"), ("failed", f"It could not be made: {ADDRESS}")]
    ]
    wider, plain, unscrolled = {}, [], {}
    for path in _detail_pages(org) + [f"/reports/pdfs/{file.id}/" for file in made]:
        response = page.goto(path)
        assert response.ok, path
        if ADDRESS not in page.content() and LONG_NAME.strip() not in page.content():
            plain.append(path)  # the page would prove nothing
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[path] = width
        # Every data table (not the responsive ones, which stack) is in a region of its own, which
        # is a tab stop, so it scrolls from the keyboard, whenever the table is wider than it.
        alone = page.evaluate(UNSCROLLABLE_TABLES)
        if alone:
            unscrolled[path] = alone
        visit.check_accessibility()
    assert plain == []
    assert wider == {}
    assert unscrolled == {}

    # The home page's tables stack on a phone: no figure is cut off at the screen's edge, not even in
    # a region of its own (a theme's variation sat past the edge, out of sight).
    page.goto("/")
    cut_off = page.evaluate(
        "() => [...document.querySelectorAll('main table')].filter(t => t.getBoundingClientRect().right > 320)"
        ".map(t => t.querySelector('caption').textContent.trim())"
    )
    assert page.locator("main table").count() >= 3 and cut_off == []
    visit.check_accessibility()

    # On a wide screen the same tables fit, and are not one more tab stop each on the way through.
    visit.page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/people/{admin.id}/")
    page.evaluate(TWO_FRAMES)
    regions = page.locator(".heard-table-wrap")
    assert regions.count() and all(regions.nth(i).get_attribute("tabindex") is None for i in range(regions.count()))
    visit.page.set_viewport_size({"width": 320, "height": 800})
    page.evaluate(TWO_FRAMES)
    assert regions.first.get_attribute("tabindex") == "0"


def test_the_public_pages_fit_a_phone_with_a_long_service_name(visit, org):
    # People who use services give feedback on their phones: every public page, and a page with its
    # errors, fits a 320px screen whatever the service is called.
    Organisation.objects.filter(pk=org.pk).update(name="Northgate Community Health and Social Care Partnership")
    service = ServiceFactory(organisation=org, name="Northgate Community Mental Health Team for Older Adults (North)")
    link = f"/give-feedback/{service.feedback_link_id}"
    visit.page.set_viewport_size({"width": 320, "height": 800})
    wider = {}

    def measure(path: str) -> None:
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[path] = width
        visit.check_accessibility()

    for path in [f"{link}/", f"{link}/thank-you/", f"{link}/you-said-we-did/", f"{link}/easy-read/"]:
        assert visit.go(path).title(), path
        measure(path)
    page = visit.go(f"{link}/")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    measure("the form with its errors")
    page = visit.go(f"{link}/easy-read/")
    page.get_by_role("button", name="Start").click()
    page.locator("img.heard-picture-radios__image").first.wait_for()
    measure("the easy read pictures")
    assert wider == {}


def test_a_draft_framework_and_the_import_steps_fit_a_small_screen(visit, org, tmp_path, settings):
    # The pages a quality lead works through at a desk, which a phone must still show whole: a draft
    # version of a framework and its theme pages, and each step of importing a file.
    settings.VAR_DIR = tmp_path / "var"
    Organisation.objects.filter(pk=org.pk).update(name="Northgate Community Health and Social Care Partnership")
    service = ServiceFactory(organisation=org, name="Northgate Community Mental Health Team for Older Adults (North)")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    scope = scope_for(user=lead.user, organisation=org)
    framework = framework_install(scope=scope, key="social-care")
    draft = framework_version_draft(scope=scope, framework=framework)
    category = Category.objects.for_org(org).filter(version=draft).order_by("position").first()
    theme = theme_add(scope=scope, category=category, name=f"Information about the service{LONG_NAME}")
    path = tmp_path / "survey.csv"
    path.write_text(f"Comment,Score,Date,Location\n{ADDRESS} was down all week,1,01/03/2024,{service.name}\n")

    visit.page.set_viewport_size({"width": 320, "height": 800})
    page = visit.sign_in(lead.user.email)
    wider = {}

    def measure(where: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[where] = width
        assert page.evaluate(UNSCROLLABLE_TABLES) == 0, where
        visit.check_accessibility()

    version = f"/themes/frameworks/{framework.slug}/versions/{draft.number}"
    for where in (f"{version}/", f"{version}/themes/{theme.id}/", f"{version}/publish/"):
        assert page.goto(where).ok, where
        measure(where)
    page.goto("/feedback/import/")
    measure("upload")
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Choose the columns").wait_for()
    measure("columns")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check the import").wait_for()
    measure("check")
    page.get_by_label("Import the good rows and list the rows with problems").check()
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name="Import result").wait_for()
    measure("result")
    assert wider == {}
