"""Replies to complaints for a period: how many were received, how many asked for a reply, and how many
were replied to within the organisation's target (ADR 0004's addendum on reply targets). Counts only,
so anyone who may read report figures, commissioners included, may have them."""

from __future__ import annotations

import datetime as dt

from feedback.models import Feedback, Kind
from feedback.reply_targets import ReplyTimeliness, reply_targets, reply_timeliness
from organisations.models import Service
from organisations.scope import Scope
from reports.rules import Perm, require


def complaint_replies(
    *, scope: Scope, first: dt.date, last: dt.date, on: dt.date, service: Service | None = None
) -> ReplyTimeliness:
    """Complaints given from ``first`` to ``last`` at the scope's services (or ``service``), counted by
    whether a reply asked for came within the target, as they stood on ``on``."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    feedback = Feedback.objects.for_scope(scope)
    if service is not None:
        feedback = feedback.filter(service=service)
    return reply_timeliness(
        feedback, organisation=scope.organisation, kind=Kind.COMPLAINT, first=first, last=last, on=on
    )


def complaint_target_days(*, scope: Scope) -> int:
    return reply_targets(scope.organisation).complaint_days
