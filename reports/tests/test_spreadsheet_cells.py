"""In a report's spreadsheet a month is a date shown as its month, and a name with its count ("Privacy
(3)") is two columns, the name and the count as a number, so both can be sorted, filtered and charted.
On screen and in print they read as before. Read back with openpyxl, which writes them."""

import datetime as dt
import io

from django.template.loader import get_template
from openpyxl import load_workbook

from reports.document import Counted, Month, Percent, Report, Section, Table
from reports.monthly import monthly_pack
from reports.render import MONTH_FORMAT, PERCENT_FORMAT, report_xlsx
from reports.tests.test_monthly import OCTOBER, made, themed  # noqa: F401


def one_table_report(table: Table) -> Report:
    return Report(
        kind="monthly",
        title="A report",
        organisation="Northgate",
        coverage="All services",
        period="October 2026",
        generated_at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
        sections=(Section(key="s", heading="S", tables=(table,)),),
    )


def test_months_are_dates_and_counts_are_numbers_in_their_own_column():
    table = Table(
        caption="The three most common themes, month by month",
        header=["Month", "Share", "First", "Second"],
        rows=[
            [Month(dt.date(2026, 9, 17)), Percent(50.0), Counted("Privacy", 1), ""],
            [Month(OCTOBER), Percent(70.0), Counted("Privacy", 3), Counted("Food", 2)],
        ],
        sheet="By month",
        counted=((2, "feedback with it"),),  # the Second column is not declared: its counts are "number"
    )
    book = load_workbook(io.BytesIO(report_xlsx(one_table_report(table))))
    sheet = book["By month"]
    header, september, october = list(sheet.iter_rows(min_row=1, max_row=3))
    assert [c.value for c in header] == [
        "Month",
        "Share",
        "First",
        "First: feedback with it",
        "Second",
        "Second: number",
    ]
    for row, month in ((september, dt.datetime(2026, 9, 1)), (october, dt.datetime(2026, 10, 1))):
        assert row[0].is_date and row[0].value == month and row[0].number_format == MONTH_FORMAT
        assert row[1].data_type == "n" and row[1].number_format == PERCENT_FORMAT
    assert [c.value for c in october[2:]] == ["Privacy", 3, "Food", 2]
    assert october[3].data_type == "n" and isinstance(october[3].value, int)
    # No theme in that place: both its cells are empty, not a name of "" and no count.
    assert [c.value for c in september[4:]] == [None, None]


def test_on_screen_and_in_print_they_read_as_before():
    month, counted = Month(dt.date(2026, 1, 31)), Counted("Privacy", 3)
    assert str(month) == "Jan 2026" and f"{month}" == "Jan 2026" and f"{month:%B %Y}" == "January 2026"
    assert counted == "Privacy (3)" and (counted.name, counted.count) == ("Privacy", 3)
    macro = get_template("reports/_cells.jinja", using="jinja2").template.module.cell
    assert str(macro(month)) == "Jan 2026" and str(macro(counted)) == "Privacy (3)"


def test_the_monthly_packs_spreadsheet_has_months_as_dates_and_theme_counts_as_numbers(admin_scope, themed):  # noqa: F811
    report = monthly_pack(scope=admin_scope, month=OCTOBER)
    book = load_workbook(io.BytesIO(report_xlsx(report)))

    by_month = list(book["Top themes by month"].iter_rows())
    assert [c.value for c in by_month[0]] == [
        "Month",
        "Feedback with comments",
        "First",
        "First: feedback with the theme",
        "Second",
        "Second: feedback with the theme",
        "Third",
        "Third: feedback with the theme",
    ]
    rows = {row[0].value: row for row in by_month[1:13]}
    assert list(rows) == [dt.datetime(2025 + (10 + k) // 12, (10 + k) % 12 + 1, 1) for k in range(12)]
    assert all(row[0].is_date and row[0].number_format == MONTH_FORMAT for row in rows.values())
    october = rows[dt.datetime(2026, 10, 1)]
    assert [c.value for c in october[2:4]] == ["Privacy", 3]
    assert october[3].data_type == "n"

    # Every month-by-month table of a chart (the FFT's, each theme's) has its months as dates too.
    fft = list(book["FFT by month"].iter_rows(min_row=2))
    months = [row[0] for row in fft if row[0].value is not None and row[1].value is not None]
    assert months and all(c.is_date and c.number_format == MONTH_FORMAT for c in months)
    assert months[-1].value == dt.datetime(2026, 10, 1)
