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


class WithoutExceptionMessages(logging.Filter):
    """On a handler: a record that carries an exception (Django's "Internal Server Error", a failed
    background task) is written with where it failed instead of the exception's message, for the
    same reason as above. The record is changed for every handler after this one too, which is what
    is wanted: no handler should write the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}\n{where_it_failed(record.exc_info[1])}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


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
