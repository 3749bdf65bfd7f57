"""The quarterly co-production summary for leadership, for one service or every service in scope.

Top themes with their SPC signals (a theme's rate is the share of feedback that carries it, per
month), the actions taken, the risks still unresolved (overdue actions, open challenges, stalled
loops), people's own words (only from feedback whose giver agreed to be quoted, with personal
details removed, and named only when they agreed to be), and who took part in the quarter's
meetings: people who use services, family carers and advocates, and how they were supported.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from core import clock
from feedback.quotes import Quote, quote_list
from feedback.redaction import redact
from governance.loops import loop_tracker
from governance.models import Rung
from organisations.models import Service
from organisations.scope import Scope
from priorities.selectors import progress_for_report
from reports import loop_sections as loop_parts
from reports import oversight
from reports.charts import bar_chart
from reports.document import Figure, Report, Section, Table
from reports.loop_sections import in_period, words
from reports.monthly import period_end, theme_rate_figure
from reports.rules import Perm, require
from reports.spc import add_months, monthly_points, months, xmr

TITLE = "Quarterly co-production summary"
TOP_THEMES = 5
QUOTES = 8
QUOTE_THEMES = 4  # quotes are sought for this many of the quarter's top themes
QUOTES_PER_THEME = 2
QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


def parse_quarter(text: str) -> dt.date:
    """'2026-Q3' -> 1 July 2026, the quarter's first month; anything else is refused with what was given."""
    found = QUARTER.fullmatch((text or "").strip())
    if not found:
        raise ValueError(f"Give the quarter as year-Q and its number, for example 2026-Q3, not {text!r}.")
    return dt.date(int(found[1]), 3 * int(found[2]) - 2, 1)


def quarter_key(first: dt.date) -> str:
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"


def quarter_words(first: dt.date) -> str:
    """'July to September 2026'."""
    first = quarter_start(first)
    return f"{first:%B} to {add_months(first, 2):%B %Y}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarterly_summary(
    *, scope: Scope, quarter: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    scope = require(scope, Perm.VIEW_QUARTERLY_SUMMARY)
    first = quarter_start(quarter)
    last = add_months(first, 2)
    now = now or clock.now()
    period = quarter_words(first)
    end, end_day, as_of = period_end(last, now)
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    chart_first = oversight.chart_first_month(scope=scope, last=last, service=service)
    rates = oversight.theme_rates(scope=scope, first=chart_first, last=last, service=service)
    quote_themes = [(c, rates.names.get(c, c)) for c in top_themes(rates, months(first, last), QUOTE_THEMES)]
    return Report(
        kind="quarterly",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=oversight_coverage(scope=scope, service=service),
        period=f"{period} ({quarter_key(first)})",
        generated_at=timezone.localtime(now),
        sections=(
            themes_section(rates, first=first, last=last, chart_first=chart_first, actions=actions, period=period),
            actions_taken_section(actions, first=first, end_day=end_day, period=period),
            priorities_section(scope=scope, first=first, end_day=end_day, service=service, period=period),
            risks_section(scope=scope, service=service, actions=actions, end=end, end_day=end_day, as_of=as_of),
            quotes_section(
                scope=scope,
                first=first,
                last=last,
                service=service,
                period=period,
                themes=quote_themes,
            ),
            took_part_section(scope=scope, first=first, last=last, service=service, period=period),
        ),
    )


def oversight_coverage(*, scope: Scope, service: Service | None) -> str:
    if service is not None:
        return service.name
    if scope.all_services:
        return "All services"
    names = [s.name for s in oversight.services_in_scope(scope=scope)]
    return ", ".join(names) if names else "No services"


# --- themes ------------------------------------------------------------------------------------


def top_themes(rates: oversight.ThemeRates, quarter: list[dt.date], n: int) -> list[str]:
    return sorted(
        (c for c in rates.counts if rates.total(c, quarter)),
        key=lambda c: (-rates.total(c, quarter), rates.names.get(c, c)),
    )[:n]


