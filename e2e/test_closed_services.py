"""A form opened while its service was open and sent after the service closed: the error summary names
the service and says what is not done there now, in the same words in every app, and the page with
the error passes axe (ADR 0009)."""

import pytest
from playwright.sync_api import expect

from organisations.roles import Role
from organisations.scope import system_scope
from organisations.services import service_archive
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def _summary(page):
    return page.locator(".nhsuk-error-summary")


def test_a_meeting_sent_after_its_service_closed_names_it_with_the_date_left_out(visit, org, services):
    # Given a quality lead who opens "Add a meeting" while Rowan House is open
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    page = visit.sign_in(lead.user.email)
    visit.go("/governance/meetings/new/")
    page.get_by_label("Which service is it about?").select_option(label="Rowan House")
    page.get_by_label("Date of the meeting").fill("")

    # When Rowan House closes behind the form, and she sends it
    service_archive(scope=system_scope(organisation=org), service=services[0])
    page.get_by_role("button", name="Add the meeting").click()

    # Then the summary names Rowan House, beside the date she left out, and the page passes axe
    summary = _summary(page)
    expect(summary).to_contain_text(
        "Rowan House has been archived, so no meeting is recorded there now. "
        "Choose a service that is open, or the whole organisation."
    )
    expect(summary).to_contain_text("Enter the date of the meeting.")
    visit.check_accessibility()


def test_feedback_sent_after_its_service_closed_names_it(visit, org, services):
    # Given a member of staff at Rowan House and Beech Court who starts recording feedback at Rowan House
    staff = person_with_role(org, Role.STAFF, services=services[:2], full_name="Aisha Rahman")
    page = visit.sign_in(staff.user.email)
    visit.go("/feedback/new/")
    page.get_by_label("Service", exact=True).select_option(label="Rowan House")
    page.get_by_label("How was it given?").select_option(label="In person")
    page.get_by_label("What they said").fill("The garden is lovely in the morning.")
    # and notes that they would like a reply by email, without the address yet
    page.get_by_label("They would like a reply").check()
    page.get_by_label("How to reply").select_option(label="Email")

    # When Rowan House closes behind the form, and she sends it
    service_archive(scope=system_scope(organisation=org), service=services[0])
    page.get_by_role("button", name="Save feedback").click()

    # Then the summary names Rowan House in the same words, and the missing address with it, and the
    # page passes axe
    summary = _summary(page)
    expect(summary).to_contain_text(
        "Rowan House has been archived, so no feedback is recorded there now. Choose a service that is open."
    )
    expect(summary).to_contain_text("Enter how to contact them for a reply.")
    expect(page.get_by_label("Service", exact=True).locator("option", has_text="Rowan House")).to_have_count(0)
    visit.check_accessibility()
