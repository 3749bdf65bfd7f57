"""A server error, wherever it is raised, is Heard's own page (or, on the JSON API, its `ErrorOut`) and
carries the security headers every other answer carries. DEBUG is off, as in production."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

from core.server_errors import WithoutExceptionMessages
from core.tests.failing import FAILING_AT, PERSONAL, SECURITY_HEADERS, with_a_failing_middleware
from feedback import selectors
from feedback.fhir.outcomes import SERVER_ERROR
from organisations.roles import Role
from organisations.tests.factories import api_token_for

HEADING = "Sorry, there is a problem with the service"
# Words that would give away what failed and how: the exception's type, its message, what it quoted.
NEVER_SHOWN = (
    *PERSONAL,
    "RuntimeError",
    "could not read",
    "could not store",
    "Traceback",
    "Database access",
    "Server Error (500)",
)

# Over HTTPS with HSTS on, as in production, so that every security header is set.
AS_IN_PRODUCTION = {"DEBUG": False, "SECURE_HSTS_SECONDS": 3600, "ROOT_URLCONF": "core.tests.failing"}


def failing_client() -> Client:
    return Client(raise_request_exception=False)


def security_headers(reply) -> dict:
    """The security headers, the policy's nonce (a new one each request) taken out."""
    found = {name: reply.get(name) for name in SECURITY_HEADERS}
    if found["Content-Security-Policy"]:
        found["Content-Security-Policy"] = re.sub(r" 'nonce-[^']+'", "", found["Content-Security-Policy"])
    return found


def assert_heard_s_page(reply) -> None:
    assert reply.status_code == 500
    assert reply["Content-Type"] == "text/html; charset=utf-8"
    page = reply.content.decode()
    assert f"<h1>{HEADING}</h1>" in page
    assert f"<title>{HEADING} – Heard</title>" in page
    assert '<html lang="en"' in page and '<main class="nhsuk-main-wrapper" id="maincontent"' in page
    assert "may not have been saved" in page and "Try again" in page
    assert not [word for word in NEVER_SHOWN if word in page]
    # The design system's one inline script runs under the page's own policy.
    [nonce] = re.findall(r'<script nonce="([^"]+)">', page)
    assert f"'nonce-{nonce}'" in reply["Content-Security-Policy"]


@pytest.fixture
def answered_normally():
    """The security headers of a page answered normally (Heard's 404), to compare a 500's with."""
    with override_settings(**AS_IN_PRODUCTION):
        reply = Client().get("/no-such-page/", secure=True)
    assert reply.status_code == 404
    return security_headers(reply)


def test_a_page_that_fails_is_heard_s_page_with_the_security_headers(answered_normally):
    """It was Django's "Server Error (500)", with the headers of the middlewares it passed."""
    with override_settings(**AS_IN_PRODUCTION):
        reply = failing_client().get("/fails/", secure=True)
    assert_heard_s_page(reply)
    assert security_headers(reply) == answered_normally


@pytest.mark.parametrize("at", FAILING_AT.values(), ids=FAILING_AT.keys())
def test_a_middleware_that_fails_is_heard_s_page_with_the_security_headers(answered_normally, at):
    """Failing before Django's own middlewares ran (outer), the page had none of the security headers;
    failing between them (middle), no Content-Security-Policy nor X-Frame-Options."""
    with override_settings(**AS_IN_PRODUCTION, MIDDLEWARE=with_a_failing_middleware(at)):
        replies = [failing_client().get(path, secure=True) for path in ("/fails/", "/give-feedback/x/", "/")]
    for reply in replies:
        assert_heard_s_page(reply)
        assert security_headers(reply) == answered_normally


def test_the_page_is_shown_when_the_database_and_so_the_session_are_what_failed(answered_normally):
    """No database here (the test may not reach one): a signed-in person's session cannot be read,
    and the page must be made without reading it, or the user, or anything else stored."""
    client = failing_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    with override_settings(**AS_IN_PRODUCTION):
        reply = client.get("/feedback/", secure=True)
    assert_heard_s_page(reply)
    assert security_headers(reply) == answered_normally


@pytest.fixture
def bearer(org, services):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"}


def assert_error_out(reply, answered) -> None:
    """The JSON API's own error shape, the words FHIR clients get, and the headers of any answer."""
    assert reply.status_code == 500
    assert reply["Content-Type"] == "application/json; charset=utf-8"
    assert reply.json() == {"detail": SERVER_ERROR}
    assert not [word for word in NEVER_SHOWN if word.encode() in reply.content]
    assert security_headers(reply) == security_headers(answered)


def test_a_server_error_on_the_json_api_is_an_error_out(client, bearer, monkeypatch, caplog):
    """It was the HTML page, which the API's clients cannot read and the OpenAPI description does
    not give: the API's errors are each an `ErrorOut`."""

    def fails(**given):
        raise RuntimeError(f"could not read {' '.join(PERSONAL)}")

    with override_settings(**AS_IN_PRODUCTION):
        answered = client.get("/api/feedback", secure=True, **bearer)
        monkeypatch.setattr(selectors, "feedback_list", fails)
        reply = failing_client().get("/api/feedback", secure=True, **bearer)
    assert answered.status_code == 200
    assert_error_out(reply, answered)
    # Reported once, by Django, written by the site's log formatter without the exception's words.
    [logged] = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    written = WithoutExceptionMessages().format(logged)
    assert written.startswith("Internal Server Error: /api/feedback") and "builtins.RuntimeError" in written
    assert not [word for word in PERSONAL if word in written]


@pytest.mark.parametrize("at", FAILING_AT.values(), ids=FAILING_AT.keys())
def test_a_middleware_s_server_error_on_the_json_api_is_an_error_out(client, bearer, at):
    with override_settings(**AS_IN_PRODUCTION):
        answered = client.get("/api/feedback", secure=True, **bearer)
        with override_settings(MIDDLEWARE=with_a_failing_middleware(at)):
            replies = [
                failing_client().get("/api/feedback", secure=True, **bearer),
                failing_client().post("/api/feedback", data={}, content_type="application/json", secure=True),
            ]
    for reply in replies:
        assert_error_out(reply, answered)
