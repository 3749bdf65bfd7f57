"""The commissioner report: no personal data anywhere it goes, figures recomputed here, and only
the services a commissioner commissions."""

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from organisations.roles import Role
from reports.commissioner import commissioner_report
from reports.render import report_pdf, report_xlsx
from reports.spc import months
from reports.tests.quarter_seed import BELLS, NOW, Q3, theme_rate
from reports.tests.test_render import pdf_pages_text


def commissioner_scope(team):
    from governance.tests.conftest import scope_of

    return scope_of(team.commissioner)


def test_no_personal_data_on_the_page_in_the_pdf_or_the_spreadsheet(client, seeded, team, tmp_path):
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    path = tmp_path / "c.pdf"
    path.write_bytes(report_pdf(report))
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages_text(path)))
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    client.force_login(team.commissioner.user)
    page = client.get("/reports/commissioner/?quarter=2026-Q3")
    assert page.status_code == 200
    main = re.search(r"<main.*</main>", page.content.decode(), re.S).group(0)
    # The report is not empty: it says what happened, by role and by count. (Printed table cells wrap,
    # so the PDF is checked word by word; names are checked by surname alone too, for the same reason.)
    for where in (cells, main):
        assert "Call bells" in where and "the service manager" in where and "a leader" in where
    assert "Call bells" in printed and "manager" in printed
    # and it says what the charts' process limits mean, on the page and on paper
    assert "process limits are the range a month" in main and "process limits are the range a month" in printed
    for secret in seeded.secrets:
        for name, where in (("PDF", printed), ("spreadsheet", cells), ("page", main)):
            assert secret not in where, f"{secret!r} is in the {name}"


def test_oversight_and_impact_figures_match_the_data(seeded, team):
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    assert report.coverage == "Rowan House"
    meetings, actions, challenges = report.section("oversight").tables
    assert [row[:5] for row in meetings.rows] == [[seeded.meetings[0].held_on, "Monthly quality and safety",
                                                   "Rowan House", 2, 1]]  # fmt: skip
    counts = dict(actions.rows)
    assert counts["Opened"] == 2 and counts["Closed with evidence of impact"] == 1
    assert counts["Overdue at the end of September 2026"] == 1
    assert counts["Overdue and challenged by a leader"] == 1
    assert [row[2] for row in challenges.rows] == ["Action on Call bells & responsiveness"]
    assert [row[3:7] for row in challenges.rows] == [
        ["a leader", "the service manager", seeded.challenge.raised_at.date().replace(day=3),
         "Answered, waiting for the leader"],
    ]  # fmt: skip
    # The theme rates are Rowan House's alone, and the impact table compares before and after.
    themes = {row[0]: row for row in report.section("themes").all_tables[0].rows}
    quarter = months(Q3, Q3.replace(month=9))
    assert themes["Call bells & responsiveness"][2] == pytest.approx(
        round(theme_rate(seeded, BELLS, quarter, service="Rowan House"), 1)
    )
    impact = report.section("impact").tables[0]
    assert [row[:3] for row in impact.rows] == [["Call bells & responsiveness", 1, dt.date(2026, 8, 5)]]
    chart_months = months(Q3.replace(year=2025), Q3.replace(month=9))
    before = [m for m in chart_months if m < Q3.replace(month=8)]
    after = [m for m in chart_months if m > Q3.replace(month=8)]
    mean = lambda ms: round(  # noqa: E731
        sum(theme_rate(seeded, BELLS, [m], service="Rowan House") for m in ms) / len(ms), 1
    )
    assert impact.rows[0][3] == mean(before) and impact.rows[0][4] == mean(after) and impact.rows[0][5] == len(after)
    assert impact.rows[0][6].startswith("Too soon to tell")  # one month after is not enough to say


