"""End to end: a complaint whose reply is past the organisation's target is tagged "Late" on the list
of feedback, the list filters to late replies, and the feedback's page says when the reply was due; an
administrator sets a target for other feedback on the settings page, for feedback given from that day.
Every page is checked with axe."""

import datetime as dt
import re

import pytest

from core import clock
from feedback.models import Channel, Kind, ReplyMethod
from feedback.reply_targets import reply_due_on
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def given(org, service, *, days_ago, kind):
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.LETTER,
            kind=kind,
            received_on=clock.today() - dt.timedelta(days=days_ago),
            comments=[("What happened?", "Mum's hearing aid went missing and nobody looked for it")],
            wants_reply=True,
            reply_method=ReplyMethod.LETTER,
            reply_contact="4 Mill Lane, Northgate NG1 2AB",
        ),
    )


def test_a_late_complaint_is_tagged_on_the_list_of_replies_waiting(visit, org, services):
    rowan = services[0]
    late = given(org, rowan, days_ago=14, kind=Kind.COMPLAINT)
    given(org, rowan, days_ago=20, kind=Kind.FEEDBACK)  # no target for other feedback yet
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    page = visit.sign_in(quality.user.email)

    page.goto("/")
    assert page.get_by_text("1 of them is past the reply target.").is_visible()
    visit.check_accessibility()

    visit.follow(page.get_by_role("link", name="See who is waiting for a reply"))
    listed = page.locator(".heard-feedback-list")
    assert listed.get_by_text("Late", exact=True).count() == 1
    due = reply_due_on(late.received_on, days=3)
    assert listed.get_by_text(f"due {due:%-d %B %Y}").is_visible()
    visit.check_accessibility()

    page.get_by_label("Replies").select_option(label="Late: waiting past the reply target")
    with page.expect_navigation():
        page.get_by_role("button", name="Show feedback").click()
    assert page.get_by_role("heading", name="1 piece of feedback").is_visible()
    visit.check_accessibility()

    visit.follow(page.get_by_role("link", name=f"Complaint, {late.received_on:%-d %B %Y}"))
    assert page.get_by_text(f"The reply was due by {due:%-d %B %Y}").is_visible()
    visit.check_accessibility()


def test_an_administrator_sets_a_target_for_other_feedback_given_from_that_day(visit, org, services):
    """The target holds for feedback given from the day it is set: feedback given before keeps having
    none, so it does not become late."""
    earlier = given(org, services[0], days_ago=20, kind=Kind.FEEDBACK)
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    page = visit.sign_in(admin.user.email)
    page.goto("/settings/")
    assert page.get_by_text("A change applies to feedback given from the day you make it.").is_visible()
    visit.check_accessibility()
    page.get_by_label("Reply to other feedback within this many working days").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert page.get_by_role("link", name="Enter a number of working days from 1 to 60, or leave it blank").is_visible()
    visit.check_accessibility()
    page.get_by_label("Reply to other feedback within this many working days").fill("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("The settings have been saved.").is_visible()
    # The page lists the targets so far: none for other feedback given before today, 10 days from today.
    targets = page.get_by_role("table", name="The targets so far, by the day feedback was given")
    assert targets.get_by_role("row", name=re.compile("^Until .* No target$")).is_visible()
    assert targets.get_by_role(
        "row", name=re.compile(f"^From {clock.today():%-d %B %Y} .* 10 working days$")
    ).is_visible()
    visit.check_accessibility()

    today = given(org, services[0], days_ago=0, kind=Kind.FEEDBACK)
    page.goto("/feedback/?reply=late")
    assert page.locator(".heard-feedback-list").get_by_text("Late", exact=True).count() == 0
    page.goto(f"/feedback/{earlier.id}/")
    assert page.get_by_text("The reply is due by").count() == 0
    page.goto(f"/feedback/{today.id}/")
    assert page.get_by_text(f"The reply is due by {reply_due_on(clock.today(), days=10):%-d %B %Y}").is_visible()
    visit.check_accessibility()
