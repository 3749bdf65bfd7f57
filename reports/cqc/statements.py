"""The quality statements of the key question the pack goes through (well-led in CQC's 2024 framework):
for each, the themes mapped to it and the loop on them. Which key question, and where Heard's own
records are evidence for each statement, the taxonomy says (ADR 0027)."""

from __future__ import annotations

from core.words import words
from feedback.models import GiverType
from reports.cqc.context import LOOP_HEADER, PackContext
from reports.document import Section, Table
from themes.taxonomies import Statement


def statements_section(pack: PackContext) -> Section:
    taxonomy = pack.taxonomy
    question = taxonomy.pack_question
    if question is None:
        return Section(
            key="statements",
            heading="Quality statements",
            paragraphs=(
                f"The themes are mapped to {taxonomy.name}, which does not say which of its key questions is "
                "about how a service is led, so no quality statements are listed here. The evidence categories "
                "below still count the loop.",
            ),
        )
    rows = []
    for statement in question.statements:
        codes = pack.themes_mapped("quality_statements", statement.id)
        if statement.heard_figures == "loop":
            # What this statement asks for is the loop itself: learning shown by actions checked for
            # impact and re-audits, not by what feedback is about.
            themes, loop = THE_LOOP_ITSELF, pack.whole_loop_row()
        elif statement.heard_from == GiverType.STAFF and codes:
            themes = f"{pack.theme_names(sorted(codes))} (feedback from staff only)"
            loop = pack.loop_row(codes, given_by=GiverType.STAFF)
        else:
            themes, loop = pack.theme_names(sorted(codes)) or "None mapped", pack.loop_row(codes)
        rows.append([statement.name, themes, *loop, statement_records(pack, statement)])
    by_loop = [s.name for s in question.statements if s.heard_figures == "loop"]
    shown_by_loop = (
        f"{' and '.join(by_loop)} {'is' if len(by_loop) == 1 else 'are'} shown by the loop itself: all the feedback "
        "heard, every decision, action and challenge, and the actions closed with evidence of impact. "
        if by_loop
        else ""
    )
    table = Table(
        caption=f"{question.name} quality statements: what Heard holds for each",
        header=["Quality statement", "Themes mapped to it", *LOOP_HEADER, "Heard's own records"],
        rows=rows,
        sheet=f"{question.name} statements"[:31],
        note="Feedback with these themes: pieces of feedback coded with any of the themes mapped to the "
        "statement, from anyone, except for statements about the workforce, where only feedback given by "
        "members of staff counts (feedback whose giver was not said is not counted there). Decisions, actions "
        "and challenges are those about the themes; a dash means no theme is mapped, so there is nothing to "
        f"count by theme. {shown_by_loop}The last column says where else in this pack to look, with its figures.",
    )
    return Section(
        key="statements",
        heading=f"{question.name} quality statements",
        paragraphs=(
            f"{question.summary} Each of the {len(question.statements)} quality statements, with the "
            "feedback themes mapped to it and the governance loop on those themes: heard, decided, acted "
            "on and checked.",
            f"The themes are mapped to {taxonomy.name}, whose quality statements these are.",
        ),
        tables=(table,),
    )


THE_LOOP_ITSELF = "The loop itself, on every theme: actions checked for impact and re-audits"


def statement_records(pack: PackContext, statement: Statement) -> str:
    """Where Heard's own records for the statement are in the pack, with the figures found there, so the
    row agrees with the sections it points to; nothing where the taxonomy says nothing."""
    held = pack.held
    if statement.heard_figures == "loop":
        reaudits = [a for a in pack.audited if a.run.baseline_id]
        better = sum(1 for a in reaudits if a.better)
        return (
            f"Who checks: {words(len(pack.closed_with_evidence), 'action')} closed only with evidence of impact; "
            f"{words(len(pack.reported_back), 'action')} that found out why, investigated and reported back; "
            f"{words(len(reaudits), 're-audit')} done, {better} better than "
            f"{'the audit before it' if better == 1 else 'the audits before them'} by more than chance."
        )
    if statement.heard_figures == "staff_feedback":
        staff = held.feedback_by_giver.get(GiverType.STAFF.label, 0)
        return f"Who listens: {words(staff, 'piece')} of feedback given by members of staff."
    if statement.heard_figures == "challenges":
        return f"Who checks: {words(len(held.challenges), 'challenge')} raised by leaders, and their outcomes."
    return statement.heard_records
