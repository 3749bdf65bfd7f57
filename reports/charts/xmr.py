"""The XmR chart: its scale, its points and lines, a description in words, and its figures as a table."""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from reports.charts._common import _el, _ident, _num, _svg
from reports.charts.palette import (
    COMMON,
    GRID,
    LIMIT,
    MEAN,
    MUTED_TEXT,
    SIGNAL_COLOURS,
    SIGNAL_WORDS,
    TARGET,
    TEXT,
)
from reports.document import Month
from reports.spc import Rule, Signal, XmR, variation_of
from reports.spc.terms import BEYOND_NORMAL_VARIATION


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def month_label(day: dt.date) -> str:
    return day.strftime("%b %Y")


def _short_month(day: dt.date) -> str:
    return day.strftime("%b %y")


@dataclass(frozen=True)
class ChartText:
    """What a chart is about, in words: used in its title, description and axis."""

    title: str
    measure: str  # e.g. "FFT % positive"
    unit_format: Callable[[float], str] = lambda v: f"{v:.1f}"
    # The values the measure can take (a count or a share is never below 0, a share never above 100).
    # A process limit beyond them is shown at the bound, as Making Data Count's charts show it; the
    # special-cause rules still use the limit worked out (no point can pass the bound anyway).
    lowest: float | None = None
    highest: float | None = None
    # Said under the numbered notes when some actions are left off a busy chart: how many, and where
    # they are listed.
    notes_left_out: str = ""

    def shown_limits(self, limits) -> tuple[float, float]:
        """The lower and upper process limits as the chart, its description and its table give them."""
        lower, upper = limits.lower, limits.upper
        if self.lowest is not None:
            lower = max(lower, self.lowest)
        if self.highest is not None:
            upper = min(upper, self.highest)
        return lower, upper


def _marker(shape: Signal, x: float, y: float, colour: str) -> str:
    r = 4.5
    if shape == Signal.IMPROVING:  # square
        return _el("rect", x=x - r, y=y - r, width=2 * r, height=2 * r, fill=colour)
    if shape == Signal.CONCERNING:  # diamond
        d = r * 1.35
        points = f"{_num(x)},{_num(y - d)} {_num(x + d)},{_num(y)} {_num(x)},{_num(y + d)} {_num(x - d)},{_num(y)}"
        return _el("polygon", points=points, fill=colour)
    if shape == Signal.NEUTRAL:  # triangle
        d = r * 1.3
        points = f"{_num(x)},{_num(y - d)} {_num(x + d)},{_num(y + d * 0.8)} {_num(x - d)},{_num(y + d * 0.8)}"
        return _el("polygon", points=points, fill=colour)
    return _el("circle", cx=x, cy=y, r=r, fill=colour)


# A point held back from the rules (a month not over, or too few in it) is a hollow circle, not
# joined to the line: it is shown, but it is not part of the process the limits describe.
UNTESTED = "untested"
UNTESTED_WORDS = "Not tested against the rules (see the table)"


def _untested_marker(x: float, y: float) -> str:
    return _el("circle", cx=x, cy=y, r=4.5, fill="#ffffff", stroke=COMMON, stroke_width=2)


def _key_width(signal: Signal | str) -> float:
    return 30 + 7 * len(UNTESTED_WORDS if signal == UNTESTED else SIGNAL_WORDS[signal])


def _key_rows(shown: set, room: float) -> list[list[Signal]]:
    """The chart's key to its markers, in lines that fit the room beside the axis."""
    rows: list[list[Signal]] = []
    used = room
    for signal in (Signal.COMMON_CAUSE, Signal.IMPROVING, Signal.CONCERNING, Signal.NEUTRAL, UNTESTED):
        if signal not in shown:
            continue
        if used + _key_width(signal) > room:
            rows.append([])
            used = 0
        rows[-1].append(signal)
        used += _key_width(signal)
    return rows


