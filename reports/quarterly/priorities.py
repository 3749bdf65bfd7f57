"""The co-produced quality priorities, each objective against its target at the end of the quarter."""

from __future__ import annotations

import datetime as dt

from organisations.models import Service
from organisations.scope import Scope
from priorities.selectors import progress_for_report
from reports.document import Percent, Section, Table
from reports.loop_sections import words


def priorities_section(
    *, scope: Scope, first: dt.date, last_day: dt.date, service: Service | None, period: str
) -> Section:
    """The co-produced priorities: each objective's measure over the quarter against its target.

    The measure is taken over the calendar quarter (to today, for a quarter under way), as every other
    figure in the summary and the commissioner report is, so "good or very good" here is the Friends
    and Family Test's figure for the quarter, not the 91 days up to its last day that a priority's own
    page reads. A board reader compares the two reports; one quarter should give one number."""
    rows = progress_for_report(
        scope=scope, first=first, until=last_day, service_id=service.id if service else None, over_period=True
    )
    priorities = {(r.priority, r.service): r.reviewed for r in rows}
    if not rows:
        paragraph = f"No co-produced quality priorities with objectives cover {period}."
    else:
        met = sum(1 for r in rows if r.met)
        paragraph = (
            f"{words(len(priorities), 'quality priority', 'quality priorities')} chosen with people who use services, "
            f"with {words(len(rows), 'objective')}: {met} met {'its' if met == 1 else 'their'} target over "
            f"{period}. {sum(priorities.values())} of the {words(len(priorities), 'priority', 'priorities')} "
            f"{'was' if sum(priorities.values()) == 1 else 'were'} reviewed with people who use services in the quarter."
        )

    def figure(value: float | None, percentage: bool):
        """A share with its % sign (a percentage in the spreadsheet); a count of activities as a whole number."""
        if value is None:
            return None
        return Percent(value) if percentage else round(value)

    window = f"{first:%-d %B} to {last_day:%-d %B %Y}"

    table = Table(
        caption=f"Quality priorities and their objectives over {period}",
        header=[
            "Priority",
            "Service",
            "Objective",
            "Lead",
            "Before",
            "Over the quarter",
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
        note=f"Measured over the quarter, {window}, as the rest of this summary is: a share of feedback "
        "or of Friends and Family Test answers (%), or a number of co-production activities. Before is "
        "the same measure over the 91 days before the objective was set. Targets and dates are those in "
        "force at the end of the quarter.",
    )
    return Section(key="priorities", heading="Quality priorities", paragraphs=(paragraph,), tables=(table,))
