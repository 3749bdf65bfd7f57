"""The monthly quality and safety pack: its figures match the data, worked out here independently."""

import datetime as dt
import io
import statistics
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from feedback.models import Channel, Comment, Feedback, Rating
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role
from reports.monthly import monthly_pack
from reports.spc import add_months
from themes.models import FlagStatus, Source, Theme, ThemeAssignment, UrgentFlag, UrgentFlagAction
from themes.services import framework_install

OCTOBER = dt.date(2026, 10, 1)
FIRST = dt.date(2025, 9, 1)  # fourteen months of feedback, September 2025 to October 2026
CHANNELS = [Channel.ONLINE_FORM, Channel.PAPER, Channel.PHONE]
RATINGS = [
    Rating.VERY_GOOD,
    Rating.GOOD,
    Rating.NEITHER,
    Rating.POOR,
    Rating.VERY_GOOD,
    Rating.DONT_KNOW,
    Rating.GOOD,
    None,
]


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def made(org, other_org, services):
    """Feedback at two services for fourteen months; what was made is returned as plain tuples."""
    rowan, beech = services[0], services[1]
    rows = []
    k = 0
    for m in range(14):
        month = add_months(FIRST, m)
        for service in (rowan, beech):
            for i in range(3 + (m + service.id) % 4):
                k += 1
                rating = RATINGS[k % len(RATINGS)]
                channel = CHANNELS[k % len(CHANNELS)]
                day = month.replace(day=1 + (i * 5) % 28)
                item = Feedback.objects.create(
                    organisation=org, service=service, channel=channel, received_on=day, rating=rating
                )
                Comment.objects.create(organisation=org, feedback=item, text=f"Comment {k}")
                rows.append((service.name, channel.label, day, rating))
    # Another organisation's feedback in the same months never counts.
    elsewhere = ServiceFactory(organisation=other_org, name="Rowan House")
    for day in (OCTOBER, OCTOBER.replace(day=15)):
        item = Feedback.objects.create(
            organisation=other_org, service=elsewhere, channel=Channel.PAPER, received_on=day, rating=Rating.VERY_POOR
        )
        Comment.objects.create(organisation=other_org, feedback=item, text="Elsewhere")
    return rows


def in_month(rows, month):
    return [r for r in rows if r[2].replace(day=1) == month]


def fft_percent(rows, month):
    rated = [r for r in in_month(rows, month) if r[3] is not None]
    return None if not rated else 100 * sum(1 for r in rated if r[3] in (Rating.VERY_GOOD, Rating.GOOD)) / len(rated)


def table(report, section, number=0):
    return report.section(section).all_tables[number]


def test_feedback_counts_by_service_and_channel_match_the_data(org, services, made, admin_scope):
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    expected = Counter((r[0], r[1]) for r in in_month(made, OCTOBER))
    t = table(report, "feedback")
    channels = t.header[1:-1]
    assert sorted(channels) == sorted({c for _, c in expected})
    got = {(row[0], c): n for row in t.rows[:-1] for c, n in zip(channels, row[1:-1], strict=True) if n}
    assert got == dict(expected)
    assert t.rows[-1][0] == "All" and t.rows[-1][-1] == len(in_month(made, OCTOBER))
    september = len(in_month(made, add_months(OCTOBER, -1)))
    assert (
        f"{len(in_month(made, OCTOBER))} pieces of feedback received in October 2026; {september} in September 2026."
        in (report.section("feedback").paragraphs)
    )


