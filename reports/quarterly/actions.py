"""The actions opened, done and closed with evidence of impact in the quarter."""

from __future__ import annotations

import datetime as dt

from reports import oversight
from reports.charts import bar_chart
from reports.document import Figure, Section, Table
from reports.loop_sections import in_period, words


def actions_taken_section(
    actions: list[oversight.ActionFact], *, first: dt.date, last_day: dt.date, period: str
) -> Section:
    """Done counts what still stood as done at the end of the period (waiting for its check, or
    closed), on the day it was last marked done: an action sent back to its lead, or withdrawn, after
    it was marked done is not done, however often it was marked so."""
    opened = [a for a in actions if in_period(a.opened_on, first, last_day)]
    done = [a for a in actions if a.still_done and in_period(a.last_done_on, first, last_day)]
    undone = [a for a in actions if not a.still_done and in_period(a.last_done_on, first, last_day)]
    closed = [a for a in actions if in_period(a.closed_on, first, last_day)]
    # Three counts of three different sets: said apart, so "6 done" is not read as 6 of those opened.
    paragraphs = [
        f"{words(len(opened), 'action')} opened in {period}. In the same months, whenever they were opened, "
        f"{words(len(done), 'action')} {'was' if len(done) == 1 else 'were'} marked done and not sent back by its "
        f"end, and {len(closed)} {'was' if len(closed) == 1 else 'were'} closed with evidence of impact by someone "
        "other than the lead."
    ]
    note = (
        f"Done: the day the lead last marked the action done, for actions still done at the end of {period} "
        "(waiting for their check, or closed with evidence of impact). "
        + (
            f"Not counted: {words(len(undone), 'action')} marked done in {period} and sent back to "
            f"{'its lead' if len(undone) == 1 else 'their leads'} or withdrawn since."
            if undone
            else "An action marked done and then sent back to its lead, or withdrawn, is not counted."
        )
    )
    table = Table(
        caption=f"Actions done or closed in {period}",
        header=["Action", "Service", "Lead", "Done", "Checked by", "Closed", "Evidence of impact"],
        rows=[
            [a.title, a.service, a.lead, a.last_done_on, a.checked_by, a.closed_on, a.impact_note]
            for a in sorted(
                {a.id: a for a in done + closed}.values(), key=lambda a: (a.last_done_on or a.closed_on, a.id)
            )
        ],
        sheet="Actions taken",
        note=note,
    )
    figures = ()
    if opened or done or closed:
        chart = bar_chart(
            [("Opened", len(opened)), ("Done", len(done)), ("Closed with evidence", len(closed))],
            title=f"Actions in {period}",
            measure="Actions",
        )
        counts = Table(
            caption=f"Actions in {period}, in numbers",
            header=["Actions", "Number"],
            rows=[["Opened", len(opened)], ["Done", len(done)], ["Closed with evidence", len(closed)]],
            sheet="Actions in numbers",
        )
        figures = (Figure(chart=chart, table=counts),)
    return Section(
        key="actions", heading="Actions taken", paragraphs=tuple(paragraphs), figures=figures, tables=(table,)
    )
