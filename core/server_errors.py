"""A server error answered by Heard itself rather than Django's error page, reported as Django reports
one: the `got_request_exception` signal, and an error on the `django.request` logger naming the path.

What is logged is where the code failed, not what it was given: an exception's message can quote
what was sent or stored (a database error names the value that broke a constraint), and no
personal data goes in the logs. The stack, each frame's file, line and code, and the exception's
type say where to look. The record carries the status and the request, as each of Django's does.
"""

from __future__ import annotations

import logging
import traceback

from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.utils.log import log_response


def server_error_reported(request, exc: BaseException, response: HttpResponse) -> HttpResponse:
    """``response`` (a 500), once ``exc`` is reported. Call while handling ``exc``, as Django reports
    an exception it did not expect; Django then does not log the response a second time."""
    got_request_exception.send(sender=None, request=request)
    log_response(
        "%s: %s\n%s", response.reason_phrase, request.path, where_it_failed(exc), response=response, request=request
    )
    return response


class WithoutExceptionMessages(logging.Formatter):
    """For a handler: a record that carries an exception (Django's "Internal Server Error", a failed
    background task, a failed callback after a commit) is written with where it failed instead of the
    exception's message, for the same reason as above, and the message is taken out of the record's
    own words where they quote it ("Error calling ... (its message)"). The record itself is left as
    it is for other handlers."""

    def format(self, record: logging.LogRecord) -> str:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None:
            return super().format(record)
        message = record.getMessage()
        said = str(exc)
        if said:
            message = message.replace(said, f"{type(exc).__qualname__}, its message not logged")
        return f"{message}\n{where_it_failed(exc)}"


def where_it_failed(exc: BaseException) -> str:
    """The traceback of ``exc`` and of the exceptions it came from, each ending in its type alone."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = [
        "Traceback (most recent call last):\n"
        + "".join(traceback.StackSummary.extract(traceback.walk_tb(error.__traceback__)).format())
        + f"{type(error).__module__}.{type(error).__qualname__} (its message is not logged)"
        for error in reversed(chain)
    ]
    return "\n\nThe above led to:\n\n".join(parts)
