"""Who acts: the actions open at some time in the period, each with its one named lead."""

from __future__ import annotations

from governance.models import ActionStatus
from reports.cqc.context import PackContext
from reports.document import Section, Table


def acts_section(pack: PackContext) -> Section:
    held = pack.held
    labels = dict(ActionStatus.choices)
    overdue = [a for a in held.actions if a.overdue(pack.today)]
    rows = [
        [
            pack.link(pack.words(a.title), "governance:action", a.id),
            a.service,
            pack.person(a.lead_id),
            labels[a.status],
            a.due_on,
            a.overdue(pack.today),
            pack.theme_names(a.themes) or "None",
        ]
        for a in held.actions
    ]
    table = Table(
        caption="Actions, each with one named lead",
        header=["Action", "Service", "Lead", "Status", "Due", "Overdue", "Themes"],
        rows=rows,
        sheet="Actions",
    )
    return Section(
        key="acts",
        heading="Who acts",
        paragraphs=(f"{len(held.actions)} actions open at some time in the period; {len(overdue)} overdue now.",),
        tables=(table,),
    )
