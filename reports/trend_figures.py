"""The month-by-month XmR figures more than one report draws: the Friends and Family Test's % positive
(the monthly pack and the commissioner report) and a theme's rate (those two and the quarterly summary)."""

from __future__ import annotations

import datetime as dt

from core import clock
from reports import oversight
from reports.charts import ChartText, month_label, variation_icon_svg, xmr_chart, xmr_table
from reports.document import Figure, Table, short_sheet_name
from reports.spc import Better, monthly_points, xmr


def fft_figure(
    by_month: dict,
    *,
    first: dt.date,
    last: dt.date,
    annotations=(),
    notes_left_out: str = "",
    now: dt.datetime | None = None,
) -> tuple:
    """The FFT % positive XmR chart with its month-by-month table: (the XmR, the figure);
    `notes_left_out` says under the chart's notes how many actions are not marked on it, and where
    they are listed. A month not over, or with too few answers, is charted but not tested
    (`oversight.untested_months`)."""
    untested = oversight.untested_months(
        {m: f.responses for m, f in by_month.items()}, now=now or clock.now(), noun="answers"
    )
    points = monthly_points({m: f.percent_positive for m, f in by_month.items()}, first, last, untested=untested)
    chart = xmr(points, better=Better.HIGHER, annotations=list(annotations))
    text = ChartText(
        title=f"Friends and Family Test: % positive, {month_label(first)} to {month_label(last)}",
        measure="% positive",
        unit_format=lambda v: f"{v:.1f}%",
        lowest=0,
        highest=100,
        notes_left_out=notes_left_out,
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


def theme_rate_figure(
    rates: oversight.ThemeRates,
    code: str,
    *,
    first: dt.date,
    last: dt.date,
    annotations=(),
    baseline_period: tuple[dt.date, dt.date] | None = None,
    sheet: str | None = None,
    concerns: bool = False,
) -> Figure:
    """A theme's rate as an XmR chart, its variation icon and its table. Every mention has no better
    direction (a theme can be praise or complaint: a signal says unusual, not better or worse); with
    ``concerns`` the rates are the share raising it as a concern (``theme_rates(concerns=True)``), and
    lower is better."""
    name = rates.names.get(code, code)
    chart = xmr(
        rates.points(code, first, last),
        annotations=annotations,
        baseline_period=baseline_period,
        better=Better.LOWER if concerns else None,
    )
    about = "raising" if concerns else "about"
    text = ChartText(
        title=f"{name}{' as a concern' if concerns else ''}: % of feedback, {month_label(first)} to {month_label(last)}",
        measure=f"% of feedback {about} {name.lower()}" + (" as a concern" if concerns else ""),
        unit_format=lambda v: f"{v:.1f}%",
        lowest=0,
        highest=100,
    )
    header, spc_rows = xmr_table(chart, text)
    rows = [
        [row[0], rates.counts.get(code, {}).get(p.date, 0), rates.with_words.get(p.date, 0), *row[1:]]
        for p, row in zip(chart.points, spc_rows, strict=True)
    ]
    table = Table(
        caption=f"{name}, month by month",
        header=[
            header[0],
            "Feedback raising the theme as a concern" if concerns else "Feedback with the theme",
            "Feedback with comments",
            *header[1:],
        ],
        rows=rows,
        sheet=sheet or short_sheet_name("Theme", name),
        heading=name,
    )
    icons, labels = (), ()
    if chart.variation is not None:
        icons = (variation_icon_svg(chart.variation, ident=f"variation-{code}"),)
        labels = (chart.variation.label,)
    return Figure(chart=xmr_chart(chart, text, ident=f"theme-{code}"), table=table, icons=icons, icon_labels=labels)
