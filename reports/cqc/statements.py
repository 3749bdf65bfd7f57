"""The well-led quality statements: for each, the themes mapped to it and the loop on them."""

from __future__ import annotations

from reports.cqc.context import LOOP_HEADER, PackContext
from reports.cqc.records import STATEMENT_RECORDS, WELL_LED
from reports.document import Section, Table


def statements_section(pack: PackContext) -> Section:
    question = next(q for q in pack.taxonomy.key_questions if q.id == WELL_LED)
    rows = []
    for statement in question.statements:
        codes = pack.themes_mapped("quality_statements", statement.id)
        rows.append(
            [
                statement.name,
                pack.theme_names(sorted(codes)) or "None",
                *pack.loop_row(codes),
                STATEMENT_RECORDS.get(statement.id, ""),
            ]
        )
    table = Table(
        caption="Well-led quality statements: what Heard holds for each",
        header=["Quality statement", "Themes mapped to it", *LOOP_HEADER, "Heard's own records"],
        rows=rows,
        sheet="Well-led statements",
        note="Feedback heard: pieces of feedback coded with any of the themes. Decisions, actions and "
        "challenges are those about the themes; the last column says where else in this pack to look.",
    )
    return Section(
        key="statements",
        heading="Well-led quality statements",
        paragraphs=(
            f"{question.summary} Each of the {len(question.statements)} quality statements, with the "
            "feedback themes mapped to it and the governance loop on those themes: heard, decided, acted "
            "on and checked.",
        ),
        tables=(table,),
    )