def test_fft_percent_positive_and_its_xmr_chart_match_the_data(made, admin_scope):
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    t = table(report, "fft")
    months = [add_months(OCTOBER, -k) for k in range(13, -1, -1)]
    assert [str(row[0]) for row in t.rows[-14:]] == [m.strftime("%b %Y") for m in months]
    # A year is the least the chart shows; with fourteen months of data it shows all fourteen.
    assert len(t.rows) == 14
    percents = [fft_percent(made, m) for m in months]
    for row, month, pct in zip(t.rows, months, percents, strict=True):
        rated = [r for r in in_month(made, month) if r[3] is not None]
        assert row[1] == len(rated)
        assert row[2] == sum(1 for r in rated if r[3] in (Rating.VERY_GOOD, Rating.GOOD))
        assert row[3] == pytest.approx(pct, abs=0.01)
    mean = statistics.mean(percents)
    mr = statistics.mean(abs(b - a) for a, b in zip(percents, percents[1:], strict=False))
    assert t.rows[0][4] == pytest.approx(mean, abs=0.01)
    assert t.rows[0][5] == pytest.approx(mean - 2.66 * mr, abs=0.01)
    assert t.rows[0][6] == pytest.approx(mean + 2.66 * mr, abs=0.01)
    october = [r for r in in_month(made, OCTOBER) if r[3] is not None]
    positive = sum(1 for r in october if r[3] in (Rating.VERY_GOOD, Rating.GOOD))
    assert (
        f"In October 2026, {positive} of {len(october)} answers were very good or good: "
        f"{100 * positive / len(october):.1f}% positive."
    ) in report.section("fft").paragraphs
    answers = dict(table(report, "fft", 1).rows)
    assert answers == {label: sum(1 for r in october if r[3] == value) for value, label in Rating.choices}
    assert 'role="img"' in str(report.section("fft").figures[0].chart)


@pytest.fixture
def flags(org, services, admin_scope):
    rowan, beech = services[0], services[1]
    who = admin_scope.person

    def flag(service, detected, categories, actions=()):
        item = Feedback.objects.create(
            organisation=org, service=service, channel=Channel.PAPER, received_on=detected.date()
        )
        comment = Comment.objects.create(organisation=org, feedback=item, text="Something worrying happened")
        f = UrgentFlag.objects.create(
            organisation=org,
            comment=comment,
            categories=categories,
            detected_at=detected,
            detected_by="rules",
            status=FlagStatus.CLOSED if any(closes for _, closes in actions) else FlagStatus.OPEN,
        )
        for when, closes in actions:
            UrgentFlagAction.objects.create(
                organisation=org, flag=f, action="Spoke to the family", who=who, at=when, closes=closes
            )
        return f

    # Rowan House: raised 5 Oct and closed 7 Oct (2 days), after one action on 6 Oct;
    # raised 20 Sep and closed 2 Oct (12 days).
    flag(
        rowan,
        at(dt.date(2026, 10, 5)),
        ["abuse"],
        [(at(dt.date(2026, 10, 6)), False), (at(dt.date(2026, 10, 7)), True)],
    )
    flag(rowan, at(dt.date(2026, 9, 20)), ["neglect"], [(at(dt.date(2026, 10, 2)), True)])
    # Beech Court: raised 30 Oct, still open; raised and closed in September; raised in November.
    flag(beech, at(dt.date(2026, 10, 30)), ["neglect", "abuse"])
    flag(beech, at(dt.date(2026, 9, 1)), [], [(at(dt.date(2026, 9, 3)), True)])
    flag(beech, at(dt.date(2026, 11, 2)), ["abuse"])


def test_urgent_flags_are_counted_without_any_text(org, services, flags, admin_scope):
    # Someone flagging Beech Court's open comment again adds a worry, not something done about it
    UrgentFlagAction.objects.create(
        organisation=org,
        flag=UrgentFlag.objects.for_org(org).get(detected_at=at(dt.date(2026, 10, 30))),
        action="Flagged it too",
        who=admin_scope.person,
        at=at(dt.date(2026, 10, 31)),
        adds_concern=True,
    )
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    rows = {row[0]: row[1:] for row in table(report, "urgent").rows}
    # raised, closed, open at month end, actions recorded in October, median days to close
    assert rows["Rowan House"] == [1, 2, 0, 3, 7.0]  # median of 2 and 12 days
    assert rows["Beech Court"] == [1, 0, 1, 0, None]
    assert dict(table(report, "urgent", 1).rows) == {"Abuse": 2, "Neglect": 1}
    assert report.section("urgent").paragraphs[0] == (
        "2 comments flagged as urgent in October 2026; 2 flags closed with a record of what was done; "
        "1 still open at the end of the month."
    )
    every_cell = str([t.rows for t in report.tables]) + str(report.section("urgent").paragraphs)
    assert "worrying" not in every_cell and "Spoke to the family" not in every_cell


