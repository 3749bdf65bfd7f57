"""End to end: a member of the public gives feedback through the standard form, and through the easy read
form with the keyboard alone. Every page, and every error, is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Channel, Feedback, GiverType, Rating
from feedback.public.forms import HONEYPOT
from organisations.models import Service

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rowan_house(services):
    return services[0]


def tab_to(page, target, *, limit=40):
    """Press Tab until `target` has the focus, as a keyboard user would; never landing on the honeypot."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.name") != HONEYPOT
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def enter_and_wait(page):
    """Press Enter on the focused link or button, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_member_of_the_public_gives_feedback_with_the_standard_form(visit, org, rowan_house):
    # Given the feedback link of Rowan House, opened by someone with no login
    page = visit.go(f"/give-feedback/{rowan_house.feedback_link_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about Rowan House")
    expect(page.get_by_text("Northgate Care").first).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    visit.check_accessibility()

    # When they paste in far more than an answer can hold, then they are told in plain words,
    # and going back they find what they wrote
    page.get_by_label("What was good?").fill("é" * 60_000)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your feedback is too long to send")
    visit.check_accessibility()
    page.go_back()
    expect(page.get_by_label("What was good?")).to_have_value("é" * 60_000)
    page.get_by_label("What was good?").fill("")

    # When they send it empty, then they are told what to do, and the page is still accessible
    page.get_by_role("button", name="Send feedback").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Choose how your experience was, or tell us what was good or what could be better")
    visit.check_accessibility()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Very good")).to_be_focused()

    # When they answer with the mouse
    page.get_by_label("Good", exact=True).click()
    page.get_by_label("What was good?").click()
    page.get_by_label("What was good?").fill("The staff always knock before they come in.")
    expect(page.get_by_text(re.compile(r"You have 4,9\d\d characters remaining"))).to_be_visible()
    page.get_by_label("What could be better?").fill("Tea is often cold by the time it reaches my room.")
    page.get_by_label("Family member or friend").click()
    page.get_by_role("group", name="Can we use your words").get_by_label("Yes").click()
    contact = page.get_by_label("Your email address, phone number or postal address")
    expect(contact).to_be_hidden()
    page.get_by_label("Yes, please get back to me").click()
    page.get_by_label("Email", exact=True).click()
    expect(contact).to_be_visible()
    visit.check_accessibility()

    # ...and leave out the email address, then they are asked for it and keep what they wrote
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    expect(page.get_by_label("What was good?")).to_have_value("The staff always knock before they come in.")
    visit.check_accessibility()
    contact.fill("sam@example.org")
    page.get_by_role("button", name="Send feedback").click()

    # Then they are thanked, and the feedback is saved for Rowan House as it was given
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    expect(page.get_by_role("heading", level=2, name="Urgent advice: If someone is in danger now")).to_be_visible()
    visit.check_accessibility()
    [feedback] = Feedback.objects.for_org(org)
    assert (feedback.service, feedback.channel, feedback.rating) == (rowan_house, Channel.ONLINE_FORM, Rating.GOOD)
    assert feedback.giver_type == GiverType.FAMILY and feedback.consent_to_quote
    assert (feedback.reply_method, feedback.reply_contact) == ("email", "sam@example.org")
    assert [c.text for c in feedback.comments.all()] == [
        "The staff always knock before they come in.",
        "Tea is often cold by the time it reaches my room.",
    ]


def test_a_member_of_the_public_gives_easy_read_feedback_with_the_keyboard_alone(visit, org, rowan_house):
    # Given the easy read link of a service with a phone number, and someone who uses a keyboard and no mouse
    Service.objects.for_org(org).filter(pk=rowan_house.pk).update(phone="01632 960 101")
    page = visit.go(f"/give-feedback/{rowan_house.feedback_link_id}/easy-read/")
    keys = page.keyboard
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think about Rowan House")
    # Before the form, whom to phone if someone is in danger or something cannot wait
    help_now = page.locator(".nhsuk-card--care--urgent")
    expect(help_now.get_by_role("heading", level=2)).to_contain_text("If you need help now")
    expect(help_now).to_contain_text("If someone is hurt or in danger now, phone 999.")
    expect(help_now).to_contain_text("If something needs to be done today, phone Rowan House on 01632 960 101.")
    visit.check_accessibility()
    tab_to(page, page.get_by_role("button", name="Start"))
    enter_and_wait(page)

    def next_page():
        tab_to(page, page.get_by_role("button", name="Continue"))
        enter_and_wait(page)

    # The pictorial scale: one question, six large pictures with words
    expect(page.get_by_role("heading", level=1)).to_have_text("How was Rowan House?")
    expect(page.locator("img.heard-picture-radios__image")).to_have_count(6)
    visit.check_accessibility()
    tab_to(page, page.get_by_label("Very good"))
    keys.press("Space")
    expect(page.get_by_label("Very good")).to_be_checked()
    next_page()

    expect(page.get_by_role("heading", level=1)).to_have_text("What was good?")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("What was good?"))
    keys.type("Kind staff who take their time.")
    next_page()

    expect(page.get_by_role("heading", level=1)).to_have_text("What could be better?")
    visit.check_accessibility()
    next_page()  # skipped

    expect(page.get_by_role("heading", level=1)).to_have_text("Who are you?")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("A person using the service"))
    keys.press("Space")
    next_page()

    expect(page.get_by_role("heading", level=1)).to_have_text("Can we use your words?")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("Yes"))
    keys.press("Space")
    next_page()

    expect(page.get_by_role("heading", level=1)).to_have_text("Do you want us to get back to you?")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("Yes"))
    keys.press("Space")
    next_page()

    expect(page.get_by_role("heading", level=1)).to_have_text("How should we get back to you?")
    visit.check_accessibility()
    tab_to(page, page.get_by_label("Email"))
    keys.press("Space")
    next_page()

    # When they go on without their email address, then they are told, accessibly
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your email address?")
    next_page()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    expect(page).to_have_title(re.compile(r"^Error: "))
    visit.check_accessibility()
    tab_to(page, page.get_by_label("What is your email address?"))
    keys.type("jo@example.org")
    next_page()

    # Then they check their answers, go back with the Back link, and send
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text("Kind staff who take their time.")).to_be_visible()
    expect(page.get_by_text("jo@example.org")).to_be_visible()
    visit.check_accessibility()
    tab_to(page, page.get_by_role("link", name="Back", exact=True))
    enter_and_wait(page)
    expect(page.get_by_label("What is your email address?")).to_have_value("jo@example.org")
    next_page()
    tab_to(page, page.get_by_role("button", name="Send"))
    enter_and_wait(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    visit.check_accessibility()
    [feedback] = Feedback.objects.for_org(org)
    assert (feedback.service, feedback.channel, feedback.rating) == (
        rowan_house,
        Channel.EASY_READ_FORM,
        Rating.VERY_GOOD,
    )
    assert feedback.giver_type == GiverType.PERSON and feedback.consent_to_quote
    assert (feedback.wants_reply, feedback.reply_method, feedback.reply_contact) == (True, "email", "jo@example.org")
    assert [c.text for c in feedback.comments.all()] == ["Kind staff who take their time."]
