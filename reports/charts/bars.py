"""A small bar chart: one horizontal bar a row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from reports.charts._common import _el, _ident, _svg
from reports.charts.palette import BAR, MUTED_TEXT, TEXT


def percent(value: float) -> str:
    """A share as the bars and their description show it: one decimal and its sign, "9.0%"."""
    return f"{value:.1f}%"


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    measure: str,
    ident: str | None = None,
    width: int = 720,
    value_format: Callable[[float], str] = lambda v: f"{v:g}",
) -> Markup:
    """Horizontal bars, one a row, labelled with their names and values."""
    described = "; ".join(f"{label}: {value_format(value)}" for label, value in items) or "nothing to show"
    description = f"{measure}. {described}."
    ident = ident or _ident("bar", title, description)
    row_h, top = 26, 8
    label_w = min(300, 16 + 8 * max((len(label) for label, _ in items), default=10))
    height = top * 2 + row_h * max(len(items), 1)
    biggest = max((value for _, value in items), default=0) or 1
    bar_room = width - label_w - 70
    body = []
    if not items:
        body.append(_el("text", "Nothing to show", x=8, y=top + 17, fill=MUTED_TEXT, font_size=13))
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        body.append(_el("text", label, x=label_w - 8, y=y + 17, fill=TEXT, font_size=13, text_anchor="end"))
        w = max(bar_room * value / biggest, 1 if value else 0)
        body.append(_el("rect", x=label_w, y=y + 4, width=w, height=row_h - 8, fill=BAR))
        body.append(_el("text", value_format(value), x=label_w + w + 6, y=y + 17, fill=TEXT, font_size=13))
    return _svg(
        ident=ident,
        title=title,
        description=description,
        width=width,
        height=height,
        body=body,
        css_class="heard-chart heard-chart--bar",
    )
