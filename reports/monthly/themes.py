"""The pack's sections on themes: the month's top themes, and charts of the most common."""

from __future__ import annotations

import datetime as dt

from organisations.models import Service
from organisations.scope import Scope
from reports import oversight, selectors
from reports.charts import month_label
from reports.document import Section, Table
from reports.loop_sections import words
from reports.monthly._common import CHART_MONTHS, MIN_CHART_MONTHS
from reports.monthly.loop import action_annotations
from reports.spc import add_months, monthly_points, xmr
from reports.trend_figures import theme_rate_figure

TOP_THEMES = 10
THEMES_CHARTED = 3


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
        f"{words(coded, 'comment')} received in {month:%B %Y}. "
        + (
            f"The {len(this_month)} themes they raised most are first below." if this_month else "None has a theme yet."
        ),
    )
    return Section(key="themes", heading="Themes", paragraphs=paragraphs, tables=(top, per_month))


def theme_trends_section(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> Section:
    """The month's most common themes as XmR charts of their rate (the share of feedback that carries
    the theme), with the actions taken on each theme marked."""
    first = oversight.chart_first_month(
        scope=scope, last=month, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
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
