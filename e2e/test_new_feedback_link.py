"""End to end: a service manager issues Rowan House a new feedback link after its poster was misused. The
confirmation page, with and without its error, passes axe; the old address stops at once, and a form
someone had open with it is not sent, says so, and gives back what they wrote."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import Visit
from feedback.models import Feedback
from organisations.feedback_codes import shown
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

WROTE = "The garden is lovely in the morning."


@pytest.fixture
def someone_outside(browser, live_server):
    """A member of the public, in a browser of their own."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Visit(page, live_server.url)
    context.close()


def test_a_manager_replaces_a_misused_feedback_link(visit, someone_outside, org, services):
    rowan_house = services[0]
    old_address = f"/f/{shown(rowan_house.feedback_code)}/"

    # Given someone who has opened Rowan House's form from its poster and written in it
    form = someone_outside.go(old_address)
    expect(form.get_by_role("heading", level=1)).to_have_text("Tell us about Rowan House")
    form.get_by_label("What was good?").fill(WROTE)

    # And Rowan House's manager, who opens the page to issue a new feedback link from the service's page
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan_house], full_name="Grace Okafor")
    page = visit.sign_in(manager.user.email)
    visit.go(f"/services/{rowan_house.id}/")
    visit.follow(page.get_by_role("link", name="issue a new feedback link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue a new feedback link?")
    expect(page.get_by_text("every poster, QR code and leaflet with the old address stops working")).to_be_visible()
    visit.check_accessibility()

    # When she sends it without saying why, then the field says so, and the page passes axe
    page.get_by_role("button", name="Issue a new feedback link").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("Say why the old link is being replaced")
    visit.check_accessibility()

    # When she says why and sends it, then Rowan House's page gives the new address
    page.get_by_label("Why are you issuing a new link?").fill("The poster in the entrance was used to send abuse.")
    page.get_by_role("button", name="Issue a new feedback link").click()
    expect(page.get_by_text("Rowan House has a new feedback link.")).to_be_visible()
    rowan_house.refresh_from_db()
    new_address = f"/f/{shown(rowan_house.feedback_code)}/"
    assert new_address != old_address
    expect(page.get_by_role("link", name=visit.base_url + new_address, exact=True)).to_be_visible()
    visit.check_accessibility()

    # Then the form opened before is not sent; the page says so in plain words and gives back what
    # they wrote, to copy
    form.get_by_role("button", name="Send feedback").click()
    expect(form.get_by_role("heading", level=1)).to_have_text("This feedback link does not work")
    expect(form.get_by_text("Your feedback has not been sent.")).to_be_visible()
    expect(form.get_by_role("heading", name="What was good?")).to_be_visible()
    expect(form.get_by_text(WROTE)).to_be_visible()
    someone_outside.check_accessibility()
    assert not Feedback.objects.for_org(org).exists()

    # And the old address leads nowhere, while the new one leads to the form
    someone_outside.go(old_address)
    expect(form.get_by_role("heading", level=1)).to_have_text("This feedback link does not work")
    someone_outside.go(new_address)
    expect(form.get_by_role("heading", level=1)).to_have_text("Tell us about Rowan House")