def test_a_service_with_no_flag_that_month_is_left_out_and_the_table_says_so(org, services, flags, admin_scope):
    # November: Beech Court's two flags are open; Rowan House's were both closed in October.
    report = monthly_pack(scope=admin_scope, month=dt.date(2026, 11, 1))
    urgent = table(report, "urgent")
    assert [row[0] for row in urgent.rows] == ["Beech Court"]
    assert urgent.rows[0][1:4] == [1, 0, 2]
    assert urgent.note.startswith("Only services with a flag raised, closed, open or acted on this month are listed")


@pytest.fixture
def themed(org, services, made, admin_scope):
    framework = framework_install(scope=admin_scope, key="social-care")
    themes = {t.code: t for t in Theme.objects.for_org(org).filter(version__framework=framework)}
    coder = admin_scope.person
    october = list(Comment.objects.for_org(org).filter(feedback__received_on__gte=OCTOBER).order_by("id"))
    september = list(
        Comment.objects.for_org(org).filter(
            feedback__received_on__gte=dt.date(2026, 9, 1), feedback__received_on__lt=OCTOBER
        )
    )

    def code(comment, theme, **fields):
        return ThemeAssignment.objects.create(
            organisation=org,
            comment=comment,
            theme=themes[theme],
            source=Source.PERSON,
            made_by=coder,
            made_at=at(OCTOBER),
            **fields,
        )

    for comment in october[:3]:
        code(comment, "privacy")
    for comment in october[1:3]:
        code(comment, "dignity-and-respect")
    # A person said "no" to consent on this comment, superseding an earlier "yes": neither counts.
    no = code(october[4], "consent", applies=False)
    code(october[4], "consent", superseded_by=no, superseded_at=at(OCTOBER, 11))
    code(september[0], "privacy")
    return themes


def test_top_themes_count_current_codings_only(made, themed, admin_scope):
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    top = table(report, "themes")
    comments = len(in_month(made, OCTOBER))
    assert [row[:5] for row in top.rows] == [
        ["Privacy", themed["privacy"].category.name, 3, round(300 / comments, 2), 1],
        [
            themed["dignity-and-respect"].name,
            themed["dignity-and-respect"].category.name,
            2,
            round(200 / comments, 2),
            0,
        ],
    ]
    by_month = {str(row[0]): row for row in table(report, "themes", 1).rows}
    assert by_month["Oct 2026"][1:] == [comments, "Privacy (3)", f"{themed['dignity-and-respect'].name} (2)", ""]
    assert by_month["Sep 2026"][2] == "Privacy (1)"


def test_a_theme_in_two_comments_of_one_piece_of_feedback_is_counted_once_in_every_table(
    org, made, themed, admin_scope
):
    """The top themes, the three most common each month, the theme's chart and the home page count
    the same thing: pieces of feedback with comments, so a survey with two comments about privacy is
    one piece of feedback about privacy, and a share of feedback is never more than 100%."""
    from reports.home import theme_lines

    privacy = Theme.objects.for_org(org).get(code="privacy")
    # The first of October's comments is coded privacy (see `themed`); its feedback gets a second one.
    survey = Comment.objects.for_org(org).filter(feedback__received_on__gte=OCTOBER).order_by("id").first().feedback
    second = Comment.objects.create(organisation=org, feedback=survey, text="And the doors do not shut", position=1)
    ThemeAssignment.objects.create(
        organisation=org, comment=second, theme=privacy, source=Source.PERSON, made_by=admin_scope.person,
        made_at=at(OCTOBER),
    )  # fmt: skip
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    pieces = len(in_month(made, OCTOBER))
    top = {row[0]: row for row in table(report, "themes").rows}
    assert top["Privacy"][2:4] == [3, round(300 / pieces, 2)]
    assert table(report, "themes").header[2:4] == ["Feedback with the theme", "% of feedback with comments"]
    assert {str(row[0]): row for row in table(report, "themes", 1).rows}["Oct 2026"][1:3] == [pieces, "Privacy (3)"]
    chart = next(f.table for f in report.section("theme-trends").figures if f.table.caption.startswith("Privacy"))
    october = next(row for row in chart.rows if str(row[0]) == "Oct 2026")
    assert october[1:4] == [3, pieces, top["Privacy"][3]]
    home = {t.name: t for t in theme_lines(scope=admin_scope, month=OCTOBER)}
    assert (home["Privacy"].feedback, home["Privacy"].share) == (3, round(300 / pieces, 2))


