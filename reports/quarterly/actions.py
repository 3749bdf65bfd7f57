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
    opened = [a for a in actions if in_period(a.opened_on, first, last_day)]
    done = [a for a in actions if in_period(a.done_on, first, last_day)]
    closed = [a for a in actions if in_period(a.closed_on, first, last_day)]
    paragraphs = [
        f"{words(len(opened), 'action')} opened in {period}; {len(done)} done and {len(closed)} closed by someone "
        "other than the lead with evidence of impact."
    ]
    table = Table(
        caption=f"Actions done or closed in {period}",
        header=["Action", "Service", "Lead", "Done", "Checked by", "Closed", "Evidence of impact"],
        rows=[
            [a.title, a.service, a.lead, a.done_on, a.checked_by, a.closed_on, a.impact_note]
            for a in sorted({a.id: a for a in done + closed}.values(), key=lambda a: (a.done_on or a.closed_on, a.id))
        ],
        sheet="Actions taken",
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
