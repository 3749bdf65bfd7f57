"""End to end: a co-production partner reads other people's feedback with the names and phone numbers
in it hidden, and is told so; a member of staff at the same home reads the words as written."""

import pytest
from playwright.sync_api import expect

from feedback.tests.test_comment_text import SHOWN, WRITTEN, record
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE = "Names, addresses, phone numbers and other personal details in comments are hidden"


def test_a_partner_reads_feedback_with_personal_details_hidden(visit, org, services):
    # Given feedback at Rowan House that names a nurse and gives a phone number, a co-production
    # partner at Rowan House and a member of staff there
    item = record(org, services[0], WRITTEN)
    partner = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Jean Taylor")
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Tom Price")

    # When Jean, the partner, opens Feedback, the comment has "[name]" and "[phone number]" in place
    # of the nurse's name and the number, and the page says once why
    page = visit.sign_in(partner.user.email)
    visit.nav("Feedback")
    expect(page.get_by_text(SHOWN)).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(1)
    expect(page.get_by_text("Thompson")).to_have_count(0)
    visit.check_accessibility()

    # And she opens the feedback's own page: the same words, the same notice, no name or number
    visit.follow(page.get_by_role("link", name="Feedback, 2 November 2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback from 2 November 2026")
    expect(page.get_by_text(SHOWN)).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_text("07700 900123")).to_have_count(0)
    visit.check_accessibility()

    # Then Tom, who works there, reads the words as written, and is told nothing is hidden
    page = visit.sign_in(staff.user.email)
    visit.go(f"/feedback/{item.id}/")
    expect(page.get_by_text(WRITTEN)).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    visit.check_accessibility()
