"""End to end: an audit template written with residents, put into use, carried out at a service by a
lay auditor (who corrects a case ticked wrongly) and the manager, completed, and a finding that opens an action; and an audit planned by mistake, withdrawn and kept. Every page is checked with axe."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from audits import services as audit
from audits.models import AuditFinding, AuditRun, TemplateVersion
from audits.tests.test_audits import PLAIN
from core import clock
from governance import services as gov
from governance.models import CoproductionActivity
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.services import service_archive
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(org, services):
    cache.clear()
    rowan = services[0]
    grace = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    margaret = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson")
    tom = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Tom Hargreaves")
    gov.coproduction_record(
        scope=scope_for(user=grace.user, organisation=org),
        kind="audit_design",
        service_id=rowan.id,
        held_on=clock.today() - dt.timedelta(days=7),
        title="Residents write the dignity audit",
        rung="co_design",
        recognition="payment",
        participant_ids=[margaret.id],
    )
    return {"grace": grace, "margaret": margaret, "tom": tom}


def test_an_audit_is_co_designed_carried_out_and_its_finding_opens_an_action(visit, org, people):
    page = visit.sign_in(people["grace"].user.email)
    visit.section("Governance", "Audits")
    expect(page.get_by_role("heading", level=1, name="Audits")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("button", name="Audit templates").click()
    expect(page.get_by_role("heading", name="Audit templates")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("What is audited").fill("Dignity in personal care")
    page.get_by_role("button", name="Start it").click()
    page.get_by_label("Question", exact=True).fill("Did staff knock before they came in?")
    page.get_by_label("It is answered by watching someone's care").check()
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("cell", name="1. Did staff knock before they came in?")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Where people who use services designed it").select_option(index=1)
    page.get_by_role("button", name="Put it into use").click()
    expect(page.get_by_text("This version is now in use.")).to_be_visible()
    visit.check_accessibility()

    # The session it was designed at is misspelt in the ledger: it is corrected, and the audit follows.
    session = CoproductionActivity.objects.for_org(org).get()
    visit.go(f"/governance/co-production/{session.id}/")
    expect(page.get_by_text("This entry cannot be withdrawn: an audit was designed at it.")).to_be_visible()
    page.get_by_text("Correct this entry").click()
    visit.check_accessibility()
    page.get_by_label("Title", exact=True).fill("Residents write the dignity in care audit")
    page.get_by_label("What was wrong with the entry").fill("The audit's name was wrong.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("The entry has been corrected.")).to_be_visible()
    # What the session influenced: the audit designed there, read from the audit, follows the entry.
    expect(page.get_by_role("heading", name="Audits designed at this session")).to_be_visible()
    expect(page.get_by_role("link", name="Dignity in personal care, version 1")).to_be_visible()
    visit.check_accessibility()
    assert (
        TemplateVersion.objects.for_org(org).get().design_session.title == "Residents write the dignity in care audit"
    )

    visit.section("Governance", "Audits")
    page.get_by_role("button", name="Plan an audit").click()
    expect(page.get_by_role("heading", name="Plan an audit")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Audit", exact=True).select_option(label="Dignity in personal care")
    page.get_by_label("Service", exact=True).select_option(label="Rowan House")
    page.get_by_label("Planned for").fill(clock.today().isoformat())
    page.get_by_label("Lead auditor").select_option(label="Tom Hargreaves")
    page.get_by_label("Margaret Wilson").check()
    page.get_by_label("Why this audit, here, now").fill("Residents said staff come in without knocking.")
    page.get_by_role("button", name="Add it to the programme").click()
    expect(page.get_by_role("heading", name="Dignity in personal care")).to_be_visible()
    visit.check_accessibility()

    page = visit.sign_in(people["margaret"].user.email)
    run_url = f"/audits/{AuditRun.objects.for_org(org).get().id}/"
    visit.go(run_url)
    page.get_by_role("button", name="Record the case").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("The person agreed to be observed").check()
    page.get_by_role("group", name="1. Did staff knock before they came in?").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Record the case").click()
    expect(page.get_by_text("Case 1 has been recorded.")).to_be_visible()

    # A second case, ticked wrongly, is put right from its own page.
    page.get_by_label("The person agreed to be observed").check()
    page.get_by_role("group", name="1. Did staff knock before they came in?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Record the case").click()
    expect(page.get_by_text("Case 2 has been recorded.")).to_be_visible()
    page.get_by_role("link", name="Case 2", exact=True).click()
    expect(page.get_by_role("heading", name="Case 2")).to_be_visible()
    visit.check_accessibility()
    page.get_by_text("Correct this case").click()
    page.get_by_role("group", name="1. Did staff knock before they came in?").get_by_label("No", exact=True).check()
    page.get_by_label("What was wrong with it").fill("Yes was ticked by mistake.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Case 2 has been corrected.")).to_be_visible()
    page.get_by_text("Withdrawn entries (1), not counted").click()
    expect(page.get_by_text("Yes was ticked by mistake.")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="Case 2 as Margaret Wilson recorded it", exact=False).click()
    expect(page.get_by_role("heading", name="This entry was corrected")).to_be_visible()
    visit.check_accessibility()
    visit.go(run_url)

    page = visit.sign_in(people["tom"].user.email)
    visit.go(run_url)
    page.get_by_role("button", name="Complete the audit").click()
    page.get_by_text("Record a finding and the action it needs").click()
    page.get_by_label("Which question").select_option(index=1)
    page.get_by_label("What the audit found").fill("Staff came in without knocking.")
    page.get_by_label("Action: what is to be done").fill("Knock and wait: a briefing for every shift")
    page.get_by_label("Lead", exact=True).select_option(label="Tom Hargreaves")
    page.get_by_label("Who will check its impact").select_option(label="Grace Okafor")
    page.get_by_label("Due by").fill((clock.today() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Record the finding and open the action").click()
    expect(page.get_by_role("link", name="Knock and wait: a briefing for every shift")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="Knock and wait: a briefing for every shift").click()
    expect(page.get_by_text("A finding of an audit")).to_be_visible()
    assert AuditFinding.objects.for_org(org).get().action.lead == people["tom"]


def _dignity_audit(org, people, *, service, planned_for):
    """A one-question dignity audit, put into use after the residents' design session, planned by the
    quality lead at `service`."""
    grace = scope_for(user=people["grace"].user, organisation=org)
    version = audit.template_create(scope=grace, title="Dignity in personal care").versions.get()
    audit.question_add(scope=grace, version_id=version.id, text=PLAIN[0])
    audit.version_publish(
        scope=grace, version_id=version.id, design_session_id=CoproductionActivity.objects.for_org(org).get().id
    )
    return audit.run_plan(
        scope=grace,
        service_id=service.id,
        version_id=version.id,
        planned_for=planned_for,
        lead_id=people["grace"].id,
        reason="Residents said staff come in without knocking.",
    )


def test_an_audit_planned_by_mistake_is_withdrawn_and_kept(visit, org, services, people):
    run = _dignity_audit(org, people, service=services[1], planned_for=clock.today() - dt.timedelta(days=3))

    page = visit.sign_in(people["grace"].user.email)
    visit.section("Governance", "Audits")
    expect(page.get_by_text("Overdue")).to_be_visible()
    page.get_by_role("link", name="Dignity in personal care").click()
    page.get_by_role("button", name="Withdraw this audit").click()
    expect(page.get_by_role("heading", name="Withdraw this audit")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("button", name="Withdraw the audit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Why it is withdrawn").fill("Planned for the wrong home: it is Rowan House that needs it.")
    page.get_by_role("button", name="Withdraw the audit").click()
    expect(page.get_by_role("heading", name="This audit was withdrawn")).to_be_visible()
    expect(page.get_by_text("Planned for the wrong home: it is Rowan House that needs it.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw this audit")).to_have_count(0)
    visit.check_accessibility()

    visit.section("Governance", "Audits")
    expect(page.get_by_text("No audits are planned or recorded.")).to_be_visible()
    page.get_by_label("Status").select_option(label="Withdrawn")
    page.get_by_role("button", name="Show audits").click()
    expect(page.get_by_role("link", name="Dignity in personal care")).to_be_visible()
    visit.check_accessibility()
    assert AuditRun.objects.for_org(org).get().withdrawal.withdrawn_by == people["grace"]
    assert run.id == AuditRun.objects.for_org(org).get().id


def test_an_audit_at_a_service_that_has_closed_says_so_and_offers_no_new_case(visit, org, services, people):
    run = _dignity_audit(org, people, service=services[0], planned_for=clock.today())
    page = visit.sign_in(people["grace"].user.email)
    visit.go(reverse("audits:run", args=[run.id]))
    expect(page.get_by_role("button", name="Record the case")).to_be_visible()
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    service_archive(scope=scope_for(user=admin.user, organisation=org), service=services[0])

    page.reload()
    expect(
        page.get_by_text(
            f"{services[0].name} has been archived, so no case, finding or re-audit is added to this audit now"
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="Record the case")).to_have_count(0)
    visit.check_accessibility()