def test_a_service_manager_sees_only_their_service(services, made, flags, make_scope):
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    report = monthly_pack(scope=manager, month=OCTOBER)
    assert report.coverage == "Rowan House"
    assert {row[0] for row in table(report, "feedback").rows} == {"Rowan House", "All"}
    assert [row[0] for row in table(report, "urgent").rows] == ["Rowan House"]
    rowan = [r for r in in_month(made, OCTOBER) if r[0] == "Rowan House"]
    # and the feedback behind the flag raised on 5 October (the other was received in September)
    assert table(report, "feedback").rows[-1][-1] == len(rowan) + 1


def test_one_service_of_several(services, made, admin_scope):
    report = monthly_pack(scope=admin_scope, month=OCTOBER, service=services[1])
    assert report.coverage == "Beech Court"
    expected = [r for r in in_month(made, OCTOBER) if r[0] == "Beech Court"]
    assert table(report, "feedback").rows[-1][-1] == len(expected)


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER])
def test_roles_outside_the_monthly_meeting_cannot_read_the_pack(services, make_scope, role):
    with pytest.raises(PermissionDenied):
        monthly_pack(scope=make_scope(role, services=[services[0]]), month=OCTOBER)


def test_the_pack_has_the_loop_sections_even_before_any_meeting(admin_scope, made):
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    assert [s.key for s in report.sections] == [
        "feedback", "fft", "urgent", "complaint-replies", "incidents", "themes", "theme-trends", "decisions", "actions",
        "challenges", "stalled",
    ]  # fmt: skip
    assert report.section("decisions").paragraphs[0].startswith("0 decisions recorded at 0 meetings in October 2026")
    assert report.notes == ()


def test_each_open_challenge_says_which_kind_of_record_it_is_about_and_its_themes(seeded, services, team, admin_scope):
    # The same words as the commissioner report, so two challenges on actions never read alike.
    from governance import services as gov
    from governance.tests.conftest import scope_of
    from reports.tests.quarter_seed import FOOD, _theme
    from reports.tests.quarter_seed import at as seed_at

    food = _theme(team.quality.organisation, FOOD)
    meeting = gov.meeting_create(
        scope=scope_of(team.quality), meeting_type="other", service_id=services[0].id, held_on=dt.date(2026, 9, 1),
        title="Kitchen review with residents", now=seed_at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    decision = gov.decision_record(
        scope=scope_of(team.quality), meeting_id=meeting.id, text="Decision wording: new menu.",
        evidence=gov.Evidence(theme_ids=[food.id]), now=seed_at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    gov.challenge_raise(
        scope=scope_of(team.leader), subject="decision", decision_id=decision.id,
        question="Question: who chose the menu?", now=seed_at(dt.date(2026, 9, 2)),
    )  # fmt: skip
    report = monthly_pack(scope=admin_scope, month=dt.date(2026, 9, 1), now=seed_at(dt.date(2026, 10, 5)))
    challenges = table(report, "challenges")
    about = challenges.header.index("About")
    assert [row[about] for row in challenges.rows] == [
        "Action on Call bells & responsiveness",  # the overdue rota, on the call bells the decision cited
        "Decision on Food & drink",
    ]


def test_a_month_with_no_data_still_makes_a_pack(admin_scope):
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    assert (
        report.section("fft").paragraphs[0] == "Nobody answered the Friends and Family Test question in October 2026."
    )
    assert len(table(report, "fft").rows) == 12  # a year of empty months


# --- on screen, as files, and as a command ---------------------------------------------------


def test_the_page_and_its_downloads(client, org, services, made, flags, admin_scope):
    client.force_login(admin_scope.user)
    page = client.get("/reports/monthly/?month=2026-10")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Monthly quality and safety pack" in html
    assert 'href="/reports/"' in html  # in the navigation
    assert html.count('role="img"') >= 3  # FFT chart and icon, feedback by service
    assert "<caption" in html
    pdf = client.get("/reports/monthly.pdf?month=2026-10")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="heard-monthly-northgate-all-services-october-2026.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get("/reports/monthly.xlsx?month=2026-10")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["About", "Feedback received", "FFT by month"]
    verbs = list(AuditEvent.objects.for_org(org).filter(verb__startswith="report.").values_list("verb", flat=True))
    assert sorted(verbs) == ["report.monthly.pdf", "report.monthly.xlsx"]


def test_the_page_refuses_bad_input_and_other_peoples_services(client, org, services, make_scope):
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    bad = client.get("/reports/monthly/?month=2026-13")
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert client.get(f"/reports/monthly/?month=2026-10&service={services[1].id}").status_code in (400, 404)
    assert client.get(f"/reports/monthly.pdf?month=2026-10&service={services[1].id}").status_code in (400, 404)
    assert client.get("/reports/monthly.docx?month=2026-10").status_code == 404
    staff = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    assert client.get("/reports/monthly/?month=2026-10").status_code == 403
    assert 'href="/reports/"' not in client.get("/").content.decode()


def test_the_command_writes_both_files(org, services, made, tmp_path):
    out = io.StringIO()
    call_command(
        "report", "monthly", "--org", "northgate", "--service", "rowan-house", "--month", "2026-10",
        "--pdf", str(tmp_path / "pack.pdf"), "--xlsx", str(tmp_path / "pack.xlsx"), stdout=out,
    )  # fmt: skip
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    book = load_workbook(tmp_path / "pack.xlsx")
    about = dict(row[:2] for row in book["About"].iter_rows(values_only=True) if row and row[0])
    assert about["Services"] == "Rowan House" and about["Period"] == "October 2026"
    rowan = [r for r in in_month(made, OCTOBER) if r[0] == "Rowan House"]
    feedback = list(book["Feedback received"].iter_rows(values_only=True))
    assert feedback[-1][-1] == len(rowan)
    assert "PDF written to" in out.getvalue() and "XLSX written to" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "October"], "--month: Give the month as year-month"),
        (
            ["--month", "2026-10", "--service", "nowhere"],
            "No service 'nowhere' here. Services: beech-court, home-care, rowan-house",
        ),
        (["--month", "2026-10", "--org", "missing"], "There is no organisation 'missing'"),
        (["--month", "2026-10", "--no-files"], "Say where to write the report"),
    ],
)
def test_the_command_says_what_is_wrong(org, services, tmp_path, args, message):
    base = ["report", "monthly", "--org", "northgate"]
    files = [] if "--no-files" in args else ["--pdf", str(tmp_path / "x.pdf")]
    args = [a for a in args if a != "--no-files"] + files
    if "--org" in args:
        base = ["report", "monthly"]
    with pytest.raises(CommandError, match=message):
        call_command(*base, *args)


