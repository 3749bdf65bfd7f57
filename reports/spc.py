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
- A point marked by several rules takes its side (high or low) from the strongest: outside the
  limits, then close to a limit, then run, then trend (a trend's side is the way it moves).
- The variation icon describes the most recent recorded point, as Making Data Count's does; the
  assurance icon compares the target with the limits in force at that point.
- With a fixed baseline, the mean and limits come from the baseline points only and are carried
  forward unchanged; the rules are then applied to every point against those limits.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

LIMIT_FACTOR = 2.66
NEAR_FRACTION = 2 / 3
RUN_LENGTH = 7
TREND_LENGTH = 7
# Limits from fewer points than this move a lot as points are added: charts say so.
RELIABLE_POINTS = 15


class Better(StrEnum):
    """Which way is an improvement. None (no direction) gives neutral, purple, signals."""

    HIGHER = "higher"
    LOWER = "lower"


class Rule(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    RUN = "run"
    TREND = "trend"
    NEAR_LIMIT = "near_limit"

    @property
    def description(self) -> str:
        return RULE_DESCRIPTIONS[self]


RULE_DESCRIPTIONS = {
    Rule.OUTSIDE_LIMITS: "a point outside the process limits",
    Rule.RUN: f"{RUN_LENGTH} or more points in a row on one side of the mean",
    Rule.TREND: f"{TREND_LENGTH} or more points in a row rising or falling",
    Rule.NEAR_LIMIT: "2 of 3 points in a row close to a limit",
}
# The order in which rules give a point its side, strongest first.
RULE_STRENGTH = (Rule.OUTSIDE_LIMITS, Rule.NEAR_LIMIT, Rule.RUN, Rule.TREND)


class Signal(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVING = "improving"
    CONCERNING = "concerning"
    NEUTRAL = "neutral"


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVING_HIGH = "improving_high"
    IMPROVING_LOW = "improving_low"
    CONCERNING_HIGH = "concerning_high"
    CONCERNING_LOW = "concerning_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"

    @property
    def label(self) -> str:
        return VARIATION_LABELS[self]


VARIATION_LABELS = {
    Variation.COMMON_CAUSE: "Common cause variation: no significant change",
    Variation.IMPROVING_HIGH: "Special cause variation, improving: higher values",
    Variation.IMPROVING_LOW: "Special cause variation, improving: lower values",
    Variation.CONCERNING_HIGH: "Special cause variation, concerning: higher values",
    Variation.CONCERNING_LOW: "Special cause variation, concerning: lower values",
    Variation.NEUTRAL_HIGH: "Special cause variation: higher values (neither better nor worse)",
    Variation.NEUTRAL_LOW: "Special cause variation: lower values (neither better nor worse)",
}


class Assurance(StrEnum):
    CONSISTENTLY_PASS = "consistently_pass"  # noqa: S105 (Making Data Count's word, not a password)
    CONSISTENTLY_FAIL = "consistently_fail"
    HIT_AND_MISS = "hit_and_miss"

    @property
    def label(self) -> str:
        return ASSURANCE_LABELS[self]


ASSURANCE_LABELS = {
    Assurance.CONSISTENTLY_PASS: "The target will be met consistently while the process stays as it is",
    Assurance.CONSISTENTLY_FAIL: "The target will not be met while the process stays as it is",
    Assurance.HIT_AND_MISS: "The target will sometimes be met and sometimes missed, by chance alone",
}


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float | None


@dataclass(frozen=True)
class Annotation:
    """Something done on a date (an action, a change of process) to show on the chart."""

    date: dt.date
    label: str


@dataclass(frozen=True)
class PlacedAnnotation:
    date: dt.date
    label: str
    index: int | None  # the point whose period it falls in; None when outside the chart's dates


@dataclass(frozen=True)
class Limits:
    mean: float
    mean_moving_range: float
    upper: float
    lower: float
    upper_near: float  # two-thirds of the way from the mean to the upper limit
    lower_near: float
    points: int  # how many recorded points they were worked out from

    @property
    def reliable(self) -> bool:
        return self.points >= RELIABLE_POINTS


@dataclass(frozen=True)
class PointResult:
    date: dt.date
    value: float | None
    moving_range: float | None
    rules: frozenset[Rule] = frozenset()
    side: int = 0  # +1 high, -1 low, 0 for no special cause
    signal: Signal | None = None  # None for a missing point

    @property
    def is_special(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class XmR:
    points: tuple[PointResult, ...]
    limits: Limits | None
    better: Better | None
    target: float | None
    baseline: tuple[dt.date, dt.date] | None  # first and last date of a fixed baseline
    annotations: tuple[PlacedAnnotation, ...] = field(default_factory=tuple)

    @property
    def recorded(self) -> list[PointResult]:
        return [p for p in self.points if p.value is not None]

    @property
    def variation(self) -> Variation | None:
        return variation_icon(self)

    @property
    def assurance(self) -> Assurance | None:
        return assurance_icon(limits=self.limits, better=self.better, target=self.target)

    def marked_by(self, rule: Rule) -> list[int]:
        """The indexes (into `points`) of the points a rule marks."""
        return [i for i, p in enumerate(self.points) if rule in p.rules]


# --- the arithmetic ----------------------------------------------------------------------------


def moving_ranges(values: Sequence[float | None]) -> list[float | None]:
    """|x[i] - x[i-1]| for each point; None for the first point and either side of a gap."""
    ranges: list[float | None] = [None]
    for before, value in zip(values, values[1:], strict=False):
        ranges.append(None if before is None or value is None else abs(value - before))
    return ranges[: len(values)]


def limits_for(values: Sequence[float | None]) -> Limits | None:
    """Mean and process limits of the values; None when there is no moving range to work from."""
    recorded = [v for v in values if v is not None]
    ranges = [r for r in moving_ranges(values) if r is not None]
    if len(recorded) < 2 or not ranges:
        return None
    mean = math.fsum(recorded) / len(recorded)
    mr = math.fsum(ranges) / len(ranges)
    spread = LIMIT_FACTOR * mr
    return Limits(
        mean=mean,
        mean_moving_range=mr,
        upper=mean + spread,
        lower=mean - spread,
        upper_near=mean + NEAR_FRACTION * spread,
        lower_near=mean - NEAR_FRACTION * spread,
        points=len(recorded),
    )


def _side(value: float, centre: float) -> int:
    return (value > centre) - (value < centre)


def outside_limits(values: Sequence[float | None], limits: Limits) -> dict[int, int]:
    """{index: side} of points strictly above the upper or below the lower limit."""
    marked = {}
    for i, v in enumerate(values):
        if v is not None and (v > limits.upper or v < limits.lower):
            marked[i] = 1 if v > limits.upper else -1
    return marked


def _recorded(values: Sequence[float | None]) -> list[tuple[int, float]]:
    return [(i, v) for i, v in enumerate(values) if v is not None]


def runs(values: Sequence[float | None], mean: float, *, length: int = RUN_LENGTH) -> dict[int, int]:
    """{index: side} of points in a run of `length` or more recorded points on one side of the mean."""
    marked: dict[int, int] = {}
    stretch: list[int] = []
    side = 0
    for i, v in [*_recorded(values), (None, None)]:
        s = 0 if v is None else _side(v, mean)
        if s != 0 and s == side:
            stretch.append(i)
            continue
        if side != 0 and len(stretch) >= length:
            marked.update(dict.fromkeys(stretch, side))
        stretch, side = ([i], s) if s != 0 else ([], 0)
    return marked


def trends(values: Sequence[float | None], *, length: int = TREND_LENGTH) -> dict[int, int]:
    """{index: direction} of points in `length` or more recorded points each above (or below) the last."""
    marked: dict[int, int] = {}
    points = _recorded(values)
    stretch: list[int] = [points[0][0]] if points else []
    direction = 0
    for (_, before), (i, v) in zip(points, points[1:], strict=False):
        d = _side(v, before)
        if d != 0 and d == direction:
            stretch.append(i)
            continue
        if direction != 0 and len(stretch) >= length:
            marked.update(dict.fromkeys(stretch, direction))
        # The point before starts the new stretch: a trend of 7 points is 6 steps.
        stretch, direction = [stretch[-1], i], d
    if direction != 0 and len(stretch) >= length:
        marked.update(dict.fromkeys(stretch, direction))
    return marked


def near_limit(values: Sequence[float | None], limits: Limits) -> dict[int, int]:
    """{index: side} of points beyond two-thirds of the way to a limit, where 2 of 3 consecutive
    recorded points are beyond it on the same side. The points beyond the line are marked."""
    marked: dict[int, int] = {}
    points = _recorded(values)
    # A series of only two recorded points is one (short) window.
    for start in range(max(len(points) - 2, 1)):
        window = points[start : start + 3]
        high = [i for i, v in window if v > limits.upper_near]
        low = [i for i, v in window if v < limits.lower_near]
        if len(high) >= 2:
            marked.update(dict.fromkeys(high, 1))
        if len(low) >= 2:
            marked.update(dict.fromkeys(low, -1))
    return marked


# --- the chart ---------------------------------------------------------------------------------


def _check_points(points: Sequence[Point]) -> None:
    for n, point in enumerate(points, start=1):
        if not isinstance(point.date, dt.date):
            raise ValueError(f"Point {n}: the date must be a date, not {point.date!r}.")
        if point.value is not None and (
            isinstance(point.value, bool) or not isinstance(point.value, (int, float)) or not math.isfinite(point.value)
        ):
            raise ValueError(
                f"Point {n} ({point.date}): the value must be a finite number or None, not {point.value!r}."
            )
        if n > 1 and point.date <= points[n - 2].date:
            raise ValueError(f"Point {n} ({point.date}): dates must rise, but it follows {points[n - 2].date}.")


def _baseline_indexes(
    points: Sequence[Point], baseline_points: int | None, baseline_period: tuple[dt.date, dt.date] | None
) -> list[int] | None:
    if baseline_points is not None and baseline_period is not None:
        raise ValueError("Give a baseline as a number of points or as a period, not both.")
    if baseline_points is not None:
        if baseline_points < 2:
            raise ValueError(f"A baseline needs at least 2 points, not {baseline_points}.")
        recorded = [i for i, p in enumerate(points) if p.value is not None]
        if len(recorded) < baseline_points:
            raise ValueError(
                f"A baseline of {baseline_points} points needs {baseline_points}; there are {len(recorded)}."
            )
        return list(range(recorded[baseline_points - 1] + 1))
    if baseline_period is not None:
        start, end = baseline_period
        if end < start:
            raise ValueError(f"The baseline period ends ({end}) before it starts ({start}).")
        return [i for i, p in enumerate(points) if start <= p.date <= end]
    return None


def _chart_end(points: Sequence[Point]) -> dt.date:
    """The day after the last point's period: the next month for monthly points (dated the 1st),
    else one more step of the same length as the last."""
    last = points[-1].date
    if all(p.date.day == 1 for p in points):
        return add_months(last, 1)
    return last + (last - points[-2].date if len(points) > 1 else dt.timedelta(days=1))


def place_annotations(points: Sequence[Point], annotations: Iterable[Annotation]) -> tuple[PlacedAnnotation, ...]:
    """Each annotation at the point whose period it falls in (the last point dated on or before it);
    outside the chart's dates its index is None, and it is listed but not drawn."""
    placed = []
    end = _chart_end(points) if points else None
    for note in sorted(annotations, key=lambda a: a.date):
        index = None
        if end is not None and points[0].date <= note.date < end:
            index = max(i for i, p in enumerate(points) if p.date <= note.date)
        placed.append(PlacedAnnotation(date=note.date, label=note.label, index=index))
    return tuple(placed)


def xmr(
    points: Sequence[Point],
    *,
    better: Better | None = None,
    target: float | None = None,
    baseline_points: int | None = None,
    baseline_period: tuple[dt.date, dt.date] | None = None,
    annotations: Iterable[Annotation] = (),
) -> XmR:
    """The XmR chart of the points: limits, the rules each point breaks, and its signal."""
    points = list(points)
    _check_points(points)
    if better is not None:
        better = Better(better)
    values = [None if p.value is None else float(p.value) for p in points]
    base = _baseline_indexes(points, baseline_points, baseline_period)
    if base is not None:
        limits = limits_for([values[i] for i in base])
        if limits is None:
            raise ValueError("The baseline needs at least 2 consecutive recorded points to give a moving range.")
        baseline = (points[base[0]].date, points[base[-1]].date)
    else:
        limits = limits_for(values)
        baseline = None
    ranges = moving_ranges(values)
    by_rule: dict[Rule, dict[int, int]] = {}
    if limits is not None:
        by_rule = {
            Rule.OUTSIDE_LIMITS: outside_limits(values, limits),
            Rule.NEAR_LIMIT: near_limit(values, limits),
            Rule.RUN: runs(values, limits.mean),
            Rule.TREND: trends(values),
        }
    results = []
    for i, (point, value) in enumerate(zip(points, values, strict=True)):
        if value is None:
            results.append(PointResult(date=point.date, value=None, moving_range=None))
            continue
        rules = frozenset(rule for rule, marked in by_rule.items() if i in marked)
        side = next((by_rule[rule][i] for rule in RULE_STRENGTH if rule in rules), 0)
        results.append(
            PointResult(
                date=point.date,
                value=value,
                moving_range=ranges[i],
                rules=rules,
                side=side,
                signal=signal_for(side=side, better=better) if rules else Signal.COMMON_CAUSE,
            )
        )
    return XmR(
        points=tuple(results),
        limits=limits,
        better=better,
        target=None if target is None else float(target),
        baseline=baseline,
        annotations=place_annotations(points, annotations),
    )


def signal_for(*, side: int, better: Better | None) -> Signal:
    if better is None:
        return Signal.NEUTRAL
    good = 1 if better == Better.HIGHER else -1
    return Signal.IMPROVING if side == good else Signal.CONCERNING


def variation_icon(chart: XmR) -> Variation | None:
    """The icon for the latest recorded point; None without limits (too few points)."""
    recorded = chart.recorded
    if chart.limits is None or not recorded:
        return None
    latest = recorded[-1]
    if not latest.is_special:
        return Variation.COMMON_CAUSE
    high = latest.side > 0
    return {
        Signal.IMPROVING: (Variation.IMPROVING_LOW, Variation.IMPROVING_HIGH),
        Signal.CONCERNING: (Variation.CONCERNING_LOW, Variation.CONCERNING_HIGH),
        Signal.NEUTRAL: (Variation.NEUTRAL_LOW, Variation.NEUTRAL_HIGH),
    }[latest.signal][high]


def assurance_icon(*, limits: Limits | None, better: Better | None, target: float | None) -> Assurance | None:
    """Whether the process, as it is, will meet the target: only with limits, a target and a direction.

    Higher is better: a target at or below the lower limit is always passed; above the upper limit,
    never. Lower is better, the other way round. A target on or between the limits is hit and miss.
    """
    if limits is None or target is None or better is None:
        return None
    if better == Better.HIGHER:
        if target < limits.lower:
            return Assurance.CONSISTENTLY_PASS
        if target > limits.upper:
            return Assurance.CONSISTENTLY_FAIL
    else:
        if target > limits.upper:
            return Assurance.CONSISTENTLY_PASS
        if target < limits.lower:
            return Assurance.CONSISTENTLY_FAIL
    return Assurance.HIT_AND_MISS


# --- months ------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first`'s month to `last`'s, inclusive."""
    start, end = month_start(first), month_start(last)
    out = []
    while start <= end:
        out.append(start)
        start = add_months(start, 1)
    return out


def monthly_points(values: dict[dt.date, float | None], first: dt.date, last: dt.date) -> list[Point]:
    """One point a month from `first` to `last`; a month missing from `values` is a gap."""
    return [Point(date=m, value=values.get(m)) for m in months(first, last)]
