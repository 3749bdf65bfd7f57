"""The top themes of the quarter, with their share of feedback and their SPC signals."""

from __future__ import annotations

import datetime as dt

from core.words import words
from reports import loop_sections as loop_parts
from reports import oversight
from reports.document import Section
from reports.spc import add_months, months
from reports.top_themes import themes_table, top_themes
from reports.trend_figures import theme_rate_figure

TOP_THEMES = 5


def themes_section(
    rates: oversight.ThemeRates,
    *,
    first: dt.date,
    last: dt.date,
    chart_first: dt.date,
    actions: list[oversight.ActionFact],
    period: str,
    across_services: bool = False,
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
                for n in loop_parts.action_notes(actions, theme_code=code, across_services=across_services)
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
