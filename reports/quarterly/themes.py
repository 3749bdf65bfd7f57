"""The top themes of the quarter, with their share of feedback and their SPC signals."""

from __future__ import annotations

import datetime as dt

from reports import loop_sections as loop_parts
from reports import oversight
from reports.document import Section, Table
from reports.loop_sections import words
from reports.monthly import theme_rate_figure
from reports.spc import add_months, monthly_points, months, xmr

TOP_THEMES = 5


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
