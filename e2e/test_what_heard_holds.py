"""In the browser: Margaret, who uses Rowan House and has no login, asks what Heard holds about her
and then to be removed. Priya, the administrator, opens it from Margaret's page, sees the minutes
that name her, downloads it, and removes her personal details after reading what happens and where
her name is written. Every page is checked with axe."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core import clock
from governance.models import DiscussionItem
from governance.tests.conftest import team  # noqa: F401  (fixtures)
from organisations.models import Person
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from organisations.tests.people_records import attend, give_feedback

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_sees_what_is_held_about_a_person_and_removes_their_details(visit, org, services, team):  # noqa: F811
    # Given Margaret, a co-production partner with no login, who gave feedback and attended a forum
    margaret = person_with_role(
        org, Role.PARTNER, services=[services[0]], login=False, full_name="Margaret Wilson", email="mw@example.org"
    )
    given = give_feedback(team, margaret, services[0])
    meeting = attend(team, margaret, services[0])
    # and minutes of that forum, written before names were taken out of minutes, that name her
    DiscussionItem.objects.for_org(org).create(
        organisation=org,
        meeting=meeting,
        heading="Menus",
        notes="The forum chose the new menu. Margaret Wilson asked for it in large print.",
        recorded_by=team.quality,
        recorded_at=clock.now(),
    )
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")

    # When Priya opens Margaret's page and follows the link to what Heard holds about her
    page = visit.sign_in(admin.user.email)
    visit.go(f"/people/{margaret.id}/")
    visit.follow(page.get_by_role("link", name="What Heard holds about Margaret Wilson"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What Heard holds about Margaret Wilson")
    expect(page.get_by_role("heading", name="Feedback they gave (1 record)")).to_be_visible()
    expect(page.get_by_role("heading", name="What they took part in (1 record)")).to_be_visible()
    expect(page.get_by_role("link", name="Feedback at Rowan House")).to_have_attribute("href", f"/feedback/{given.id}/")
    expect(page.get_by_role("heading", name="Where their name is written (1 record)")).to_be_visible()
    minutes = page.get_by_role("region", name="Minutes of discussions")
    expect(minutes).to_contain_text("The forum chose the new menu. Margaret Wilson asked for it in large print.")
    expect(minutes.locator("mark")).to_have_text("Margaret Wilson")
    expect(minutes.get_by_role("link")).to_have_attribute("href", reverse("governance:meeting", args=[meeting.id]))
    visit.check_accessibility()

    # Then she can download all of it as one file
    with page.expect_download() as download:
        page.get_by_role("button", name="Download all of it (JSON file)").click()
    body = json.loads(Path(download.value.path()).read_text())
    assert body["person"]["email"] == "mw@example.org"
    assert (
        body["groups"]["feedback"]["records"][0]["details"]["comments"][0]["text"] == "The night staff were kind to me."
    )

    # When she chooses to remove Margaret's personal details, the page says what happens
    visit.follow(page.get_by_role("button", name="Remove their personal details"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove the personal details of Margaret Wilson")
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    expect(page.get_by_role("link", name="See the list of their feedback")).to_be_visible()
    expect(page.get_by_text("Their name is written in 1 record that removal does not change:")).to_be_visible()
    visit.check_accessibility()

    # A reason is needed
    page.get_by_role("button", name="Remove their personal details").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why their personal details are being removed")
    visit.check_accessibility()

    # Then, with a reason, her details go and what she took part in stays
    page.get_by_label("Why are their personal details being removed?").fill("She asked us to remove her details.")
    with page.expect_navigation():
        page.get_by_role("button", name="Remove their personal details").click()
    expect(page.get_by_text("Their personal details have been removed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What Heard holds about Person removed on")
    expect(page.get_by_role("heading", name="Feedback they gave (0 records)")).to_be_visible()
    expect(page.get_by_role("heading", name="What they took part in (1 record)")).to_be_visible()
    expect(page.get_by_text("Heard no longer has their name to look for.")).to_be_visible()
    visit.check_accessibility()
    person = Person.objects.for_org(org).get(pk=margaret.pk)
    assert person.email == "" and person.details_removed_at is not None
