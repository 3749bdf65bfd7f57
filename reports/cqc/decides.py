"""Who decides: the period's decisions, the evidence they cite, and what came of them."""

from __future__ import annotations

from reports.cqc.context import PackContext
from reports.document import Section, Table
from reports.loop_sections import came_of


def decides_section(pack: PackContext) -> Section:
    held = pack.held
    citing = sum(1 for d in held.decisions if d.evidence)
    rows = [
        [
            d.held_on,
            pack.link(d.meeting_type, "governance:meeting", d.meeting_id),
            d.service,
            pack.link(pack.words(d.text), "governance:decision", d.id),
            pack.theme_names(d.themes) or "None",
            d.evidence,
            came_of(d.actions, d.audits, d.priorities),
        ]
        for d in held.decisions
    ]
    table = Table(
        caption="Decisions, the evidence they cite, and what came of them",
        header=[
            "Meeting date",
            "Meeting",
            "Service",
            "Decision",
            "Themes cited",
            "Pieces of evidence cited",
            "What came of it",
        ],
        rows=rows,
        sheet="Decisions",
    )
    return Section(
        key="decides",
        heading="Who decides",
        paragraphs=(
            f"{sum(held.meetings_by_type.values())} governance meetings; {len(held.decisions)} decisions, "
            f"{citing} of them citing the evidence they rest on. "
            f"Of the decisions, {sum(1 for d in held.decisions if d.actions)} led to actions, "
            f"{sum(1 for d in held.decisions if d.audits)} to audits and "
            f"{sum(1 for d in held.decisions if d.priorities)} to quality priorities.",
        ),
        tables=(table,),
    )
