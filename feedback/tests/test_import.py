"""Importing feedback from CSV and Excel files: the NHS feedback-v6 files as they are, broken files,
idempotence, the mapping guesses, permissions and tenancy, the export that neutralises formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from core import clock
from core.exports import to_csv as rows_to_csv
from core.exports import to_xlsx as rows_to_xlsx
from core.models import AuditEvent
from feedback.imports.mapping import ColumnMapping, auto_detect, parse_overrides
from feedback.imports.parsing import NOT_READABLE, ImportFileError, read_table
from feedback.imports.services import (
    ImportMappingError,
    ImportServiceGone,
    check_table,
    feedback_import,
    feedback_import_preview,
)
from feedback.models import Comment, Feedback
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory
from themes.models import CodingReview, Framework, SentimentAssignment, Source, ThemeAssignment
from themes.services import framework_install

V6 = Path(settings.BASE_DIR).parent / "shared" / "data" / "feedback-v6"
HEADER = ["ID", "Date", "Service", "Rating", "Question", "Comment"]
MAPPING = ColumnMapping(
    columns={
        "source_id": "ID",
        "date": "Date",
        "service": "Service",
        "rating": "Rating",
        "question": "Question",
        "text": "Comment",
    }
)


def write_csv(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def feedback_count(org) -> int:
    return Feedback.objects.for_org(org).count()


def comment_count(org) -> int:
    return Comment.objects.for_org(org).count()


@pytest.fixture
def service(org):
    return ServiceFactory(organisation=org, name="Patient Transport")


# --- the feedback-v6 files, as they are ----------------------------------------------------------


def test_the_feedback_v6_dev_file_imports_as_it_is_grouped_by_respondent(admin_scope, org, service):
    path = V6 / "dev.csv"
    mapping = auto_detect(read_table(path).columns)

    report = feedback_import(
        scope=admin_scope, file=path, mapping=mapping, mode="all_or_nothing", service_id=service.id
    )

    assert report.errors == []
    assert report.written
    assert (report.rows_read, report.comments_created, report.feedback_created) == (621, 621, 415)
    assert (feedback_count(org), comment_count(org)) == (415, 621)
    assert set(Comment.objects.for_org(org).values_list("organisation_id", flat=True)) == {org.id}
    one = Feedback.objects.for_org(org).get(source_key="import:NEAS PTS 567")
    assert one.channel == "import" and one.received_on == dt.date(2021, 9, 30) and one.rating == 2
    texts = [c.text for c in one.comments.all()]
    assert len(texts) == 2 and texts[0] == "Nothing really. You cannot control attitude of taxi drivers."
    # "7" is a don't-know answer: stored as Don't know (6); nothing outside the FFT scale is stored.
    assert set(Feedback.objects.for_org(org).values_list("rating", flat=True)) <= {1, 2, 3, 4, 5, 6}
    assert Feedback.objects.for_org(org).filter(rating=6).exists()
    # Some dates in the source are month/day/year (10/17/2021): read that way, and said so.
    assert any("month/day/year" in w.reason for w in report.warnings)
    events = AuditEvent.objects.for_org(org).filter(verb="feedback.import.complete")
    assert events.count() == 1
    assert events.get().changes["comments_created"] == 621


def test_sentiment_and_theme_labels_are_read_into_the_rows(admin_scope, service):
    path = V6 / "dev.csv"
    table = read_table(path)
    mapping = auto_detect(table.columns)
    result = check_table(scope=admin_scope, table=table, mapping=mapping, one_service=service)
    first = result.rows[0]
    assert first.sentiment == 3
    assert first.themes == ("Staff manner & personal attributes",)
    assert len(mapping.theme_columns) == 50


def test_the_v6_theme_labels_and_sentiment_are_stored_as_codings_by_the_import(admin_scope, org, service):
    path = V6 / "dev.csv"
    report = feedback_import(
        scope=admin_scope,
        file=path,
        mapping=auto_detect(read_table(path).columns),
        mode="all_or_nothing",
        service_id=service.id,
    )
    # The organisation had no v6 framework: it was installed so no label was lost.
    framework = Framework.objects.for_org(org).get(slug="nhs-pe-v6")
    assert report.theme_framework == framework.name
    rows = ThemeAssignment.objects.for_org(org)
    assert report.themes_stored == rows.count() > 600
    assert set(rows.values_list("source", flat=True)) == {Source.IMPORT}
    assert not rows.filter(theme__version__framework__slug="social-care").exists()
    # Every comment in the file counts as coded, and none is waiting in the v6 coding queue.
    assert CodingReview.objects.for_org(org).filter(framework=framework, source=Source.IMPORT).count() == 621
    first = Comment.objects.for_org(org).get(feedback__source_key="import:NEAS PTS 567", position=0)
    assert [r.theme.name for r in rows.filter(comment=first)] == ["Staff manner & personal attributes"]
    # The counts per label match the file: check one theme against the CSV itself.
    with path.open(encoding="utf-8") as handle:
        in_file = sum(1 for r in csv.DictReader(handle) if r["FFT answer"].strip() and r["Staff continuity"] == "1")
    assert rows.filter(theme__name="Staff continuity").count() == in_file
    assert SentimentAssignment.objects.for_org(org).filter(source=Source.IMPORT).count() == (
        Comment.objects.for_org(org).filter(sentiment__isnull=False).count()
    )


def test_theme_columns_no_framework_names_are_reported_and_never_stop_the_import(admin_scope, org, service, tmp_path):
    framework_install(scope=admin_scope, key="nhs-pe-v6")
    path = write_csv(
        tmp_path / "labelled.csv",
        [
            ["1", "01/11/2026", "Patient Transport", "1", "Q", "Same driver every week, lovely", "1", "1"],
            ["2", "02/11/2026", "Patient Transport", "1", "Q", "Could not park anywhere", "0", "1"],
        ],
        header=[*HEADER, "Staff continuity", "Garden views"],
    )
    mapping = ColumnMapping(columns=MAPPING.columns, theme_columns=("Staff continuity", "Garden views"))
    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="all_or_nothing")
    assert report.written and report.comments_created == 2 and report.errors == []
    assert report.themes_stored == 1 and report.theme_framework == "NHS patient experience (v6)"
    assert any("themes called Garden views" in w.reason for w in report.warnings)
    [row] = ThemeAssignment.objects.for_org(org)
    assert row.theme.name == "Staff continuity" and row.comment.text == "Same driver every week, lovely"


def test_a_sentiment_too_big_for_a_number_is_left_out_like_any_unreadable_one(admin_scope, org, service, tmp_path):
    path = write_csv(
        tmp_path / "sentiment.csv",
        [
            [str(n), "01/11/2026", "Patient Transport", "1", "Q", f"Comment {n}", value]
            for n, value in enumerate(("inf", "-inf", "1e999", "nan", "x", "2"), start=1)
        ],
        header=[*HEADER, "Sentiment"],
    )
    mapping = MAPPING.with_columns(sentiment="Sentiment")
    preview = feedback_import_preview(scope=admin_scope, file=path, mapping=mapping)
    assert preview.errors == [] and [row.sentiment for row in preview.rows] == [None] * 5 + [2]
    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="all_or_nothing")
    assert report.written and report.comments_created == 6


def test_importing_the_same_file_twice_adds_nothing_twice(admin_scope, org, service):
    path = V6 / "dev.csv"
    mapping = auto_detect(read_table(path).columns)
    feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good", service_id=service.id)

    again = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good", service_id=service.id)

    assert (again.feedback_created, again.comments_created, again.duplicates) == (0, 0, 621)
    assert (feedback_count(org), comment_count(org)) == (415, 621)


def test_rows_without_an_id_are_recognised_on_a_second_import(admin_scope, org, service, tmp_path):
    # Two people wrote the same thing on the same day: both are kept, and neither is added twice.
    rows = [["", "01/02/2024", "Patient Transport", "1", "", "Nothing."]] * 2
    path = write_csv(tmp_path / "noid.csv", rows)
    mapping = MAPPING.with_columns(source_id="")
    mapping = ColumnMapping(columns={k: v for k, v in mapping.columns.items() if v})
    first = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")
    second = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")
    assert (first.feedback_created, second.feedback_created, second.duplicates) == (2, 0, 2)
    assert feedback_count(org) == 2


def test_the_v6_service_columns_match_service_names_ignoring_case(admin_scope, org, tmp_path):
    ServiceFactory(organisation=org, name="PTS - Patient Transport")
    forensic = ServiceFactory(organisation=org, name="forensic - offender health")
    header = [
        "Comment ID",
        "Respondent ID",
        "Date",
        "Service type 1",
        "Service type 2",
        "FFT categorical answer",
        "FFT question",
        "FFT answer",
    ]
    rows = [
        ["1 - Q1", "1", "30/09/2021", "PTS\xa0 - Patient Transport", "", "1", "What was good?", "Kind driver"],
        ["2 - Q1", "2", "30/09/2021", "Forensic", "Offender health", "2", "What was good?", "Listened"],
        ["2 - Q2", "2", "30/09/2021", "Forensic", "Offender health", "2", "What could be better?", "Food"],
        ["3 - Q1", "3", "30/09/2021", "Nowhere", "", "2", "What was good?", "Hmm"],
    ]
    path = write_csv(tmp_path / "v6.csv", rows, header=header)
    mapping = auto_detect(header)

    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")

    assert report.feedback_created == 2 and report.comments_created == 3
    assert [(e.line, e.field) for e in report.errors] == [(5, "service")]
    assert "'Nowhere'" in report.errors[0].reason
    two = Feedback.objects.for_org(org).get(source_key="import:2")
    assert two.service == forensic
    assert [(c.question, c.text) for c in two.comments.all()] == [
        ("What was good?", "Listened"),
        ("What could be better?", "Food"),
    ]


# --- broken files --------------------------------------------------------------------------------


def test_a_20_mb_file_of_random_bytes_is_refused_quickly(tmp_path):
    path = tmp_path / "nonsense.csv"
    path.write_bytes(os.urandom(20 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(ImportFileError) as exc:
        read_table(path)
    assert str(exc.value) == NOT_READABLE
    assert time.monotonic() - started < 2


def test_20_mb_of_printable_nonsense_on_one_line_is_refused(tmp_path):
    path = tmp_path / "nonsense.csv"
    path.write_bytes(b"qwertyuiop" * 2 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="not a CSV or Excel file we can read"):
        read_table(path).count()


def test_random_bytes_called_xlsx_are_refused(tmp_path):
    path = tmp_path / "nonsense.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(50_000))
    with pytest.raises(ImportFileError, match="not a CSV or Excel file we can read"):
        read_table(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        ("\ufeffID,Date\n".encode("utf-16"), "UTF-16"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file"),
        (b"Comment,Date\n\x81\x8d\x8f,01/01/2024\n", "character set"),
    ],
)
def test_broken_files_give_a_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_table(path)


def test_a_file_named_as_excel_must_be_one(tmp_path):
    # A system's "Excel export" that is a web page, or a CSV renamed: read as CSV, it would show
    # one column of markup. A CSV under its own name reads as before.
    text = b"Comment,Date\nGood,01/02/2024\n"
    (tmp_path / "export.xlsx").write_bytes(text)
    (tmp_path / "export.csv").write_bytes(text)
    with pytest.raises(ImportFileError, match="named as an Excel file but is not one inside"):
        read_table(tmp_path / "export.xlsx")
    with pytest.raises(ImportFileError, match="named as an Excel file"):
        read_table(tmp_path / "export.csv", name="Export.XLSX")
    assert read_table(tmp_path / "export.csv").columns == ["Comment", "Date"]


def test_a_file_with_only_column_names_says_so(admin_scope, org, service, tmp_path):
    path = write_csv(tmp_path / "header.csv", [])
    with pytest.raises(ImportFileError, match="no rows of feedback"):
        feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="keep_good")
    assert feedback_count(org) == 0


def test_files_over_25_mb_are_refused(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="up to 25 MB"):
        read_table(path)


def test_utf8_with_bom_and_windows_1252_files_read_correctly(tmp_path):
    rows = [["7", "01/02/2024", "Patient Transport", "1", "", "Café staff, £5 parking – “great”"]]
    bom = write_csv(tmp_path / "bom.csv", rows, encoding="utf-8-sig")
    windows = write_csv(tmp_path / "win.csv", rows, encoding="cp1252")
    for path, encoding in ((bom, "utf-8-sig"), (windows, "cp1252")):
        table = read_table(path)
        assert table.encoding == encoding
        assert table.columns == HEADER
        assert list(table.rows()) == [(2, rows[0])]


def test_semicolon_separated_files_are_read(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Comment;Date\nGood;01/02/2024\n")
    assert list(read_table(path).rows()) == [(2, ["Good", "01/02/2024"])]


def test_missing_columns_are_named_and_nothing_is_written(admin_scope, org, tmp_path):
    path = write_csv(tmp_path / "cols.csv", [["Nice", "x"]], header=["Words", "Other"])
    with pytest.raises(ImportMappingError) as exc:
        feedback_import(scope=admin_scope, file=path, mapping=auto_detect(["Words", "Other"]), mode="keep_good")
    message = str(exc.value)
    assert "Choose the column that holds the date" in message
    assert "The file's columns are: Words, Other" in message
    assert feedback_count(org) == 0


BAD_ROWS = [
    ["1", "01/02/2024", "Patient Transport", "1", "", "Good"],
    ["2", "31/02/2024", "Patient Transport", "1", "", "Bad date"],
    ["3", "01/02/2999", "Patient Transport", "1", "", "Future"],
    ["4", "01/02/2024", "Patient Transport", "9", "", "Bad rating"],
    ["5", "01/02/2024", "Patient Transport", "", "", ""],
    ["6", "01/02/2024", "Nowhere House", "1", "", "Unknown service"],
    ["7", "01/02/2024", "Patient Transport", "2", "", "x" * 5001],
    ["8", "2024-02-03", "patient transport", "2", "", "Also good"],
]
EXPECTED = [
    (3, "date", "'31/02/2024' is not a real date: February 2024 has 29 days."),
    (4, "date", "The date 1 February 2999 is in the future."),
    (
        5,
        "rating",
        "'9' is not a rating. Use 1 (very good) to 5 (very poor), or those words; for don't know, 6, 7 "
        'or the words "don\'t know".',
    ),
    (6, "text", "There is no comment and no rating."),
    (7, "service", "There is no service called 'Nowhere House' among your services."),
    (8, "text", "The comment is 5,001 characters long; the most is 5,000."),
]


def test_a_date_that_does_not_exist_is_named_with_why(admin_scope, org, service, tmp_path):
    # Written the way that is always read correctly, but there is no 31 November: say so, not that
    # the date cannot be read. A date that is not written as a date at all is still "cannot read".
    rows = [
        ["1", "2026-11-31", "Patient Transport", "1", "", "A"],
        ["2", "29/02/2025", "Patient Transport", "1", "", "B"],
        ["3", "2026-13-01", "Patient Transport", "1", "", "C"],
        ["4", "yesterday", "Patient Transport", "1", "", "D"],
    ]
    report = feedback_import(
        scope=admin_scope, file=write_csv(tmp_path / "days.csv", rows), mapping=MAPPING, mode="all_or_nothing"
    )
    assert [str(e) for e in report.errors] == [
        "Line 2: Date: '2026-11-31' is not a real date: November has 30 days.",
        "Line 3: Date: '29/02/2025' is not a real date: February 2025 has 28 days.",
        "Line 4: Date: '2026-13-01' is not a real date: there is no month 13.",
        "Line 5: Date: 'yesterday' is not a date we can read. Expected day/month/year, like 31/01/2024.",
    ]


def test_every_way_the_rating_hint_gives_for_dont_know_is_read_as_dont_know(admin_scope, org, service, tmp_path):
    from feedback.imports.mapping import FIELDS, RATING_HINT
    from feedback.models import Rating

    answers = ["6", "7", "Don't know", "dont know", "don’t know"]
    rows = [[str(n), "01/02/2024", "Patient Transport", answer, "", ""] for n, answer in enumerate(answers, 1)]
    report = feedback_import(
        scope=admin_scope, file=write_csv(tmp_path / "dk.csv", rows), mapping=MAPPING, mode="all_or_nothing"
    )
    assert not report.errors and report.feedback_created == len(answers)
    assert set(Feedback.objects.for_org(org).values_list("rating", flat=True)) == {Rating.DONT_KNOW}
    assert "for don't know, 6, 7 or the words \"don't know\"" in RATING_HINT
    assert dict((name, help_) for name, _, help_ in FIELDS)["rating"].endswith(RATING_HINT + ".")
    rows = [["1", "01/02/2024", "Patient Transport", "8", "", ""]]
    refused = feedback_import(
        scope=admin_scope, file=write_csv(tmp_path / "eight.csv", rows), mapping=MAPPING, mode="all_or_nothing"
    )
    assert [e.reason for e in refused.errors] == [f"'8' is not a rating. Use {RATING_HINT}."]


def test_all_or_nothing_reports_every_bad_row_by_line_and_writes_nothing(admin_scope, org, service, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    report = feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="all_or_nothing")
    assert [(e.line, e.field, e.reason) for e in report.errors] == EXPECTED
    assert not report.written and report.feedback_created == 0
    assert feedback_count(org) == 0
    assert not AuditEvent.objects.for_org(org).filter(verb="feedback.import.complete").exists()


def test_keep_good_writes_only_the_good_rows(admin_scope, org, service, tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    report = feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="keep_good")
    assert [(e.line, e.field, e.reason) for e in report.errors] == EXPECTED
    assert report.feedback_created == 2 and report.error_lines == 6
    assert sorted(Comment.objects.for_org(org).values_list("text", flat=True)) == ["Also good", "Good"]
    event = AuditEvent.objects.for_org(org).get(verb="feedback.import.complete")
    assert event.changes["rows_with_problems"] == 6 and event.changes["mode"] == "keep_good"


def test_a_respondent_with_one_bad_answer_is_kept_out_whole(admin_scope, org, service, tmp_path):
    header = ["Respondent ID", "Date", "FFT answer", "FFT categorical answer"]
    rows = [["r1", "01/02/2024", "Good", "1"], ["r1", "01/02/2024", "Better", "9"], ["r2", "01/02/2024", "Fine", "2"]]
    path = write_csv(tmp_path / "group.csv", rows, header=header)
    report = feedback_import(
        scope=admin_scope, file=path, mapping=auto_detect(header), mode="keep_good", service_id=service.id
    )
    assert [(e.line, e.field) for e in report.errors] == [(2, "respondent"), (3, "rating")]
    assert list(Comment.objects.for_org(org).values_list("text", flat=True)) == ["Fine"]


def test_formula_cells_are_stored_as_text_and_neutralised_on_export(admin_scope, org, service, tmp_path):
    formula = '=HYPERLINK("http://evil.example","Click")'
    path = write_csv(tmp_path / "formula.csv", [["1", "01/02/2024", "Patient Transport", "1", "", formula]])
    report = feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="all_or_nothing")
    assert report.errors == [] and report.feedback_created == 1
    assert [(w.line, w.field) for w in report.warnings] == [(2, "text")]
    stored = Comment.objects.for_org(org).get().text
    assert stored == formula

    exported = rows_to_csv(["Comment"], [[stored]])
    assert list(csv.reader(io.StringIO(exported)))[1] == ["'" + formula]
    book = load_workbook(io.BytesIO(rows_to_xlsx(["Comment"], [[stored], ["+1"], ["@SUM(A1)"], [5]])))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["'" + formula, "'+1", "'@SUM(A1)", 5]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n"]


def test_an_excel_file_imports_with_dates_numbers_and_formula_cells(admin_scope, org, service, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Comment", "Rating", "Date", "Service"])
    sheet.append(["Lovely staff", 1, dt.datetime(2024, 3, 1), "Patient Transport"])
    sheet.append(['=HYPERLINK("http://x.example","x")', 2.0, "02/03/2024", "PATIENT TRANSPORT"])
    sheet.append([None, None, None, None])
    sheet.append(["Bad", 8, "soon", "Patient Transport"])
    path = tmp_path / "feedback.xlsx"
    book.save(path)
    mapping = auto_detect(read_table(path).columns)

    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")

    assert report.rows_read == 3
    assert [(e.line, e.field) for e in report.errors] == [(5, "rating"), (5, "date")]
    assert report.feedback_created == 2
    texts = dict(Comment.objects.for_org(org).values_list("text", "feedback__received_on"))
    assert texts == {"Lovely staff": dt.date(2024, 3, 1), '=HYPERLINK("http://x.example","x")': dt.date(2024, 3, 2)}


# --- mapping -------------------------------------------------------------------------------------


def test_the_mapping_is_guessed_from_the_feedback_v6_header():
    mapping = auto_detect(read_table(V6 / "dev.csv").columns)
    assert mapping.columns == {
        "text": "FFT answer",
        "rating": "FFT categorical answer",
        "question": "FFT question",
        "date": "Date",
        "service": "Service type 1",
        "service_detail": "Service type 2",
        "respondent": "Respondent ID",
        "source_id": "Comment ID",
        "sentiment": "Comment sentiment",
    }
    assert "Trust" not in mapping.theme_columns and "Positive experience & gratitude" in mapping.theme_columns


def test_the_mapping_is_guessed_from_other_common_headers_and_can_be_overridden():
    columns = ["Reference", "Date received", "Location", "Score", "Comments", "Notes"]
    mapping = auto_detect(columns)
    assert mapping.columns == {
        "text": "Comments",
        "rating": "Score",
        "date": "Date received",
        "service": "Location",
        "source_id": "Reference",
    }
    assert mapping.theme_columns == ()
    changed = parse_overrides(["text=Notes", "source_id="], columns=columns, base=mapping)
    assert changed.columns["text"] == "Notes" and "source_id" not in changed.columns
    with pytest.raises(ValueError, match="no column 'Nope'"):
        parse_overrides(["text=Nope"], columns=columns, base=mapping)


# --- permissions and tenancy ---------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER, Role.LEADER])
def test_roles_without_the_import_permission_are_refused(make_scope, org, service, tmp_path, role):
    path = write_csv(tmp_path / "ok.csv", [["1", "01/02/2024", "Patient Transport", "1", "", "Good"]])
    scope = make_scope(role, services=[service]) if role == Role.COMMISSIONER else make_scope(role)
    with pytest.raises(PermissionDenied):
        feedback_import(scope=scope, file=path, mapping=MAPPING, mode="keep_good")
    with pytest.raises(PermissionDenied):
        feedback_import_preview(scope=scope, file=path, mapping=MAPPING)
    assert feedback_count(org) == 0


def test_another_organisations_service_names_never_match(admin_scope, org, other_org, service, tmp_path):
    theirs = ServiceFactory(organisation=other_org, name="Elsewhere House")
    path = write_csv(tmp_path / "x.csv", [["1", "01/02/2024", "Elsewhere House", "1", "", "Good"]])
    report = feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="keep_good")
    assert [(e.line, e.field) for e in report.errors] == [(2, "service")]
    with pytest.raises(ImportServiceGone) as refused:
        feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="keep_good", service_id=theirs.id)
    assert str(refused.value) == (
        "That service is not one of yours, so nothing is imported there now. Choose a service that is open."
    )
    assert feedback_count(org) == 0 and feedback_count(other_org) == 0


def test_a_service_chosen_for_the_whole_file_and_archived_since_is_named_and_nothing_is_written(
    admin_scope, org, service, tmp_path
):
    path = write_csv(tmp_path / "x.csv", [["1", "01/02/2024", "Patient Transport", "1", "", "Good"]])
    service.__class__.objects.for_org(org).filter(pk=service.pk).update(archived_at=clock.now())
    for attempt in (feedback_import_preview, feedback_import):
        extra = {"mode": "keep_good"} if attempt is feedback_import else {}
        with pytest.raises(
            ImportServiceGone, match="Patient Transport has been archived, so nothing is imported there now"
        ):
            attempt(scope=admin_scope, file=path, mapping=MAPPING, service_id=service.id, **extra)
    assert feedback_count(org) == 0


def test_a_service_manager_imports_only_into_their_services(make_scope, org, services, tmp_path):
    rowan, beech, _ = services
    scope = make_scope(Role.SERVICE_MANAGER, services=[rowan])
    rows = [["1", "01/02/2024", "Rowan House", "1", "", "Good"], ["2", "01/02/2024", "Beech Court", "1", "", "Good"]]
    path = write_csv(tmp_path / "x.csv", rows)
    report = feedback_import(scope=scope, file=path, mapping=MAPPING, mode="keep_good")
    assert [(e.line, e.field) for e in report.errors] == [(3, "service")]
    assert list(Feedback.objects.for_org(org).values_list("service_id", flat=True)) == [rowan.id]


def test_the_preview_shows_the_first_rows_and_every_problem_and_writes_nothing(admin_scope, org, service, tmp_path):
    rows = [[str(i), "01/02/2024", "Patient Transport", "1", "", f"Comment {i}"] for i in range(30)]
    rows.append(["99", "not a date", "Patient Transport", "1", "", "x"])
    path = write_csv(tmp_path / "p.csv", rows)
    preview = feedback_import_preview(scope=admin_scope, file=path, mapping=MAPPING)
    assert len(preview.rows) == 20 and preview.rows[0].text == "Comment 0"
    assert [(e.line, e.field) for e in preview.errors] == [(32, "date")]
    assert preview.feedback_to_create == 30
    assert feedback_count(org) == 0


def test_the_v6_sentiment_is_kept_and_can_be_filtered(org, admin_scope):
    import csv as _csv

    from feedback import selectors
    from feedback.models import Comment
    from organisations.tests.factories import ServiceFactory

    service = ServiceFactory(organisation=org, name="NHS v6")
    path = V6 / "dev.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        expected = sum(1 for row in _csv.DictReader(handle) if row["Comment sentiment"].strip())
    mapping = auto_detect(read_table(path).columns)
    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good", service_id=service.id)
    assert report.comments_created == 621
    assert Comment.objects.for_org(org).exclude(sentiment=None).count() == expected
    negatives = selectors.feedback_list(scope=admin_scope, filters=selectors.FeedbackFilters(sentiments=(4, 5)))
    assert negatives.exists()
    assert all(any(c.sentiment in (4, 5) for c in f.comments.all()) for f in negatives[:50])


@pytest.mark.parametrize("dimension", ["A1", "A1:XFD1048576"])
def test_an_excel_sheet_that_misstates_its_size_is_read_as_it_is(admin_scope, org, service, tmp_path, dimension):
    # Some programs write the sheet's size as "A1", or as the whole grid, whatever it holds.
    made = tmp_path / "made.xlsx"
    book = Workbook()
    for row in [HEADER, ["1", "01/02/2024", "Patient Transport", 1, "", "Kind driver"]]:
        book.active.append(row)
    book.save(made)
    path = tmp_path / "misstated.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, found = re.subn(rb'<dimension ref="A1:F2"\s*/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert found == 1
            archive.writestr(item, data)

    table = read_table(path)
    assert table.columns == HEADER
    assert list(table.rows()) == [(2, ["1", "01/02/2024", "Patient Transport", 1, "", "Kind driver"])]
    report = feedback_import(scope=admin_scope, file=path, mapping=MAPPING, mode="all_or_nothing")
    assert (report.errors, report.feedback_created) == ([], 1)


def test_rows_that_repeat_a_row_id_with_other_feedback_are_named_not_dropped_silently(
    admin_scope, org, service, tmp_path
):
    # "Ref" is guessed as the row ID, but here it is a ward's code shared by many rows.
    rows = [
        ["W1", "01/02/2024", "Patient Transport", "1", "", "Kind driver"],
        ["W1", "02/02/2024", "Patient Transport", "4", "", "Cold ambulance"],
        ["W1", "01/02/2024", "Patient Transport", "1", "", "Kind driver"],
    ]
    path = write_csv(tmp_path / "wards.csv", rows, header=["Ref", *HEADER[1:]])
    mapping = auto_detect(read_table(path).columns)
    assert mapping.column("source_id") == "Ref"

    report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")

    # Repeats within the file are counted as such, not as feedback imported before.
    assert (report.feedback_created, report.repeated_in_file, report.duplicates) == (1, 2, 0)
    assert "Rows skipped as repeats within the file: 2" in report.summary_lines()
    # The same row twice is simply a repeat; a different one under the same ID is named.
    assert [(w.line, w.field) for w in report.warnings] == [(3, "source_id")]
    assert report.warnings[0].reason == (
        "Not imported: row ID 'W1' is also on line 2, with other feedback, and only line 2 is imported. If that "
        "column does not give each row an ID of its own, choose 'Not in this file' for it."
    )
