"""Reports to PDF (through HTML and WeasyPrint) and to XLSX (one sheet per table).

The PDF is tagged (PDF/UA-1), A4, with a running header, "Page N of M", tables whose header rows
repeat on each page and whose rows never split, and charts as inline SVG. Every table fits its page:
the report is laid out once, any table wider than a portrait page is laid out again on landscape
pages of its own, and one too wide even for those has its words broken wherever they must be. It is made offline: the
only resources WeasyPrint may load are data: URLs inside the document, so a report can never reach
out to the network (or to a file on the server) while it is printed. Links in a table cell point
into Heard by path; in the PDF they are read against the site's address (HEARD_SITE_URL, as in
emails), since a PDF has no address of its own for a path to lead from.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

from django.conf import settings
from django.template.loader import get_template
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import safe_cell
from reports.document import Counted, Month, Percent, Report, Table

PRINT_TEMPLATE = "reports/print/report.jinja"
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PERCENT_FORMAT = "0.0%"
MONTH_FORMAT = "mmm yyyy"
# WeasyPrint logs each step of each page at INFO: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# WeasyPrint is imported when a PDF is made, not when Heard starts: it parses its stylesheets on import.


def offline_fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def site_base_url() -> str:
    """The address a link in a PDF is read against: a path such as /governance/actions/12/ becomes
    a link to that page of this Heard. WeasyPrint fetches nothing from it (see `offline_fetcher`)."""
    return settings.HEARD_SITE_URL.rstrip("/") + "/"


def report_html(
    report: Report,
    *,
    template: str = PRINT_TEMPLATE,
    wide: frozenset[int] = frozenset(),
    squeeze: frozenset[int] = frozenset(),
) -> str:
    """The report as HTML for print; ``wide`` and ``squeeze`` hold the numbers of the tables to print
    landscape and to break words in."""
    return get_template(template, using="jinja2").render({"report": report, "wide": wide, "squeeze": squeeze})


def tables_too_wide(document) -> frozenset[int]:
    """The numbers of the tables that run past the right margin of a page they are laid out on."""
    from weasyprint.formatting_structure.boxes import TableBox

    found = set()
    for page in document.pages:
        page_box = page._page_box  # WeasyPrint keeps the laid-out boxes here
        right = page_box.content_box_x() + page_box.width
        boxes = [page_box]
        while boxes:
            box = boxes.pop()
            number = box.element.get("data-table") if isinstance(box, TableBox) and box.element is not None else None
            if number is not None and box.position_x + box.margin_width() > right + 0.5:
                found.add(int(number))
            boxes.extend(getattr(box, "children", ()))
    return frozenset(found)


def report_pdf(report: Report, *, template: str = PRINT_TEMPLATE) -> bytes:
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": False, "uncompressed_pdf": False}

    def layout(wide: frozenset[int] = frozenset(), squeeze: frozenset[int] = frozenset()):
        html = report_html(report, template=template, wide=wide, squeeze=squeeze)
        return HTML(string=html, base_url=site_base_url(), url_fetcher=offline_fetcher()).render(**options)

    document = layout()
    wide = tables_too_wide(document)
    if wide:
        document = layout(wide)
        squeeze = tables_too_wide(document)
        if squeeze:
            document = layout(wide, squeeze)
    return document.write_pdf(**options)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"\s+", " ", SHEET_FORBIDDEN.sub(" ", name)).strip(" '")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _cell(value):
    if isinstance(value, Percent):
        return float(value) / 100  # a spreadsheet's percentage is a fraction, shown with its % sign
    if isinstance(value, Month):
        return dt.date(value.year, value.month, 1)  # a date, shown as its month (MONTH_FORMAT)
    value = safe_cell(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value


def sheet_table(table: Table) -> tuple[list[str], list[list]]:
    """The table as a sheet holds it: a column of names with counts ("Privacy (3)") becomes two, the
    name and the count as a number, so the counts can be sorted and added up."""
    counted = dict(table.counted)
    for i in range(len(table.header)):
        if i not in counted and any(isinstance(row[i], Counted) for row in table.rows):
            counted[i] = "number"
    if not counted:
        return list(table.header), [list(row) for row in table.rows]
    header = []
    for i, heading in enumerate(table.header):
        header += [heading, f"{heading}: {counted[i]}"] if i in counted else [heading]
    rows = []
    for row in table.rows:
        out = []
        for i, value in enumerate(row):
            if i not in counted:
                out.append(value)
            elif isinstance(value, Counted):
                out += [value.name, value.count]
            else:  # no theme in that place: both cells empty
                out += [None if value == "" else value, None]
        rows.append(out)
    return header, rows


def report_xlsx(report: Report) -> bytes:
    """A first sheet saying what the report is, then one sheet per table, header row in bold."""
    book = Workbook()
    about = book.active
    about.title = "About"
    used = {"about"}
    for label, value in (
        ("Report", report.title),
        ("Organisation", report.organisation),
        ("Services", report.coverage),
        ("Period", report.period),
        ("Made", report.generated_at.replace(tzinfo=None) if report.generated_at.tzinfo else report.generated_at),
    ):
        about.append([label, _cell(value)])
    for note in report.notes:
        about.append(["Note", _cell(note)])
    about.append([])
    about.append(["Sheet", "What it holds"])
    for table in report.tables:
        name = _sheet_name(table.sheet, used)
        about.append([name, _cell(table.caption)])
        sheet = book.create_sheet(title=name)
        header, rows = sheet_table(table)
        if table.heading:
            sheet.append([_cell(table.heading)])
            sheet["A1"].font = Font(bold=True)
        sheet.append([_cell(h) for h in header])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = PERCENT_FORMAT
                elif isinstance(value, Month):
                    cell.number_format = MONTH_FORMAT
        if table.note:
            sheet.append([])
            sheet.append([_cell(table.note)])
        sheet.freeze_panes = "A3" if table.heading else "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
