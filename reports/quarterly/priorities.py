"""The co-produced quality priorities, each objective against its target at the end of the quarter."""

from __future__ import annotations

import datetime as dt

from organisations.models import Service
from organisations.scope import Scope
from priorities.selectors import progress_for_report
from reports.document import Section, Table
from reports.loop_sections import words


def priorities_section(
    *, scope: Scope, first: dt.date, last_day: dt.date, service: Service | None, period: str
) -> Section:
    """The co-produced priorities: each objective's measure at the quarter's end against its target."""
    rows = progress_for_report(scope=scope, first=first, until=last_day, service_id=service.id if service else None)
    priorities = {(r.priority, r.service): r.reviewed for r in rows}
    if not rows:
        paragraph = f"No co-produced quality priorities with objectives cover {period}."
    else:
        met = sum(1 for r in rows if r.met)
        paragraph = (
            f"{words(len(priorities), 'quality priority', 'quality priorities')} chosen with people who use services, "
            f"with {words(len(rows), 'objective')}: {met} met {'its' if met == 1 else 'their'} target at the end of "
            f"{period}. {sum(priorities.values())} of the {words(len(priorities), 'priority', 'priorities')} "
            f"{'was' if sum(priorities.values()) == 1 else 'were'} reviewed with people who use services in the quarter."
        )

    def figure(value: float | None, percentage: bool):
        return None if value is None else (round(value, 1) if percentage else round(value))

    table = Table(
        caption=f"Quality priorities and their objectives at the end of {period}",
        header=[
            "Priority",
            "Service",
            "Objective",
            "Lead",
            "Before",
            "At the end",
            "Target",
            "By",
            "Target met",
            "Reviewed in the quarter",
        ],
        rows=[
            [
                r.priority,
                r.service,
                r.objective,
                r.lead,
                figure(r.baseline, r.percentage),
                figure(r.value, r.percentage),
                figure(r.target, r.percentage),
                r.deadline,
                {True: "Yes", False: "Not yet"}.get(r.met, "Cannot tell yet"),
                "Yes" if r.reviewed else "No",
            ]
            for r in rows
        ],
        sheet="Quality priorities",
        note="Measures are taken over the 91 days up to the day (before: up to the day the objective was set); "
        "percentages unless the objective counts co-production activities. Targets and dates are those in force at the end of the quarter.",
    )
    return Section(key="priorities", heading="Quality priorities", paragraphs=(paragraph,), tables=(table,))
