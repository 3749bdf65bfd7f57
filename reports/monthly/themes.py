"""The pack's sections on themes: the month's top themes, and charts of the most common."""

from __future__ import annotations

import datetime as dt

from core.words import words
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.document import Counted, Month, Section, Table
from reports.monthly._common import CHART_MONTHS, MIN_CHART_MONTHS
from reports.monthly.loop import action_annotations
from reports.spc import add_months, xmr
from reports.top_themes import most_common
from reports.trend_figures import theme_rate_figure

TOP_THEMES = 10
THEMES_CHARTED = 3


def themes_section(*, scope: Scope, month: dt.date, service: Service | None) -> Section:
    """The month's most common themes and the three most common each month, counted as the charts
    below them count: pieces of feedback with comments, each counted once however many of its
    comments carry the theme (ADR 0010)."""
    first = oversight.chart_first_month(
        scope=scope, last=month, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
    rates = oversight.theme_rates(scope=scope, first=first, last=month, service=service)
    previous = add_months(month, -1)
    top_rows = []
    for code in most_common(rates, month, TOP_THEMES):
        share = rates.rate(code, month)
        # The theme's share of feedback each month, as its chart below draws it: an XmR chart with no
        # better direction (a theme can be praise or complaint, so a signal says "unusual").
        variation = xmr(rates.points(code, first, month)).variation
        top_rows.append(
            [
                rates.names.get(code, code),
                rates.categories.get(code, ""),
                rates.counts[code][month],
                None if share is None else round(share, 2),  # as the theme's chart table gives it
                rates.counts[code].get(previous, 0),
                variation.label if variation else "Too few months to tell",
            ]
        )
    top = Table(
        caption=f"Top themes in {month:%B %Y}",
        header=[
            "Theme",
            "Category",
            "Feedback with the theme",
            "% of feedback with comments",
            f"Feedback with the theme in {previous:%B %Y}",
            "Variation",
        ],
        rows=top_rows,
        sheet="Top themes",
        note="Pieces of feedback with comments, each counted once however many of its comments carry the "
        "theme, as coded now with the organisation's main set of themes, by people or the model. "
        "Variation compares the theme's share of feedback each month with its own history.",
    )
    per_month_rows = []
    for m in [add_months(month, -k) for k in range(11, -1, -1)]:
        cells = [Counted(rates.names.get(c, c), rates.counts[c][m]) for c in most_common(rates, m, 3)]
        per_month_rows.append([Month(m), rates.with_words.get(m, 0), *(cells + [""] * (3 - len(cells)))])
    per_month = Table(
        caption="The three most common themes, month by month",
        header=["Month", "Feedback with comments", "First", "Second", "Third"],
        rows=per_month_rows,
        sheet="Top themes by month",
        note="Each theme with the number of pieces of feedback that carry it.",
        counted=tuple((column, "feedback with the theme") for column in (2, 3, 4)),
    )
    top_codes = len(top_rows)
    paragraphs = (
        f"{words(rates.with_words.get(month, 0), 'piece')} of feedback with comments received in {month:%B %Y}. "
        + (f"The {top_codes} themes raised in most of them are first below." if top_codes else "None has a theme yet."),
    )
    return Section(key="themes", heading="Themes", paragraphs=paragraphs, tables=(top, per_month))


def theme_trends_section(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> Section:
    """The month's most common themes as XmR charts of their rate (the share of feedback that carries
    the theme), with the actions taken on each theme marked."""
    first = oversight.chart_first_month(
        scope=scope, last=month, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
    rates = oversight.theme_rates(scope=scope, first=first, last=month, service=service, now=now)
    top = most_common(rates, month, THEMES_CHARTED)
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
