"""The monthly quality and safety pack, for one service or every service in the acting scope.

From listening: feedback received, Friends and Family Test scores with their XmR chart, urgent flags
and what was done about them (counts only), and the top themes with the charts of the three most
common. From the governance loop: decisions made in the month with the evidence they cite, actions
opened, closed and overdue (with an XmR chart of actions opened each month), leadership challenges
still open or escalated, and stalled loops. Actions taken are marked on the FFT and theme charts.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.utils import timezone

from audits.selectors import completed_between
from core import clock
from evidence.models import Harm
from evidence.selectors import incident_counts
from feedback.models import Rating
from governance.loops import loop_tracker
from organisations.models import Service
from organisations.scope import Scope
from reports import loop_sections as loop_parts
from reports import oversight, selectors
from reports.charts import ChartText, bar_chart, month_label, variation_icon_svg, xmr_chart, xmr_table
from reports.document import Figure, Report, Section, Table
from reports.rules import Perm, require
from reports.spc import Annotation, Better, add_months, monthly_points, xmr

TITLE = "Monthly quality and safety pack"
# The FFT chart covers up to two years to the report month, and never less than a year.
CHART_MONTHS = 24
MIN_CHART_MONTHS = 12
TOP_THEMES = 10
THEMES_CHARTED = 3


def monthly_pack(
    *, scope: Scope, month: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    month = month.replace(day=1)
    now = now or clock.now()
    loop = loop_sections(scope=scope, month=month, service=service, now=now)
    return Report(
        kind="monthly",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=selectors.coverage(scope=scope, service=service),
        period=month.strftime("%B %Y"),
        generated_at=timezone.localtime(now),
        sections=(
            feedback_section(scope=scope, month=month, service=service),
            fft_section(scope=scope, month=month, service=service, now=now),
            urgent_section(scope=scope, month=month, service=service),
            incidents_and_audits_section(scope=scope, month=month, service=service),
            themes_section(scope=scope, month=month, service=service),
            theme_trends_section(scope=scope, month=month, service=service, now=now),
            *loop,
        ),
    )


# --- where the governance loop joins the pack --------------------------------------------------


def period_end(last: dt.date, now: dt.datetime) -> tuple[dt.datetime, dt.date, str]:
    """When a period ending with month `last` ends (now, for a month under way), the day the loop is
    looked at (overdue means due before it), and that moment in words."""
    _, end = oversight.bounds(last, last)
    if now < end:
        return now, timezone.localtime(now).date(), f"on {timezone.localtime(now):%-d %B %Y}"
    return end, timezone.localtime(end).date(), f"at the end of {last:%B %Y}"


def loop_sections(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> list[Section]:
    """Decisions made in the month with the evidence they cite; actions opened, closed with evidence
    and overdue (with leads and due dates, and a chart of actions opened each month); leadership
    challenges still open or escalated; and stalled loops."""
    end, end_day, as_of = period_end(month, now)
    period = f"{month:%B %Y}"
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    first = _chart_first_month(scope, month, service)
    chart = loop_parts.actions_opened_figure(actions, first=first, last=month)
    decisions = oversight.decisions_in(scope=scope, first=month, last=month, service=service, personal=True)
    challenges = oversight.challenges_until(scope=scope, end=end, service=service, personal=True)
    loops = loop_tracker(scope=scope, today=end_day, service_id=service.id if service else None)
    return [
        loop_parts.decisions_section(decisions, period=period),
        loop_parts.actions_section(actions, first=month, end_day=end_day, period=period, as_of=as_of, chart=chart),
        loop_parts.challenges_section(challenges, first=month, end_day=end_day, period=period),
        loop_parts.stalled_section(loops, as_of=as_of),
    ]


def action_annotations(
    *,
    scope: Scope,
    first: dt.date,
    last: dt.date,
    service: Service | None,
    now: dt.datetime,
    theme_code: str | None = None,
) -> list[Annotation]:
    """Actions taken in the chart's months (the day each was marked done, and its title), to mark
    on the FFT chart, or on a theme's chart when they are about that theme."""
    end, _, _ = period_end(last, now)
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    notes = loop_parts.action_notes(actions, theme_code=theme_code)
    return [n for n in notes if first <= n.date]


# --- sections ----------------------------------------------------------------------------------


