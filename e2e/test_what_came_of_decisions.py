"""End to end: a quality meeting's decision commissions an audit from its own page, the audit names it,
and the decision's page and the minutes show what came of it; an action opened on a quality
priority's page goes into the action log and says where it came from. Every page is checked with axe."""

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from audits.models import AuditRun
from audits.tests.test_audits import BELLS, published
from core import clock
from governance import services as gov
from governance.models import Action
from governance.tests.conftest import framework, team, theme  # noqa: F401
from priorities.tests.test_priorities import choose, session

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def decided(org, services, team, framework):  # noqa: F811
    cache.clear()
    rowan = services[0]
    published(team)
    quality = team.scope("quality")
    meeting = gov.meeting_create(
        scope=quality,
        meeting_type="quality_safety",
        service_id=rowan.id,
        held_on=clock.today(),
        chair_id=team.quality.id,
    )
    return gov.decision_record(
        scope=quality,
        meeting_id=meeting.id,
        text="Audit how residents are helped at night, with a resident auditing beside staff.",
        evidence=gov.Evidence(theme_ids=[theme(org, BELLS).id]),
    )


def test_a_decision_commissions_an_audit_and_a_priority_opens_an_action(visit, org, services, team, decided):  # noqa: F811
    page = visit.sign_in(team.quality.user.email)
    visit.go(f"/governance/decisions/{decided.id}/")
    expect(page.get_by_role("heading", name="Audits it commissioned")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("link", name="Commission an audit from this decision").click()
    expect(page.get_by_role("heading", name="Plan an audit")).to_be_visible()
    expect(page.get_by_label("The decision that commissioned it (optional)")).to_have_value(str(decided.id))
    expect(page.get_by_label("Service", exact=True)).to_have_value(str(services[0].id))
    visit.check_accessibility()
    page.get_by_label("Audit", exact=True).select_option(label="Dignity in personal care")
    page.get_by_label("Planned for").fill((clock.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Lead auditor").select_option(label="Tom Hargreaves")
    page.get_by_label("Margaret Wilson").check()
    page.get_by_label("Why this audit, here, now").fill("The quality meeting asked for it after night-time waits.")
    page.get_by_role("button", name="Add it to the programme").click()
    expect(page.get_by_role("heading", name="Dignity in personal care")).to_be_visible()
    assert AuditRun.objects.for_org(org).get().decision_id == decided.id
    visit.check_accessibility()

    page.get_by_role("link", name=f"A decision of the {decided.meeting}").click()
    expect(page.get_by_role("link", name="Dignity in personal care at Rowan House")).to_be_visible()
    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_text("Audits commissioned")).to_be_visible()
    visit.check_accessibility()

    priority = choose(team, session(team, services[0]), decision_id=decided.id)
    visit.go(f"/priorities/{priority.id}/")
    expect(page.get_by_role("link", name=f"A decision of the {decided.meeting}")).to_be_visible()
    page.get_by_text("Open an action for an objective").click()
    form = page.locator("form", has=page.get_by_role("button", name="Add it to the action log"))
    form.get_by_label("Which objective it helps meet").select_option(index=1)
    form.get_by_label("Action: what is to be done").fill("Night call-bell checks every hour")
    form.get_by_label("Lead").select_option(label="Tom Hargreaves")
    form.get_by_label("Who will check its impact").select_option(label="Tom Hargreaves")
    form.get_by_role("button", name="Add it to the action log").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    form.get_by_label("Who will check its impact").select_option(label="Grace Okafor")
    form.get_by_label("Due by").fill((clock.today() + dt.timedelta(days=30)).isoformat())
    form.get_by_role("button", name="Add it to the action log").click()
    expect(page.get_by_text("“Night call-bell checks every hour” is in the action log.")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("link", name="Night call-bell checks every hour").click()
    expect(page.get_by_role("link", name=priority.title)).to_be_visible()
    visit.check_accessibility()
    assert Action.objects.for_org(org).get().source == "priority"
