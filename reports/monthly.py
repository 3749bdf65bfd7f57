"""The monthly quality and safety pack, for one service or every service in the acting scope.

What comes from listening alone is here: feedback received, Friends and Family Test scores with
their XmR chart, urgent flags and what was done about them (counts only), and the top themes.
The governance loop's sections (decisions, actions, leadership challenges) join the pack through
`loop_sections` and chart annotations through `action_annotations` once meetings are recorded in
Heard; until then the pack says plainly that they are not in it.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.utils import timezone

from core import clock
from feedback.models import Rating
from organisations.models import Service
from organisations.scope import Scope
from reports import selectors
from reports.charts import ChartText, bar_chart, month_label, variation_icon_svg, xmr_chart, xmr_table
from reports.document import Figure, Report, Section, Table
from reports.rules import Perm, require
from reports.spc import Annotation, Better, add_months, monthly_points, xmr

TITLE = "Monthly quality and safety pack"
# The FFT chart covers up to two years to the report month, and never less than a year.
CHART_MONTHS = 24
MIN_CHART_MONTHS = 12
TOP_THEMES = 10
LOOP_NOT_YET = (
    "This pack covers feedback, Friends and Family Test scores, urgent flags and themes. "
    "Decisions, actions and leadership challenges are not in it yet."
)


def monthly_pack(
    *, scope: Scope, month: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    require(scope, Perm.VIEW_MONTHLY_PACK)
    month = month.replace(day=1)
    loop = loop_sections(scope=scope, month=month, service=service)
    return Report(
        kind="monthly",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=selectors.coverage(scope=scope, service=service),
        period=month.strftime("%B %Y"),
        generated_at=timezone.localtime(now or clock.now()),
        sections=(
            feedback_section(scope=scope, month=month, service=service),
            fft_section(scope=scope, month=month, service=service),
            urgent_section(scope=scope, month=month, service=service),
            themes_section(scope=scope, month=month, service=service),
            *loop,
        ),
        notes=() if loop else (LOOP_NOT_YET,),
    )


# --- where the governance loop joins the pack --------------------------------------------------


def loop_sections(*, scope: Scope, month: dt.date, service: Service | None) -> list[Section]:
    """Decisions made, actions opened, due, overdue and closed with evidence, and leadership
    challenges, for the month. They come from the governance app's selectors, which do not exist
    yet: nothing is made up in their place."""
    return []


def action_annotations(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None) -> list[Annotation]:
    """Actions taken in the chart's months, to mark on the FFT chart (their date and title).
    They come from the governance loop's action log, once it exists."""
    return []


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


def fft_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    first = _chart_first_month(scope, month, service)
    by_month = selectors.fft_by_month(scope=scope, first=first, last=month, service=service)
    points = monthly_points({m: f.percent_positive for m, f in by_month.items()}, first, month)
    chart = xmr(
        points,
        better=Better.HIGHER,
        annotations=action_annotations(scope=scope, first=first, last=month, service=service),
    )
    text = ChartText(
        title=f"Friends and Family Test: % positive, {month_label(first)} to {month_label(month)}",
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
    this = by_month.get(month)
    if this is None:
        paragraphs = [f"Nobody answered the Friends and Family Test question in {month:%B %Y}."]
    else:
        paragraphs = [
            f"In {month:%B %Y}, {this.positive} of {_count_words(this.responses, 'answer')} "
            f"were very good or good: {this.percent_positive:.1f}% positive."
        ]
    icons, labels = (), ()
    if chart.variation is not None:
        icons, labels = (variation_icon_svg(chart.variation, ident="fft-variation"),), (chart.variation.label,)
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
        figures=(Figure(chart=xmr_chart(chart, text, ident="fft-xmr"), table=table, icons=icons, icon_labels=labels),),
        tables=(breakdown,),
    )


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
