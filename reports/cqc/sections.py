"""The pack's sections: the quality statements, the evidence categories, and who listens, decides,
acts and checks, each written for its audience."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from audits.selectors import completed_between
from evidence.models import KIND_CATEGORY, EvidenceKind
from feedback.redaction import redact
from governance.models import ActionStatus, Rung
from organisations.scope import Scope
from reports.charts import bar_chart
from reports.cqc.records import CATEGORY_RECORDS, STATEMENT_RECORDS, WELL_LED, Audience
from reports.document import Figure, Link, Section, Table
from reports.evidence import Holdings, feedback_with_themes
from reports.loop_sections import came_of, words
from themes.taxonomies import DEFAULT_TAXONOMY, taxonomies


def _ledger_words(held: Holdings) -> str:
    activities = sum(n for n, _ in held.coproduction_by_rung.values())
    if not activities:
        return "No co-production activities are recorded in the ledger for the period."
    top = sum(
        n
        for rung, (n, _) in held.coproduction_by_rung.items()
        if rung in (Rung.CO_DESIGN.label, Rung.CO_PRODUCTION.label)
    )
    shaped = sum(s for _, s in held.coproduction_by_rung.values())
    return (
        f"The co-production ledger holds {words(activities, 'activity', 'activities')} with "
        f"{words(held.coproduction_places, 'place')} taken; {top} reached co-design or co-production and "
        f"{shaped} {'has' if shaped == 1 else 'have'} a recorded influence on a decision or change."
    )


class _Pack:
    def __init__(self, *, scope: Scope, held: Holdings, audience: Audience, today: dt.date, service):
        self.scope, self.held, self.audience, self.today, self.service = scope, held, audience, today, service
        self.taxonomy = taxonomies()[DEFAULT_TAXONOMY]
        self.staff = audience == Audience.STAFF

    # --- how people and words appear to each audience -----------------------------------------

    def person(self, person_id: int | None) -> str:
        if person_id is None:
            return ""
        if self.staff:
            return self.held.names.get(person_id, self.held.roles.get(person_id, ""))
        return self.held.roles.get(person_id, "Member of staff")

    def words(self, text: str) -> str:
        return text if self.staff else redact(text).text

    def link(self, text: str, url_name: str, *args) -> str:
        return Link(text, reverse(url_name, args=args)) if self.staff else text

    def theme_names(self, codes) -> str:
        return ", ".join(self.held.themes[c].name if c in self.held.themes else c for c in codes)

    # --- the loop for a set of themes ------------------------------------------------------------

    def loop_row(self, codes: frozenset[str]) -> list:
        decisions = [d for d in self.held.decisions if codes & set(d.themes)]
        actions = [a for a in self.held.actions if codes & set(a.themes)]
        closed = [a for a in actions if a.status == ActionStatus.CLOSED]
        action_ids = {a.id for a in actions}
        challenges = [c for c in self.held.challenges if c.action_id in action_ids or c.theme in codes]
        heard = feedback_with_themes(
            scope=self.scope, codes=codes, first=self.held.first, last=self.held.last, service=self.service
        )
        return [heard, len(decisions), len(actions), len(closed), len(challenges)]

    def _mapped(self, key: str, ident: str) -> frozenset[str]:
        return frozenset(c for c, t in self.held.themes.items() if ident in (t.mappings or {}).get(key, []))

    def statements_section(self) -> Section:
        question = next(q for q in self.taxonomy.key_questions if q.id == WELL_LED)
        rows = []
        for statement in question.statements:
            codes = self._mapped("quality_statements", statement.id)
            rows.append(
                [
                    statement.name,
                    self.theme_names(sorted(codes)) or "None",
                    *self.loop_row(codes),
                    STATEMENT_RECORDS.get(statement.id, ""),
                ]
            )
        table = Table(
            caption="Well-led quality statements: what Heard holds for each",
            header=[
                "Quality statement",
                "Themes mapped to it",
                "Feedback heard",
                "Decisions citing them",
                "Actions",
                "Closed with evidence",
                "Challenges",
                "Heard's own records",
            ],
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

    def evidence_records(self, category_id: str) -> str:
        """The incidents, staff and partner feedback and measures held that belong to the category."""
        held = self.held.evidence
        if held is None:
            return ""
        said = []
        for kind in (EvidenceKind.STAFF_FEEDBACK, EvidenceKind.PARTNER_FEEDBACK):
            if KIND_CATEGORY[kind] == category_id:
                said.append(f"{words(held.records.get(kind, 0), 'record')} of {kind.label.lower()}")
        if KIND_CATEGORY[EvidenceKind.INCIDENT] == category_id:
            incidents = held.records.get(EvidenceKind.INCIDENT, 0)
            said.append(f"{words(incidents, 'incident')}, {held.serious_incidents} of moderate harm or worse")
        if category_id in ("processes", "outcomes"):
            said.append(f"{words(held.measures.get(category_id, 0), 'performance measure')} with figures")
        return "; ".join(said)

    def categories_section(self) -> Section:
        rows = []
        for category in self.taxonomy.evidence_categories:
            codes = self._mapped("evidence_categories", category.id)
            rows.append(
                [
                    category.name,
                    len(codes),
                    *self.loop_row(codes),
                    self.evidence_records(category.id),
                    CATEGORY_RECORDS.get(category.id, ""),
                ]
            )
        table = Table(
            caption="CQC's six evidence categories: what Heard holds for each",
            header=[
                "Evidence category",
                "Themes mapped to it",
                "Feedback heard",
                "Decisions citing them",
                "Actions",
                "Closed with evidence",
                "Challenges",
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

    def listens_section(self) -> Section:
        held = self.held
        channels = Table(
            caption="Feedback received, by channel",
            header=["Channel", "Pieces of feedback"],
            rows=[[name, n] for name, n in held.feedback_by_channel.items()],
            sheet="Feedback by channel",
        )
        givers = Table(
            caption="Feedback received, by who gave it",
            header=["Who gave it", "Pieces of feedback"],
            rows=[[name, n] for name, n in held.feedback_by_giver.items()],
            sheet="Feedback by who gave it",
        )
        meetings = Table(
            caption="Meetings with people who use services, families or advocates taking part",
            header=["Kind of meeting", "Meetings held", "With people who use services or families"],
            rows=[[k, n, held.meetings_with_lived_experience.get(k, 0)] for k, n in held.meetings_by_type.items()],
            sheet="Co-production in meetings",
        )
        ledger = Table(
            caption="Co-production activities, by rung of the ladder of co-production",
            header=["Rung", "Activities", "With a recorded influence on a decision or change"],
            rows=[[rung, n, shaped] for rung, (n, shaped) in held.coproduction_by_rung.items()],
            sheet="Co-production ledger",
            note="Highest rung first. The rungs, lowest first: coercion, educating, informing, consultation, "
            "engagement, co-design, co-production.",
        )
        figures = ()
        if held.feedback_by_channel:
            chart = bar_chart(
                list(held.feedback_by_channel.items()),
                title="Feedback received, by channel",
                measure="Pieces of feedback",
                ident="cqc-channels",
            )
            figures = (Figure(chart=chart, table=channels),)
        paragraphs = (
            f"{held.feedback_total} pieces of feedback received through {len(held.feedback_by_channel)} channels.",
            f"People who use services, families and advocates took {held.lived_experience_places} places at "
            f"meetings; {held.supported_places} of them were supported to take part.",
            _ledger_words(held),
        )
        return Section(
            key="listens",
            heading="Who listens",
            paragraphs=paragraphs,
            figures=figures,
            tables=(() if figures else (channels,)) + (givers, meetings, ledger),
        )

    def decides_section(self) -> Section:
        held = self.held
        citing = sum(1 for d in held.decisions if d.evidence)
        rows = [
            [
                d.held_on,
                self.link(d.meeting_type, "governance:meeting", d.meeting_id),
                d.service,
                self.link(self.words(d.text), "governance:decision", d.id),
                self.theme_names(d.themes) or "None",
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

    def acts_section(self) -> Section:
        held = self.held
        labels = dict(ActionStatus.choices)
        overdue = [a for a in held.actions if a.overdue(self.today)]
        rows = [
            [
                self.link(self.words(a.title), "governance:action", a.id),
                a.service,
                self.person(a.lead_id),
                labels[a.status],
                a.due_on,
                a.overdue(self.today),
                self.theme_names(a.themes) or "None",
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

    def checks_section(self) -> Section:
        held = self.held
        checked = [a for a in held.actions if a.status == ActionStatus.CLOSED]
        verifications = Table(
            caption="Actions closed with evidence of impact, checked by someone other than the lead",
            header=["Action", "Lead", "Checked by", "Checked on", "Evidence of impact", "Where the evidence is"],
            rows=[
                [
                    self.link(self.words(a.title), "governance:action", a.id),
                    self.person(a.lead_id),
                    self.person(a.checked_by_id),
                    a.checked_on,
                    self.words(a.impact_note),
                    a.impact_link if self.staff else "Held by the organisation",
                ]
                for a in checked
            ],
            sheet="Checked with evidence",
        )
        challenges = Table(
            caption="Leaders' challenges and what became of them",
            header=["Raised on", "About", "Question", "Raised by", "Asked of", "Status"],
            rows=[
                [
                    c.raised_on,
                    self.link(self.words(c.about), "governance:challenge", c.id),
                    self.words(c.question),
                    self.person(c.raised_by_id),
                    self.person(c.addressed_to_id),
                    c.status,
                ]
                for c in held.challenges
            ],
            sheet="Challenges",
        )
        audited = completed_between(
            scope=self.scope, since=held.first, until=held.last, service_id=self.service.id if self.service else None
        )
        audits = Table(
            caption="Audits completed, and what re-audits showed against their baseline",
            header=[
                "Completed",
                "Audit",
                "Service",
                "Cases",
                "Findings",
                "Re-audit: better by more than noise",
                "Re-audit: worse by more than noise",
            ],
            rows=[
                [
                    timezone.localtime(a.run.completed_at).date(),
                    self.link(a.run.version.template.title, "audits:run", a.run.id),
                    a.run.service.name,
                    a.cases,
                    a.findings,
                    a.better if a.run.baseline_id else "Not a re-audit",
                    a.worse if a.run.baseline_id else "Not a re-audit",
                ]
                for a in audited
            ],
            sheet="Audits",
            note="A change is more than noise when Fisher's exact test on the yes and no answers gives p below 0.05.",
        )
        return Section(
            key="checks",
            heading="Who checks",
            paragraphs=(
                f"{len(checked)} actions closed with evidence of impact; {len(held.challenges)} challenges raised "
                f"by leaders; {words(len(audited), 'audit')} completed.",
            ),
            tables=(verifications, challenges, audits),
        )
