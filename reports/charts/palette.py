"""The colours charts use, with their contrast on white, and the words for each signal."""

from __future__ import annotations

from reports.spc import SIGNAL_LABELS, Signal

TEXT = "#212b32"  # 14.4:1 on white
MUTED_TEXT = "#425563"  # 7.8:1
GRID = "#d8dde0"  # decoration only
COMMON = "#768692"  # 3.8:1: Making Data Count's grey, darkened to meet 3:1
IMPROVING = "#005eb8"  # 6.4:1: NHS blue
CONCERNING = "#b35c00"  # 4.7:1: Making Data Count's orange, darkened to meet 3:1
NEUTRAL = "#490092"  # 12.4:1: Making Data Count's purple
MEAN = "#212b32"
LIMIT = "#425563"
TARGET = "#7c2855"  # 9.2:1
BAR = "#005eb8"
FONT = "Frutiger W01, Arial, Liberation Sans, DejaVu Sans, sans-serif"

SIGNAL_COLOURS = {
    Signal.COMMON_CAUSE: COMMON,
    Signal.IMPROVING: IMPROVING,
    Signal.CONCERNING: CONCERNING,
    Signal.NEUTRAL: NEUTRAL,
}
# In the plain words the icons use (reports/spc/terms.py), not Making Data Count's "special cause".
SIGNAL_WORDS = SIGNAL_LABELS
