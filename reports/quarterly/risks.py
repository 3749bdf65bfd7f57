"""What is still unresolved at the end of the quarter: overdue actions, actions waiting for a check,
open challenges, stalled loops."""

from __future__ import annotations

import datetime as dt

from governance.loops import loop_tracker
from governance.models import ActionStatus
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.document import Section, Table
from reports.loop_sections import words


def risks_section(
    *,
    scope: Scope,
    service: Service | None,
    actions: list[oversight.ActionFact],
    end: dt.datetime,
    last_day: dt.date,
    as_of: str,
) -> Section:
    overdue = sorted((a for a in actions if a.overdue_on(last_day)), key=lambda a: (a.due_on, a.id))
    # Done by their leads and waiting on their verifiers: not overdue, however late the check (ADR 0010),
    # so listed apart, the longest waiting first, as the agenda pack and the reminders list them.
    waiting = sorted(
        (a for a in actions if a.status == ActionStatus.AWAITING_CHECK), key=lambda a: (a.last_done_on, a.id)
    )
    challenges = [
        c for c in oversight.challenges_until(scope=scope, end=end, service=service, personal=True) if c.unresolved
    ]
    loops = [
        lp
        for lp in loop_tracker(scope=scope, today=last_day, service_id=service.id if service else None)
        if lp.is_stalled
    ]
    paragraphs = [
        f"{words(len(overdue), 'action')} overdue, {len(waiting)} waiting for a check, "
        f"{words(len(challenges), 'leadership challenge')} unresolved "
        f"({sum(1 for c in challenges if c.escalated_on)} escalated) and {words(len(loops), 'loop')} stalled {as_of}."
    ]
    overdue_table = Table(
        caption=f"Actions overdue {as_of}",
        header=["Action", "Service", "Lead", "Due", "Days overdue", "Status", "Challenged"],
        rows=[
            [a.title, a.service, a.lead, a.due_on, (last_day - a.due_on).days, a.status_label, a.challenged]
            for a in overdue
        ],
        sheet="Overdue actions",
    )
    waiting_table = Table(
        caption=f"Waiting for a check {as_of}",
        header=["Action", "Service", "Who checks", "Waiting since", "Days waiting"],
        rows=[[a.title, a.service, a.verifier, a.last_done_on, (last_day - a.last_done_on).days] for a in waiting],
        sheet="Waiting for a check",
        note="Waiting since the day the lead last marked the action done and asked for its check.",
    )
    challenge_table = Table(
        caption=f"Leadership challenges unresolved {as_of}",
        header=["Raised", "Service", "About", "Question", "Asked of", "Status"],
        rows=[
            [
                c.raised_on,
                c.service,
                c.about,
                c.question,
                c.addressed_to,
                c.status_label,
            ]
            for c in challenges
        ],  # fmt: skip
        sheet="Open challenges",
    )
    loop_table = Table(
        caption=f"Stalled loops {as_of}",
        header=["Theme", "Service", "Loop state", "Why it is stalled"],
        rows=[[lp.name, lp.service_name, lp.state_label, "; ".join(lp.stalls)] for lp in loops],
        sheet="Stalled loops",
        note="Loop states are as they stood on the last day of the period, or today for a period not yet over.",
    )
    return Section(
        key="risks",
        heading="Unresolved risks",
        paragraphs=tuple(paragraphs),
        tables=(overdue_table, waiting_table, challenge_table, loop_table),
    )