def xmr_description(chart: XmR, text: ChartText) -> str:
    """A plain-words summary of the chart, for its <desc> and for anyone who cannot see it."""
    recorded = chart.recorded
    fmt = text.unit_format
    if not recorded and not chart.untested:
        return f"{text.measure}: no data in this period."
    first, last = chart.points[0].date, chart.points[-1].date
    parts = [f"{text.measure}, {len(chart.points)} months from {month_label(first)} to {month_label(last)}."]
    if not recorded:
        parts.append("No month can be tested against the rules.")
    elif chart.limits is None:
        parts.append("Too few points to work out process limits.")
    else:
        lim = chart.limits
        lower, upper = text.shown_limits(lim)
        parts.append(f"Mean {fmt(lim.mean)}; process limits {fmt(lower)} to {fmt(upper)}.")
        if chart.baseline:
            parts.append(
                f"Mean and limits fixed from {month_label(chart.baseline[0])} to {month_label(chart.baseline[1])}."
            )
    if recorded:
        latest = recorded[-1]
        parts.append(f"Latest, {month_label(latest.date)}: {fmt(latest.value)}.")
    for point in chart.untested:
        parts.append(f"{month_label(point.date)}, not tested against the rules ({point.untested}): {fmt(point.value)}.")
    if chart.variation is not None:
        parts.append(chart.variation.label + ".")
    if chart.assurance is not None and chart.target is not None:
        parts.append(f"Target {fmt(chart.target)}: {chart.assurance.label.lower()}.")
    special = [p for p in recorded if p.is_special]
    if special:
        words = {
            rule: sum(1 for p in special if rule in p.rules)
            for rule in (Rule.OUTSIDE_LIMITS, Rule.RUN, Rule.TREND, Rule.NEAR_LIMIT)
        }
        said = [f"{n} {'point' if n == 1 else 'points'} marked by {rule.description}" for rule, n in words.items() if n]
        parts.append(f"{BEYOND_NORMAL_VARIATION}: " + "; ".join(said) + ".")
    missing = sum(1 for p in chart.points if p.value is None)
    if missing:
        parts.append(f"{missing} {'month has' if missing == 1 else 'months have'} no data.")
    for note in chart.annotations:
        parts.append(f"Marked {note.date:%-d %b %Y}: {note.label}.")
    if text.notes_left_out:
        parts.append(text.notes_left_out)
    return " ".join(parts)


# The widest a character of the notes' 12px type is taken to be, so a note wraps inside the chart:
# an SVG line does not wrap, and a long one runs off the printed page.
NOTE_CHAR_WIDTH = 6.6
NOTE_INDENT = 20


def _note_lines(notes, *, chars: int, left_out: str = "") -> list[tuple[int, str]]:
    """Each numbered note under the chart, wrapped to `chars`, as (indent, text) lines: a note's
    second and later lines are indented under its first; then `left_out`, if there is one."""
    lines = []
    for number, note in enumerate(notes, start=1):
        text = f"{number}. {note.date:%-d %b %Y}: {note.label}"
        first, *rest = textwrap.wrap(text, width=chars) or [text]
        lines.append((0, first))
        if rest:
            more = textwrap.wrap(" ".join(rest), width=chars - int(NOTE_INDENT / NOTE_CHAR_WIDTH))
            lines.extend((NOTE_INDENT, line) for line in more)
    if left_out:
        lines.extend((0, line) for line in textwrap.wrap(left_out, width=chars))
    return lines


