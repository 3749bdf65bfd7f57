"""End to end: an administrator runs their organisation; a commissioner sees only what they commission."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import AuditEvent
from organisations.models import Person, Service
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def northgate(org, services, other_org):
    ServiceFactory(organisation=other_org, name="Elsewhere House")
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    return {"admin": admin}


def test_an_administrator_sets_up_a_service_and_a_person(visit, org, northgate):
    # Given an administrator of Northgate Care, signed out
    page = visit.go("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    visit.check_accessibility()

    # When they sign in with a wrong password, then they are told what to do
    page.get_by_label("Email address").fill(northgate["admin"].user.email)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter the email address and password")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    visit.check_accessibility()

    # When they sign in properly, then they see their organisation's services and not another's
    page = visit.sign_in(northgate["admin"].user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Northgate Care")
    expect(page.get_by_text("Elsewhere House")).to_have_count(0)
    # The reports they may open end the page, and are checked with the rest of it
    expect(page.get_by_role("heading", name="Your reports")).to_be_visible()
    expect(page.get_by_role("link", name="Monthly quality and safety pack")).to_be_visible()
    visit.check_accessibility()

    # When they switch to one service, then the home page is about that service
    page.get_by_label("Service you are looking at").select_option(label="Beech Court")
    page.get_by_role("button", name="Switch service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beech Court")
    visit.check_accessibility()

    # When they add a service with a badly written CQC location ID, then the error says how to fix it
    visit.section("Organisation", "Services")
    visit.check_accessibility()
    page.get_by_role("button", name="Add a service").click()
    page.get_by_label("Service name").fill("Oak Lodge")
    page.get_by_label("Type of service").select_option(label="Supported living")
    page.get_by_label("CQC location ID (optional)").fill("123")
    page.get_by_label("Phone number (optional)").fill("ask for Sam")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the CQC location ID in the right format")
    expect(page.get_by_role("alert")).to_contain_text("Enter a phone number using numbers and spaces")
    visit.check_accessibility()

    # ...and when they correct it, the service is added
    page.get_by_label("CQC location ID (optional)").fill("1-987654321")
    page.get_by_label("Phone number (optional)").fill("01632 960 555")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oak Lodge")
    expect(page.get_by_text("1-987654321")).to_be_visible()
    expect(page.get_by_text("01632 960 555")).to_be_visible()
    visit.check_accessibility()

    # When they add a co-production partner who has no login, and give them a role
    visit.section("Organisation", "People")
    visit.check_accessibility()
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Full name").fill("Jean Taylor")
    page.get_by_label("Easy read").check()
    visit.check_accessibility()
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give Jean Taylor a role")
    page.get_by_label("Role").select_option(label="Co-production partner")
    page.get_by_label("Oak Lodge").check()
    visit.check_accessibility()
    page.get_by_role("button", name="Save role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jean Taylor")
    expect(page.get_by_role("cell", name="Co-production partner", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Oak Lodge", exact=True)).to_be_visible()
    visit.check_accessibility()

    # Then the audit log shows each change with who made it
    visit.section("Organisation", "Audit log")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Service added")).to_contain_text("Priya Shah")
    expect(rows.filter(has_text="Person added")).to_contain_text("Priya Shah")
    expect(rows.filter(has_text="Role given")).to_contain_text("Priya Shah")
    visit.check_accessibility()
    verbs = set(AuditEvent.objects.for_org(org).filter(actor=northgate["admin"].user).values_list("verb", flat=True))
    assert {"organisations.service.create", "organisations.person.create", "organisations.role.assign"} <= verbs
    assert Person.objects.for_org(org).get(full_name="Jean Taylor").user is None
    assert Service.objects.for_org(org).filter(name="Oak Lodge").exists()

    # When they look at their own page, they are not offered archiving themselves
    visit.section("Organisation", "People")
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    expect(page.get_by_role("button", name=re.compile("^Archive"))).to_have_count(0)

    # ...and if the request is sent anyway, it is refused: a problem banner says why, readable by everyone
    page.evaluate(
        """(action) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            form.append(document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode());
            document.body.append(form);
            form.submit();
        }""",
        reverse("organisations:person-archive", args=[northgate["admin"].id]),
    )
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("There is a problem")
    expect(banner).to_contain_text("You cannot archive yourself.")
    assert Person.objects.for_org(org).get(pk=northgate["admin"].pk).archived_at is None
    visit.check_accessibility()

    # And the API token page and sign-out page are accessible too
    visit.go("/account/tokens/")
    page.get_by_label("Name").fill("Rota system")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("heard_")
    visit.check_accessibility()
    visit.go("/sign-out/")
    visit.check_accessibility()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_someone_added_at_one_home_is_found_only_there_until_they_have_a_role(visit, org, services):
    rowan_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[0]], full_name="Rob Rowan")
    beech_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]], full_name="Bea Beech")

    # Given Rowan House's administrator adds someone and has not given them a role yet
    page = visit.sign_in(rowan_admin.user.email)
    visit.section("Organisation", "People")
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Full name").fill("Bo Green")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give Bo Green a role")

    # Then they find them in the people list, with no role, and on their own page
    visit.section("Organisation", "People")
    expect(page.get_by_role("row", name=re.compile("Bo Green"))).to_contain_text("No role")
    page.get_by_role("link", name="Bo Green").click()
    expect(page.get_by_text("Bo Green has no role yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Archive Bo Green")).to_be_visible()
    visit.check_accessibility()

    # But Beech Court's administrator does not, by the list or a search
    page = visit.sign_in(beech_admin.user.email)
    visit.section("Organisation", "People")
    expect(page.get_by_role("link", name="Bo Green")).to_have_count(0)
    page.get_by_label("Search by name, email or job title").fill("Green")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("cell", name="Nobody found.")).to_be_visible()
    visit.check_accessibility()

    # When Rowan House's administrator gives them a role there, they have it
    page = visit.sign_in(rowan_admin.user.email)
    visit.section("Organisation", "People")
    page.get_by_role("link", name="Bo Green").click()
    page.get_by_role("button", name="Give a role").click()
    page.get_by_label("Role").select_option(label="Staff")
    page.get_by_label("Rowan House").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.get_by_role("cell", name="Rowan House", exact=True)).to_be_visible()


def test_a_commissioner_sees_only_the_services_they_commission(visit, org, services):
    commissioner = person_with_role(org, Role.COMMISSIONER, services=[services[0]], all_services=False)
    page = visit.sign_in(commissioner.user.email)
    expect(page.get_by_role("heading", level=2, name="Services")).to_be_visible()
    expect(page.get_by_role("link", name="Rowan House")).to_be_visible()
    expect(page.get_by_text("Beech Court")).to_have_count(0)
    expect(page.get_by_role("link", name="People")).to_have_count(0)
    visit.check_accessibility()

    visit.go("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    visit.check_accessibility()
    visit.go(f"/services/{services[1].id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    visit.check_accessibility()


def test_the_api_documentation_needs_no_cdn(visit, db):
    page = visit.go("/api/docs")
    expect(page.locator(".swagger-ui").first).to_be_visible()
    expect(page.get_by_text("Heard API").first).to_be_visible()
    assert visit.problems == []
