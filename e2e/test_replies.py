"""End to end: a manager finds who is waiting for a reply, records the reply they sent (a mistake in
the date first), and the person is no longer waiting. Every page is checked with axe."""

import datetime as dt

import pytest

from core import clock
from feedback.models import Channel, Reply, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_replies_to_someone_who_asked_and_records_it(visit, org, services):
    rowan = services[0]
    item = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=rowan.id,
            channel=Channel.LETTER,
            received_on=clock.today() - dt.timedelta(days=12),
            comments=[("What could be better?", "The laundry keeps losing Dad's jumpers")],
            wants_reply=True,
            reply_method=ReplyMethod.LETTER,
            reply_contact="4 Mill Lane, Northgate NG1 2AB",
        ),
    )
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    page = visit.sign_in(manager.user.email)
    # The home page says it among what is waiting for the manager, and so does the feedback list.
    page.goto("/")
    assert page.get_by_text("1 person is waiting for a reply they asked for").is_visible()
    visit.check_accessibility()
    visit.nav("Feedback")
    assert page.get_by_text("1 person is waiting for a reply").is_visible()
    visit.check_accessibility()

    visit.follow(page.get_by_role("link", name="See who is waiting for a reply"))
    assert page.get_by_text("waiting for a reply", exact=True).is_visible()
    visit.follow(page.get_by_role("link", name=item.received_on.strftime("%-d %B %Y")))
    assert page.get_by_text("They asked for a reply. None has been recorded yet: waiting 12 days.").is_visible()
    visit.check_accessibility()

    visit.follow(page.get_by_role("button", name="Record a reply"))
    assert page.get_by_text("4 Mill Lane, Northgate NG1 2AB").is_visible()
    page.get_by_label("Letter").check()
    page.get_by_label("Date you replied").fill((clock.today() + dt.timedelta(days=3)).isoformat())
    page.get_by_label("What was said (optional)").fill("Wrote to say the laundry now labels every item.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the reply").click()
    # The mistake is named at the top and by the field, and what was typed is kept.
    assert page.get_by_role("link", name="The date you replied must be today or in the past").is_visible()
    assert page.get_by_label("What was said (optional)").input_value().startswith("Wrote to say")
    assert not Reply.objects.for_org(org).exists()
    visit.check_accessibility()

    page.get_by_label("Date you replied").fill(clock.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save the reply").click()
    assert page.get_by_text("The reply has been recorded.").is_visible()
    assert page.get_by_text(f"{manager.full_name} replied by letter.").is_visible()
    visit.check_accessibility()

    visit.nav("Feedback")
    listed = page.locator(".heard-feedback-list")
    assert listed.get_by_text("waiting for a reply").count() == 0 and listed.get_by_text("replied to").is_visible()
    assert page.get_by_text("is waiting for a reply").count() == 0
    assert Reply.objects.for_org(org).get().replied_by == manager
