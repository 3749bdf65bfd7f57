"""The demo's leader words a challenge from the check's figures: rose, fell or as often, and whether
that is more than chance (ADR 0009's addendum on the figures at the check)."""

import datetime as dt

from governance.demo.routine import compared
from governance.services.impact_figures import ImpactFigures, ThemeFigures
from reports.spc import limits_for


def _figures(since: int, before: list[int]) -> ImpactFigures:
    theme = ThemeFigures(name="Food & drink", since=since, before=before, limits=limits_for(before))
    return ImpactFigures(done_on=dt.date(2026, 8, 1), today=dt.date(2026, 8, 31), service="Beech Court", themes=[theme])


def test_a_rise_is_said_as_a_rise_with_its_figures():
    words = compared("Food & drink", _figures(9, [4, 6, 5, 4, 6, 5]))
    assert words.startswith("Food & drink has been raised as a concern more often since the action was done")
    assert "(9 against 5 in as many days): more by more than chance." in words
    assert "as often as before" not in words


def test_a_small_fall_is_a_fall_within_normal_variation_and_equal_is_as_often():
    assert "less often" in compared("Food & drink", _figures(3, [4, 3, 5, 4, 3, 4]))
    assert "(3 against 4 in as many days): within normal variation." in compared(
        "Food & drink", _figures(3, [4, 3, 5, 4, 3, 4])
    )
    assert "as often since the action was done as before (4 against 4" in compared(
        "Food & drink", _figures(4, [4, 3, 5, 4, 3, 4])
    )
    assert compared("Food & drink", None) == "Food & drink: there are too few figures yet to show a change."
