"""The terms an XmR chart speaks in: its constants, rules, signals, icons' labels, points and limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


# In plain words: "special cause" is what Making Data Count calls a change beyond normal variation.
# Every chart's icon label, and every verdict about a chart (such as the commissioner report's impact
# table), says it in these words.
VARIATION_LABELS = {
    Variation.COMMON_CAUSE: "No change beyond normal variation",
    Variation.IMPROVING_HIGH: "Higher than usual, beyond normal variation: better",
    Variation.IMPROVING_LOW: "Lower than usual, beyond normal variation: better",
    Variation.CONCERNING_HIGH: "Higher than usual, beyond normal variation: worse",
    Variation.CONCERNING_LOW: "Lower than usual, beyond normal variation: worse",
    Variation.NEUTRAL_HIGH: "Higher than usual, beyond normal variation (neither better nor worse)",
    Variation.NEUTRAL_LOW: "Lower than usual, beyond normal variation (neither better nor worse)",
}
BOTH_WAYS_LABEL = "Both higher and lower than usual, beyond normal variation"
# The same words for a kind of point, whichever side it is on: a chart's key names its markers so.
SIGNAL_LABELS = {
    Signal.COMMON_CAUSE: "Normal variation",
    Signal.IMPROVING: "Beyond normal variation: better",
    Signal.CONCERNING: "Beyond normal variation: worse",
    Signal.NEUTRAL: "Beyond normal variation (neither better nor worse)",
}
# How a chart's description introduces the points its rules marked.
BEYOND_NORMAL_VARIATION = "Beyond normal variation"


def variation_of(*, side: int, signal: Signal) -> Variation:
    """The variation a point shows: common cause, or special cause on its side (+1 high, -1 low)."""
    if not side:
        return Variation.COMMON_CAUSE
    return {
        Signal.IMPROVING: (Variation.IMPROVING_LOW, Variation.IMPROVING_HIGH),
        Signal.CONCERNING: (Variation.CONCERNING_LOW, Variation.CONCERNING_HIGH),
        Signal.NEUTRAL: (Variation.NEUTRAL_LOW, Variation.NEUTRAL_HIGH),
    }[signal][side > 0]


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
    """One period's value. A point with a reason it is `untested` (the month is not over yet, or too
    few took part to read anything into it) is charted and tabled, but it is not part of the process:
    the mean, limits and moving ranges leave it out, the rules step over it as over a gap, and it
    never raises a signal or gives the variation icon."""

    date: dt.date
    value: float | None
    untested: str = ""


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
    signal: Signal | None = None  # None for a missing point or an untested one
    untested: str = ""  # why the point was not tested against the rules, if it was not

    @property
    def is_special(self) -> bool:
        return bool(self.rules)
