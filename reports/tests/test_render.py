"""A real PDF, printed by WeasyPrint and read back with poppler: pages as images and as text."""

import datetime as dt
import html
import io
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from reports.charts import ChartText, variation_icon_svg, xmr_chart, xmr_table
from reports.document import Figure, Link, Percent, Report, Section, Table
from reports.render import _sheet_name, offline_fetcher, report_html, report_pdf, report_xlsx
from reports.spc import Better, Point, xmr


def sample_report(rows: int = 150) -> Report:
    values = [80 + (i * 7) % 11 for i in range(18)]
    chart = xmr(
        [Point(dt.date(2025 + i // 12, i % 12 + 1, 1), v) for i, v in enumerate(values)],
        better=Better.HIGHER,
    )
    text = ChartText("FFT % positive by month", "FFT % positive", lambda v: f"{v:.0f}%")
    header, table_rows = xmr_table(chart, text)
    long_rows = [
        [f"R{n:03d}", "a comment about the service that runs on for a while " * 2, n * 1.5] for n in range(rows)
    ]
    return Report(
        kind="test",
        title="Test pack",
        organisation="Northgate Care",
        coverage="All services",
        period="June 2026",
        generated_at=dt.datetime(2026, 7, 1, 9, 30),
        notes=("Decisions and actions are not in this pack yet.",),
        sections=(
            Section(
                key="fft",
                heading="Friends and Family Test",
                paragraphs=("How people rated the service.",),
                figures=(
                    Figure(
                        chart=xmr_chart(chart, text),
                        table=Table("FFT % positive, month by month", header, table_rows, sheet="FFT by month"),
                        icons=(variation_icon_svg(chart.variation),),
                        icon_labels=(chart.variation.label,),
                    ),
                ),
            ),
            Section(
                key="long",
                heading="A long table",
                tables=(
                    Table(
                        "Many rows",
                        ["Row", "Words", "Figure"],
                        long_rows,
                        sheet="Many rows",
                    ),
                    Table(
                        "Tricky cells",
                        ["Name", "Value"],
                        [['=HYPERLINK("x")', 1], ["@SUM(A1)", None]],
                        sheet="Tricky: cells?",
                    ),
                ),
            ),
        ),
    )


def poppler(*args: str) -> str:
    """Run one of poppler's tools (pdfinfo, pdftotext, pdftoppm) and return what it printed."""
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


WORD = re.compile(
    r'<page width="([\d.]+)" height="([\d.]+)">'
    r'|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pdf_layout(path: Path) -> tuple[list[tuple[float, float]], list[dict]]:
    """Each page's size, and each word of the PDF with its page, its box and its page's size, in points,
    by pdftotext -bbox."""
    sizes, words = [], []
    for m in WORD.finditer(poppler("pdftotext", "-bbox", str(path), "-")):
        if m.group(1):
            sizes.append((float(m.group(1)), float(m.group(2))))
        else:
            x0, y0, x1, y1 = (float(v) for v in m.group(3, 4, 5, 6))
            words.append(
                {"page": len(sizes), "text": html.unescape(m.group(7)), "x0": x0, "y0": y0, "x1": x1, "y1": y1}
                | {"size": sizes[-1]}
            )
    return sizes, words


def pdf_words(path: Path) -> list[dict]:
    return pdf_layout(path)[1]


def words_past_the_margin(path: Path, margin_mm: float = 16) -> list[tuple[int, str]]:
    """The words that run past a page's right margin (a report's pages have 16 mm margins)."""
    margin = margin_mm / 25.4 * 72
    return [(w["page"], w["text"]) for w in pdf_words(path) if w["x1"] > w["size"][0] - margin + 0.5]


def page_count(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(path)), re.M).group(1))


# A report's page margins, in millimetres: top, right, bottom, left. The running header and footer are
# printed in them.
MARGINS_MM = (24, 16, 20, 16)
PORTRAIT, LANDSCAPE = (595.3, 841.9), (841.9, 595.3)  # A4, in points


def blank_pages(path: Path, tmp_path: Path, margins_mm: tuple[float, ...] = MARGINS_MM) -> list[int]:
    """The pages with nothing inside their margins (only, perhaps, the running header and footer).

    A page with a word there is not blank, however small and pale the word: words are read as text, not
    as pixels (a page holding only a short grey note has too few dark pixels at a low resolution to
    tell from an empty one). A page without words is looked at at 100 dpi, inside its margins only, for
    anything drawn: a chart or a rule without words is not blank either."""
    top, right, bottom, left = (m / 25.4 * 72 for m in margins_mm)
    sizes, words = pdf_layout(path)
    worded = {w["page"] for w in words if w["y0"] >= top - 1 and w["y1"] <= w["size"][1] - bottom + 1}
    blank = []
    for page, (width, _) in enumerate(sizes, start=1):
        if page in worded:
            continue
        prefix = tmp_path / f"suspect-{page}"
        poppler("pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-png", str(path), str(prefix))
        (image_path,) = tmp_path.glob(f"{prefix.name}-*.png")
        with Image.open(image_path) as image:
            scale = image.width / width  # pixels to the point
            inside = (left * scale, top * scale, image.width - right * scale, image.height - bottom * scale)
            if image.convert("L").crop(tuple(round(v) for v in inside)).getextrema()[0] >= 230:
                blank.append(page)
    return blank


def pdf_pages_text(path: Path) -> list[str]:
    texts = []
    for page in range(1, page_count(path) + 1):
        texts.append(poppler("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"))
    return texts


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "pack.pdf"
    path.write_bytes(report_pdf(sample_report()))
    return path


def test_pdf_pages_are_numbered_headed_and_not_blank(printed, tmp_path):
    texts = pdf_pages_text(printed)
    total = len(texts)
    assert total >= 3  # a chart, its table and 150 long rows do not fit on two A4 pages
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Test pack" in text  # the running header
        assert "Northgate Care: All services, June 2026" in text
    assert blank_pages(printed, tmp_path) == []
    for width, height in pdf_layout(printed)[0]:
        assert (width, height) == pytest.approx(PORTRAIT, abs=0.1)  # A4 portrait


def test_pdf_tables_repeat_their_header_and_keep_rows_whole(printed):
    texts = pdf_pages_text(printed)
    pages_with_rows = [t for t in texts if re.search(r"R\d{3}", t)]
    assert len(pages_with_rows) >= 2
    for text in pages_with_rows:
        assert re.search(r"Row\s+Words\s+Figure", text), "the header row repeats on every page of the table"
    for n in range(150):
        holding = [t for t in texts if f"R{n:03d}" in t]
        assert len(holding) == 1
        # the row's last cell is on the same page as its first
        assert f"{n * 1.5:.1f}" in holding[0]


def test_pdf_is_tagged_and_titled(printed):
    info = poppler("pdfinfo", str(printed))
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+Test pack: Northgate Care, June 2026", info, re.M)


def test_a_page_is_blank_with_only_its_header_and_footer_but_not_with_a_small_grey_note(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "pages.pdf"
    page = "break-before: page"
    HTML(
        string=f"""<style>@page {{ size: A4; margin: 24mm 16mm 20mm 16mm;
          @top-left {{ content: "Test pack"; font-size: 9pt; vertical-align: bottom; padding-bottom: 3mm; }}
          @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }} }}</style>
        <p>Words on the first page.</p>
        <div style="{page}; height: 1mm"></div>
        <p style="{page}; font-size: 7pt; color: #aeb7bd">Nothing in this period.</p>
        <div style="{page}; height: 0; border-top: 0.6pt solid #aeb7bd"></div>
        <div style="{page}; height: 1mm"></div>"""
    ).write_pdf(path)
    assert page_count(path) == 5
    # 2 and 5 hold only the running header and footer; 3 a short pale note, 4 a thin rule and no words.
    assert blank_pages(path, tmp_path) == [2, 5]


def wide_report(columns: int) -> Report:
    header = ["Meeting", *(f"Representatives{n}" for n in range(columns - 1))]
    rows = [[f"Quarterly{n}", *(f"Accessibility{n}{m}" for m in range(columns - 1))] for n in range(3)]
    return Report(
        kind="test",
        title="Wide pack",
        organisation="Northgate Care",
        coverage="All services",
        period="June 2026",
        generated_at=dt.datetime(2026, 7, 1, 9, 30),
        sections=(
            Section(key="narrow", heading="Narrow", tables=(Table("Narrowtable", ["Name", "Count"], [["a", 1]], "n"),)),
            Section(key="wide", heading="Crosswise", tables=(Table("Widetable", header, rows, sheet="w"),)),
            Section(key="after", heading="Afterwards", paragraphs=("Back to portrait.",)),
        ),
    )


def test_a_table_too_wide_for_a_portrait_page_is_printed_landscape_and_every_word_fits(tmp_path):
    path = tmp_path / "wide.pdf"
    path.write_bytes(report_pdf(wide_report(columns=7)))  # too wide for portrait, not for landscape
    words = pdf_words(path)
    assert words_past_the_margin(path) == []
    sizes = {w["text"]: w["size"] for w in words}
    assert sizes["Narrowtable"] == pytest.approx(PORTRAIT, abs=0.1)
    # The wide table's section, heading and all, is printed across the page; its last column whole.
    for text in ("Crosswise", "Widetable", "Representatives5", "Accessibility25"):
        assert sizes[text] == pytest.approx(LANDSCAPE, abs=0.1), text
    assert sizes["Afterwards"] == pytest.approx(PORTRAIT, abs=0.1)


def test_a_table_too_wide_even_for_landscape_breaks_its_words_to_fit(tmp_path):
    path = tmp_path / "wider.pdf"
    path.write_bytes(report_pdf(wide_report(columns=12)))
    assert words_past_the_margin(path) == []
    sizes = {w["text"]: w["size"] for w in pdf_words(path)}
    assert sizes["Widetable"] == pytest.approx(LANDSCAPE, abs=0.1)


def pdf_links(path: Path) -> list[tuple[int, str]]:
    """The page and address of each link annotation in the PDF that leads out of it (poppler's pdfinfo
    -url reads the annotations themselves, not the words on the page)."""
    found = re.findall(r"^\s*(\d+)\s+Annotation\s+(\S+)\s*$", poppler("pdfinfo", "-url", str(path)), re.M)
    return [(int(page), url) for page, url in found]


def test_a_link_to_a_record_in_a_pdf_leads_to_heard_at_its_own_address(settings, tmp_path):
    settings.HEARD_SITE_URL = "https://heard.example.org"
    report = Report(
        kind="test",
        title="Linked pack",
        organisation="Northgate Care",
        coverage="All services",
        period="June 2026",
        generated_at=dt.datetime(2026, 7, 1, 9, 30),
        sections=(
            Section(
                key="actions",
                heading="Actions",
                tables=(
                    Table(
                        "Actions",
                        ["Action", "Evidence"],
                        [
                            [Link("Fix the night rota", "/governance/actions/12/"), "none"],
                            [Link("Audit of falls", "/audits/3/"), Link("The re-audit", "https://example.org/falls")],
                        ],
                        sheet="Actions",
                    ),
                ),
            ),
            Section(key="after", heading="Afterwards", paragraphs=("The end.",)),
        ),
    )
    path = tmp_path / "linked.pdf"
    path.write_bytes(report_pdf(report))
    assert pdf_links(path) == [
        (1, "https://heard.example.org/governance/actions/12/"),
        (1, "https://heard.example.org/audits/3/"),
        (1, "https://example.org/falls"),  # an address that was whole already is left alone
    ]
    # The contents still lead to the sections inside the PDF (not out to the site) and give their pages.
    assert re.search(r"Actions[ .]*page 1\b", poppler("pdftotext", "-layout", str(path), "-"))


def test_printing_never_fetches_anything():
    fetcher = offline_fetcher()
    for url in ("http://127.0.0.1:9/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    # A data: URL inside the document is fine.
    assert fetcher.fetch("data:text/plain,hello") is not None


def test_html_for_print_carries_the_chart_and_its_table():
    html = report_html(sample_report(rows=1))
    assert html.count('role="img"') == 2  # the chart and its variation icon
    assert "<caption" in html and "FFT % positive, month by month" in html
    assert '<html lang="en-GB">' in html


def test_xlsx_has_an_about_sheet_and_one_sheet_per_table():
    book = load_workbook(io.BytesIO(report_xlsx(sample_report(rows=3))))
    assert book.sheetnames == ["About", "FFT by month", "Many rows", "Tricky cells"]
    about = list(book["About"].iter_rows(values_only=True))
    assert about[0] == ("Report", "Test pack")
    assert ("Note", "Decisions and actions are not in this pack yet.") in about
    assert ("FFT by month", "FFT % positive, month by month") in about
    rows = list(book["Many rows"].iter_rows(values_only=True))
    assert rows[0] == ("Row", "Words", "Figure")
    assert rows[3][0] == "R002" and rows[3][2] == 3.0
    tricky = list(book["Tricky cells"].iter_rows(values_only=True))
    # Cells that would run as formulas are written as text.
    assert tricky[1][0] == '\'=HYPERLINK("x")'
    assert tricky[2] == ("'@SUM(A1)", None)
    assert book["Many rows"]["A1"].font.bold


def test_a_share_is_a_number_with_a_percentage_format_in_the_spreadsheet_and_has_its_sign_on_screen():
    shares = Table("Shares", ["Objective", "Share", "Count"], [["a", Percent(70.0), 3], ["b", None, 4]], sheet="s")
    report = Report(
        kind="test",
        title="Shares",
        organisation="Northgate Care",
        coverage="All",
        period="Q3",
        generated_at=dt.datetime(2026, 10, 1, 9, 0),
        sections=(Section(key="s", heading="Shares", tables=(shares,)),),
    )
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["s"]
    share, count, none = sheet["B2"], sheet["C2"], sheet["B3"]
    assert isinstance(share.value, float) and share.value == pytest.approx(0.7)
    assert share.number_format == "0.0%" and share.data_type == "n"
    assert count.value == 3 and count.number_format == "General" and none.value is None
    html = report_html(report)
    assert '<td class="heard-num">70.0%</td>' in html and "0.7" not in html
    assert shares.numeric_columns == {1, 2}


def test_sheet_names_are_made_legal_and_unique():
    used = set()
    assert _sheet_name("A/B: c?", used) == "A B c"
    assert _sheet_name("A/B: c?", used) == "A B c (2)"
    assert len(_sheet_name("x" * 40, used)) == 31
    assert _sheet_name("x" * 40, used) == "x" * 27 + " (2)"


def test_a_table_with_ragged_rows_is_refused():
    with pytest.raises(ValueError, match="every row needs 2 cells"):
        Table("Ragged", ["a", "b"], [[1, 2], [3]], sheet="r")


def test_a_column_of_numbers_lines_up_on_the_right_heading_and_all():
    table = Table(
        "Mixed",
        ["Name", "Count", "Share", "Note", "Done"],
        [["a", 3, 1.5, "x", True], ["b", None, 2.0, 4, False]],
        sheet="m",
    )
    # Numbers with a gap are still a column of numbers; words among numbers, or yes and no, are not.
    assert table.numeric_columns == {1, 2}
    html = report_html(sample_report(rows=1))
    header = re.search(r"<caption[^>]*>Many rows</caption>\s*<thead><tr>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<th[^>]*>", header) == [
        '<th scope="col">',
        '<th scope="col">',
        '<th scope="col" class="heard-num">',
    ]
    tricky = re.search(r"Tricky cells</caption>.*?</table>", html, re.S).group(0)
    # The column's empty cell (a dash) lines up with its numbers.
    assert tricky.count('<td class="heard-num">') == 2


def test_a_short_sheet_name_keeps_whole_words_and_the_full_name_is_in_its_first_cell():
    from reports.document import short_sheet_name

    assert short_sheet_name("Impact 1", "Call bells & responsiveness") == "Impact 1 – Call bells"
    assert short_sheet_name("Impact 2", "Communication with families") == "Impact 2 – Communication with"
    assert short_sheet_name("Theme", "Food") == "Theme – Food"
    table = Table(
        "Food, month by month", ["Month", "Count"], [["Jan", 1]], sheet="Theme – Food", heading="Food & drink"
    )
    report = Report(kind="k", title="T", organisation="O", coverage="C", period="P",
                    generated_at=dt.datetime(2026, 1, 1), sections=(Section(key="s", heading="S", tables=(table,)),))  # fmt: skip
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Theme – Food"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Food & drink", None],
        ["Month", "Count"],
        ["Jan", 1],
    ]
    assert sheet["A1"].font.bold and sheet["A2"].font.bold and sheet.freeze_panes == "A3"
