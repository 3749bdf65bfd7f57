"""The chart: points checked, a baseline chosen, rules applied, annotations placed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reports.spc.arithmetic import limits_for, moving_ranges, near_limit, outside_limits, runs, trends
from reports.spc.icons import assurance_icon, signal_for, variation_icon
from reports.spc.periods import add_months
from reports.spc.terms import (
    RULE_STRENGTH,
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
)


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
        """The points tested against the rules: those with a value that are not held back."""
        return [p for p in self.points if p.value is not None and not p.untested]

    @property
    def untested(self) -> list[PointResult]:
        """The points charted with a value but not tested (see `Point.untested`)."""
        return [p for p in self.points if p.value is not None and p.untested]

    @property
    def variation(self) -> Variation | None:
        return variation_icon(self)

    @property
    def assurance(self) -> Assurance | None:
        return assurance_icon(limits=self.limits, better=self.better, target=self.target)

    def marked_by(self, rule: Rule) -> list[int]:
        """The indexes (into `points`) of the points a rule marks."""
        return [i for i, p in enumerate(self.points) if rule in p.rules]


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
        recorded = [i for i, p in enumerate(points) if p.value is not None and not p.untested]
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
    # An untested point is a gap to the arithmetic: no mean, limit or moving range is taken from it.
    values = [None if p.value is None or p.untested else float(p.value) for p in points]
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
            shown = None if point.value is None else float(point.value)
            results.append(PointResult(date=point.date, value=shown, moving_range=None, untested=point.untested))
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
