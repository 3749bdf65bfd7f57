"""End to end: a person who meets a server error sees Heard's own page, served by the live server as it
would be in production (DEBUG off), however early the failure; the page is checked with axe, its one
script runs under the site's Content-Security-Policy, and it fits a small screen."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.failing import FAILING_AT, with_a_failing_middleware

pytestmark = pytest.mark.django_db(transaction=True)

HEADING = "Sorry, there is a problem with the service"


@pytest.fixture
def failing_site(settings):
    """The site's URLs and a page that fails (`core.tests.failing`), with DEBUG off, as in production."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "core.tests.failing"
    return settings


@pytest.mark.parametrize("at", [None, *FAILING_AT.values()], ids=["view", *FAILING_AT.keys()])
def test_a_person_who_meets_a_server_error_is_told_what_to_do(visit, failing_site, at):
    # Given a page that fails, or a middleware that fails before, between or after Django's own
    if at is not None:
        failing_site.MIDDLEWARE = with_a_failing_middleware(at)

    # When someone opens it
    with visit.page.expect_response(lambda response: response.url.endswith("/fails/")) as answer:
        page = visit.go("/fails/")

    # Then they see Heard's page in plain words, with the site's policy, and nothing of the exception
    assert answer.value.status == 500
    assert "script-src 'self' 'nonce-" in answer.value.headers["content-security-policy"]
    expect(page).to_have_title(f"{HEADING} – Heard")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADING)
    main = page.get_by_role("main")
    expect(main).to_contain_text("may not have been saved")
    expect(main).to_contain_text("Try again in a few minutes")
    expect(main).not_to_contain_text("RuntimeError")
    expect(main).not_to_contain_text("could not store")
    # The design system's inline script ran: the page's policy let it, by its nonce.
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    visit.check_accessibility()

    # And on a small screen nothing scrolls sideways
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    visit.check_accessibility()
