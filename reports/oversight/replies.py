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


def complaint_targets(*, scope: Scope, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, int]]:
    """The complaint targets complaints given from ``first`` to ``last`` were held to, in working days: a
    run of days for each target, in order (a change of the target for other feedback only is no change
    here). Usually one; more when an administrator changed the target during the period."""
    runs: list[tuple[dt.date, dt.date, int]] = []
    for period in reply_targets(scope.organisation).during(first, last):
        days = period.targets.complaint_days
        if runs and runs[-1][2] == days:
            runs[-1] = (runs[-1][0], period.last, days)
        else:
            runs.append((period.first, period.last, days))
    return runs
