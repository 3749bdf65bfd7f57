"""Feedback given by someone who asked for a reply (or, with ``wants_reply=False``, did not), made
through the service that records it, for the tests of replies owed, reply targets and the reports
that count them. Each test passes its own words and contact details, to check they never leak."""

from __future__ import annotations

import datetime as dt

from feedback.models import Channel, Feedback, Kind, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.scope import system_scope


def asked_for_reply(
    org, service, *, received_on: dt.date, text: str, contact: str, kind: str = Kind.COMPLAINT, wants_reply=True
) -> Feedback:
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            kind=kind,
            received_on=received_on,
            comments=[("What happened?", text)],
            wants_reply=wants_reply,
            reply_method=ReplyMethod.PHONE if wants_reply else "",
            reply_contact=contact if wants_reply else "",
        ),
    )
