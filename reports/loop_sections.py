"""The governance loop in a pack: decisions with their evidence, actions, leadership challenges and
stalled loops, for a period. Shared by the monthly pack and the quarterly summary.

Each builder takes plain facts from `reports.oversight` (and the loop tracker), read with names and
notes: these sections are for the people who govern, never for commissioners.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.words import words
from governance.loop_states import Loop
from governance.models import LEAD_STATUSES, ActionStatus
from reports.charts import ChartText, month_label, xmr_chart, xmr_table
from reports.document import Figure, Section, Table
from reports.oversight import WHOLE_ORGANISATION, ActionFact, ChallengeFact, DecisionFact
from reports.spc import Annotation, monthly_points, months, xmr


def came_of(actions: int, audits: int, priorities: int) -> str:
    """What a decision led to, in words: its actions, the audits it commissioned and the quality
    priorities it adopted."""
    parts = [
        words(n, one, many)
        for n, one, many in (
            (actions, "action", None),
            (audits, "audit", None),
            (priorities, "quality priority", "quality priorities"),
        )
        if n
    ]
    return ", ".join(parts) or "Nothing recorded yet"


def _day(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%-d %b %Y}"


def in_period(day: dt.date | None, first: dt.date, last_day: dt.date) -> bool:
    """Whether a day falls from `first` to `last_day`, both counted: `last_day` is today for a period
    under way, so what was done today is counted with everything else read until now."""
    return day is not None and first <= day <= last_day


def decisions_section(decisions: list[DecisionFact], *, period: str) -> Section:
    citing = sum(1 for d in decisions if d.evidence_kinds)
    meetings = len({(d.held_on, d.meeting_type, d.service) for d in decisions})
    paragraphs = [
        f"{words(len(decisions), 'decision')} recorded at {words(meetings, 'meeting')} in {period}; "
        f"{citing} of them cite the evidence they rest on."
    ]
    rows = [
        [
            d.held_on,
            d.meeting_type,
            d.service,
            d.text,
            "; ".join(d.evidence) or "None cited",
            came_of(d.actions_opened, d.audits_commissioned, d.priorities_adopted),
        ]
        for d in decisions
    ]
    table = Table(
        caption=f"Decisions made in {period}, with the evidence they cite",
        header=["Meeting held", "Meeting", "Service", "Decision", "Evidence cited", "What came of it"],
        rows=rows,
        sheet="Decisions",
    )
    return Section(key="decisions", heading="Decisions", paragraphs=tuple(paragraphs), tables=(table,))


def actions_opened_figure(actions: list[ActionFact], *, first: dt.date, last: dt.date) -> Figure:
    """Actions opened each month as an XmR chart: more is neither better nor worse in itself."""
    opened: dict[dt.date, float] = {m: 0 for m in months(first, last)}
    for a in actions:
        month = a.opened_on.replace(day=1)
        if month in opened:
            opened[month] += 1
    chart = xmr(monthly_points(opened, first, last))
    text = ChartText(
        title=f"Actions opened each month, {month_label(first)} to {month_label(last)}",
        measure="Actions opened",
        unit_format=lambda v: f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}",
        lowest=0,
    )
    header, rows = xmr_table(chart, text)
    table = Table(caption="Actions opened, month by month", header=header, rows=rows, sheet="Actions by month")
    return Figure(
        chart=xmr_chart(chart, text, ident="actions-xmr"),
        table=table,
        icons=(),
        icon_labels=(),
    )


def actions_section(
    actions: list[ActionFact],
    *,
    first: dt.date,
    last_day: dt.date,
    period: str,
    as_of: str,
    chart: Figure | None = None,
) -> Section:
    """Opened and closed from `first` to `last_day`; overdue on `last_day` (the period's last day, or
    today for a period under way), with days overdue counted to it, `as_of` saying which in words."""
    opened = [a for a in actions if in_period(a.opened_on, first, last_day)]
    closed = [a for a in actions if in_period(a.closed_on, first, last_day)]
    overdue = [a for a in actions if a.overdue_on(last_day)]
    paragraphs = [
        f"{words(len(opened), 'action')} opened and {len(closed)} closed with evidence of impact in {period}; "
        f"{len(overdue)} overdue {as_of}, "
        f"{sum(1 for a in overdue if a.challenged)} of them challenged by a leader."
    ]
    opened_table = Table(
        caption=f"Actions opened in {period}",
        header=["Action", "Service", "Lead", "Due", f"Status {as_of}"],
        rows=[[a.title, a.service, a.lead, a.due_on, a.status_label] for a in opened],
        sheet="Actions opened",
    )
    closed_table = Table(
        caption=f"Actions closed with evidence of impact in {period}",
        header=["Action", "Service", "Lead", "Checked by", "Closed", "Evidence of impact"],
        rows=[[a.title, a.service, a.lead, a.checked_by, a.closed_on, a.impact_note] for a in closed],
        sheet="Actions closed",
        note="Someone other than the lead checks each action and records the evidence that it worked.",
    )
    overdue_table = Table(
        caption=f"Actions overdue {as_of}",
        header=["Action", "Service", "Lead", "Due", "Days overdue", "Status", "Challenged"],
        rows=[
            [a.title, a.service, a.lead, a.due_on, (last_day - a.due_on).days, a.status_label, a.challenged]
            for a in sorted(overdue, key=lambda a: (a.due_on, a.id))
        ],
        sheet="Actions overdue",
    )
    return Section(
        key="actions",
        heading="Actions",
        paragraphs=tuple(paragraphs),
        figures=(chart,) if chart else (),
        tables=(opened_table, closed_table, overdue_table),
    )


def challenges_section(challenges: list[ChallengeFact], *, first: dt.date, last_day: dt.date, period: str) -> Section:
    raised = [c for c in challenges if in_period(c.raised_on, first, last_day)]
    unresolved = [c for c in challenges if c.unresolved]
    escalated = [c for c in unresolved if c.escalated_on]
    settled = [c for c in challenges if in_period(c.settled_on, first, last_day)]
    paragraphs = [
        f"{words(len(raised), 'challenge')} raised by leaders in {period} and {len(settled)} closed as satisfied; "
        f"{len(unresolved)} unresolved, {len(escalated)} of them escalated."
    ]
    table = Table(
        caption="Leadership challenges still open or escalated",
        header=["Raised", "Service", "About", "Question", "Raised by", "Asked of", "Status", "Latest answer"],
        rows=[
            [
                c.raised_on,
                c.service,
                c.about,
                c.question,
                c.raised_by,
                c.addressed_to,
                c.status_label,
                c.latest_response,
            ]
            for c in unresolved
        ],
        sheet="Challenges open",
    )
    return Section(key="challenges", heading="Leadership challenges", paragraphs=tuple(paragraphs), tables=(table,))


def stalled_section(loops: list[Loop], *, as_of: str) -> Section:
    stalled = [lp for lp in loops if lp.is_stalled]
    paragraphs = [
        f"{words(len(stalled), 'loop')} stalled {as_of}: a theme heard with no decision, an overdue "
        "action nobody challenged, or an action withdrawn without evidence of impact."
    ]
    table = Table(
        caption=f"Stalled loops {as_of}",
        header=["Theme", "Service", "Loop state", "Why it is stalled"],
        rows=[[lp.name, lp.service_name, lp.state_label, "; ".join(lp.stalls)] for lp in stalled],
        sheet="Stalled loops",
        note="Loop states are as they stood on the last day of the period, or today for a period not yet over.",
    )
    return Section(key="stalled", heading="Stalled loops", paragraphs=tuple(paragraphs), tables=(table,))


# A chart of more than one service marks at most this many actions, those that matter most; every
# action done in its months is listed in a table below it. Marked one by one, the all-services FFT
# chart of the demo carried 25 notes, more than anyone reads.
MOST_NOTES_ACROSS_SERVICES = 6


def _note_label(a: ActionFact, *, named: bool, across_services: bool) -> str:
    label = "Action done"
    if across_services or not (named and a.title):
        label += " across the organisation" if a.service == WHOLE_ORGANISATION else f" at {a.service}"
    if a.status in LEAD_STATUSES:
        label += ", later sent back"
    elif a.status == ActionStatus.WITHDRAWN:
        label += ", later withdrawn"
    if named and a.title:
        label += f": {a.title}"
    return label


def _done(actions: list[ActionFact], theme_code: str | None) -> list[ActionFact]:
    return [a for a in actions if a.last_done_on is not None and (theme_code is None or theme_code in a.theme_codes)]


def action_notes(
    actions: list[ActionFact],
    *,
    theme_code: str | None = None,
    named: bool = True,
    across_services: bool = False,
) -> list[Annotation]:
    """Actions taken, to mark on a chart: all of them, or those on a theme. Each is marked on the last
    day it was marked done, and says what still stands at the chart's end: an action sent back and
    not done again is "done, later sent back", one withdrawn since "done, later withdrawn". On a chart
    of more than one service (`across_services`) each note names where the action was taken. Without
    names, an action is marked by what happened and where, not by its title."""
    return [
        Annotation(date=a.last_done_on, label=_note_label(a, named=named, across_services=across_services))
        for a in _done(actions, theme_code)
    ]


@dataclass(frozen=True)
class ChartNotes:
    """The actions marked on a chart, and, when some are left off, how many and the table listing all."""

    shown: list[Annotation]
    left_out: str = ""  # a line under the chart's notes saying how many more and where they are
    table: Table | None = None


def _matters_most(a: ActionFact) -> bool:
    """Closed with evidence of impact, or done and sent back: what a reader of the chart most needs."""
    return a.status == ActionStatus.CLOSED or a.status in LEAD_STATUSES


def notes_across_services(
    actions: list[ActionFact],
    *,
    first: dt.date,
    last: dt.date,
    theme_code: str | None = None,
    limit: int = MOST_NOTES_ACROSS_SERVICES,
) -> ChartNotes:
    """The notes for a chart of more than one service, from `first` (its first month) on: every
    action done when there are `limit` or fewer; otherwise the `limit` that matter most (closed with
    evidence and sent back before the rest, the latest first), and a table of every action done."""
    done = sorted(
        (a for a in _done(actions, theme_code) if first <= a.last_done_on), key=lambda a: (a.last_done_on, a.id)
    )
    if len(done) <= limit:
        return ChartNotes(shown=action_notes(done, across_services=True))
    chosen = sorted(done, key=lambda a: (not _matters_most(a), -a.last_done_on.toordinal(), -a.id))[:limit]
    on_chart = {a.id for a in chosen}
    caption = f"Actions done, {month_label(first)} to {month_label(last)}"
    table = Table(
        caption=caption,
        header=["Done", "Service", "Action", "Status at the end of the period", "Marked on the chart"],
        rows=[[a.last_done_on, a.service, a.title, a.status_label, a.id in on_chart] for a in done],
        sheet="Actions done",
        note=f"The chart marks {limit} of them: those closed with evidence of impact or sent back first, "
        "the latest first.",
    )
    more = len(done) - limit
    return ChartNotes(
        shown=action_notes([a for a in done if a.id in on_chart], across_services=True),
        left_out=f"And {words(more, 'more action')} done, listed in the table \u201c{caption}\u201d below.",
        table=table,
    )
