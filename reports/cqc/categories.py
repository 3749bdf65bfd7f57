"""CQC's six evidence categories: for each, the themes mapped to it, the loop on them, and the
incidents, staff and partner feedback and measures that belong to it."""

from __future__ import annotations

from evidence.models import KIND_CATEGORY, EvidenceKind
from reports.cqc.context import LOOP_HEADER, PackContext
from reports.cqc.records import CATEGORY_RECORDS
from reports.document import Section, Table
from reports.evidence import Holdings
from reports.loop_sections import words


def categories_section(pack: PackContext) -> Section:
    rows = []
    for category in pack.taxonomy.evidence_categories:
        codes = pack.themes_mapped("evidence_categories", category.id)
        rows.append(
            [
                category.name,
                len(codes),
                *pack.loop_row(codes),
                evidence_records(pack.held, category.id),
                CATEGORY_RECORDS.get(category.id, ""),
            ]
        )
    table = Table(
        caption="CQC's six evidence categories: what Heard holds for each",
        header=[
            "Evidence category",
            "Themes mapped to it",
            *LOOP_HEADER,
            "Incidents, staff and partner feedback, measures",
            "Heard's own records",
        ],
        rows=rows,
        sheet="Evidence categories",
    )
    return Section(
        key="categories",
        heading="Evidence categories",
        paragraphs=(
            "The same loop, by the six kinds of evidence CQC gathers, with the incidents, feedback from "
            "staff and partner organisations and performance measures recorded in the period under the "
            "category each belongs to (withdrawn records are not counted).",
        ),
        tables=(table,),
    )


def evidence_records(held: Holdings, category_id: str) -> str:
    """The incidents, staff and partner feedback and measures held that belong to the category."""
    evidence = held.evidence
    if evidence is None:
        return ""
    said = []
    for kind in (EvidenceKind.STAFF_FEEDBACK, EvidenceKind.PARTNER_FEEDBACK):
        if KIND_CATEGORY[kind] == category_id:
            said.append(f"{words(evidence.records.get(kind, 0), 'record')} of {kind.label.lower()}")
    if KIND_CATEGORY[EvidenceKind.INCIDENT] == category_id:
        incidents = evidence.records.get(EvidenceKind.INCIDENT, 0)
        said.append(f"{words(incidents, 'incident')}, {evidence.serious_incidents} of moderate harm or worse")
    if category_id in ("processes", "outcomes"):
        said.append(f"{words(evidence.measures.get(category_id, 0), 'performance measure')} with figures")
    return "; ".join(said)
