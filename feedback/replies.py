"""Whether a reply someone asked for can be sent: the one rule every way feedback arrives checks.

A reply needs a way to send it (a method Heard knows), and for an email, a phone call or a letter,
the contact to send it to; an email needs an address an email can be sent to. Each caller words the
problem for whoever can put it right: staff and the JSON API are refused (`feedback.services`), the
public form asks the person in their own terms (`feedback.public.forms`). The public form also checks
that a phone number is written as one, which is its own guide to the person typing it, not part of
this rule: staff write down what they were told ("07700 900123, after six").
"""

from __future__ import annotations

import enum

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from feedback.models import ReplyMethod

# The methods that need somewhere to send the reply; one in person needs no contact.
NEEDS_CONTACT = frozenset({ReplyMethod.EMAIL, ReplyMethod.PHONE, ReplyMethod.LETTER})

_email = EmailValidator()


class ReplyProblem(enum.Enum):
    NO_METHOD = "no method"
    UNKNOWN_METHOD = "unknown method"
    NO_CONTACT = "no contact"
    NOT_AN_EMAIL = "not an email address"


def reply_problems(*, method: str, contact: str | None) -> dict[str, ReplyProblem]:
    """Why a reply asked for could not be sent by ``method`` to ``contact``, by field (``reply_method``
    or ``reply_contact``); empty when it can. ``contact`` None is a contact that could not be read
    (too long for its box, say), whose own problem is told instead: only the method is checked."""
    if not method:
        return {"reply_method": ReplyProblem.NO_METHOD}
    if method not in ReplyMethod.values:
        return {"reply_method": ReplyProblem.UNKNOWN_METHOD}
    if contact is None or method not in NEEDS_CONTACT:
        return {}
    contact = contact.strip()
    if not contact:
        return {"reply_contact": ReplyProblem.NO_CONTACT}
    if method == ReplyMethod.EMAIL:
        try:
            _email(contact)
        except ValidationError:
            return {"reply_contact": ReplyProblem.NOT_AN_EMAIL}
    return {}


def reply_can_be_sent(*, wants_reply: bool, method: str, contact: str) -> bool:
    """Whether a reply asked for can be sent as it was recorded. True when none was asked for."""
    return not wants_reply or not reply_problems(method=method, contact=contact)


# Said to staff where a reply asked for cannot be sent as recorded (feedback recorded before these
# checks, or sent by another system): the reply is still owed, so they are told to find a way.
FIND_ANOTHER_WAY = "Find another way to reply to them, such as through the service or someone who knows them."
_SHORTFALL = {
    ReplyProblem.NO_METHOD: "They would like a reply, but how to reply was not recorded.",
    ReplyProblem.UNKNOWN_METHOD: "They would like a reply, but how to reply was not recorded.",
    ReplyProblem.NO_CONTACT: "They would like a reply, but no contact details were recorded.",
    ReplyProblem.NOT_AN_EMAIL: "They would like a reply by email, but what was recorded is not an email address.",
}


def reply_shortfall(*, wants_reply: bool, method: str, contact: str) -> str:
    """For staff, why a reply asked for cannot be sent as recorded and what to do; "" when it can, or
    when none was asked for."""
    if not wants_reply:
        return ""
    problems = reply_problems(method=method, contact=contact)
    if not problems:
        return ""
    (problem,) = problems.values()
    return f"{_SHORTFALL[problem]} {FIND_ANOTHER_WAY}"
