"""The pack's sections on listening and safety: feedback received, the Friends and Family Test,
urgent flags (counts only), and incidents and audits."""

from __future__ import annotations

import datetime as dt
import statistics

from audits.selectors import completed_between
from core.words import words
from evidence.models import Harm
from evidence.selectors import incident_counts
from feedback.models import Rating
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight, selectors
from reports.audit_cells import HEADER, audit_cells
from reports.charts import bar_chart
from reports.document import Figure, Section, Table
from reports.monthly._common import CHART_MONTHS, MIN_CHART_MONTHS
from reports.monthly.loop import action_chart_notes
from reports.periods import period_end
from reports.spc import add_months
from reports.trend_figures import fft_figure


def feedback_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    counts = selectors.feedback_counts(scope=scope, month=month, service=service)
    before = selectors.feedback_total(scope=scope, month=add_months(month, -1), service=service)
    total = sum(counts.values())
    services = sorted({s for s, _ in counts})
    channels = sorted({c for _, c in counts})
    rows = [
        [name, *(counts.get((name, c), 0) for c in channels), sum(counts.get((name, c), 0) for c in channels)]
        for name in services
    ]
    if rows:
        rows.append(["All", *(sum(counts.get((s, c), 0) for s in services) for c in channels), total])
    table = Table(
        caption=f"Feedback received in {month:%B %Y}, by service and channel",
        header=["Service", *channels, "Total"],
        rows=rows,
        sheet="Feedback received",
    )
    paragraphs = [
        f"{words(total, 'piece')} of feedback received in {month:%B %Y}; {before} in {add_months(month, -1):%B %Y}."
    ]
    figures = ()
    if len(services) > 1:
        by_service = [(name, sum(counts.get((name, c), 0) for c in channels)) for name in services]
        chart = bar_chart(
            by_service, title=f"Feedback received in {month:%B %Y}, by service", measure="Pieces of feedback"
        )
        figures = (Figure(chart=chart, table=table),)
        return Section(key="feedback", heading="Feedback received", paragraphs=tuple(paragraphs), figures=figures)
    return Section(key="feedback", heading="Feedback received", paragraphs=tuple(paragraphs), tables=(table,))


def fft_section(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> Section:
    first = oversight.chart_first_month(
        scope=scope, last=month, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
    by_month = selectors.fft_by_month(scope=scope, first=first, last=month, service=service)
    notes = action_chart_notes(scope=scope, first=first, last=month, service=service, now=now)
    chart, figure = fft_figure(
        by_month, first=first, last=month, annotations=notes.shown, notes_left_out=notes.left_out, now=now
    )
    this = by_month.get(month)
    # A month under way is its days so far, as its chart marks it (ADR 0010).
    ends = period_end(month, now)
    under_way = ends.under_way
    when = f"{month:%B %Y} so far (the month is not over: to {ends.last_day:%-d %B})"
    if this is None:
        paragraphs = [
            f"Nobody has answered the Friends and Family Test question in {when}."
            if under_way
            else f"Nobody answered the Friends and Family Test question in {month:%B %Y}."
        ]
    else:
        paragraphs = [
            f"In {when if under_way else f'{month:%B %Y}'}, {this.positive} of {words(this.responses, 'answer')} "
            f"were very good or good: {this.percent_positive:.1f}% positive."
        ]
    if chart.variation is not None:
        paragraphs.append(chart.variation.label + ".")
    elif chart.limits is None:
        paragraphs.append("Too few months have answers to draw process limits.")
    ratings = selectors.fft_ratings(scope=scope, month=month, service=service)
    breakdown = Table(
        caption=f"Friends and Family Test answers in {month:%B %Y}",
        header=["Answer", "Answers"],
        rows=[[Rating(r).label, n] for r, n in ratings.items()],
        sheet="FFT answers",
    )
    return Section(
        key="fft",
        heading="Friends and Family Test",
        paragraphs=tuple(paragraphs),
        figures=(figure,),
        tables=(breakdown,) if notes.table is None else (breakdown, notes.table),
    )


def urgent_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    counts = selectors.urgent_counts(scope=scope, month=month, service=service)
    raised = sum(c.raised for c in counts.values())
    closed = sum(c.closed for c in counts.values())
    still_open = sum(c.open_at_end for c in counts.values())
    days = [d for c in counts.values() for d in c.days_to_close]
    paragraphs = [
        f"{words(raised, 'comment')} flagged as urgent in {month:%B %Y}; "
        f"{words(closed, 'flag')} closed with a record of what was done; "
        f"{still_open} still open at the end of the month."
    ]
    if days:
        paragraphs.append(f"Flags closed this month took a median of {statistics.median(days):.1f} days to close.")
    rows = [
        [
            name,
            c.raised,
            c.closed,
            c.open_at_end,
            c.actions,
            round(statistics.median(c.days_to_close), 1) if c.days_to_close else None,
        ]
        for name, c in counts.items()
        # A service with no flag raised, closed, open or acted on this month has nothing to show.
        if c.raised or c.closed or c.open_at_end or c.actions
    ]
    by_service = Table(
        caption=f"Urgent flags in {month:%B %Y}, by service",
        header=["Service", "Raised", "Closed", "Open at month end", "Actions recorded", "Median days to close"],
        rows=rows,
        sheet="Urgent flags",
        note=(
            "Only services with a flag raised, closed, open or acted on this month are listed: the others had "
            "none. Counts only: the comments and what was written about them stay with the safeguarding lead."
        ),
    )
    categories = selectors.urgent_categories(scope=scope, month=month, service=service)
    by_category = Table(
        caption=f"Urgent flags raised in {month:%B %Y}, by kind of concern",
        header=["Kind of concern", "Flags"],
        rows=[
            [name.replace("_", " ").capitalize(), n]
            for name, n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        sheet="Urgent flags by concern",
        note="A flag can show more than one kind of concern.",
    )
    return Section(key="urgent", heading="Urgent flags", paragraphs=tuple(paragraphs), tables=(by_service, by_category))


def incidents_and_audits_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    """Incidents by service and harm, and audits completed, in the month: counts only."""
    last = add_months(month, 1) - dt.timedelta(days=1)
    service_id = service.id if service else None
    incidents = incident_counts(scope=scope, first=month, last=last, service_id=service_id)
    harms = [h for h, _ in Harm.choices]
    total = sum(sum(by_harm.values()) for by_harm in incidents.values())
    serious = sum(by_harm.get(h, 0) for by_harm in incidents.values() for h in ("moderate", "severe", "death"))
    audited = completed_between(scope=scope, since=month, until=last, service_id=service_id)
    paragraphs = (
        f"{words(total, 'incident')} in {month:%B %Y}, {serious} of them causing moderate harm or worse; "
        f"{words(len(audited), 'audit')} completed.",
    )
    by_harm = Table(
        caption=f"Incidents in {month:%B %Y}, by service and harm",
        header=["Service", *[label for _, label in Harm.choices], "All"],
        rows=[[name, *[counts.get(h, 0) for h in harms], sum(counts.values())] for name, counts in incidents.items()],
        sheet="Incidents",
        note="Counts only, from the incidents recorded or imported as evidence.",
    )
    audits = Table(
        caption=f"Audits completed in {month:%B %Y}",
        header=["Audit", "Service", *HEADER],
        rows=[
            [
                a.run.version.template.title,
                a.run.service.name,
                *audit_cells(a),
            ]
            for a in audited
        ],
        sheet="Audits",
    )
    return Section(key="incidents", heading="Incidents and audits", paragraphs=paragraphs, tables=(by_harm, audits))