def test_the_pack_for_another_organisations_person_is_empty_of_ours(org, other_org, services, made):
    outsider = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    from organisations.scope import scope_for

    scope = scope_for(user=outsider.user, organisation=other_org)
    report = monthly_pack(scope=scope, month=OCTOBER)
    assert table(report, "feedback").rows[-1][-1] == 2  # only its own two


def test_incidents_are_counted_by_harm_and_audits_listed_for_the_month(services, make_scope, admin_scope):
    from evidence import services as ev

    recorder = make_scope(Role.QUALITY_LEAD)
    rowan, beech = services[0], services[1]
    for service, day, harm in (
        (rowan, 3, "low"),
        (rowan, 12, "moderate"),
        (beech, 20, "none"),
        (rowan, 40, "severe"),  # November: not in October's pack
    ):
        ev.item_record(
            scope=recorder,
            service_id=service.id,
            kind="incident",
            occurred_on=OCTOBER + dt.timedelta(days=day - 1),
            summary="Found on the floor",
            harm=harm,
            now=at(OCTOBER + dt.timedelta(days=day)),
        )
    section = monthly_pack(scope=admin_scope, month=OCTOBER, now=at(dt.date(2026, 11, 20))).section("incidents")
    by_harm, audits = section.tables
    rows = {row[0]: row for row in by_harm.rows}
    assert rows["Rowan House"][1:] == [0, 1, 1, 0, 0, 2] and rows["Beech Court"][1:] == [1, 0, 0, 0, 0, 1]
    assert (
        "3 incidents in October 2026, 1 of them causing moderate harm or worse; 0 audits completed."
        in section.paragraphs
    )
    assert audits.rows == []
    manager = make_scope(Role.SERVICE_MANAGER, services=[beech])
    only = monthly_pack(scope=manager, month=OCTOBER, now=at(dt.date(2026, 11, 20))).section("incidents")
    assert [row[0] for row in only.tables[0].rows] == ["Beech Court"]
