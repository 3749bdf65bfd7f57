"""End to end: a quality lead adds a co-production activity to the ledger, with the people who took
part and how far they shared power, then records the decision it shaped. Every page is checked with axe."""

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from core import clock
from governance import services as gov
from governance.models import CoproductionActivity
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.services_people import role_assign
from organisations.tests.factories import person_with_role
from themes.coding.selectors import primary_version
from themes.models import Theme
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(org, services):
    cache.clear()
    rowan = services[0]
    grace = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    margaret = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson")
    for name in ("Amir Khan", "Beth Lowe", "Carl Moss", "Dana Reid", "Eve Shaw", "Finn Hart", "Gail Ross"):
        person_with_role(org, Role.STAFF, services=[rowan], full_name=name)
    framework_install(scope=system_scope(organisation=org), key="social-care")
    bells = Theme.objects.for_org(org).get(
        version=primary_version(scope=system_scope(organisation=org)), code="call-bells-and-responsiveness"
    )
    meeting = gov.meeting_create(
        scope=scope_for(user=grace.user, organisation=org),
        meeting_type="quality_safety",
        service_id=rowan.id,
        held_on=clock.today(),
        chair_id=grace.id,
    )
    decision = gov.decision_record(
        scope=scope_for(user=grace.user, organisation=org),
        meeting_id=meeting.id,
        text="The call-bell audit asks the residents' questions.",
        evidence=gov.Evidence(theme_ids=[bells.id]),
    )
    return {"grace": grace, "margaret": margaret, "decision": decision}


def test_an_activity_goes_into_the_ledger_and_its_influence_is_traced_to_a_decision(visit, org, people):
    page = visit.sign_in(people["grace"].user.email)
    visit.section("Governance", "Co-production")
    expect(page.get_by_role("heading", name="Co-production")).to_be_visible()
    visit.check_accessibility()

    page.get_by_role("button", name="Add an activity").click()
    # Which service comes first: only people who may take part there are offered next.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Rowan House").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("People with a role at Rowan House or across the whole organisation.")).to_be_visible()
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    visit.check_accessibility()

    page.get_by_label("Designing an audit").check()
    page.get_by_label("Title").fill("Residents write the call-bell audit questions")
    page.get_by_label("Date").fill((clock.today() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Co-design:").check()
    # With many people in the organisation, a box finds them by name; the others are hidden.
    find = page.get_by_label("Find people by name or role")
    find.fill("wils")
    expect(page.get_by_text("1 of 9 shown")).to_be_visible()
    expect(page.get_by_label("Amir Khan")).to_be_hidden()
    page.get_by_label("Margaret Wilson").check()
    visit.check_accessibility()
    find.fill("")
    expect(page.get_by_label("Amir Khan")).to_be_visible()
    find.fill("zz")
    expect(page.get_by_text("1 of 9 shown")).to_be_visible()  # the person ticked stays in view
    expect(page.get_by_label("Margaret Wilson")).to_be_checked()
    page.get_by_label("How many other people took part?").fill("3")
    page.get_by_label("Who were they?").fill("residents of Rowan House")
    page.get_by_label("Paid for their time").check()
    page.get_by_role("button", name="Add the activity").click()

    expect(page.get_by_role("heading", name="Residents write the call-bell audit questions")).to_be_visible()
    expect(
        page.get_by_text(
            "4 people: 1 named here, who uses services or cares for someone who does, and 3 others: residents of Rowan House"
        )
    ).to_be_visible()
    visit.check_accessibility()

    page.get_by_label("What did it change or influence?").fill("The weekly audit asks the residents' questions.")
    # Each decision offered says where and at which meeting it was made.
    page.get_by_label("The decision it shaped (optional)").select_option(
        label=f"{clock.today():%-d %b %Y}, Rowan House, Monthly quality and safety: "
        "The call-bell audit asks the residents' questions."
    )
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("link", name="The call-bell audit asks the residents' questions.")).to_be_visible()
    visit.check_accessibility()
    influence = CoproductionActivity.objects.for_org(org).get().influences.get()
    assert influence.decision == people["decision"] and influence.recorded_by == people["grace"]

    # The date was wrong: the entry is corrected, and what it influenced goes with it.
    page.get_by_text("Correct this entry").click()
    visit.check_accessibility()
    page.get_by_label("Date", exact=True).fill((clock.today() - dt.timedelta(days=3)).isoformat())
    page.get_by_label("What was wrong with the entry").fill("It was on Monday, not Tuesday.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("The entry has been corrected.")).to_be_visible()
    expect(page.get_by_role("link", name="The earlier entry")).to_be_visible()
    expect(page.get_by_role("link", name="The call-bell audit asks the residents' questions.")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="The earlier entry").click()
    expect(page.get_by_role("heading", name="This entry was corrected")).to_be_visible()
    visit.check_accessibility()


def test_people_ticked_at_a_service_taken_out_of_a_role_are_not_refused_beside_no_box(visit, org, services, people):
    # Given a manager of Rowan House and Beech Court chose Rowan House and ticked who took part there
    rowan, beech = services[0], services[1]
    rhys = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan, beech], full_name="Rhys Evans")
    page = visit.sign_in(rhys.user.email)
    visit.section("Governance", "Co-production")
    page.get_by_role("button", name="Add an activity").click()
    page.get_by_label("Rowan House").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Designing an audit").check()
    page.get_by_label("Title").fill("Residents write the call-bell audit questions")
    page.get_by_label("Date").fill((clock.today() - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Co-design:").check()
    page.get_by_label("Margaret Wilson").check()
    page.get_by_label("Paid for their time").check()
    # And Rowan House was taken out of his role before he sent it
    role_assign(scope=system_scope(organisation=org), person=rhys, role=Role.SERVICE_MANAGER, services=[beech])

    # When he sends it
    page.get_by_role("button", name="Add the activity").click()

    # Then the one problem at the top leads to the service he can change, and nobody is refused beside no box
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page.get_by_text("Margaret Wilson")).to_have_count(0)
    expect(
        page.get_by_text("People in Heard who took part are listed once the activity is about one of your services.")
    ).to_be_visible()
    visit.check_accessibility()
    summary.get_by_role("link").click()
    expect(page.locator("#id_service")).to_be_focused()
    expect(page.get_by_role("link", name="Change which service it was about")).to_be_visible()
    assert not CoproductionActivity.objects.for_org(org).exists()
