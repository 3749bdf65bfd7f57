"""What the logs keep of a server error anywhere on the site: where the code failed, never the
exception's message, which can quote what was sent or stored."""

import io
import logging

import pytest
from django.urls import reverse

from core.server_errors import WithoutExceptionMessages
from feedback import selectors

PERSONAL = ("Grace Hopper", "07700 900123")
MESSAGE = f"could not read the comment of {PERSONAL[0]}, {PERSONAL[1]}"


def _fails_quoting_personal_details(**given):
    raise RuntimeError(MESSAGE)  # the line of code is logged; the message is not


@pytest.fixture
def console():
    """The configured console handler, writing to a buffer for the test."""
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, WithoutExceptionMessages)]
    buffer = io.StringIO()
    with handler.lock:  # not setStream: it flushes the stream before, which the test run may have closed
        previous, handler.stream = handler.stream, buffer
    yield buffer
    with handler.lock:
        handler.stream = previous


def test_a_server_error_on_a_page_is_logged_without_its_message(client, admin_scope, monkeypatch, console):
    client.raise_request_exception = False
    monkeypatch.setattr(selectors, "feedback_list", _fails_quoting_personal_details)
    client.force_login(admin_scope.user)
    assert client.get(reverse("feedback:list")).status_code == 500
    logged = console.getvalue()
    assert f"Internal Server Error: {reverse('feedback:list')}" in logged
    assert "in _fails_quoting_personal_details" in logged and "builtins.RuntimeError" in logged
    assert not any(words in logged for words in (*PERSONAL, MESSAGE))


def test_a_record_without_an_exception_is_written_as_it_was(console):
    logging.getLogger("heard.test").warning("Reminders sent: %d", 3)
    assert console.getvalue() == "Reminders sent: 3\n"


def test_words_of_a_record_that_quote_the_exception_are_taken_out(console):
    """As Django writes a failed callback after a commit: "Error calling ... (the exception's words)."."""
    try:
        raise ConnectionError(MESSAGE)
    except ConnectionError as exc:
        logging.getLogger("django.test").error("Error calling %s in on_commit() (%s).", "notify", exc, exc_info=True)
    logged = console.getvalue()
    assert "Error calling notify in on_commit() (ConnectionError, its message not logged)." in logged
    assert "builtins.ConnectionError (its message is not logged)" in logged
    assert not any(words in logged for words in (*PERSONAL, MESSAGE))