def share(rates: oversight.ThemeRates, code: str, quarter: list[dt.date]) -> float | None:
    total = sum(rates.with_words.get(m, 0) for m in quarter)
    return None if not total else round(100 * rates.total(code, quarter) / total, 1)


def themes_table(rates: oversight.ThemeRates, codes: list[str], *, first: dt.date, period: str, sheet: str) -> Table:
    quarter = months(first, add_months(first, 2))
    before = months(add_months(first, -3), add_months(first, -1))
    rows = []
    for code in codes:
        chart = xmr(monthly_points(rates.rates(code), rates.first, rates.last))
        in_quarter = [p for p in chart.points if p.date in quarter and p.rules]
        rows.append(
            [
                rates.names.get(code, code),
                rates.total(code, quarter),
                share(rates, code, quarter),
                share(rates, code, before),
                chart.variation.label if chart.variation else "Too few months to tell",
                "; ".join(
                    sorted(
                        {f"{p.date:%b %Y}: " + ", ".join(sorted(r.description for r in p.rules)) for p in in_quarter}
                    )
                )
                or "None",
            ]
        )
    return Table(
        caption=f"Top themes in {period}",
        header=[
            "Theme",
            "Feedback with the theme",
            "% of feedback",
            "% in the quarter before",
            "Variation",
            "Special cause this quarter",
        ],
        rows=rows,
        sheet=sheet,
        note="A theme's rate is the share of feedback with comments that carries it, in the current codings "
        "of the organisation's primary framework. Variation compares each month with the theme's own history.",
    )


def themes_section(
    rates: oversight.ThemeRates,
    *,
    first: dt.date,
    last: dt.date,
    chart_first: dt.date,
    actions: list[oversight.ActionFact],
    period: str,
) -> Section:
    quarter = months(first, last)
    codes = top_themes(rates, quarter, TOP_THEMES)
    with_words = sum(rates.with_words.get(m, 0) for m in quarter)
    figures = [
        theme_rate_figure(
            rates,
            code,
            first=chart_first,
            last=last,
            annotations=[
                n
                for n in loop_parts.action_notes(actions, theme_code=code)
                if chart_first <= n.date < add_months(last, 1)
            ],
        )
        for code in codes
    ]
    paragraphs = [
        f"{words(with_words, 'piece')} of feedback with comments in {period}."
        + (
            f" The {len(codes)} themes raised most are below, each with its chart."
            if codes
            else " None has a theme yet."
        )
    ]
    return Section(
        key="themes",
        heading="Top themes",
        paragraphs=tuple(paragraphs),
        tables=(themes_table(rates, codes, first=first, period=period, sheet="Top themes"),),
        figures=tuple(figures),
    )


# --- actions taken and unresolved risks --------------------------------------------------------


def actions_taken_section(
    actions: list[oversight.ActionFact], *, first: dt.date, end_day: dt.date, period: str
) -> Section:
    opened = [a for a in actions if in_period(a.opened_on, first, end_day)]
    done = [a for a in actions if in_period(a.done_on, first, end_day)]
    closed = [a for a in actions if in_period(a.closed_on, first, end_day)]
    paragraphs = [
        f"{words(len(opened), 'action')} opened in {period}; {len(done)} done and {len(closed)} closed by someone "
        "other than the lead with evidence of impact."
    ]
    table = Table(
        caption=f"Actions done or closed in {period}",
        header=["Action", "Service", "Lead", "Done", "Checked by", "Closed", "Evidence of impact"],
        rows=[
            [a.title, a.service, a.lead, a.done_on, a.checked_by, a.closed_on, a.impact_note]
            for a in sorted({a.id: a for a in done + closed}.values(), key=lambda a: (a.done_on or a.closed_on, a.id))
        ],
        sheet="Actions taken",
    )
    figures = ()
    if opened or done or closed:
        chart = bar_chart(
            [("Opened", len(opened)), ("Done", len(done)), ("Closed with evidence", len(closed))],
            title=f"Actions in {period}",
            measure="Actions",
        )
        counts = Table(
            caption=f"Actions in {period}, in numbers",
            header=["Actions", "Number"],
            rows=[["Opened", len(opened)], ["Done", len(done)], ["Closed with evidence", len(closed)]],
            sheet="Actions in numbers",
        )
        figures = (Figure(chart=chart, table=counts),)
    return Section(
        key="actions", heading="Actions taken", paragraphs=tuple(paragraphs), figures=figures, tables=(table,)
    )


