"""Who checks: actions closed with evidence of impact by someone other than the lead, leaders'
challenges, and audits with what re-audits found."""

from __future__ import annotations

from django.utils import timezone

from audits.selectors import RunSummary
from core.words import words
from reports.audit_cells import HEADER, audit_cells
from reports.cqc.context import PackContext
from reports.document import Link, Section, Table
from reports.evidence import ActionRow


def checks_section(pack: PackContext) -> Section:
    held = pack.held
    checked = pack.closed_with_evidence
    audited = pack.audited
    return Section(
        key="checks",
        heading="Who checks",
        paragraphs=(
            f"{len(checked)} actions closed with evidence of impact; {words(len(pack.reported_back), 'action')} "
            "that only found out why and reported back (not a change, so not counted as impact); "
            f"{len(held.challenges)} challenges raised by leaders; {words(len(audited), 'audit')} completed.",
        ),
        tables=(
            _verifications_table(pack, checked),
            _challenges_table(pack),
            _audits_table(pack, audited),
            _reported_back_table(pack),
        ),
    )


def _verifications_table(pack: PackContext, checked: list[ActionRow]) -> Table:
    return Table(
        caption="Actions closed with evidence of impact, checked by someone other than the lead",
        header=["Action", "Lead", "Checked by", "Checked on", "Evidence of impact", "Where the evidence is"],
        rows=[
            [
                pack.link(pack.words(a.title), "governance:action", a.id),
                pack.person(a.lead_id),
                pack.checker(a.checked_by_id, a.lead_id),
                a.checked_on,
                pack.words(a.impact_note),
                (Link(a.impact_link, a.impact_link) if a.impact_link else "")
                if pack.staff
                else "Held by the organisation",
            ]
            for a in checked
        ],
        sheet="Checked with evidence",
    )


def _reported_back_table(pack: PackContext) -> Table:
    return Table(
        caption="Actions that found out why, investigated and reported back: not a change, so not evidence of impact",
        header=["Action", "Lead", "Checked by", "Checked on", "What was found"],
        rows=[
            [
                pack.link(pack.words(a.title), "governance:action", a.id),
                pack.person(a.lead_id),
                pack.checker(a.checked_by_id, a.lead_id),
                a.checked_on,
                pack.words(a.impact_note),
            ]
            for a in pack.reported_back
        ],
        sheet="Investigated",
    )


def _challenges_table(pack: PackContext) -> Table:
    return Table(
        caption="Leaders' challenges and what became of them",
        header=["Raised on", "About", "Question", "Raised by", "Asked of", "Status"],
        rows=[
            [
                c.raised_on,
                pack.link(pack.words(c.about), "governance:challenge", c.id),
                pack.words(c.question),
                pack.person(c.raised_by_id),
                pack.person(c.addressed_to_id),
                c.status,
            ]
            for c in pack.held.challenges
        ],
        sheet="Challenges",
    )


def _audits_table(pack: PackContext, audited: list[RunSummary]) -> Table:
    return Table(
        caption="Audits completed, and what re-audits showed against the audit before them",
        header=[
            "Completed",
            "Audit",
            "Service",
            *HEADER,
        ],
        rows=[
            [
                timezone.localtime(a.run.completed_at).date(),
                pack.link(a.run.version.template.title, "audits:run", a.run.id),
                a.run.service.name,
                *audit_cells(a),
            ]
            for a in audited
        ],
        sheet="Audits",
        note="A change is more than chance when Fisher's exact test on the yes and no answers gives p below 0.05.",
    )