def xmr_chart(chart: XmR, text: ChartText, *, ident: str | None = None, width: int = 720, height: int = 320) -> Markup:
    """An XmR chart: points coloured and shaped by signal, the mean, the process limits, an optional
    target, and numbered annotations with their labels listed underneath."""
    description = xmr_description(chart, text)
    ident = ident or _ident("xmr", text.title, description)
    fmt = text.unit_format
    notes = [a for a in chart.annotations if a.index is not None]
    key_rows = _key_rows({p.signal for p in chart.recorded} | ({UNTESTED} if chart.untested else set()), width - 84)
    legend_h = 22 + 18 * len(key_rows)
    height += 18 * max(len(key_rows) - 1, 0)  # a key on two lines takes its room below, not from the plot
    left, right = 64, 20
    note_lines = _note_lines(notes, chars=int((width - left - right) / NOTE_CHAR_WIDTH), left_out=text.notes_left_out)
    notes_h = 16 * len(note_lines)
    top, bottom = 14, 40 + legend_h + notes_h
    plot_w, plot_h = width - left - right, height - top - bottom
    if plot_h < 80:
        height += 80 - plot_h
        plot_h = 80
    values = [p.value for p in chart.points if p.value is not None]
    extra = []
    if chart.limits is not None:
        extra = [*text.shown_limits(chart.limits), chart.limits.mean]
    if chart.target is not None:
        extra.append(chart.target)
    body: list[str] = []
    if not values:
        body.append(
            _el(
                "text",
                "No data for this period",
                x=width / 2,
                y=height / 2,
                fill=MUTED_TEXT,
                text_anchor="middle",
                font_size=14,
            )
        )
        return _svg(
            ident=ident,
            title=text.title,
            description=description,
            width=width,
            height=height,
            body=body,
            css_class="heard-chart heard-chart--xmr",
        )
    ticks = nice_ticks(min(values + extra), max(values + extra))
    low, high = ticks[0], ticks[-1]
    n = len(chart.points)

    def x_at(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y_at(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    # grid and y axis
    for tick in ticks:
        y = y_at(tick)
        body.append(_el("line", x1=left, x2=left + plot_w, y1=y, y2=y, stroke=GRID, stroke_width=1))
        body.append(_el("text", fmt(tick), x=left - 8, y=y + 4, fill=MUTED_TEXT, font_size=11, text_anchor="end"))
    # x axis labels: at most about 12
    every = max(1, math.ceil(n / 12))
    for i, point in enumerate(chart.points):
        if i % every == 0:
            body.append(
                _el(
                    "text",
                    _short_month(point.date),
                    x=x_at(i),
                    y=top + plot_h + 16,
                    fill=MUTED_TEXT,
                    font_size=11,
                    text_anchor="middle",
                )
            )
    body.append(
        _el("line", x1=left, x2=left + plot_w, y1=top + plot_h, y2=top + plot_h, stroke=MUTED_TEXT, stroke_width=1)
    )
    # mean, limits, target
    if chart.limits is not None:
        lim = chart.limits
        body.append(
            _el("line", x1=left, x2=left + plot_w, y1=y_at(lim.mean), y2=y_at(lim.mean), stroke=MEAN, stroke_width=1.5)
        )
        for value in text.shown_limits(lim):
            body.append(
                _el(
                    "line",
                    x1=left,
                    x2=left + plot_w,
                    y1=y_at(value),
                    y2=y_at(value),
                    stroke=LIMIT,
                    stroke_width=1.5,
                    stroke_dasharray="6 4",
                )
            )
    if chart.target is not None:
        y = y_at(chart.target)
        body.append(
            _el("line", x1=left, x2=left + plot_w, y1=y, y2=y, stroke=TARGET, stroke_width=1.5, stroke_dasharray="2 3")
        )
    # annotations: a dotted line and a number at the top
    for number, note in enumerate(notes, start=1):
        x = x_at(note.index)
        body.append(
            _el("line", x1=x, x2=x, y1=top, y2=top + plot_h, stroke=MUTED_TEXT, stroke_width=1, stroke_dasharray="1 3")
        )
        body.append(_el("circle", cx=x, cy=top + 8, r=8, fill="#ffffff", stroke=TEXT, stroke_width=1))
        body.append(
            _el("text", str(number), x=x, y=top + 12, fill=TEXT, font_size=11, text_anchor="middle", font_weight="bold")
        )
    # the line through recorded points, broken at gaps
    segment: list[str] = []
    for i, point in enumerate([*chart.points, None]):
        if point is None or point.value is None or point.untested:
            if len(segment) > 1:
                body.append(_el("polyline", points=" ".join(segment), fill="none", stroke=COMMON, stroke_width=1.5))
            segment = []
            continue
        segment.append(f"{_num(x_at(i))},{_num(y_at(point.value))}")
    for i, point in enumerate(chart.points):
        if point.value is not None and point.untested:
            body.append(_untested_marker(x_at(i), y_at(point.value)))
        elif point.value is not None:
            body.append(_marker(point.signal, x_at(i), y_at(point.value), SIGNAL_COLOURS[point.signal]))
    # legend
    y = top + plot_h + 36
    x = left
    items = [("Mean", "mean"), ("Process limits", "limit")]
    if chart.target is not None:
        items.append(("Target", "target"))
    for label, kind in items:
        colour, dash = {"mean": (MEAN, None), "limit": (LIMIT, "6 4"), "target": (TARGET, "2 3")}[kind]
        body.append(
            _el("line", x1=x, x2=x + 22, y1=y - 4, y2=y - 4, stroke=colour, stroke_width=1.5, stroke_dasharray=dash)
        )
        body.append(_el("text", label, x=x + 28, y=y, fill=TEXT, font_size=12))
        x += 40 + 7 * len(label)
    for row in key_rows:
        y, x = y + 18, left
        for signal in row:
            if signal == UNTESTED:
                body.append(_untested_marker(x + 5, y - 4))
                body.append(_el("text", UNTESTED_WORDS, x=x + 16, y=y, fill=TEXT, font_size=12))
            else:
                body.append(_marker(signal, x + 5, y - 4, SIGNAL_COLOURS[signal]))
                body.append(_el("text", SIGNAL_WORDS[signal], x=x + 16, y=y, fill=TEXT, font_size=12))
            x += _key_width(signal)
    for indent, line in note_lines:
        y += 16
        body.append(_el("text", line, x=left + indent, y=y, fill=TEXT, font_size=12))
    return _svg(
        ident=ident,
        title=text.title,
        description=description,
        width=width,
        height=height,
        body=body,
        css_class="heard-chart heard-chart--xmr",
    )


def xmr_table(chart: XmR, text: ChartText) -> tuple[list[str], list[list]]:
    """The chart's figures as a table: header and rows (for pages beside the chart, and spreadsheets)."""
    header = ["Month", text.measure, "Mean", "Lower limit", "Upper limit", "Variation", "Rules"]
    rows = []
    lim = chart.limits
    lower, upper = (None, None) if lim is None else text.shown_limits(lim)
    for point in chart.points:
        rows.append(
            [
                Month(point.date),
                None if point.value is None else round(point.value, 2),
                None if lim is None else round(lim.mean, 2),
                None if lim is None else round(lower, 2),
                None if lim is None else round(upper, 2),
                f"Not tested against the rules: {point.untested}"
                if point.untested
                else "No data"
                if point.signal is None
                else variation_of(side=point.side, signal=point.signal).label,
                "; ".join(rule.description for rule in sorted(point.rules, key=list(Rule).index)),
            ]
        )
    return header, rows
