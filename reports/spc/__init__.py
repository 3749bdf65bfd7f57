"""Statistical process control as NHS England's Making Data Count does it: XmR charts.

Pure Python, no Django, so it can be checked by hand and used anywhere.

An XmR chart plots one value per period (here usually a month) around its mean. The process limits
are the mean plus and minus 2.66 times the mean moving range (the average absolute difference between
consecutive points). Four rules mark special-cause variation:

- a point outside the limits;
- a run: 7 or more consecutive points on the same side of the mean;
- a trend: 7 or more consecutive points each higher (or each lower) than the one before;
- close to a limit: 2 of 3 consecutive points beyond two-thirds of the way from the mean to a
  limit, on the same side.

Decisions where the rules leave room, so every chart here behaves the same way:

- A point exactly on the mean is on neither side: it ends a run. Two equal points in a row end a
  trend. "Beyond" is strict: a point on a limit is inside it.
- A missing period (value None) is a gap. No moving range is taken across it, because the two
  points either side are not consecutive; the rules count recorded points in order, stepping over
  the gap, since a month with no data says nothing about the process.
- A point can be held back from the rules (`Point.untested`, with the reason): a month not over yet,
  whose few days are not a month's worth, or one too few people took part in to read a change into.
  It is charted and tabled with its reason, but to the arithmetic it is a gap: it sets no mean, limit
  or moving range, raises no signal, and the variation icon reads the latest point that was tested.
- A point marked by several rules takes its side (high or low) from the strongest: outside the
  limits, then close to a limit, then run, then trend (a trend's side is the way it moves).
- The variation icon describes the most recent recorded point, as Making Data Count's does; the
  assurance icon compares the target with the limits in force at that point.
- With a fixed baseline, the mean and limits come from the baseline points only and are carried
  forward unchanged; the rules are then applied to every point against those limits.
"""

from reports.spc.arithmetic import limits_for, moving_ranges, near_limit, outside_limits, runs, trends
from reports.spc.chart import XmR, place_annotations, xmr
from reports.spc.icons import assurance_icon, signal_for, variation_icon
from reports.spc.periods import add_months, month_start, monthly_points, months
from reports.spc.terms import (
    ASSURANCE_LABELS,
    BOTH_WAYS_LABEL,
    LIMIT_FACTOR,
    NEAR_FRACTION,
    RELIABLE_POINTS,
    RULE_DESCRIPTIONS,
    RULE_STRENGTH,
    RUN_LENGTH,
    SIGNAL_LABELS,
    TREND_LENGTH,
    VARIATION_LABELS,
    Annotation,
    Assurance,
    Better,
    Limits,
    PlacedAnnotation,
    Point,
    PointResult,
    Rule,
    Signal,
    Variation,
    variation_of,
)

__all__ = [
    "ASSURANCE_LABELS",
    "Annotation",
    "Assurance",
    "BOTH_WAYS_LABEL",
    "Better",
    "LIMIT_FACTOR",
    "Limits",
    "NEAR_FRACTION",
    "PlacedAnnotation",
    "Point",
    "PointResult",
    "RELIABLE_POINTS",
    "RULE_DESCRIPTIONS",
    "RULE_STRENGTH",
    "RUN_LENGTH",
    "SIGNAL_LABELS",
    "Rule",
    "Signal",
    "TREND_LENGTH",
    "VARIATION_LABELS",
    "Variation",
    "XmR",
    "add_months",
    "assurance_icon",
    "limits_for",
    "month_start",
    "monthly_points",
    "months",
    "moving_ranges",
    "near_limit",
    "outside_limits",
    "place_annotations",
    "runs",
    "signal_for",
    "trends",
    "variation_of",
    "variation_icon",
    "xmr",
]
