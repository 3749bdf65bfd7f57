"""SVG charts: accessible images, drawn from the SPC results, with colours that meet WCAG contrast."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from reports import charts
from reports.charts import ChartText, assurance_icon_svg, bar_chart, variation_icon_svg, xmr_chart, xmr_table
from reports.spc import Annotation, Assurance, Better, Point, Signal, Variation, xmr

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own output)


def monthly(values):
    return [Point(dt.date(2025 + i // 12, i % 12 + 1, 1), v) for i, v in enumerate(values)]


def contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def assert_accessible_image(root: ET.Element, title: str):
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    found_title = root.find(f"{SVG}title")
    found_desc = root.find(f"{SVG}desc")
    assert (found_title.get("id"), found_desc.get("id")) == (title_id, desc_id)
    assert found_title.text == title
    assert found_desc.text
    # The Content Security Policy forbids inline styles: colours are attributes.
    assert all(el.get("style") is None for el in root.iter())


# 8, 12, ... , 8, 32: one point above the upper limit (worked out in test_spc).
HIGH_OUTLIER = [8, 12, 8, 12, 8, 12, 8, 12, 8, 32]


def test_xmr_chart_colours_and_shapes_points_by_signal():
    chart = xmr(monthly(HIGH_OUTLIER), better=Better.LOWER)
    root = parse(xmr_chart(chart, ChartText("Falls", "Falls")))
    assert_accessible_image(root, "Falls")
    concerning = [el for el in root.iter(f"{SVG}polygon") if el.get("fill") == charts.CONCERNING]
    common = [el for el in root.iter(f"{SVG}circle") if el.get("fill") == charts.COMMON]
    # one concerning diamond on the chart and one in the legend; nine grey circles and one in the legend
    assert len(concerning) == 2
    assert len(common) == 10
    lines = {(el.get("stroke"), el.get("stroke-dasharray")) for el in root.iter(f"{SVG}line")}
    assert (charts.MEAN, None) in lines
    assert (charts.LIMIT, "6 4") in lines
    desc = root.find(f"{SVG}desc").text
    assert "Mean 12.0; process limits -4.6 to 28.6." in desc
    assert "Higher than usual, beyond normal variation: worse." in desc
    assert "Beyond normal variation: 1 point marked by a point outside the process limits" in desc
    # The text alternative and the chart's key speak as the icons do, never of "special cause"
    key = [el.text for el in root.iter(f"{SVG}text")]
    assert "Normal variation" in key and "Beyond normal variation: worse" in key
    assert "special cause" not in (desc + " ".join(t or "" for t in key)).lower()


def test_a_chart_key_too_long_for_one_line_takes_two_and_the_plot_keeps_its_height():
    both = xmr(monthly([10, 11] * 6 + [40, 11, 10, 11, 10, 11, 10, 11, -20, 10]), better=Better.HIGHER)
    assert {p.signal for p in both.recorded} >= {Signal.IMPROVING, Signal.CONCERNING}
    wide = parse(xmr_chart(both, ChartText("Rate", "Rate")))
    narrow = parse(xmr_chart(both, ChartText("Rate", "Rate"), width=480))
    key = {el.text: float(el.get("x")) for el in narrow.iter(f"{SVG}text") if "variation" in (el.text or "")}
    assert len(key) == 3 and all(x + 7 * len(text) < 480 for text, x in key.items())
    assert (wide.get("height"), narrow.get("height")) == ("320", "338")


def test_xmr_chart_improving_points_are_blue_squares():
    chart = xmr(monthly(HIGH_OUTLIER), better=Better.HIGHER)
    root = parse(xmr_chart(chart, ChartText("Compliments", "Compliments")))
    squares = [el for el in root.iter(f"{SVG}rect") if el.get("fill") == charts.IMPROVING]
    assert len(squares) == 2  # the point and its legend entry


def test_xmr_chart_breaks_the_line_at_a_missing_month_and_shows_annotations():
    values = [5, 6, 5, None, 6, 5, 6]
    chart = xmr(
        monthly(values),
        annotations=[Annotation(dt.date(2025, 2, 3), "Menu changed"), Annotation(dt.date(2024, 1, 1), "Long ago")],
    )
    root = parse(xmr_chart(chart, ChartText("Meals", "Meals")))
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "1. 3 Feb 2025: Menu changed" in texts
    assert not any("Long ago" in t for t in texts)  # before the chart: not drawn...
    desc = root.find(f"{SVG}desc").text
    assert "Marked 1 Jan 2024: Long ago." in desc  # ...but still said
    assert "1 month has no data." in desc


def test_a_long_note_wraps_inside_the_chart_and_says_all_of_it():
    label = (
        "Action done at Beech Court, later sent back: Find out why activities & social life are raised "
        "so often by people who live at the home and by their families"
    )
    chart = xmr(monthly([5, 6, 5, 6]), annotations=[Annotation(dt.date(2025, 2, 3), label)])
    root = parse(xmr_chart(chart, ChartText("Meals", "Meals"), width=720))
    width = float(root.get("viewBox").split()[2])
    lines = [el for el in root.iter(f"{SVG}text") if el.get("font-size") == "12" and el.text]
    noted = [el for el in lines if el.text.startswith("1. ")]
    assert len(noted) == 1
    following = lines[lines.index(noted[0]) :]
    assert len(following) >= 2  # wrapped
    assert " ".join(el.text for el in following) == f"1. 3 Feb 2025: {label}"
    for el in following:
        assert float(el.get("x")) + 6.6 * len(el.text) <= width
    # The chart grew to hold the extra line: the last line is inside it.
    assert float(following[-1].get("y")) <= float(root.get("viewBox").split()[3])


def test_xmr_chart_escapes_text():
    chart = xmr(monthly([1, 2, 3]), annotations=[Annotation(dt.date(2025, 2, 1), "<script>alert(1)</script> & more")])
    markup = str(xmr_chart(chart, ChartText('Say "hi" <b>', "x")))
    root = ET.fromstring(markup)  # noqa: S314 (our own output, still well-formed XML)
    assert "<script>" not in markup
    assert root.find(f"{SVG}title").text == 'Say "hi" <b>'
    assert not list(root.iter(f"{SVG}script"))


def test_xmr_chart_with_no_data_says_so():
    root = parse(xmr_chart(xmr(monthly([None, None])), ChartText("Empty", "Ratings")))
    assert_accessible_image(root, "Empty")
    assert root.find(f"{SVG}desc").text == "Ratings: no data in this period."


def test_xmr_table_lists_every_month_with_its_signal():
    chart = xmr(monthly([*HIGH_OUTLIER[:3], None, *HIGH_OUTLIER[3:]]), better=Better.HIGHER)
    header, rows = xmr_table(chart, ChartText("t", "Falls"))
    assert header[:2] == ["Month", "Falls"]
    assert str(rows[0][0]) == "Jan 2025"
    assert rows[3][1] is None and rows[3][5] == "No data"
    # In the words of the chart's icon, not Making Data Count's "special cause, improving"
    assert rows[-1][5] == "Higher than usual, beyond normal variation: better"
    assert rows[0][5] == "No change beyond normal variation"
    assert rows[-1][6] == "a point outside the process limits"


def test_a_month_not_tested_is_drawn_hollow_off_the_line_and_said_so_in_words_and_table():
    # HIGH_OUTLIER with its last month (32, outside the limits if tested) not over yet.
    points = monthly(HIGH_OUTLIER)
    points[-1] = Point(points[-1].date, 32, untested="the month is not over, so this is its days so far")
    chart = xmr(points, better=Better.LOWER)
    root = parse(xmr_chart(chart, ChartText("Falls", "Falls")))
    assert not [el for el in root.iter(f"{SVG}polygon") if el.get("fill") == charts.CONCERNING]
    hollow = [
        el for el in root.iter(f"{SVG}circle") if el.get("fill") == "#ffffff" and el.get("stroke") == charts.COMMON
    ]
    assert len(hollow) == 2  # the month, and its mark in the key
    [line] = list(root.iter(f"{SVG}polyline"))
    assert len(line.get("points").split()) == 9  # the line joins the tested months only
    assert "Not tested against the rules (see the table)" in [el.text for el in root.iter(f"{SVG}text")]
    desc = root.find(f"{SVG}desc").text
    assert "Latest, Sep 2025: 8.0." in desc
    assert "Oct 2025, not tested against the rules (the month is not over, so this is its days so far): 32.0." in desc
    assert "Beyond normal variation" not in desc and "No change beyond normal variation." in desc
    _, rows = xmr_table(chart, ChartText("t", "Falls"))
    assert rows[-1][1] == 32
    assert rows[-1][5] == "Not tested against the rules: the month is not over, so this is its days so far"
    assert rows[-1][6] == ""


def test_a_chart_of_months_none_of_which_is_tested_still_says_its_notes():
    points = [Point(p.date, p.value, untested="only 2 answers") for p in monthly([50, 100, 0])]
    chart = xmr(points, annotations=[Annotation(dt.date(2025, 2, 3), "Menu changed")])
    desc = parse(xmr_chart(chart, ChartText("Meals", "Meals"))).find(f"{SVG}desc").text
    assert "No month can be tested against the rules." in desc
    assert "Feb 2025, not tested against the rules (only 2 answers): 100.0." in desc
    assert "Marked 3 Feb 2025: Menu changed." in desc


def test_a_limit_beyond_what_the_measure_can_take_is_shown_at_the_bound():
    # A share of 1-9%: the worked-out lower limit is below 0, which no share can be.
    chart = xmr(monthly([1, 9, 1, 9, 1, 9, 1, 9, 1, 9]))
    assert chart.limits.lower < 0
    free = ChartText("Share", "Share")
    bounded = ChartText("Share", "Share", lowest=0, highest=100)

    def limit_heights(text):
        root = parse(xmr_chart(chart, text))
        ys = sorted({float(el.get("y1")) for el in root.iter(f"{SVG}line") if el.get("stroke-dasharray") == "6 4"})
        ticks = [el.text for el in root.iter(f"{SVG}text") if el.get("text-anchor") == "end"]
        return ys, ticks, root.find(f"{SVG}desc").text

    free_ys, free_ticks, free_desc = limit_heights(free)
    bounded_ys, bounded_ticks, bounded_desc = limit_heights(bounded)
    assert free_ticks[0].startswith("-") and not any(t.startswith("-") for t in bounded_ticks)
    assert f"process limits {chart.limits.lower:.1f} to" in free_desc
    assert f"process limits 0.0 to {chart.limits.upper:.1f}." in bounded_desc
    assert len(free_ys) == 3 and len(bounded_ys) == 3  # two limits and the legend's sample line
    _, rows = xmr_table(chart, bounded)
    assert {row[3] for row in rows} == {0} and {row[4] for row in rows} == {round(chart.limits.upper, 2)}


def test_bar_chart_draws_one_bar_per_item_in_proportion():
    root = parse(bar_chart([("Rowan House", 10), ("Beech Court", 30)], title="By service", measure="Feedback"))
    assert_accessible_image(root, "By service")
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("fill") == charts.BAR]
    assert len(bars) == 2
    assert float(bars[1].get("width")) == pytest.approx(3 * float(bars[0].get("width")))
    assert root.find(f"{SVG}desc").text == "Feedback. Rowan House: 10; Beech Court: 30."


@pytest.mark.parametrize("icon", list(Variation))
def test_variation_icons_are_named_images(icon):
    root = parse(variation_icon_svg(icon))
    assert_accessible_image(root, icon.label)
    letters = [el.text for el in root.iter(f"{SVG}text")]
    assert letters == ([] if icon == Variation.COMMON_CAUSE else ["H" if icon.value.endswith("high") else "L"])


@pytest.mark.parametrize("icon", list(Assurance))
def test_assurance_icons_are_named_images(icon):
    root = parse(assurance_icon_svg(icon))
    assert_accessible_image(root, icon.label)
    assert [el.text for el in root.iter(f"{SVG}text")] == [
        {Assurance.CONSISTENTLY_PASS: "P", Assurance.CONSISTENTLY_FAIL: "F", Assurance.HIT_AND_MISS: "?"}[icon]
    ]


def test_colours_meet_wcag_contrast():
    # Graphics that carry meaning need 3:1 against white (WCAG 1.4.11); text needs 4.5:1 (1.4.3).
    for colour in (*charts.SIGNAL_COLOURS.values(), charts.MEAN, charts.LIMIT, charts.TARGET, charts.BAR):
        assert contrast(colour) >= 3, colour
    for colour in (charts.TEXT, charts.MUTED_TEXT, charts.IMPROVING, charts.CONCERNING, charts.NEUTRAL):
        assert contrast(colour) >= 4.5, colour
    assert set(charts.SIGNAL_COLOURS) == set(Signal)


def test_nice_ticks_cover_the_range():
    assert charts.nice_ticks(86, 99) == [85, 90, 95, 100]  # 13 / 4 = 3.25, rounded up to steps of 5
    assert charts.nice_ticks(5, 5) == [5, 5.25, 5.5, 5.75, 6]


def done_action(n: int, status: str, day: dt.date, service: str = "Rowan House"):
    from reports.oversight import ActionFact

    return ActionFact(
        id=n, service=service, theme_codes=set(), opened_on=dt.date(2026, 1, 1), due_on=dt.date(2026, 12, 1),
        status=status, closed_on=day if status == "closed" else None, lead_role="Manager",
        challenged=False, title=f"Action {n}", last_done_on=day,
    )  # fmt: skip


def test_a_chart_of_several_services_marks_the_actions_that_matter_most_and_lists_the_rest():
    from reports.loop_sections import notes_across_services

    first, last = dt.date(2026, 1, 1), dt.date(2026, 10, 1)
    waiting = [done_action(n, "awaiting_check", dt.date(2026, 9, n)) for n in range(1, 6)]  # the latest
    weighty = [
        done_action(10, "closed", dt.date(2026, 3, 2), service="Beech Court"),
        done_action(11, "in_progress", dt.date(2026, 4, 2)),  # done, then sent back
        done_action(12, "closed", dt.date(2026, 5, 2)),
    ]
    before = done_action(20, "closed", dt.date(2025, 12, 30))  # before the chart's first month
    notes = notes_across_services([*waiting, *weighty, before], first=first, last=last, limit=4)
    assert [n.label for n in notes.shown] == [
        "Action done at Beech Court: Action 10",
        "Action done at Rowan House, later sent back: Action 11",
        "Action done at Rowan House: Action 12",
        "Action done at Rowan House: Action 5",  # then the latest of the rest
    ]
    assert (
        notes.left_out
        == "And 4 more actions done, listed in the table \u201cActions done, Jan 2026 to Oct 2026\u201d below."
    )
    assert [row[2] for row in notes.table.rows] == [
        "Action 10",
        "Action 11",
        "Action 12",
        *(f"Action {n}" for n in range(1, 6)),
    ]
    assert [row[4] for row in notes.table.rows] == [True, True, True, False, False, False, False, True]

    chart = xmr(
        [Point(dt.date(2026, m, 1), 80.0 + m % 3) for m in range(1, 11)], better=Better.HIGHER, annotations=notes.shown
    )
    svg = str(xmr_chart(chart, ChartText("FFT", "% positive", notes_left_out=notes.left_out)))
    assert ">4. 5 Sep 2026: Action done at Rowan House: Action 5<" in svg and ">5. " not in svg
    assert "And 4 more actions done" in svg  # under the notes and in the chart's description

    few = notes_across_services(weighty, first=first, last=last, limit=4)
    assert len(few.shown) == 3 and few.left_out == "" and few.table is None
