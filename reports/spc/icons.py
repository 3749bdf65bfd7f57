"""What a chart says: each point's signal, and the variation and assurance icons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reports.spc.terms import Assurance, Better, Limits, Signal, Variation, variation_of

if TYPE_CHECKING:
    from reports.spc.chart import XmR


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
    return variation_of(side=latest.side, signal=latest.signal)


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
