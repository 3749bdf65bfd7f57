"""Who listens: feedback by channel and by who gave it, people who use services at meetings, and the
co-production ledger."""

from __future__ import annotations

from core.words import words
from governance.models import Rung
from reports.charts import bar_chart
from reports.cqc.context import PackContext
from reports.document import Figure, Section, Table
from reports.evidence import Holdings
from reports.oversight import INFLUENCE_COUNTED


def listens_section(pack: PackContext) -> Section:
    held = pack.held
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
        header=["Rung", "Activities", "That influenced a decision or change"],
        rows=[[rung, n, shaped] for rung, (n, shaped) in held.coproduction_by_rung.items()],
        sheet="Co-production ledger",
        note="Highest rung first. The rungs, lowest first: coercion, educating, informing, consultation, "
        "engagement, co-design, co-production. " + INFLUENCE_COUNTED,
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
        _at_meetings(held),
        ledger_words(held),
    )
    return Section(
        key="listens",
        heading="Who listens",
        paragraphs=paragraphs,
        figures=figures,
        tables=(() if figures else (channels,)) + (givers, meetings, ledger),
    )


def ledger_words(held: Holdings) -> str:
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
        f"{shaped} influenced a decision or change, counting the quality priorities chosen at planning "
        "sessions and the audits designed at them."
    )


def _at_meetings(held) -> str:
    """Places at meetings taken by people with lived experience: times, different people, and support."""
    if not held.lived_experience_places:
        return "No person who uses services, family carer or advocate came to a meeting."
    times = "once" if held.lived_experience_places == 1 else f"{held.lived_experience_places} times"
    people = "1 person" if held.lived_experience_people == 1 else f"{held.lived_experience_people} different people"
    return (
        f"People who use services, families and advocates came to meetings {times} ({people}), and were "
        f"supported to take part on {held.supported_places} of those occasions."
    )
