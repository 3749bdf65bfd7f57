"""The themes raised most in a quarter, with each one's share of feedback and its SPC signals: the
table the quarterly summary and the commissioner report both show."""

from __future__ import annotations

import datetime as dt

from reports import oversight
from reports.document import Table
from reports.spc import add_months, months, xmr


def top_themes(rates: oversight.ThemeRates, quarter: list[dt.date], n: int) -> list[str]:
    return sorted(
        (c for c in rates.counts if rates.total(c, quarter)),
        key=lambda c: (-rates.total(c, quarter), rates.names.get(c, c)),
    )[:n]


def most_common(rates: oversight.ThemeRates, month: dt.date, n: int) -> list[str]:
    """The codes of the `n` themes carried by the most pieces of feedback in a month, then by name."""
    return sorted(
        (c for c in rates.counts if rates.counts[c].get(month)),
        key=lambda c: (-rates.counts[c][month], rates.names.get(c, c)),
    )[:n]


def share(rates: oversight.ThemeRates, code: str, quarter: list[dt.date]) -> float | None:
    total = sum(rates.with_words.get(m, 0) for m in quarter)
    return None if not total else round(100 * rates.total(code, quarter) / total, 1)


def themes_table(rates: oversight.ThemeRates, codes: list[str], *, first: dt.date, period: str, sheet: str) -> Table:
    quarter = months(first, add_months(first, 2))
    before = months(add_months(first, -3), add_months(first, -1))
    rows = []
    for code in codes:
        chart = xmr(rates.points(code))
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
            "Beyond normal variation this quarter",
        ],
        rows=rows,
        sheet=sheet,
        note="A theme's rate is the share of feedback with comments that carries it, as coded now with the "
        "organisation's main set of themes. Variation compares each month with the theme's own history.",
    )
