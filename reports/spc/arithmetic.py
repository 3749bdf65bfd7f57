"""The arithmetic: moving ranges, limits, and the points each of the four rules marks."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reports.spc.terms import LIMIT_FACTOR, NEAR_FRACTION, RUN_LENGTH, TREND_LENGTH, Limits


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
