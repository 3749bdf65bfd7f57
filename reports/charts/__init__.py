"""Charts drawn on the server as SVG: they need no JavaScript and print the same in a PDF.

Every chart is an image with a name and a description (role="img", <title>, <desc>), so a screen
reader announces what it shows; pages also show the figures as a table beside it. Colours are set
with SVG attributes, not style attributes, so the pages' Content Security Policy allows them. Each
colour that carries meaning has at least 3:1 contrast on white (WCAG 1.4.11) and every text colour
4.5:1; special-cause points also differ by shape, so colour is never the only clue.
"""

from reports.charts.bars import bar_chart, percent
from reports.charts.icons import ASSURANCE_DESCRIPTIONS, VARIATION_DESCRIPTIONS, assurance_icon_svg, variation_icon_svg
from reports.charts.palette import (
    BAR,
    COMMON,
    CONCERNING,
    FONT,
    GRID,
    IMPROVING,
    LIMIT,
    MEAN,
    MUTED_TEXT,
    NEUTRAL,
    SIGNAL_COLOURS,
    SIGNAL_WORDS,
    TARGET,
    TEXT,
)
from reports.charts.xmr import ChartText, month_label, nice_ticks, xmr_chart, xmr_description, xmr_table

__all__ = [
    "ASSURANCE_DESCRIPTIONS",
    "BAR",
    "COMMON",
    "CONCERNING",
    "FONT",
    "GRID",
    "IMPROVING",
    "LIMIT",
    "MEAN",
    "MUTED_TEXT",
    "NEUTRAL",
    "SIGNAL_COLOURS",
    "SIGNAL_WORDS",
    "TARGET",
    "TEXT",
    "VARIATION_DESCRIPTIONS",
    "ChartText",
    "assurance_icon_svg",
    "bar_chart",
    "percent",
    "month_label",
    "nice_ticks",
    "variation_icon_svg",
    "xmr_chart",
    "xmr_description",
    "xmr_table",
]
