"""The commissioner report of a quarter still under way says its Friends and Family Test figure is
the quarter's days so far, on the page and in the PDF, as the chart marks a month under way (ADR 0010);
a quarter that is over says no such thing."""

import datetime as dt
import re

from feedback.models import Feedback, Rating
from reports.commissioner import commissioner_report
from reports.quarters import quarter_key, quarter_start
from reports.render import report_pdf
from reports.tests.quarter_seed import NOW, Q3
from reports.tests.test_render import pdf_pages_text

MID_SEPTEMBER = dt.datetime(2026, 9, 15, 12, 0, tzinfo=dt.UTC)
SO_FAR = "July to September 2026 so far (the quarter is not over: to 15 September 2026)"


def _scope(team):
    from governance.tests.conftest import scope_of

    return scope_of(team.commissioner)


def _answered(org, service):
    for day, rating in ((dt.date(2026, 7, 9), Rating.GOOD), (dt.date(2026, 9, 2), Rating.POOR)):
        Feedback.objects.create(organisation=org, service=service, received_on=day, rating=rating)


def test_a_quarter_under_way_says_its_figure_is_so_far_on_the_page_data_and_in_the_pdf(
    seeded, org, services, team, tmp_path
):
    _answered(org, services[0])
    report = commissioner_report(scope=_scope(team), quarter=Q3, now=MID_SEPTEMBER)
    said = report.section("fft").paragraphs[0]
    assert said.startswith(f"In {SO_FAR}, ") and "answers to the Friends and Family Test" in said
    path = tmp_path / "c.pdf"
    path.write_bytes(report_pdf(report))
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages_text(path)))
    assert f"In {SO_FAR}," in printed

    over = commissioner_report(scope=_scope(team), quarter=Q3, now=NOW).section("fft").paragraphs[0]
    assert over.startswith("In July to September 2026, ") and "so far" not in over


def test_a_quarter_under_way_with_no_answers_yet_says_nobody_has_answered_so_far(seeded, team):
    report = commissioner_report(scope=_scope(team), quarter=dt.date(2026, 10, 1), now=MID_SEPTEMBER.replace(month=11))
    assert report.section("fft").paragraphs[0] == (
        "Nobody has answered the Friends and Family Test question in "
        "October to December 2026 so far (the quarter is not over: to 15 November 2026)."
    )


def test_the_page_of_the_quarter_under_way_says_so_far(client, seeded, team):
    from core import clock

    today = clock.today()
    client.force_login(team.commissioner.user)
    page = client.get(f"/reports/commissioner/?quarter={quarter_key(quarter_start(today))}")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.content.decode())
    assert f"so far (the quarter is not over: to {today:%-d %B %Y})" in text