def priorities_section(
    *, scope: Scope, first: dt.date, end_day: dt.date, service: Service | None, period: str
) -> Section:
    """The co-produced priorities: each objective's measure at the quarter's end against its target."""
    rows = progress_for_report(scope=scope, first=first, until=end_day, service_id=service.id if service else None)
    priorities = {(r.priority, r.service): r.reviewed for r in rows}
    if not rows:
        paragraph = f"No co-produced quality priorities with objectives cover {period}."
    else:
        met = sum(1 for r in rows if r.met)
        paragraph = (
            f"{words(len(priorities), 'quality priority', 'quality priorities')} chosen with people who use services, "
            f"with {words(len(rows), 'objective')}: {met} met {'its' if met == 1 else 'their'} target at the end of "
            f"{period}. {sum(priorities.values())} of the {words(len(priorities), 'priority', 'priorities')} "
            f"{'was' if sum(priorities.values()) == 1 else 'were'} reviewed with people who use services in the quarter."
        )

    def figure(value: float | None, percentage: bool):
        return None if value is None else (round(value, 1) if percentage else round(value))

    table = Table(
        caption=f"Quality priorities and their objectives at the end of {period}",
        header=[
            "Priority",
            "Service",
            "Objective",
            "Lead",
            "Baseline",
            "At the end",
            "Target",
            "By",
            "Target met",
            "Reviewed in the quarter",
        ],
        rows=[
            [
                r.priority,
                r.service,
                r.objective,
                r.lead,
                figure(r.baseline, r.percentage),
                figure(r.value, r.percentage),
                figure(r.target, r.percentage),
                r.deadline,
                {True: "Yes", False: "Not yet"}.get(r.met, "Cannot tell yet"),
                "Yes" if r.reviewed else "No",
            ]
            for r in rows
        ],
        sheet="Quality priorities",
        note="Measures are taken over the 91 days up to the day; percentages unless the objective counts "
        "co-production activities. Targets and dates are those in force at the end of the quarter.",
    )
    return Section(key="priorities", heading="Quality priorities", paragraphs=(paragraph,), tables=(table,))


