"""Who took part: the meetings of the quarter and the co-production ledger's activities."""

from __future__ import annotations

import datetime as dt

from feedback.redaction import redact
from governance.models import Rung
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.document import Section, Table
from reports.loop_sections import words


def took_part_section(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None, period: str) -> Section:
    meetings = oversight.meetings_in(scope=scope, first=first, last=last, service=service, personal=True)
    present = sum(m.present for m in meetings)
    lived = sum(m.lived_experience for m in meetings)
    supported = sum(m.supported for m in meetings)
    forums = [m for m in meetings if m.meeting_type == "coproduction_forum"]
    with_lived = sum(1 for m in meetings if m.lived_experience)
    paragraphs = [
        f"{words(len(meetings), 'meeting')} in {period}, {len(forums)} of them co-production forums. "
        f"{with_lived} of them included people who use services, family carers or advocates, who took "
        f"{lived} of the {words(present, 'place')} at the table; {supported} people were supported to take part."
    ]
    table = Table(
        caption=f"Meetings in {period} and who took part",
        header=[
            "Held",
            "Meeting",
            "Service",
            "Present",
            "People who use services, carers or advocates",
            "Supported to take part",
            "How they were supported",
            "Apologies",
            "Decisions",
        ],
        rows=[
            [
                m.held_on,
                m.meeting_type_label,
                m.service,
                m.present,
                m.lived_experience,
                m.supported,
                "; ".join(sorted({redact(s).text for s in m.support if s})),
                m.apologies,
                m.decisions,
            ]
            for m in meetings
        ],
        sheet="Who took part",
        note="Present counts each person once per meeting. People who use services, family carers and advocates "
        "are counted by the role they took part in.",
    )
    activities = oversight.activities_in(scope=scope, first=first, last=last, service=service, personal=True)
    return Section(
        key="took-part",
        heading="Who took part",
        paragraphs=(*paragraphs, activities_paragraph(activities, period)),
        tables=(table, activities_table(activities, period)),
    )


def activities_paragraph(activities: list[oversight.ActivityFact], period: str) -> str:
    """How much co-production the ledger holds for the period, and how far up the ladder it reached."""
    if not activities:
        return f"No co-production activities were recorded in the ledger in {period}."
    high = sum(1 for a in activities if a.rung_step >= Rung.values.index(Rung.CO_DESIGN) + 1)
    shaped = sum(1 for a in activities if a.influenced)
    return (
        f"The co-production ledger records {words(len(activities), 'activity', 'activities')} in {period}, "
        f"with {words(sum(a.people for a in activities), 'place')} taken by the people involved. "
        f"{high} reached co-design or co-production, the top two rungs of the ladder; "
        f"{shaped} influenced a decision or a change, counting the quality priorities chosen at planning "
        "sessions and the audits designed at them."
    )


def activities_table(activities: list[oversight.ActivityFact], period: str) -> Table:
    return Table(
        caption=f"Co-production activities in {period}",
        header=[
            "Held",
            "Activity",
            "Kind",
            "Service",
            "Rung (of 7)",
            "Took part",
            "Co-production partners",
            "How people were recognised",
            "Influence",
        ],
        rows=[
            [
                a.held_on,
                redact(a.title).text,
                a.kind,
                a.service,
                f"{a.rung} ({a.rung_step})",
                a.people,
                a.partners,
                a.recognition,
                a.influenced,
            ]
            for a in activities
        ],
        sheet="Co-production ledger",
        note="Rungs of the ladder of co-production, lowest first: coercion, educating, informing, consultation, "
        "engagement, co-design, co-production. Took part counts people in Heard and others the ledger counts. "
        + oversight.INFLUENCE_COUNTED,
    )
