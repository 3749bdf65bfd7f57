"""A report of a period not over yet, read early in a month: the month under way is charted as its
days so far but never tested against the special-cause rules, nor counted among the months after an
action; and a month with too few pieces of feedback to read a change into is not tested either."""

import datetime as dt

import pytest

from feedback.models import Comment, Feedback
from reports.commissioner import commissioner_report
from reports.oversight import MIN_FOR_A_SIGNAL, ThemeRates, untested_months
from reports.quarterly import quarterly_summary
from reports.spc import months
from reports.tests.quarter_seed import BELLS, at, theme_rate
from reports.trend_figures import theme_rate_figure
from themes.models import Source, ThemeAssignment

Q4 = dt.date(2026, 10, 1)
EARLY_DECEMBER = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)  # four days into the month
UNDER_WAY = "Not tested against the rules: the month is not over, so this is its days so far"


def heard(org, service, team, day: dt.date, *, bells: bool, seeded=None):
    from governance.tests.conftest import theme

    item = Feedback.objects.create(organisation=org, service=service, received_on=day, channel="paper")
    comment = Comment.objects.create(organisation=org, feedback=item, text="Words")
    if bells:
        ThemeAssignment.objects.create(
            organisation=org, comment=comment, theme=theme(org, BELLS), source=Source.PERSON,
            made_by=team.staff, made_at=at(day),
        )  # fmt: skip
    if seeded is not None:
        seeded.feedback.append((service.name, day, {BELLS} if bells else set()))


@pytest.fixture
def into_december(seeded, org, services, team):
    """The seeded quarter, then October and November at Rowan House as the months before them (six
    pieces of feedback each, two about call bells), and December's first four days: two pieces, both
    about call bells, 100%, far above where the months before put the limits."""
    rowan = services[0]
    for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        for i in range(6):
            heard(org, rowan, team, month.replace(day=2 + i * 4), bells=i < 2, seeded=seeded)
    for day in (2, 3):
        heard(org, rowan, team, dt.date(2026, 12, day), bells=True, seeded=seeded)
    return seeded


def commissioner_scope(team):
    from governance.tests.conftest import scope_of

    return scope_of(team.commissioner)


def test_the_commissioner_report_neither_tests_nor_counts_the_month_under_way(into_december, team):
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q4, now=EARLY_DECEMBER)
    impact = report.section("impact")
    [row] = impact.tables[0].rows
    header = impact.tables[0].header
    # The months after the action closed in August: September, October and November. Not December.
    after = [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert row[header.index("Months after")] == 3
    mean_after = round(sum(theme_rate(into_december, BELLS, [m], service="Rowan House") for m in after) / 3, 1)
    assert row[header.index("Mean % of feedback raising it as a concern, after")] == mean_after
    assert "Higher than usual" not in row[-1] and "Both" not in row[-1]
    [figure] = impact.figures
    table = figure.table
    december = table.rows[-1]
    assert (
        str(december[0]) == "Dec 2026" and december[table.header.index("Feedback raising the theme as a concern")] == 2
    )
    assert december[3] == 100.0  # charted, at its value so far
    assert december[table.header.index("Variation")] == UNDER_WAY and december[-1] == ""
    # Tested, December would have been a point outside the limits the months before set.
    assert december[3] > december[table.header.index("Upper limit")]
    assert "Dec 2026, not tested against the rules (the month is not over" in str(figure.chart)
    assert not any("Dec 2026" in label for label in figure.icon_labels)


def test_the_quarterly_summary_says_no_signal_of_the_month_under_way(into_december, admin_scope):
    report = quarterly_summary(scope=admin_scope, quarter=Q4, now=EARLY_DECEMBER)
    top = report.section("themes").tables[0]
    bells = next(row for row in top.rows if row[0] == "Call bells & responsiveness")
    assert "Dec 2026" not in bells[-1]
    figure = next(f for f in report.section("themes").figures if f.table.caption.startswith("Call bells"))
    assert str(figure.table.rows[-1][0]) == "Dec 2026" and figure.table.rows[-1][-2] == UNDER_WAY


def test_once_the_month_is_over_it_is_tested(into_december, team):
    # Read on 1 January, December is a whole month (of two pieces of feedback, too few: see below).
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q4, now=dt.datetime(2027, 1, 4, tzinfo=dt.UTC))
    december = report.section("impact").figures[0].table.rows[-1]
    assert december[-2] == (
        f"Not tested against the rules: only 2 pieces of feedback with comments, fewer than the "
        f"{MIN_FOR_A_SIGNAL} a month needs to be tested"
    )


def test_a_month_with_too_few_pieces_of_feedback_raises_no_signal():
    # Twelve months with 20 pieces of feedback each, 8 carrying the theme (40%), and March with 2, both
    # carrying it (100%). March is charted and tabled but not tested, and sets no limit.
    first, last = dt.date(2025, 1, 1), dt.date(2025, 12, 1)
    chart_months = months(first, last)
    with_words = {m: (2 if m.month == 3 else 20) for m in chart_months}
    counts = {m: (2 if m.month == 3 else 8 + m.month % 2) for m in chart_months}
    rates = ThemeRates(
        first=first,
        last=last,
        with_words=with_words,
        counts={BELLS: counts},
        names={BELLS: "Call bells & responsiveness"},
        untested=untested_months(with_words, now=dt.datetime(2026, 12, 4, tzinfo=dt.UTC), noun="pieces of feedback"),
    )
    figure = theme_rate_figure(rates, BELLS, first=first, last=last)
    march = figure.table.rows[2]
    assert str(march[0]) == "Mar 2025" and march[3] == 100.0
    assert march[-2].startswith("Not tested against the rules: only 2 pieces of feedback")
    assert all(row[-1] == "" for row in figure.table.rows)  # no month marked by any rule
    assert figure.icon_labels == ("No change beyond normal variation",)
    # A month of 4 is tested as any other.
    assert (
        untested_months({dt.date(2025, 1, 1): MIN_FOR_A_SIGNAL}, now=dt.datetime(2026, 12, 4, tzinfo=dt.UTC), noun="x")
        == {}
    )


def test_the_monthly_pack_says_a_month_under_way_is_so_far(into_december, admin_scope):
    from reports.monthly import monthly_pack

    december = monthly_pack(scope=admin_scope, month=dt.date(2026, 12, 1), now=EARLY_DECEMBER)
    # (December's two pieces of feedback carry no answer to the question)
    assert december.section("fft").paragraphs[0] == (
        "Nobody has answered the Friends and Family Test question in December 2026 so far (the month is not "
        "over: to 4 December)."
    )
    november = monthly_pack(scope=admin_scope, month=dt.date(2026, 11, 1), now=EARLY_DECEMBER)
    assert "so far" not in november.section("fft").paragraphs[0]
