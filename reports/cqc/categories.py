"""The evidence categories of the taxonomy the pack is mapped to (CQC's six in 2024): for each, the themes
mapped to it, the loop on them, and the incidents, staff and partner feedback and measures that belong
to it, as the taxonomy says (its `heard_sources` and `heard_givers`, ADR 0027)."""

from __future__ import annotations

from core.words import words
from evidence.models import EvidenceKind
from feedback.models import GiverType
from reports.cqc.context import LOOP_HEADER, PackContext
from reports.document import Section, Table
from reports.evidence import Holdings
from themes.taxonomies import EvidenceCategory

# Small counts as the pack writes them in its sentences ("CQC's six evidence categories").
_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _count(n: int) -> str:
    return _SMALL[n] if n < len(_SMALL) else str(n)


def categories_section(pack: PackContext) -> Section:
    taxonomy = pack.taxonomy
    rows = []
    for category in taxonomy.evidence_categories:
        codes = pack.themes_mapped("evidence_categories", category.id)
        rows.append(
            [
                category.name,
                len(codes),
                *pack.loop_row(codes),
                evidence_records(pack.held, category),
                category.heard_records,
            ]
        )
    table = Table(
        caption=f"CQC's {_count(len(taxonomy.evidence_categories))} evidence categories: what Heard holds for each",
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
            f"The same loop, by the {_count(len(taxonomy.evidence_categories))} kinds of evidence "
            "CQC gathers, with the incidents, feedback from staff and partner organisations "
            "and performance measures recorded in the period under the category each belongs to (withdrawn "
            "records are not counted).",
        ),
        tables=(table,),
    )


# Who gave feedback, as the pack says it.
GIVEN_BY = {
    GiverType.STAFF: "members of staff",
    GiverType.ADVOCATE: "advocates",
    GiverType.PERSON: "people using the service",
    GiverType.FAMILY: "family members or friends",
    GiverType.OTHER: "someone else",
}
# Performance measures are recorded as measures of processes or of outcomes (PerformanceMeasure.category).
MEASURES = {"processes_measures": "processes", "outcomes_measures": "outcomes"}


def evidence_records(held: Holdings, category: EvidenceCategory) -> str:
    """Feedback given by the people the category is about, and the incidents, staff and partner
    feedback records and measures held that belong to it; nothing where the taxonomy sets none under it."""
    said = []
    for giver in category.heard_givers:
        n = held.feedback_by_giver.get(GiverType(giver).label, 0)
        said.append(f"{words(n, 'piece')} of feedback given by {GIVEN_BY[GiverType(giver)]}")
    evidence = held.evidence
    if evidence is None:
        return "; ".join(said)
    for kind in (EvidenceKind.STAFF_FEEDBACK, EvidenceKind.PARTNER_FEEDBACK):
        if kind.value in category.heard_sources:
            said.append(f"{words(evidence.records.get(kind, 0), 'record')} of {kind.label.lower()}")
    if EvidenceKind.INCIDENT.value in category.heard_sources:
        incidents = evidence.records.get(EvidenceKind.INCIDENT, 0)
        said.append(f"{words(incidents, 'incident')}, {evidence.serious_incidents} of moderate harm or worse")
    measured = [MEASURES[s] for s in category.heard_sources if s in MEASURES]
    if measured:
        n = sum(evidence.measures.get(m, 0) for m in measured)
        said.append(f"{words(n, 'performance measure')} with figures")
    return "; ".join(said)