def _count_words(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
        f"{_count_words(total, 'piece')} of feedback received in {month:%B %Y}; "
        f"{before} in {add_months(month, -1):%B %Y}."
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


def _chart_first_month(scope: Scope, month: dt.date, service: Service | None) -> dt.date:
    earliest = add_months(month, -(CHART_MONTHS - 1))
    first_data = selectors.first_feedback_month(scope=scope, service=service)
    start = max(earliest, first_data) if first_data else month
    return min(start, add_months(month, -(MIN_CHART_MONTHS - 1)))


def fft_section(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> Section:
    first = _chart_first_month(scope, month, service)
    by_month = selectors.fft_by_month(scope=scope, first=first, last=month, service=service)
    notes = action_annotations(scope=scope, first=first, last=month, service=service, now=now)
    chart, figure = fft_figure(by_month, first=first, last=month, annotations=notes)
    this = by_month.get(month)
    if this is None:
        paragraphs = [f"Nobody answered the Friends and Family Test question in {month:%B %Y}."]
    else:
        paragraphs = [
            f"In {month:%B %Y}, {this.positive} of {_count_words(this.responses, 'answer')} "
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
        tables=(breakdown,),
    )


def fft_figure(by_month: dict, *, first: dt.date, last: dt.date, annotations=()) -> tuple:
    """The FFT % positive XmR chart with its month-by-month table: (the XmR, the figure)."""
    points = monthly_points({m: f.percent_positive for m, f in by_month.items()}, first, last)
    chart = xmr(points, better=Better.HIGHER, annotations=list(annotations))
    text = ChartText(
        title=f"Friends and Family Test: % positive, {month_label(first)} to {month_label(last)}",
        measure="% positive",
        unit_format=lambda v: f"{v:.1f}%",
    )
    header, spc_rows = xmr_table(chart, text)
    rows = []
    for point, spc_row in zip(points, spc_rows, strict=True):
        fft = by_month.get(point.date)
        rows.append([spc_row[0], fft.responses if fft else 0, fft.positive if fft else 0, *spc_row[1:]])
    table = Table(
        caption="Friends and Family Test, month by month",
        header=[header[0], "Answers", "Very good or good", *header[1:]],
        rows=rows,
        sheet="FFT by month",
        note="% positive is very good and good answers out of all answers, including don't know.",
    )
    icons, labels = (), ()
    if chart.variation is not None:
        icons, labels = (variation_icon_svg(chart.variation, ident="fft-variation"),), (chart.variation.label,)
    figure = Figure(chart=xmr_chart(chart, text, ident="fft-xmr"), table=table, icons=icons, icon_labels=labels)
    return chart, figure


def urgent_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    counts = selectors.urgent_counts(scope=scope, month=month, service=service)
    raised = sum(c.raised for c in counts.values())
    closed = sum(c.closed for c in counts.values())
    still_open = sum(c.open_at_end for c in counts.values())
    days = [d for c in counts.values() for d in c.days_to_close]
    paragraphs = [
        f"{_count_words(raised, 'comment')} flagged as urgent in {month:%B %Y}; "
        f"{_count_words(closed, 'flag')} closed with a record of what was done; "
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
    ]
    by_service = Table(
        caption=f"Urgent flags in {month:%B %Y}, by service",
        header=["Service", "Raised", "Closed", "Open at month end", "Actions recorded", "Median days to close"],
        rows=rows,
        sheet="Urgent flags",
        note="Counts only: the comments and what was written about them stay with the safeguarding lead.",
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
        f"{_count_words(total, 'incident')} in {month:%B %Y}, {serious} of them causing moderate harm or worse; "
        f"{_count_words(len(audited), 'audit')} completed.",
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
        header=["Audit", "Service", "Cases", "Findings", "Re-audit: better by more than noise", "Re-audit: worse"],
        rows=[
            [
                a.run.version.template.title,
                a.run.service.name,
                a.cases,
                a.findings,
                a.better if a.run.baseline_id else "Not a re-audit",
                a.worse if a.run.baseline_id else "Not a re-audit",
            ]
            for a in audited
        ],
        sheet="Audits",
    )
    return Section(key="incidents", heading="Incidents and audits", paragraphs=paragraphs, tables=(by_harm, audits))


def themes_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    first = add_months(month, -(CHART_MONTHS - 1))
    rows = selectors.themes_by_month(scope=scope, first=first, last=month, service=service)
    comments = selectors.comments_by_month(scope=scope, first=first, last=month, service=service)
    counts: dict[int, dict[dt.date, int]] = {}
    names: dict[int, tuple[str, str]] = {}
    for r in rows:
        counts.setdefault(r.theme_id, {})[r.month] = r.comments
        names[r.theme_id] = (r.name, r.category)
    this_month = sorted((t for t in counts if counts[t].get(month)), key=lambda t: (-counts[t][month], names[t][0]))[
        :TOP_THEMES
    ]
    previous = add_months(month, -1)
    top_rows = []
    for theme_id in this_month:
        n = counts[theme_id][month]
        share = 100 * n / comments[month] if comments.get(month) else None
        # The theme's share of comments each month, as an XmR chart with no better direction:
        # a theme can be praise or complaint, so a signal says "unusual", not "better" or "worse".
        shares = {m: 100 * counts[theme_id].get(m, 0) / c for m, c in comments.items() if c}
        variation = xmr(monthly_points(shares, first, month)).variation
        top_rows.append(
            [
                names[theme_id][0],
                names[theme_id][1],
                n,
                None if share is None else round(share, 1),
                counts[theme_id].get(previous, 0),
                variation.label if variation else "Too few months to tell",
            ]
        )
    top = Table(
        caption=f"Top themes in {month:%B %Y}",
        header=["Theme", "Category", "Comments", "% of comments", f"Comments in {previous:%B %Y}", "Variation"],
        rows=top_rows,
        sheet="Top themes",
        note="Current codings in the organisation's primary framework, by people or the model. "
        "Variation compares the theme's share of comments each month with its own history.",
    )
    per_month_rows = []
    for m in [add_months(month, -k) for k in range(11, -1, -1)]:
        ranked = sorted((t for t in counts if counts[t].get(m)), key=lambda t: (-counts[t][m], names[t][0]))[:3]
        cells = [f"{names[t][0]} ({counts[t][m]})" for t in ranked]
        per_month_rows.append([month_label(m), comments.get(m, 0), *(cells + [""] * (3 - len(cells)))])
    per_month = Table(
        caption="The three most common themes, month by month",
        header=["Month", "Comments", "First", "Second", "Third"],
        rows=per_month_rows,
        sheet="Top themes by month",
        note="Each theme with the number of comments that carry it.",
    )
    coded = comments.get(month, 0)
    paragraphs = (
        f"{_count_words(coded, 'comment')} received in {month:%B %Y}. "
        + (
            f"The {len(this_month)} themes they raised most are first below." if this_month else "None has a theme yet."
        ),
    )
    return Section(key="themes", heading="Themes", paragraphs=paragraphs, tables=(top, per_month))


def theme_trends_section(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> Section:
    """The month's most common themes as XmR charts of their rate (the share of feedback that carries
    the theme), with the actions taken on each theme marked."""
    first = _chart_first_month(scope, month, service)
    rates = oversight.theme_rates(scope=scope, first=first, last=month, service=service)
    top = sorted(
        (c for c in rates.counts if rates.counts[c].get(month)),
        key=lambda c: (-rates.counts[c][month], rates.names.get(c, c)),
    )[:THEMES_CHARTED]
    figures = [
        theme_rate_figure(
            rates,
            code,
            first=first,
            last=month,
            annotations=action_annotations(
                scope=scope, first=first, last=month, service=service, now=now, theme_code=code
            ),
        )
        for code in top
    ]
    paragraphs = (
        f"The {len(top)} most common themes in {month:%B %Y}, as a share of the feedback with comments each month."
        if top
        else f"No feedback in {month:%B %Y} has a theme yet.",
    )
    return Section(key="theme-trends", heading="Theme trends", paragraphs=paragraphs, figures=tuple(figures))


def theme_rate_figure(
    rates: oversight.ThemeRates,
    code: str,
    *,
    first: dt.date,
    last: dt.date,
    annotations=(),
    baseline_period: tuple[dt.date, dt.date] | None = None,
    sheet: str | None = None,
) -> Figure:
    """A theme's rate as an XmR chart with no better direction (a theme can be praise or complaint:
    a signal says unusual, not better or worse), its variation icon and its table."""
    name = rates.names.get(code, code)
    chart = xmr(
        monthly_points(rates.rates(code), first, last), annotations=annotations, baseline_period=baseline_period
    )
    text = ChartText(
        title=f"{name}: % of feedback, {month_label(first)} to {month_label(last)}",
        measure=f"% of feedback about {name.lower()}",
        unit_format=lambda v: f"{v:.1f}%",
    )
    header, spc_rows = xmr_table(chart, text)
    rows = [
        [row[0], rates.counts.get(code, {}).get(p.date, 0), rates.with_words.get(p.date, 0), *row[1:]]
        for p, row in zip(chart.points, spc_rows, strict=True)
    ]
    table = Table(
        caption=f"{name}, month by month",
        header=[header[0], "Feedback with the theme", "Feedback with comments", *header[1:]],
        rows=rows,
        sheet=sheet or f"Theme {name}"[:31],
    )
    icons, labels = (), ()
    if chart.variation is not None:
        icons = (variation_icon_svg(chart.variation, ident=f"variation-{code}"),)
        labels = (chart.variation.label,)
    return Figure(chart=xmr_chart(chart, text, ident=f"theme-{code}"), table=table, icons=icons, icon_labels=labels)
