"""Hand-worked XmR charts. Each test writes out its arithmetic so a reader can check it on paper.

Reminders: mean moving range (mR) = average of |x[i] - x[i-1]|; limits = mean ± 2.66 × mR;
"close to a limit" lines = mean ± (2/3) × 2.66 × mR.
"""

import datetime as dt

import pytest

from reports.spc import (
    Annotation,
    Assurance,
    Better,
    Point,
    Rule,
    Signal,
    Variation,
    assurance_icon,
    limits_for,
    monthly_points,
    months,
    moving_ranges,
    xmr,
)


def monthly(values, start=dt.date(2025, 1, 1)):
    out, day = [], start
    for value in values:
        out.append(Point(date=day, value=value))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def marked(chart, rule):
    return chart.marked_by(rule)


# --- limits ------------------------------------------------------------------------------------


def test_limits_worked_by_hand():
    # values 4, 6, 5, 7, 8
    # mean = (4+6+5+7+8)/5 = 30/5 = 6
    # moving ranges = |6-4|, |5-6|, |7-5|, |8-7| = 2, 1, 2, 1; mR = 6/4 = 1.5
    # spread = 2.66 × 1.5 = 3.99: upper = 9.99, lower = 2.01
    # near lines = 6 ± (2/3 × 3.99) = 6 ± 2.66: 8.66 and 3.34
    limits = limits_for([4, 6, 5, 7, 8])
    assert limits.mean == pytest.approx(6)
    assert limits.mean_moving_range == pytest.approx(1.5)
    assert limits.upper == pytest.approx(9.99)
    assert limits.lower == pytest.approx(2.01)
    assert limits.upper_near == pytest.approx(8.66)
    assert limits.lower_near == pytest.approx(3.34)
    assert limits.points == 5
    assert not limits.reliable  # fewer than 15 points


# --- rule 1: a point outside the limits ----------------------------------------------------------

# 8, 12, 8, 12, 8, 12, 8, 12, 8, 32
# mean = (5×8 + 4×12 + 32)/10 = (40 + 48 + 32)/10 = 12
# moving ranges: eight of 4 and |32-8| = 24: mR = (32 + 24)/9 = 56/9 = 6.222
# spread = 2.66 × 6.222 = 16.551: upper = 28.551, lower = -4.551
# 32 > 28.551: outside, high. Near upper line = 12 + 11.034 = 23.034: only 32 is beyond it (1 of 3).
# No run: the 12s sit on the mean, which ends a run. No trend: the values zig-zag.
HIGH_OUTLIER = [8, 12, 8, 12, 8, 12, 8, 12, 8, 32]
# The mirror image, 24 - x: 16, 12, 16, ..., 16, -8. Same mR; lower limit 12 - 16.551 = -4.551 > -8.
LOW_OUTLIER = [24 - v for v in HIGH_OUTLIER]