def test_commissioners_see_only_the_services_they_commission(client, seeded, services, team, make_scope):
    client.force_login(team.commissioner.user)
    beech = services[1]
    # A service outside their scope gets a plain page saying so, the same whether it exists or not.
    answers = set()
    for asked in (beech.id, max(s.id for s in services) + 1000, "x"):
        refused = client.get(f"/reports/commissioner/?quarter=2026-Q3&service={asked}")
        page = refused.content.decode()
        assert refused.status_code == 403 and "<h1>You cannot see this service</h1>" in page
        assert "Beech Court" not in page and "not one of the available choices" not in page
        answers.add(re.search(r"<main.*?</main>", page, re.S).group(0))
        pdf = client.get(f"/reports/commissioner.pdf?quarter=2026-Q3&service={asked}")
        assert pdf.status_code == 403 and "Beech Court" not in pdf.content.decode()
    assert len(answers) == 1
    # Nothing of Beech Court's meeting or action is counted.
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    assert all(row[2] == "Rowan House" for row in report.section("oversight").tables[0].rows)
    # The other reports are not theirs, and the index offers only this one.
    assert client.get("/reports/monthly/").status_code == 403
    assert client.get("/reports/quarterly/").status_code == 403
    index = client.get("/reports/").content.decode()
    assert "/reports/commissioner/" in index and "/reports/quarterly/" not in index
    # Their home page, otherwise only their roles and services, points them at it too.
    home = client.get("/").content.decode()
    reports = re.search(r'<section aria-labelledby="home-reports">(.*?)</section>', home, re.S).group(1)
    assert re.findall(r'href="(/reports/[^"]*)"', reports) == ["/reports/commissioner/"]
    assert '<h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-1"><a href="/reports/commissioner/">' in reports
    pdf = client.get("/reports/commissioner.pdf?quarter=2026-Q3")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER])
def test_staff_and_partners_cannot_read_it(services, make_scope, role):
    with pytest.raises(PermissionDenied):
        commissioner_report(scope=make_scope(role, services=[services[0]]), quarter=Q3)


def test_a_partners_home_page_offers_no_reports(client, services):
    from organisations.tests.factories import person_with_role

    partner = person_with_role(services[0].organisation, Role.PARTNER, services=[services[0]])
    client.force_login(partner.user)
    home = client.get("/").content.decode()
    assert "Your roles" in home and "home-reports" not in home and 'href="/reports/' not in home


def test_another_organisations_commissioner_sees_none_of_it(seeded, other_org):
    from organisations.scope import scope_for
    from organisations.tests.factories import ServiceFactory, person_with_role

    theirs = ServiceFactory(organisation=other_org, name="Rowan House")
    outsider = person_with_role(other_org, Role.COMMISSIONER, services=[theirs])
    report = commissioner_report(scope=scope_for(user=outsider.user, organisation=other_org), quarter=Q3, now=NOW)
    counted = ("Actions", "Complaint replies")  # tables of counts, which are all nought
    assert all(not t.rows for s in report.sections for t in s.all_tables if t.sheet not in counted)
    assert all(n == 0 for _, n in report.section("oversight").tables[1].rows)
    assert [n for _, n in report.section("complaint-replies").tables[0].rows] == [0, 0, 0, 0, 0, "None due"]


def test_fft_covers_the_quarter_at_the_commissioned_services_only(seeded, org, services, team):
    from feedback.models import Feedback, Rating

    rowan, beech = services[0], services[1]
    for service, day, rating in (
        (rowan, dt.date(2026, 7, 9), Rating.GOOD),
        (rowan, dt.date(2026, 9, 2), Rating.POOR),
        (rowan, dt.date(2026, 9, 3), Rating.DONT_KNOW),  # counts as an answer, not as positive
        (rowan, dt.date(2026, 6, 30), Rating.VERY_POOR),  # the quarter before: on the chart only
        (beech, dt.date(2026, 8, 1), Rating.VERY_POOR),  # not commissioned by this commissioner
        (beech, dt.date(2026, 8, 2), Rating.VERY_POOR),
    ):
        Feedback.objects.create(organisation=org, service=service, received_on=day, rating=rating)
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    fft = report.section("fft")
    # Rowan House in July to September: the seeded "very good" in August, and the three above.
    assert "2 of 4 answers" in fft.paragraphs[0] and "50.0% positive" in fft.paragraphs[0]
    [figure] = fft.figures
    header = figure.table.header
    answers = [row[header.index("Answers")] for row in figure.table.rows]
    positive = [row[header.index("Very good or good")] for row in figure.table.rows]
    assert sum(answers) == 5 and sum(positive) == 2


