"""The quarterly co-production summary: figures recomputed here, quotes only with consent and
without personal details, and who may read it."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from governance import services as gov
from organisations.roles import Role
from reports.quarterly import parse_quarter, quarterly_summary
from reports.render import report_xlsx
from reports.spc import months
from reports.tests.quarter_seed import BELLS, NOW, Q3, QUOTED, UNQUOTED, at, theme_rate
from reports.tests.test_render import pdf_pages_text

QUARTER = months(Q3, Q3.replace(month=9))


def test_quarters_are_read_and_refused_plainly():
    assert parse_quarter("2026-Q3").month == 7 and parse_quarter("2026q1").month == 1
    with pytest.raises(ValueError, match="for example 2026-Q3, not '2026-Q5'"):
        parse_quarter("2026-Q5")


def test_top_themes_and_their_rates_match_the_data(seeded, admin_scope):
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    top = report.section("themes").tables[0]
    by_name = {row[0]: row for row in top.rows}
    bells = by_name["Call bells & responsiveness"]
    in_quarter = [r for r in seeded.feedback if r[1].replace(day=1) in QUARTER]
    assert bells[1] == sum(1 for r in in_quarter if BELLS in r[2])
    assert bells[2] == pytest.approx(round(theme_rate(seeded, BELLS, QUARTER), 1))
    before = months(Q3.replace(month=4), Q3.replace(month=6))
    assert bells[3] == pytest.approx(round(theme_rate(seeded, BELLS, before), 1))
    # Each top theme has its XmR chart, month by month, with the action on call bells marked.
    figure = next(f for f in report.section("themes").figures if f.table.caption.startswith("Call bells"))
    aug = next(row for row in figure.table.rows if str(row[0]) == "Aug 2026")
    assert aug[3] == pytest.approx(round(theme_rate(seeded, BELLS, [Q3.replace(month=8)]), 2))
    assert "Action done at Rowan House: Answer call bells fast" in str(figure.chart)


def test_actions_risks_and_who_took_part_match_the_data(seeded, admin_scope):
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    taken = report.section("actions").tables[0]
    assert [row[0] for row in taken.rows] == [seeded.actions["bells"].title]
    assert taken.rows[0][3].isoformat() == "2026-07-25" and taken.rows[0][5].isoformat() == "2026-08-05"
    overdue, waiting, challenges, _ = report.section("risks").tables
    assert waiting.rows == []  # the bells were checked and closed; the rota is not done
    assert [(row[0], row[4]) for row in overdue.rows] == [(seeded.actions["rota"].title, 46)]  # due 15 Aug
    assert [row[-1] for row in challenges.rows] == ["Answered, waiting for the leader"]
    assert [row[2] for row in challenges.rows] == ["Action on Call bells & responsiveness"]  # as commissioners read it
    took_part = report.section("took-part").tables[0]
    rowan = next(row for row in took_part.rows if row[2] == "Rowan House")
    assert rowan[3:6] == [2, 1, 1]  # two present, one of them a person who uses services, supported
    assert rowan[7] == 1  # one apology
    assert "[name]" in rowan[6] and "Susan" not in rowan[6]


def test_quotes_only_with_consent_and_without_personal_details(seeded, admin_scope, tmp_path):
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    quotes = report.section("quotes").tables[0]
    texts = [row[0] for row in quotes.rows]
    assert len(texts) == 1 and "call bells are slow" in texts[0]
    for detail in ("Margaret", "Wilson", "07700 900123", "margaret.wilson@example.com"):
        assert detail not in texts[0]
    assert quotes.rows[0][3] == "Not named"  # she is known, but did not agree to be named
    path = tmp_path / "q.pdf"
    from reports.render import report_pdf, report_xlsx

    path.write_bytes(report_pdf(report))
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages_text(path)))
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "call bells are slow" in cells
    for leak in ("07700 900123", "margaret.wilson@example.com", UNQUOTED[:20], QUOTED[:25]):
        assert leak not in cells
    # Printed table cells wrap and interleave with their neighbours, so the PDF is read word by word.
    assert all(word in printed.split() for word in ("call", "bells", "slow.”"))
    for leak in ("07700", "900123", "margaret.wilson@example.com", "Wilson,", "laughed"):
        assert leak not in printed


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER])
def test_only_governors_read_it(services, make_scope, role):
    with pytest.raises(PermissionDenied):
        quarterly_summary(scope=make_scope(role, services=[services[0]]), quarter=Q3)


def test_a_service_manager_sees_only_their_service(client, seeded, services, team):
    from governance.tests.conftest import scope_of

    report = quarterly_summary(scope=scope_of(team.beech_manager), quarter=Q3, now=NOW)
    assert report.coverage == "Beech Court"
    assert all(row[2] == "Beech Court" for row in report.section("took-part").tables[0].rows)
    assert report.section("risks").tables[0].rows == []  # Rowan House's overdue rota is not theirs
    client.force_login(team.beech_manager.user)
    refused = client.get(f"/reports/quarterly/?quarter=2026-Q3&service={services[0].id}")
    # The plain page for a service outside their scope, the same as for one that does not exist.
    body = refused.content.decode()
    assert refused.status_code == 403 and "You cannot see this service" in body and "Rowan House" not in body
    assert client.get(f"/reports/quarterly.pdf?quarter=2026-Q3&service={services[0].id}").status_code == 403


def test_another_organisation_sees_none_of_it(seeded, other_org):
    from organisations.scope import scope_for
    from organisations.tests.factories import person_with_role

    outsider = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    report = quarterly_summary(scope=scope_for(user=outsider.user, organisation=other_org), quarter=Q3, now=NOW)
    assert all(not t.rows for s in report.sections for t in s.tables)


def test_the_page_downloads_and_command(client, org, seeded, admin_scope, tmp_path):
    client.force_login(admin_scope.user)
    page = client.get("/reports/quarterly/?quarter=2026-Q3")
    assert page.status_code == 200
    html = page.content.decode()
    for heading in ("Top themes", "Actions taken", "Unresolved risks", "In people&#39;s own words", "Who took part"):
        assert heading in html
    assert client.get("/reports/quarterly/?quarter=2026-Q9").status_code == 400
    pdf = client.get("/reports/quarterly.pdf?quarter=2026-Q3")
    assert pdf.content.startswith(b"%PDF")
    assert "heard-quarterly-northgate-all-services-july-to-september-2026-2026-q3.pdf" in pdf["Content-Disposition"]
    book = load_workbook(io.BytesIO(client.get("/reports/quarterly.xlsx?quarter=2026-Q3").content))
    assert {"About", "Top themes", "Quotes", "Who took part"} <= set(book.sheetnames)
    out = io.StringIO()
    call_command("report", "quarterly", "--org", "northgate", "--quarter", "2026-Q3",
                 "--xlsx", str(tmp_path / "q.xlsx"), stdout=out)  # fmt: skip
    assert "XLSX written to" in out.getvalue()
    with pytest.raises(CommandError, match="--quarter is needed"):
        call_command("report", "quarterly", "--org", "northgate", "--pdf", str(tmp_path / "q.pdf"))


def test_quotes_are_sought_for_the_top_themes_first(seeded, org, services, team, admin_scope):
    from feedback.models import Comment, Feedback
    from reports.tests.quarter_seed import BELLS, _theme
    from themes.models import Source, ThemeAssignment

    bells = _theme(org, BELLS)

    def quoted(text, day, theme=None):
        item = Feedback.objects.create(
            organisation=org, service=services[0], received_on=day, channel="paper", consent_to_quote=True
        )
        comment = Comment.objects.create(organisation=org, feedback=item, text=text)
        if theme is not None:
            ThemeAssignment.objects.create(
                organisation=org, comment=comment, theme=theme, source=Source.PERSON, made_by=team.staff, made_at=NOW
            )

    quoted("The bell rang for twenty minutes at night.", dt.date(2026, 7, 10), bells)
    quoted("Nobody came when I pressed the buzzer.", dt.date(2026, 7, 11), bells)
    quoted("Buzzers again, third week running.", dt.date(2026, 7, 12), bells)
    quoted("The garden is lovely this summer.", dt.date(2026, 9, 28))
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    rows = report.section("quotes").tables[0].rows
    # Call bells is the quarter's most heard theme: its two newest quotes come first, then the rest by date.
    assert [(r[0], r[4]) for r in rows[:2]] == [
        ("“Buzzers again, third week running.”", bells.name),
        ("“Nobody came when I pressed the buzzer.”", bells.name),
    ]
    rest = [r[0] for r in rows[2:]]
    assert rest[0] == "“The garden is lovely this summer.”" and "“The bell rang for twenty minutes at night.”" in rest
    assert {r[4] for r in rows[2:]} == {"Most recent"}
    assert "2 on the quarter's top themes" in report.section("quotes").paragraphs[0]


def test_the_co_production_ledger_of_the_quarter_is_summarised_without_personal_details(
    seeded, services, team, admin_scope
):
    from governance import services as gov
    from governance.tests.conftest import scope_of

    rowan, beech = services[0], services[1]

    def activity(service, held_on, rung, title, **fields):
        return gov.coproduction_record(
            scope=scope_of(team.quality),
            kind="forum",
            service_id=service.id,
            held_on=held_on,
            title=title,
            rung=rung,
            recognition="voucher",
            now=NOW,
            **fields,
        )

    designed = activity(
        rowan,
        Q3.replace(day=20),
        "co_design",
        "Audit questions; call Jo on 07700 900123",
        participant_ids=[team.partner.id],
        others_count=2,
        others_description="residents",
    )
    gov.coproduction_influence_add(scope=scope_of(team.quality), activity_id=designed.id, text="Audit uses them.")
    activity(beech, Q3.replace(month=9, day=2), "consultation", "Menu survey", participant_ids=[team.beech_manager.id])
    activity(
        rowan,
        Q3.replace(month=6, day=30),
        "co_production",
        "Before the quarter",
        others_count=1,
        others_description="a resident",
    )

    section = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW).section("took-part")
    ledger = section.tables[1]
    assert [(row[3], row[4], row[5], row[6], row[8]) for row in ledger.rows] == [
        ("Rowan House", "Co-design (6)", 3, 1, 1),
        ("Beech Court", "Consultation (4)", 1, 0, 0),
    ]
    assert "07700" not in ledger.rows[0][1] and "Audit questions" in ledger.rows[0][1]
    assert (
        "records 2 activities" in section.paragraphs[-1]
        and "1 reached co-design or co-production" in section.paragraphs[-1]
    )

    only_beech = quarterly_summary(scope=scope_of(team.beech_manager), quarter=Q3, now=NOW).section("took-part")
    assert [row[3] for row in only_beech.tables[1].rows] == ["Beech Court"]


def test_the_ledger_of_the_quarter_says_its_influence_counts_what_is_read_from_priorities_and_audits(
    seeded, services, team, admin_scope, tmp_path
):
    """Some of what an activity influenced is derived, not recorded (ADR 0014), so no table, PDF or
    spreadsheet calls the count "recorded influence"; a note says what is counted."""
    from governance.tests.conftest import scope_of
    from reports.render import report_pdf

    forum = gov.coproduction_record(
        scope=scope_of(team.quality),
        kind="forum",
        service_id=services[0].id,
        held_on=Q3.replace(day=20),
        title="Residents' forum",
        rung="co_design",
        recognition="voucher",
        participant_ids=[team.partner.id],
        now=NOW,
    )
    gov.coproduction_influence_add(scope=scope_of(team.quality), activity_id=forum.id, text="New menus.", now=NOW)
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    section = report.section("took-part")
    ledger = section.tables[1]
    assert ledger.header[-1] == "Influence"
    assert "including the quality priorities chosen at planning sessions" in ledger.note
    assert "1 influenced a decision or a change, counting the quality priorities chosen" in section.paragraphs[-1]
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = " ".join(str(c) for row in book["Co-production ledger"].iter_rows(values_only=True) for c in row if c)
    assert "Influence" in cells and "including the quality priorities chosen at planning sessions" in cells
    path = tmp_path / "q.pdf"
    path.write_bytes(report_pdf(report))
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages_text(path)))
    assert "priorities chosen at planning sessions" in printed
    for said in (cells, printed, " ".join(section.paragraphs)):
        assert "recorded influence" not in said.lower() and "influences recorded" not in said.lower()


def test_the_quarter_shows_each_priority_objective_against_the_target_then_in_force(
    seeded, services, team, admin_scope
):
    from feedback.models import Feedback, Rating
    from governance import services as gov
    from governance.tests.conftest import scope_of
    from priorities import services as plan
    from priorities.measures import measure_value
    from reports.commissioner import commissioner_report

    rowan = services[0]
    grace = scope_of(team.quality)

    def session(day, kind):
        return gov.coproduction_record(
            scope=grace,
            kind=kind,
            service_id=rowan.id,
            held_on=day,
            title=f"{kind} on {day}",
            rung="co_production",
            recognition="voucher",
            participant_ids=[team.partner.id],
            now=NOW,
        )

    planning = session(dt.date(2026, 6, 1), "planning")
    priority = plan.priority_choose(
        scope=grace,
        session_id=planning.id,
        title="People rate us good or very good",
        year=2026,
        service_id=rowan.id,
        objectives=[
            plan.ObjectiveInput(
                description="More good or very good answers",
                measure="fft_positive",
                target=80.0,
                deadline=dt.date(2026, 12, 31),
                lead_id=team.manager.id,
            )
        ],
        now=dt.datetime(2026, 6, 2, 10, tzinfo=dt.UTC),
    )
    [objective] = priority.objectives.all()
    plan.review_record(
        scope=grace,
        priority_id=priority.id,
        session_id=session(dt.date(2026, 8, 20), "forum").id,
        progress="On the way.",
    )
    # Raised in October, after the quarter: the quarter's report keeps the target then in force.
    plan.review_record(
        scope=grace,
        priority_id=priority.id,
        session_id=session(dt.date(2026, 10, 20), "forum").id,
        progress="Raise it.",
        adjustments=[plan.AdjustmentInput(objective_id=objective.id, target=90.0, deadline=None, why="Nearly there.")],
    )

    # Answers at Rowan House: two poor on 1 July, the first day of the quarter but not one of the 91
    # days up to 30 September; the seeded very good on 20 August; a good on 5 September.
    for day, rating in ((dt.date(2026, 7, 1), Rating.POOR), (dt.date(2026, 7, 1), Rating.POOR),
                        (dt.date(2026, 9, 5), Rating.GOOD)):  # fmt: skip
        Feedback.objects.create(organisation=rowan.organisation, service=rowan, received_on=day, rating=rating)

    section = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW).section("priorities")
    [row] = section.tables[0].rows
    assert row[:4] == [
        "People rate us good or very good",
        "Rowan House",
        "More good or very good answers",
        "Tom Hargreaves",
    ]
    # Measured over the calendar quarter, as the commissioner report's Friends and Family Test is: one
    # quarter, one figure (2 of 4 answers), not the 91 days up to its last day (2 of 2), and with its %.
    last_91_days = measure_value(
        scope=admin_scope, measure="fft_positive", service_id=rowan.id, until=dt.date(2026, 9, 30)
    )
    assert last_91_days == 100.0
    assert (str(row[5]), str(row[6]), row[9]) == ("50.0%", "80.0%", "Yes")
    # In the spreadsheet the shares are numbers shown as percentages, to be sorted and charted.
    report = quarterly_summary(scope=admin_scope, quarter=Q3, now=NOW)
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Quality priorities"]
    header = [c.value for c in sheet[1]]
    cells = {name: sheet.cell(row=2, column=header.index(name) + 1) for name in ("Over the quarter", "Target")}
    assert [(c.value, c.data_type, c.number_format) for c in cells.values()] == [
        (0.5, "n", "0.0%"),
        (0.8, "n", "0.0%"),
    ]
    fft = commissioner_report(scope=scope_of(team.commissioner), quarter=Q3, now=NOW).section("fft")
    assert "2 of 4 answers" in fft.paragraphs[0] and f"{row[5]} positive" in fft.paragraphs[0]
    assert section.tables[0].header[5] == "Over the quarter"
    assert "Measured over the quarter, 1 July to 30 September 2026" in section.tables[0].note
    assert "1 quality priority chosen with people who use services" in section.paragraphs[0]
    other = quarterly_summary(scope=scope_of(team.beech_manager), quarter=Q3, now=NOW).section("priorities")
    assert other.tables[0].rows == []


def test_actions_done_are_those_still_done_at_the_quarters_end_on_the_day_last_marked_done(seeded, team):
    """The menu panel was done on 20 August, sent back and done again on 10 September; the rota was
    done on 18 September and sent back on 25 September, and not done again by the end of September."""
    from governance.tests.conftest import scope_of

    manager, quality = scope_of(team.manager), scope_of(team.quality)
    beech_manager = scope_of(team.beech_manager)
    menu, rota = seeded.actions["menu"], seeded.actions["rota"]
    for action, by, done, back, again in (
        (menu, beech_manager, dt.date(2026, 8, 20), dt.date(2026, 9, 1), dt.date(2026, 9, 10)),
        (rota, manager, dt.date(2026, 9, 18), dt.date(2026, 9, 25), None),
    ):
        gov.action_request_check(scope=by, action_id=action.id, note="Done.", now=at(done))
        gov.action_check(scope=quality, action_id=action.id, impact_shown=False, note="Not yet.", now=at(back))
        if again:
            gov.action_request_check(scope=by, action_id=action.id, note="Done again.", now=at(again))

    section = quarterly_summary(scope=quality, quarter=Q3, now=NOW).section("actions")
    [taken] = section.tables
    assert [(row[0], row[3]) for row in taken.rows] == [
        (seeded.actions["bells"].title, dt.date(2026, 7, 25)),
        (menu.title, dt.date(2026, 9, 10)),
    ]
    assert section.paragraphs[0].startswith(
        "3 actions opened in July to September 2026. In the same months, whenever they were opened, 2 actions "
        "were marked done and not sent back by its end, and "
    )
    assert "the day the lead last marked the action done, for actions still done at the end" in taken.note
    assert "Not counted: 1 action marked done in July to September 2026 and sent back to its lead" in taken.note
    [counts] = [f.table for f in section.figures]
    assert ["Done", 2] in counts.rows


def test_checks_waiting_at_the_quarters_end_are_listed_with_how_long_as_the_pack_lists_them(seeded, services, team):
    """The rota was done on 18 September, after its due date; the menu panel on 28 September; neither
    was checked by the end of September. Read in December, they waited 12 and 2 days at the quarter's
    end, and a meeting held on 30 September had the same two in its pack."""
    from governance.packs import agenda_pack
    from governance.selectors import meeting_get
    from governance.tests.conftest import scope_of

    rota, menu = seeded.actions["rota"], seeded.actions["menu"]
    gov.action_request_check(
        scope=scope_of(team.manager), action_id=rota.id, note="Done.", now=at(dt.date(2026, 9, 18))
    )
    gov.action_request_check(
        scope=scope_of(team.beech_manager), action_id=menu.id, note="Done.", now=at(dt.date(2026, 9, 28))
    )
    # Checked in October: after the quarter, so still waiting at its end.
    gov.action_check(
        scope=scope_of(team.quality),
        action_id=rota.id,
        impact_shown=False,
        note="Not yet.",
        now=at(dt.date(2026, 10, 2)),
    )
    quality = scope_of(team.quality)

    risks = quarterly_summary(scope=quality, quarter=Q3, now=NOW).section("risks")
    overdue, waiting = risks.tables[:2]
    assert waiting.caption == "Waiting for a check at the end of September 2026"
    assert waiting.header == ["Action", "Service", "Who checks", "Waiting since", "Days waiting"]
    assert waiting.rows == [
        [rota.title, "Rowan House", "Grace Okafor", dt.date(2026, 9, 18), 12],
        [menu.title, "Beech Court", "Grace Okafor", dt.date(2026, 9, 28), 2],
    ]
    assert overdue.rows == []  # done, so not overdue, however late the check
    assert risks.paragraphs[0].startswith("0 actions overdue, 2 waiting for a check, ")

    meeting = gov.meeting_create(
        scope=quality,
        meeting_type="leadership",
        service_id=None,
        held_on=dt.date(2026, 9, 30),
        now=at(dt.date(2026, 9, 30)),
    )
    pack = agenda_pack(scope=quality, meeting=meeting_get(scope=quality, meeting_id=meeting.id), today=NOW.date())
    assert sorted(a.title for a in pack.awaiting_check) == sorted(row[0] for row in waiting.rows)

    # One service's summary lists that service's only.
    at_rowan = quarterly_summary(scope=quality, quarter=Q3, service=services[0], now=NOW).section("risks")
    assert [row[0] for row in at_rowan.tables[1].rows] == [rota.title]


def test_chart_notes_say_what_still_stands_and_where_on_charts_of_several_services(seeded, services, team):
    """The rota was done on 18 September and sent back on 25 September: the charts do not call it
    done. On a chart of all services each note says where; on one service's chart it need not."""
    from governance.tests.conftest import scope_of
    from reports.monthly import action_annotations

    rota = seeded.actions["rota"]
    gov.action_request_check(
        scope=scope_of(team.manager), action_id=rota.id, note="New rota in use.", now=at(dt.date(2026, 9, 18))
    )
    gov.action_check(
        scope=scope_of(team.quality), action_id=rota.id, impact_shown=False, note="Nights are still short.",
        now=at(dt.date(2026, 9, 25)),
    )  # fmt: skip
    quality = scope_of(team.quality)
    notes = action_annotations(scope=quality, first=Q3, last=dt.date(2026, 11, 1), service=None, now=NOW)
    labels = {n.date: n.label for n in notes}
    assert labels[dt.date(2026, 9, 18)] == f"Action done at Rowan House, later sent back: {rota.title}"
    assert labels[dt.date(2026, 7, 25)] == f"Action done at Rowan House: {seeded.actions['bells'].title}"
    at_rowan = action_annotations(scope=quality, first=Q3, last=dt.date(2026, 11, 1), service=services[0], now=NOW)
    assert {n.date: n.label for n in at_rowan}[dt.date(2026, 9, 18)] == f"Action done, later sent back: {rota.title}"

    report = quarterly_summary(scope=quality, quarter=Q3, now=NOW)
    figure = next(f for f in report.section("themes").figures if f.table.caption.startswith("Call bells"))
    assert "Action done at Rowan House, later sent back: Night carer rota" in str(figure.chart)