def risks_section(
    *,
    scope: Scope,
    service: Service | None,
    actions: list[oversight.ActionFact],
    end: dt.datetime,
    end_day: dt.date,
    as_of: str,
) -> Section:
    overdue = sorted((a for a in actions if a.overdue_on(end_day)), key=lambda a: (a.due_on, a.id))
    challenges = [
        c for c in oversight.challenges_until(scope=scope, end=end, service=service, personal=True) if c.unresolved
    ]
    loops = [
        lp
        for lp in loop_tracker(scope=scope, today=end_day, service_id=service.id if service else None)
        if lp.is_stalled
    ]
    paragraphs = [
        f"{words(len(overdue), 'action')} overdue, {words(len(challenges), 'leadership challenge')} unresolved "
        f"({sum(1 for c in challenges if c.escalated_on)} escalated) and {words(len(loops), 'loop')} stalled {as_of}."
    ]
    overdue_table = Table(
        caption=f"Actions overdue {as_of}",
        header=["Action", "Service", "Lead", "Due", "Days overdue", "Status", "Challenged"],
        rows=[
            [a.title, a.service, a.lead, a.due_on, (end_day - a.due_on).days, a.status_label, a.challenged]
            for a in overdue
        ],
        sheet="Overdue actions",
    )
    challenge_table = Table(
        caption=f"Leadership challenges unresolved {as_of}",
        header=["Raised", "Service", "About", "Question", "Asked of", "Status"],
        rows=[
            [
                c.raised_on,
                c.service,
                c.subject + (f": {c.theme}" if c.theme else ""),
                c.question,
                c.addressed_to,
                c.status_label,
            ]
            for c in challenges
        ],  # fmt: skip
        sheet="Open challenges",
    )
    loop_table = Table(
        caption=f"Stalled loops {as_of}",
        header=["Theme", "Service", "Loop state", "Why it is stalled"],
        rows=[[lp.name, lp.service_name, lp.state_label, "; ".join(lp.stalls)] for lp in loops],
        sheet="Stalled loops",
        note="Loop states are as they stood on the last day of the period, or today for a period not yet over.",
    )
    return Section(
        key="risks",
        heading="Unresolved risks",
        paragraphs=tuple(paragraphs),
        tables=(overdue_table, challenge_table, loop_table),
    )


# --- people's words and who took part ----------------------------------------------------------


def quotes_section(
    *,
    scope: Scope,
    first: dt.date,
    last: dt.date,
    service: Service | None,
    period: str,
    themes: list[tuple[str, str]] = (),
) -> Section:
    """People's words on the quarter's top themes (``themes``: code and name, most heard first), up
    to ``QUOTES_PER_THEME`` each, then the most recent others up to ``QUOTES`` in all.

    Only from feedback whose giver agreed to be quoted; personal details are removed by the same
    redaction the feedback pages use; a quote is named only when its giver agreed to that too."""
    window = {
        "scope": scope,
        "since": first,
        "until": add_months(last, 1) - dt.timedelta(days=1),
        "service_id": service.id if service else None,
        "attribute": True,
    }
    chosen: list[tuple[Quote, str]] = []
    for code, name in themes:
        if len(chosen) >= QUOTES:
            break
        taken = {q.comment_id for q, _ in chosen}
        found = quote_list(**window, limit=QUOTES_PER_THEME + 2, theme_code=code, exclude_ids=taken)
        chosen += [(q, name) for q in found if q.text.strip()][:QUOTES_PER_THEME]
    taken = {q.comment_id for q, _ in chosen}
    others = quote_list(**window, limit=QUOTES + len(taken), exclude_ids=taken)
    chosen += [(q, "") for q in others if q.text.strip()][: max(0, QUOTES - len(chosen))]
    table = Table(
        caption=f"In people's own words, {period}",
        header=["Quote", "Service", "Received", "Named", "Theme"],
        rows=[
            [f"“{q.text.strip()}”", q.service, q.received_on, q.attribution or "Not named", theme or "Most recent"]
            for q, theme in chosen
        ],
        sheet="Quotes",
        note="Quoted only with the consent of the person who gave the feedback. Names, phone numbers, NHS numbers, "
        "addresses and email addresses are removed. A quote is named only when its giver agreed to be named.",
    )
    on_themes = sum(1 for _, theme in chosen if theme)
    if not chosen:
        paragraphs = (f"Nobody who agreed to be quoted gave feedback with comments in {period}.",)
    else:
        paragraphs = (
            f"{words(len(chosen), 'quote')} from people who agreed to be quoted"
            + (
                f": {on_themes} on the quarter's top themes, the rest the most recent."
                if on_themes
                else ", the most recent."
            ),
        )
    return Section(key="quotes", heading="In people's own words", paragraphs=paragraphs, tables=(table,))


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
        f"{shaped} {'has' if shaped == 1 else 'have'} a recorded influence on a decision or a change."
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
            "Influences recorded",
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
        "engagement, co-design, co-production. Took part counts people in Heard and others the ledger counts.",
    )