def test_the_impact_table_says_what_the_charts_icon_says_in_plain_words():
    # A theme in about 40% of comments for eight months, then in few after its action closed: the
    # table's verdict and the chart's icon label are the same words, with no SPC jargon.
    from reports.commissioner import impact_section
    from reports.oversight.actions import ActionFact
    from reports.oversight.rates import ThemeRates

    first, last = dt.date(2025, 10, 1), dt.date(2026, 9, 1)
    chart_months = months(first, last)
    mentions = [40, 42, 38, 41, 39, 43, 40, 41, 40, 5, 4, 6]
    rates = ThemeRates(
        first=first,
        last=last,
        with_words=dict.fromkeys(chart_months, 100),
        counts={BELLS: dict(zip(chart_months, mentions, strict=True))},
        names={BELLS: "Call bells & responsiveness"},
    )
    closed = ActionFact(
        id=1, service="Rowan House", theme_codes={BELLS}, opened_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 6, 1),
        status="closed", last_done_on=dt.date(2026, 6, 1), closed_on=dt.date(2026, 6, 10), lead_role="Service manager",
        challenged=False,
    )  # fmt: skip
    section = impact_section(rates, [closed], first=first, last=dt.date(2026, 9, 30))
    verdict = section.tables[0].rows[0][-1]
    [label] = section.figures[0].icon_labels
    # The measure is the share raising the theme as a concern, so a fall is better, and the heading says so.
    assert verdict == label == "Lower than usual, beyond normal variation: better"
    assert "special cause" not in section.tables[0].note.lower()
    assert section.tables[0].header[3] == "Mean % of feedback raising it as a concern, before"
    assert "share of feedback raising the theme as a concern" in section.tables[0].note
    assert "The quarterly summary's charts set their limits from every month shown" in section.tables[0].note
    # An action that only found out why and reported back is no change: it is not impact.
    found_out = replace(closed, kind="investigation")
    assert impact_section(rates, [found_out], first=first, last=dt.date(2026, 9, 30)).tables[0].rows == []


def test_top_theme_bars_say_percent_and_long_theme_sheets_keep_whole_words(seeded, team):
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    chart = str(report.section("themes").figures[0].chart)
    # Every bar's value is a share with one decimal and its sign, in the bars and in the description.
    values = re.findall(r"<text[^>]*>([^<]*)</text>", chart)
    shares = [v for v in values if re.fullmatch(r"\d+(\.\d+)?%?", v)]
    assert shares and all(re.fullmatch(r"\d+\.\d%", v) for v in shares)
    assert re.search(r"Call bells &amp; responsiveness: \d+\.\d%", chart)
    # The spreadsheet names the impact sheet by its number and whole words; its first cell names the theme.
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    impact = [name for name in book.sheetnames if name.startswith("Impact ")]
    assert impact == ["Impact 1 – Call bells"]
    assert book[impact[0]]["A1"].value == "Call bells & responsiveness"
    assert book[impact[0]]["A2"].value == "Month"


def test_challenges_say_what_they_are_about_and_a_meeting_of_no_set_kind_shows_its_title(seeded, services, team):
    from governance import services as gov
    from governance.tests.conftest import scope_of
    from reports.tests.quarter_seed import FOOD, _theme, at

    quality, leader = scope_of(team.quality), scope_of(team.leader)
    rowan = services[0]
    food = _theme(team.quality.organisation, FOOD)
    other = gov.meeting_create(
        scope=quality, meeting_type="other", service_id=rowan.id, held_on=dt.date(2026, 9, 1),
        title="Kitchen review with residents", now=at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    decision = gov.decision_record(
        scope=quality, meeting_id=other.id, text="Decision wording: new menu.",
        evidence=gov.Evidence(theme_ids=[food.id]), now=at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    gov.challenge_raise(
        scope=leader, subject="decision", decision_id=decision.id, question="Question: who chose the menu?",
        now=at(dt.date(2026, 9, 2)),
    )  # fmt: skip
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    meetings, _, challenges = report.section("oversight").tables
    assert [row[1] for row in meetings.rows] == ["Monthly quality and safety", "Kitchen review with residents"]
    # Two challenges, each about a different record, read differently.
    assert [row[2] for row in challenges.rows] == ["Action on Call bells & responsiveness", "Decision on Food & drink"]


def test_investigations_are_counted_as_reported_back_not_as_impact(seeded, org, team):
    from governance.models import Action, ActionStatus

    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    counts = dict(report.section("oversight").tables[1].rows)
    assert counts["Closed with evidence of impact"] == 1
    reported = "Investigated and reported back (finding out why is not a change, so not impact)"
    assert counts[reported] == 0
    Action.objects.for_org(org).filter(status=ActionStatus.CLOSED).update(kind="investigation")
    report = commissioner_report(scope=commissioner_scope(team), quarter=Q3, now=NOW)
    counts = dict(report.section("oversight").tables[1].rows)
    assert counts["Closed with evidence of impact"] == 0 and counts[reported] == 1
    assert report.section("impact").tables[0].rows == []
