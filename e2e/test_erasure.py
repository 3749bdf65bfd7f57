"""End to end: a quality lead records that someone withdrew their consent to be quoted, then, when they
ask to be erased, removes the personal details from their feedback: the confirmation page says what
will happen, an added word is refused by its box, and the feedback's page then says who removed them.
An administrator changes how long contact details are kept. Every new page is checked with axe."""

import datetime as dt

import pytest

from core import clock
from feedback.models import Channel, Feedback, Rating, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "Sarah on nights was so kind to my mum Joan Whitworth, ring me on 07700 900123 any time"


def test_a_quality_lead_withdraws_consent_then_removes_the_personal_details(visit, org, services):
    rowan = services[0]
    jean = person_with_role(org, Role.PARTNER, services=[rowan], login=False, full_name="Jean Okafor")
    item = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=rowan.id,
            channel=Channel.LETTER,
            received_on=clock.today() - dt.timedelta(days=5),
            rating=Rating.VERY_GOOD,
            comments=[("What was good?", WORDS)],
            person_id=jean.id,
            consent_to_quote=True,
            wants_reply=True,
            reply_method=ReplyMethod.LETTER,
            reply_contact="4 Mill Lane, Northgate NG1 2AB",
        ),
    )
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    page = visit.sign_in(lead.user.email)
    page = visit.go(f"/feedback/{item.id}/")
    visit.check_accessibility()

    # Consent withdrawn first: she rang to say "please don't quote me".
    visit.follow(page.get_by_role("button", name="Withdraw consent to quote"))
    visit.check_accessibility()
    page.get_by_label("Why is consent being withdrawn?").fill("Rang on Monday to ask us not to quote her")
    with page.expect_navigation():
        page.get_by_role("button", name="Withdraw consent to quote").click()
    assert page.get_by_text("Consent to quote has been withdrawn.").is_visible()
    assert page.get_by_text("No: they withdrew their consent on").is_visible()

    # Then erased: the confirmation page says what will happen, with the words redacted to check.
    visit.follow(page.get_by_role("button", name="Remove personal details"))
    assert page.get_by_role("heading", name="This cannot be undone").is_visible()
    box = page.get_by_label("What was good?")
    assert box.input_value() == "[name] on nights was so kind to my mum [name], ring me on [phone number] any time"
    visit.check_accessibility()

    box.fill("[name] on nights was so very kind to my mum")
    page.get_by_label("Why are the personal details being removed?").fill("Letter asking us to erase her details")
    with page.expect_navigation():
        page.get_by_role("button", name="Remove personal details for good").click()
    assert page.get_by_role("link", name="“very” is not in the comment at that point", exact=False).is_visible()
    assert not Feedback.objects.for_org(org).get(pk=item.pk).is_anonymous
    visit.check_accessibility()

    page.get_by_label("What was good?").fill("[name] on nights was so kind to my mum [removed]")
    with page.expect_navigation():
        page.get_by_role("button", name="Remove personal details for good").click()
    assert page.get_by_text("The personal details have been removed.").is_visible()
    today = clock.today()
    assert page.get_by_text(f"Personal details removed on {today:%-d %B %Y} by {lead.full_name}.").is_visible()
    assert page.get_by_text("[name] on nights was so kind to my mum [removed]").is_visible()
    assert page.get_by_text("Whitworth").count() == 0 and page.get_by_text("Mill Lane").count() == 0
    visit.check_accessibility()
    feedback = Feedback.objects.for_org(org).get(pk=item.pk)
    assert feedback.person is None and feedback.reply_contact == "" and feedback.anonymised_by == lead

    # An administrator keeps contact details for 30 days after the reply.
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    page = visit.sign_in(admin.user.email)
    visit.section("Organisation", "Settings")
    visit.check_accessibility()
    page.get_by_label("Remove reply contact details this many days after the reply").fill("30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("The settings have been saved.").is_visible()
    org.refresh_from_db()
    assert org.reply_contact_keep_days == 30