def test_a_point_above_the_upper_limit_is_special_cause():
    chart = xmr(monthly(HIGH_OUTLIER), better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(12)
    assert chart.limits.mean_moving_range == pytest.approx(56 / 9)
    assert chart.limits.upper == pytest.approx(28.551, abs=0.001)
    assert marked(chart, Rule.OUTSIDE_LIMITS) == [9]
    assert marked(chart, Rule.RUN) == marked(chart, Rule.TREND) == marked(chart, Rule.NEAR_LIMIT) == []
    assert chart.points[9].signal == Signal.IMPROVING
    assert [p.signal for p in chart.points[:9]] == [Signal.COMMON_CAUSE] * 9


def test_a_point_below_the_lower_limit_is_special_cause():
    chart = xmr(monthly(LOW_OUTLIER), better=Better.HIGHER)
    assert chart.limits.lower == pytest.approx(-4.551, abs=0.001)
    assert marked(chart, Rule.OUTSIDE_LIMITS) == [9]
    assert chart.points[9].side == -1
    assert chart.points[9].signal == Signal.CONCERNING


def test_a_point_on_a_limit_is_inside_it():
    # 0, 2, 0, 2: mean 1, mR 2, upper = 1 + 5.32 = 6.32. Adding 6.32 exactly would move the mean,
    # so take the limits from the first four points (a fixed baseline) and put 6.32 after them.
    chart = xmr(monthly([0, 2, 0, 2, 6.32]), baseline_points=4)
    assert chart.limits.upper == pytest.approx(6.32)
    assert marked(chart, Rule.OUTSIDE_LIMITS) == []


# --- rule 2: a run of 7 or more on one side of the mean ------------------------------------------


def test_seven_points_in_a_row_above_the_mean_make_a_run():
    # 5, 1, 5, 1, then seven 4s. mean = (5+1+5+1 + 7×4)/11 = 40/11 = 3.636
    # sides: above, below, above, below, then seven above: the last seven are a run.
    # mR = (4+4+4+3 + 6×0)/10 = 1.5; spread 3.99: upper 7.626, lower -0.354 (nothing outside);
    # near upper = 3.636 + 2.66 = 6.296 (no 4 is beyond it); the 4s are equal, so no trend.
    chart = xmr(monthly([5, 1, 5, 1, 4, 4, 4, 4, 4, 4, 4]), better=Better.LOWER)
    assert chart.limits.mean == pytest.approx(40 / 11)
    assert marked(chart, Rule.RUN) == [4, 5, 6, 7, 8, 9, 10]
    assert marked(chart, Rule.OUTSIDE_LIMITS) == marked(chart, Rule.NEAR_LIMIT) == marked(chart, Rule.TREND) == []
    assert {p.signal for p in chart.points[4:]} == {Signal.CONCERNING}  # above the mean, and lower is better


def test_six_points_in_a_row_are_not_a_run():
    # 5, 1, 5, 1, then six 4s. mean = (12 + 24)/10 = 3.6: six 4s above it, one short of a run.
    chart = xmr(monthly([5, 1, 5, 1, 4, 4, 4, 4, 4, 4]))
    assert chart.limits.mean == pytest.approx(3.6)
    assert marked(chart, Rule.RUN) == []


def test_seven_points_below_the_mean_make_a_run_and_a_point_on_the_mean_ends_one():
    # 1, 5, 1, 5, then seven 2s: mean = (12 + 14)/11 = 26/11 = 2.364; the seven 2s are below it.
    chart = xmr(monthly([1, 5, 1, 5, 2, 2, 2, 2, 2, 2, 2]), better=Better.LOWER)
    assert marked(chart, Rule.RUN) == [4, 5, 6, 7, 8, 9, 10]
    assert chart.points[10].signal == Signal.IMPROVING
    # A point exactly on the mean ends a run. Fix the mean with a baseline of 0, 4 (mean 2, mR 4),
    # then 1, 1, 1, 2, 1, 1, 1, 1: three below, the 2 on the mean, four below: no run of 7.
    chart = xmr(monthly([0, 4, 1, 1, 1, 2, 1, 1, 1, 1]), baseline_points=2)
    assert chart.limits.mean == pytest.approx(2)
    assert marked(chart, Rule.RUN) == []
    # The same with a 1 in place of the 2: eight below (the 0 is below too, the 4 above): a run.
    chart = xmr(monthly([0, 4, 1, 1, 1, 1, 1, 1, 1, 1]), baseline_points=2)
    assert marked(chart, Rule.RUN) == [2, 3, 4, 5, 6, 7, 8, 9]


# --- rule 3: a trend of 7 or more rising or falling ----------------------------------------------

# 5, 3, 1, 2, 3, 4, 5, 6, 7, 3: from the 1 (index 2) to the 7 (index 8), seven points each higher.
# mean = 39/10 = 3.9; moving ranges 2,2,1,1,1,1,1,1,4: mR = 14/9 = 1.556; spread = 4.138:
# upper 8.038 (7 is inside); near upper = 3.9 + 2.759 = 6.659: only the 7 is beyond (1 of 3).
# sides of 3.9: +, -, -, -, -, +, +, +, +, -: the longest run is 4. So only the trend marks points.
RISING = [5, 3, 1, 2, 3, 4, 5, 6, 7, 3]


def test_seven_rising_points_make_a_trend():
    chart = xmr(monthly(RISING), better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(3.9)
    assert chart.limits.upper == pytest.approx(3.9 + 2.66 * 14 / 9)
    assert marked(chart, Rule.TREND) == [2, 3, 4, 5, 6, 7, 8]
    assert marked(chart, Rule.RUN) == marked(chart, Rule.OUTSIDE_LIMITS) == marked(chart, Rule.NEAR_LIMIT) == []
    assert {chart.points[i].signal for i in range(2, 9)} == {Signal.IMPROVING}
    assert chart.points[9].signal == Signal.COMMON_CAUSE


def test_seven_falling_points_make_a_trend():
    # The mirror image, 10 - x: 5, 7, 9, 8, 7, 6, 5, 4, 3, 7: seven falling from index 2 to 8.
    chart = xmr(monthly([10 - v for v in RISING]), better=Better.HIGHER)
    assert marked(chart, Rule.TREND) == [2, 3, 4, 5, 6, 7, 8]
    assert {chart.points[i].side for i in range(2, 9)} == {-1}
    assert {chart.points[i].signal for i in range(2, 9)} == {Signal.CONCERNING}


def test_six_rising_points_or_an_equal_pair_are_not_a_trend():
    # 5, 3, 1, 2, 3, 4, 5, 6, 3: 1 to 6 is six points.
    assert marked(xmr(monthly([5, 3, 1, 2, 3, 4, 5, 6, 3])), Rule.TREND) == []
    # 1, 2, 3, 3, 4, 5, 6, 7: the repeated 3 ends the rise, leaving 3 points and then 5.
    assert marked(xmr(monthly([1, 2, 3, 3, 4, 5, 6, 7])), Rule.TREND) == []


# --- rule 4: 2 of 3 points close to a limit ------------------------------------------------------


def test_two_of_three_points_beyond_two_thirds_of_the_way_to_a_limit():
    # 9, 11, 9, 11, 9, 11, 14, 14, 11, 9, 6, 6, 9, 11 (14 points)
    # mean = (3×20 + 28 + 20 + 12 + 20)/14 = 140/14 = 10
    # moving ranges: 2,2,2,2,2 then 3,0,3,2,3,0,3,2 -> total 10 + 16 = 26 over 13: mR = 2
    # spread = 2.66 × 2 = 5.32: limits 15.32 and 4.68; near lines 10 ± 3.5467: 13.547 and 6.453
    # the two 14s (indexes 6, 7) are beyond 13.547 and inside 15.32: marked high;
    # the two 6s (indexes 10, 11) are beyond 6.453 and inside 4.68: marked low.
    # runs: at most 4 on a side; trends: at most 4 falling (14, 11, 9, 6).
    values = [9, 11, 9, 11, 9, 11, 14, 14, 11, 9, 6, 6, 9, 11]
    chart = xmr(monthly(values), better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(10)
    assert chart.limits.mean_moving_range == pytest.approx(2)
    assert chart.limits.upper_near == pytest.approx(10 + 2 / 3 * 5.32)
    assert marked(chart, Rule.NEAR_LIMIT) == [6, 7, 10, 11]
    assert marked(chart, Rule.OUTSIDE_LIMITS) == marked(chart, Rule.RUN) == marked(chart, Rule.TREND) == []
    assert [chart.points[i].signal for i in (6, 7, 10, 11)] == [Signal.IMPROVING] * 2 + [Signal.CONCERNING] * 2
    # The latest point is common cause, whatever happened before it.
    assert chart.variation == Variation.COMMON_CAUSE


def test_two_of_three_must_be_on_the_same_side():
    # Baseline 8, 12, 8, 12: mean 10, mR 4, spread 10.64; near lines 10 ± 7.093: 17.093 and 2.907.
    # Then 18, 2, 10: 18 is beyond the upper line and 2 beyond the lower one, but they are on
    # opposite sides, so nothing is marked (and both are inside the limits 20.64 and -0.64).
    chart = xmr(monthly([8, 12, 8, 12, 18, 2, 10]), baseline_points=4)
    assert chart.limits.upper_near == pytest.approx(17.0933, abs=0.0001)
    assert marked(chart, Rule.NEAR_LIMIT) == []
    # 18, 11, 19: 18 and 19 beyond 17.093 on the same side, 11 between: the 18 and 19 are marked.
    chart = xmr(monthly([8, 12, 8, 12, 18, 11, 19]), baseline_points=4)
    assert marked(chart, Rule.NEAR_LIMIT) == [4, 6]


# --- the variation icon --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "better", "icon"),
    [
        (HIGH_OUTLIER, Better.HIGHER, Variation.IMPROVING_HIGH),
        (HIGH_OUTLIER, Better.LOWER, Variation.CONCERNING_HIGH),
        (HIGH_OUTLIER, None, Variation.NEUTRAL_HIGH),
        (LOW_OUTLIER, Better.HIGHER, Variation.CONCERNING_LOW),
        (LOW_OUTLIER, Better.LOWER, Variation.IMPROVING_LOW),
        (LOW_OUTLIER, None, Variation.NEUTRAL_LOW),
        # The last point of a rising trend with nothing else special: 5, 3, 1, 2, 3, 4, 5, 6, 7.
        # mean 36/9 = 4; mR = 10/8 = 1.25; upper = 4 + 3.325 = 7.325 (7 inside); near = 6.217 (only
        # the 7 beyond). The trend's side is the way it moves: up, so "high".
        (RISING[:9], Better.LOWER, Variation.CONCERNING_HIGH),
        (RISING[:9], Better.HIGHER, Variation.IMPROVING_HIGH),
        ([5, 1, 5, 1, 4, 4, 4, 4, 4, 4], Better.HIGHER, Variation.COMMON_CAUSE),
    ],
)
def test_variation_icon_describes_the_latest_point(values, better, icon):
    assert xmr(monthly(values), better=better).variation == icon


# --- the assurance icon --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("better", "target", "icon"),
    [
        # limits of 4, 6, 5, 7, 8: lower 2.01, upper 9.99 (worked above)
        (Better.HIGHER, 2, Assurance.CONSISTENTLY_PASS),  # every value expected is above 2
        (Better.HIGHER, 10, Assurance.CONSISTENTLY_FAIL),  # no value expected reaches 10
        (Better.HIGHER, 6, Assurance.HIT_AND_MISS),
        (Better.LOWER, 10, Assurance.CONSISTENTLY_PASS),
        (Better.LOWER, 2, Assurance.CONSISTENTLY_FAIL),
        (Better.LOWER, 9.5, Assurance.HIT_AND_MISS),
        (None, 6, None),  # no direction, no assurance
        (Better.HIGHER, None, None),  # no target, no assurance
    ],
)
def test_assurance_icon(better, target, icon):
    chart = xmr(monthly([4, 6, 5, 7, 8]), better=better, target=target)
    assert chart.assurance == icon


def test_assurance_target_on_a_limit_is_hit_and_miss():
    limits = limits_for([4, 6, 5, 7, 8])
    assert assurance_icon(limits=limits, better=Better.HIGHER, target=limits.lower) == Assurance.HIT_AND_MISS
    assert assurance_icon(limits=limits, better=Better.HIGHER, target=limits.upper) == Assurance.HIT_AND_MISS


# --- a fixed baseline ----------------------------------------------------------------------------


def test_fixed_baseline_from_the_first_points_is_carried_forward():
    # Baseline 8, 12, 8, 12: mean 10, mR 4, limits 10 ± 10.64 = 20.64 and -0.64.
    # Then 11, 13, 11, 13, 11, 13, 11, 25: with the last baseline 12, nine points in a row above the
    # baseline mean of 10 (indexes 3 to 11), a run; the 25 is outside the upper limit too.
    # Without the baseline the mean is 148/12 = 12.33: the first five points are below it and then
    # the 11s and 13s alternate, so there is no run.
    values = [8, 12, 8, 12, 11, 13, 11, 13, 11, 13, 11, 25]
    chart = xmr(monthly(values), baseline_points=4, better=Better.HIGHER)
    assert (chart.limits.mean, chart.limits.mean_moving_range) == (pytest.approx(10), pytest.approx(4))
    assert chart.limits.upper == pytest.approx(20.64)
    assert chart.baseline == (dt.date(2025, 1, 1), dt.date(2025, 4, 1))
    assert marked(chart, Rule.RUN) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert marked(chart, Rule.OUTSIDE_LIMITS) == [11]
    # Without the baseline, the limits come from all twelve points and there is no run.
    free = xmr(monthly(values))
    assert free.limits.mean == pytest.approx(148 / 12)
    assert marked(free, Rule.RUN) == []


def test_fixed_baseline_from_a_period_matches_the_same_points():
    values = [8, 12, 8, 12, 11, 13, 11, 13, 11, 13, 11, 25]
    by_period = xmr(monthly(values), baseline_period=(dt.date(2025, 1, 1), dt.date(2025, 4, 30)))
    by_count = xmr(monthly(values), baseline_points=4)
    assert by_period.limits == by_count.limits
    assert by_period.baseline == (dt.date(2025, 1, 1), dt.date(2025, 4, 1))


def test_baseline_errors_say_what_is_wrong():
    with pytest.raises(ValueError, match="not both"):
        xmr(monthly([1, 2, 3]), baseline_points=2, baseline_period=(dt.date(2025, 1, 1), dt.date(2025, 2, 1)))
    with pytest.raises(ValueError, match="needs 5; there are 3"):
        xmr(monthly([1, 2, 3]), baseline_points=5)
    with pytest.raises(ValueError, match="at least 2 consecutive"):
        xmr(monthly([1, 2, 3]), baseline_period=(dt.date(2025, 1, 1), dt.date(2025, 1, 31)))
    with pytest.raises(ValueError, match="ends .* before it starts"):
        xmr(monthly([1, 2, 3]), baseline_period=(dt.date(2025, 3, 1), dt.date(2025, 1, 1)))


# --- annotations ---------------------------------------------------------------------------------


def test_annotations_sit_in_the_period_they_fall_in():
    points = monthly([1, 2, 3, 4, 5, 6])  # January to June 2025
    chart = xmr(
        points,
        annotations=[
            Annotation(dt.date(2025, 3, 15), "New menu"),
            Annotation(dt.date(2024, 12, 31), "Before the chart"),
            Annotation(dt.date(2025, 6, 30), "End of June"),
            Annotation(dt.date(2025, 7, 1), "After the chart"),
            Annotation(dt.date(2025, 1, 1), "First day"),
        ],
    )
    assert [(a.label, a.index) for a in chart.annotations] == [
        ("Before the chart", None),
        ("First day", 0),
        ("New menu", 2),
        ("End of June", 5),
        ("After the chart", None),
    ]


# --- edge cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("values", [[], [5], [5, None, 7], [None, None]])
def test_too_few_points_give_no_limits_and_no_icons(values):
    chart = xmr(monthly(values), better=Better.HIGHER, target=3)
    assert chart.limits is None
    assert chart.variation is None
    assert chart.assurance is None
    assert all(not p.rules for p in chart.points)


def test_two_points_are_enough_for_limits_but_flagged_unreliable():
    # 5, 7: mean 6, mR 2, limits 6 ± 5.32
    chart = xmr(monthly([5, 7]))
    assert chart.limits.upper == pytest.approx(11.32)
    assert chart.limits.lower == pytest.approx(0.68)
    assert not chart.limits.reliable
    assert chart.variation == Variation.COMMON_CAUSE


def test_all_values_equal():
    # mean 5, every moving range 0: the limits close onto the mean. Nothing is beyond them (beyond
    # is strict), no point is on either side of the mean, and equal points are no trend.
    chart = xmr(monthly([5] * 12), better=Better.HIGHER, target=5)
    assert (chart.limits.lower, chart.limits.mean, chart.limits.upper) == (5, 5, 5)
    assert all(not p.rules for p in chart.points)
    assert chart.variation == Variation.COMMON_CAUSE
    assert chart.assurance == Assurance.HIT_AND_MISS
    assert xmr(monthly([5] * 12), better=Better.HIGHER, target=4).assurance == Assurance.CONSISTENTLY_PASS


def test_missing_months_are_gaps():
    # 1, 2, 3, (missing), 4, 5, 6, 7: no moving range either side of the gap:
    # ranges None, 1, 1, None, None, 1, 1, 1: mR = 5/5 = 1; mean = 28/7 = 4.
    # The rules step over the gap: 1..7 are seven rising recorded points, a trend.
    values = [1, 2, 3, None, 4, 5, 6, 7]
    assert moving_ranges(values) == [None, 1, 1, None, None, 1, 1, 1]
    chart = xmr(monthly(values), better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(4)
    assert chart.limits.mean_moving_range == pytest.approx(1)
    assert chart.limits.points == 7
    assert marked(chart, Rule.TREND) == [0, 1, 2, 4, 5, 6, 7]
    assert chart.points[3].value is None and chart.points[3].signal is None
    assert chart.variation == Variation.IMPROVING_HIGH


def test_monthly_points_fill_missing_months_with_gaps():
    points = monthly_points(
        {dt.date(2025, 11, 1): 3.0, dt.date(2026, 1, 1): 5.0}, dt.date(2025, 11, 20), dt.date(2026, 2, 3)
    )
    assert [(p.date, p.value) for p in points] == [
        (dt.date(2025, 11, 1), 3.0),
        (dt.date(2025, 12, 1), None),
        (dt.date(2026, 1, 1), 5.0),
        (dt.date(2026, 2, 1), None),
    ]
    assert months(dt.date(2026, 3, 5), dt.date(2026, 2, 1)) == []


def test_bad_points_are_refused_with_where_they_are():
    with pytest.raises(ValueError, match=r"Point 3 \(2025-02-01\): dates must rise"):
        xmr([Point(dt.date(2025, 1, 1), 1), Point(dt.date(2025, 2, 1), 2), Point(dt.date(2025, 2, 1), 3)])
    with pytest.raises(ValueError, match="Point 2 .* finite number"):
        xmr([Point(dt.date(2025, 1, 1), 1), Point(dt.date(2025, 2, 1), float("nan"))])
    with pytest.raises(ValueError, match="Point 1 .* finite number"):
        xmr([Point(dt.date(2025, 1, 1), "12")])


def test_an_untested_point_is_charted_but_neither_sets_the_limits_nor_raises_a_signal():
    # HIGH_OUTLIER's first nine points, 8, 12, ... 8, then a tenth month not over yet at 32.
    # Tested, 32 is outside the limits (above). Held back, the chart is the first nine points alone:
    # mean = (5×8 + 4×12)/9 = 88/9 = 9.778; eight moving ranges of 4: mR = 4; spread = 10.64,
    # upper = 20.418. 32 is far beyond it, yet it is not marked, and the icon reads the ninth month.
    points = monthly(HIGH_OUTLIER)
    points[9] = Point(date=points[9].date, value=32, untested="the month is not over")
    chart = xmr(points, better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(88 / 9)
    assert chart.limits.mean_moving_range == pytest.approx(4)
    assert chart.limits.upper == pytest.approx(88 / 9 + 10.64)
    assert chart.limits.points == 9
    held = chart.points[9]
    assert held.value == 32 and held.untested == "the month is not over"
    assert not held.rules and held.signal is None and held.moving_range is None
    assert chart.marked_by(Rule.OUTSIDE_LIMITS) == []
    assert chart.variation == Variation.COMMON_CAUSE
    assert [p.date for p in chart.untested] == [points[9].date] and len(chart.recorded) == 9
    # Tested, the same value is a signal: the difference is the hold alone.
    assert xmr(monthly(HIGH_OUTLIER), better=Better.HIGHER).variation == Variation.IMPROVING_HIGH


def test_an_untested_point_between_others_is_stepped_over_as_a_gap():
    # 1, 2, 3, (held: 40), 4, 5, 6, 7 reads as test_missing_months_are_gaps: a trend of seven.
    values = [1, 2, 3, 40, 4, 5, 6, 7]
    points = monthly(values)
    points[3] = Point(date=points[3].date, value=40, untested="only 2 answers")
    chart = xmr(points, better=Better.HIGHER)
    assert chart.limits.mean == pytest.approx(4) and chart.limits.mean_moving_range == pytest.approx(1)
    assert marked(chart, Rule.TREND) == [0, 1, 2, 4, 5, 6, 7]
    assert chart.points[3].value == 40 and not chart.points[3].rules


def test_monthly_points_carry_the_reason_a_month_is_not_tested():
    values = {dt.date(2026, 11, 1): 30.0, dt.date(2026, 12, 1): 0.0}
    points = monthly_points(
        values, dt.date(2026, 11, 1), dt.date(2026, 12, 1), untested={dt.date(2026, 12, 1): "so far"}
    )
    assert [(p.value, p.untested) for p in points] == [(30.0, ""), (0.0, "so far")]
