"""CQC's six evidence categories: for each, the themes mapped to it, the loop on them, and the
incidents, staff and partner feedback and measures that belong to it."""

from __future__ import annotations

from core.words import words
from evidence.models import KIND_CATEGORY, EvidenceKind
from feedback.models import GiverType
from reports.cqc.context import LOOP_HEADER, PackContext
from reports.cqc.records import CATEGORY_RECORDS
from reports.document import Section, Table
from reports.evidence import Holdings


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
            "Feedback given by staff or advocates; incidents, other records and measures",
            "Heard's own records",
        ],
        rows=rows,
        sheet="Evidence categories",
        note="Feedback with these themes: pieces of feedback from anyone (most of it from people who use "
        "services and their families) coded with any of the themes mapped to the category. Feedback given "
        "by members of staff or by advocates is counted in the next column, as 'Feedback received, by who "
        "gave it' counts it.",
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


# Feedback given by people the category is about, by who gave it.
GIVERS = {"staff-leaders-feedback": GiverType.STAFF, "partners-feedback": GiverType.ADVOCATE}


def evidence_records(held: Holdings, category_id: str) -> str:
    """Feedback given by the people the category is about, and the incidents, staff and partner
    feedback records and measures held that belong to it."""
    said = []
    if category_id in GIVERS:
        giver = GIVERS[category_id]
        n = held.feedback_by_giver.get(giver.label, 0)
        said.append(
            f"{words(n, 'piece')} of feedback given by {'members of staff' if giver == GiverType.STAFF else 'advocates'}"
        )
    evidence = held.evidence
    if evidence is None:
        return "; ".join(said)
    for kind in (EvidenceKind.STAFF_FEEDBACK, EvidenceKind.PARTNER_FEEDBACK):
        if KIND_CATEGORY[kind] == category_id:
            said.append(f"{words(evidence.records.get(kind, 0), 'record')} of {kind.label.lower()}")
    if KIND_CATEGORY[EvidenceKind.INCIDENT] == category_id:
        incidents = evidence.records.get(EvidenceKind.INCIDENT, 0)
        said.append(f"{words(incidents, 'incident')}, {evidence.serious_incidents} of moderate harm or worse")
    if category_id in ("processes", "outcomes"):
        said.append(f"{words(evidence.measures.get(category_id, 0), 'performance measure')} with figures")
    return "; ".join(said)
