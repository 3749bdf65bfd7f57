"""End to end: a member of the public writes something that suggests harm; in the same request the
safeguarding lead is emailed; the lead signs in, finds it at the top of the urgent queue, records what
was done and closes it. Every page is checked with axe."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from organisations.models import Organisation
from organisations.roles import Role
from organisations.tests.factories import PASSWORD, person_with_role
from themes.models import FlagStatus, UrgentFlag

pytestmark = pytest.mark.django_db(transaction=True)

URGENT = "My dad has bruises on his arms and nobody could explain them."


@pytest.fixture
def grace(org, services):
    """Grace Okafor, quality lead, named as Northgate Care's safeguarding lead."""
    cache.clear()
    person = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=person)
    return person


def test_an_urgent_comment_reaches_the_safeguarding_lead_who_closes_it(visit, org, services, grace):
    rowan_house = services[0]
    mail.outbox = []

    # Given the public feedback link of Rowan House, opened by someone with no login
    page = visit.go(f"/give-feedback/{rowan_house.feedback_link_id}/")
    visit.check_accessibility()

    # When they rate it very poor and write that their father has unexplained bruises
    page.get_by_label("Very poor").click()
    page.get_by_label("What could be better?").fill(URGENT)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    visit.check_accessibility()

    # Then, by the time the thank-you page shows, the safeguarding lead has an email
    # that says where and when, links to the flag, and holds nothing of what was written
    flag = UrgentFlag.objects.for_org(org).get()
    [email] = mail.outbox
    assert email.to == [grace.user.email]
    assert "Rowan House" in email.body and f"/themes/urgent/{flag.id}/" in email.body
    assert "bruises" not in email.body and "dad" not in email.body

    # When Grace signs in, the header says one urgent flag is open
    page = visit.go("/sign-in/")
    page.get_by_label("Email address").fill(grace.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Urgent (1 open)")).to_be_visible()
    visit.check_accessibility()

    # ...and the queue shows the comment with why it was flagged
    page.get_by_role("link", name="Urgent (1 open)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urgent")
    expect(page.get_by_text(URGENT)).to_be_visible()
    expect(page.get_by_text(re.compile("possible physical abuse"))).to_be_visible()
    expect(page.get_by_text("Nothing recorded yet")).to_be_visible()
    visit.check_accessibility()

    # When she opens it, the whole piece of feedback shows the open flag instead of offering a second one
    page.get_by_role("link", name=re.compile("Rowan House, flagged")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urgent flag: Rowan House")
    visit.check_accessibility()
    page.get_by_role("link", name="See the whole piece of feedback").click()
    expect(page.get_by_text("Urgent flag open")).to_be_visible()
    expect(page.get_by_text("This comment has an open urgent flag")).to_be_visible()
    expect(page.get_by_role("button", name="Flag as urgent")).to_have_count(0)
    visit.check_accessibility()
    # and its back link returns to the flag she came from
    page.get_by_role("link", name="Back to the urgent flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urgent flag: Rowan House")

    # When she records a first note and keeps the flag open, the list says when, and it is still open
    page.get_by_label("What was done?").fill("Rang the family: his daughter is visiting tonight.")
    page.get_by_label("Keep it open").check()
    page.get_by_role("button", name="Save what was done").click()
    expect(page.get_by_role("alert")).to_contain_text("The flag is still open.")
    page.get_by_role("link", name="All urgent flags").click()
    expect(page.get_by_text(re.compile(r"· last note \d+ \w+ \d{4}"))).to_be_visible()
    expect(page.get_by_text("Nothing recorded yet")).to_have_count(0)
    expect(page.get_by_role("link", name="Urgent (1 open)")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name=re.compile("Rowan House, flagged")).click()

    # When she chooses to close it without saying what was done, she is told to
    page.get_by_label("Close it: action was taken").check()
    page.get_by_role("button", name="Save what was done").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what was done")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Close it: action was taken")).to_be_checked()  # her choice is kept
    visit.check_accessibility()

    # When she records what was done and closes it
    page.get_by_label("What was done?").fill("Rang the family and made a safeguarding referral to the council.")
    page.get_by_role("button", name="Save what was done").click()

    # Then the flag is closed, with her words and name in its history, and nothing is left open
    expect(page.get_by_role("alert")).to_contain_text("The flag is closed.")
    expect(page.get_by_label("Open it again")).to_be_visible()  # closing is not the end of the record
    expect(page.get_by_label("Keep it closed")).to_be_visible()
    expect(page.get_by_text("Rang the family and made a safeguarding referral to the council.")).to_be_visible()
    expect(page.get_by_text(re.compile("Grace Okafor")).first).to_be_visible()
    expect(page.get_by_role("link", name="Urgent (0 open)")).to_be_visible()
    visit.check_accessibility()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED

    # When she opens the whole piece of feedback, it shows the closed flag, and she can flag it again by hand
    page.get_by_role("link", name="See the whole piece of feedback").click()
    expect(page.get_by_text("Urgent flag closed")).to_be_visible()
    expect(page.get_by_role("button", name="Flag as urgent")).to_be_visible()
    visit.check_accessibility()


def test_an_administrator_names_the_safeguarding_lead(visit, org, services):
    # Given an administrator and Grace, a quality lead, and no safeguarding lead named yet
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor", job_title="Head of quality")
    page = visit.go("/sign-in/")
    page.get_by_label("Email address").fill(admin.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # When she opens the urgent queue, it says no lead is named and offers to choose one
    page.get_by_role("link", name="Urgent (0 open)").click()
    expect(page.get_by_text("No safeguarding lead has been named")).to_be_visible()
    visit.check_accessibility()
    page.get_by_role("link", name="Choose the safeguarding lead").click()
    visit.check_accessibility()

    # When she chooses Grace and saves, then Grace is the lead
    page.get_by_label("Safeguarding lead").select_option(label="Grace Okafor (Head of quality)")
    page.get_by_role("button", name="Save safeguarding lead").click()
    expect(page.get_by_text("The safeguarding lead is Grace Okafor.")).to_be_visible()
    visit.check_accessibility()
    org.refresh_from_db()
    assert org.safeguarding_lead.full_name == "Grace Okafor"
