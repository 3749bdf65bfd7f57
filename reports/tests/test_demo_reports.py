"""Every report of the loop renders for the demo organisation: on screen, as a PDF whose pages are
read back as text and (where they hold no words) as images, and as a spreadsheet.

The demo organisation is built, and each report printed, once for the module: printing is what takes
the time, and the tests read the same four PDFs."""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import clock
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from organisations.demo import demo_build
from organisations.models import Organisation
from organisations.scope import system_scope
from reports.commissioner import commissioner_report
from reports.cqc import cqc_pack
from reports.document import Report
from reports.monthly import monthly_pack
from reports.quarterly import quarter_start, quarterly_summary
from reports.render import report_html, report_pdf, report_xlsx
from reports.spc import add_months
from reports.tests.test_render import (
    LANDSCAPE,
    PORTRAIT,
    blank_pages,
    pdf_layout,
    pdf_pages_text,
    words_past_the_margin,
)
from themes.coding.demo import coding_demo_build

KINDS = ("monthly", "quarterly", "commissioner", "cqc")


@dataclass(frozen=True)
class Printed:
    report: Report
    path: Path
    texts: list[str]  # each page's text


@pytest.fixture(scope="module")
def built(module_records):
    with module_records.unblock():
        organisation = demo_build(seed=2026)[0].organisation
        feedback_demo_build(organisation=organisation, seed=2026, total=800)
        coding_demo_build(organisation=organisation, seed=2026, review_suggestions=0)
        governance_demo_build(organisation=organisation, seed=2026)
    return organisation.pk


def builds(scope):
    last_quarter = add_months(quarter_start(clock.today()), -3)
    last_month = add_months(clock.today().replace(day=1), -1)
    return {
        "monthly": lambda: monthly_pack(scope=scope, month=last_month),
        "quarterly": lambda: quarterly_summary(scope=scope, quarter=last_quarter),
        "commissioner": lambda: commissioner_report(scope=scope, quarter=last_quarter),
        "cqc": lambda: cqc_pack(scope=scope),
    }


@pytest.fixture(scope="module")
def printed(built, module_records, tmp_path_factory) -> dict[str, Printed]:
    with module_records.unblock():
        scope = system_scope(organisation=Organisation.objects.get(pk=built))
        out = {}
        for kind, build in builds(scope).items():
            report = build()
            path = tmp_path_factory.mktemp(kind) / f"{kind}.pdf"
            path.write_bytes(report_pdf(report))
            out[kind] = Printed(report, path, pdf_pages_text(path))
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_prints_numbered_pages_none_blank_and_every_table_fits(printed, kind, tmp_path):
    report, path, texts = printed[kind].report, printed[kind].path, printed[kind].texts
    assert report.kind == kind and len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    assert blank_pages(path, tmp_path) == []
    sizes, _ = pdf_layout(path)
    for size in sizes:  # A4, portrait or (for a wide table) landscape
        assert size == pytest.approx(PORTRAIT, abs=0.1) or size == pytest.approx(LANDSCAPE, abs=0.1)
    # Every table fits its page: no word runs past the right margin (into the edge, or off it).
    assert words_past_the_margin(path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_page_one_says_what_the_report_is_and_where_each_section_starts(printed, kind):
    """Page one is useful even when the first section is printed across the page and starts a page of
    its own: the report's title, whose and which period, when it was made, and a list of its sections
    with the page each starts on (read from where the section's heading is printed)."""
    report, path, texts = printed[kind].report, printed[kind].path, printed[kind].texts
    first = flat(texts[0])
    assert report.title in first and f"{report.organisation}: {report.coverage}, {report.period}" in first
    assert f"Made on {report.generated_at:%-d %B %Y}" in first
    assert "Contents" in first
    # A section's heading is the only text printed at its size (15 points) on the page it starts on.
    _, words = pdf_layout(path)
    headings = {}
    for word in words:
        if 15 <= word["y1"] - word["y0"] <= 20:
            headings.setdefault(word["page"], []).append(word["text"])
    for section in report.sections:
        listed = re.search(re.escape(flat(section.heading)) + r"[ .]*page (\d+)", first)
        assert listed, f"{section.heading!r} is not in the contents"
        starts = next(p for p, said in sorted(headings.items()) if flat(section.heading) in " ".join(said))
        assert int(listed.group(1)) == starts, section.heading
    if kind == "cqc":  # its first section is printed landscape, so page one is the cover alone
        assert pdf_layout(path)[0][1] == pytest.approx(LANDSCAPE, abs=0.1)


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_ends_with_a_heading_or_a_caption_apart_from_what_it_heads(printed, kind):
    report, texts = printed[kind].report, printed[kind].texts
    running = (report.title, f"{report.organisation}: {report.coverage}, {report.period}")
    heads = [flat(s.heading) for s in report.sections] + [flat(t.caption) for t in report.tables]
    for number, text in enumerate(texts, start=1):
        body = re.sub(r"Made with Heard on \d+ \w+ \d{4}|Page \d+ of \d+", " ", flat(text))
        for words in running:
            body = body.replace(words, " ")
        body = flat(body)
        ends_with = [h for h in heads if body.endswith(h)]
        assert ends_with == [], f"page {number} of the {kind} report ends with {ends_with}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_holds_the_loop_on_screen_and_in_its_spreadsheet(printed, kind):
    report = printed[kind].report
    assert sum(len(t.rows) for t in report.tables) > 20  # the demo's governance shows in every report
    assert "<svg" in report_html(report)
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames[0] == "About" and len(book.sheetnames) == len(report.tables) + 1


def test_the_commissioner_reads_hers_on_screen_without_her_name_in_it(built, db, client):
    from organisations.models import Person

    northgate = Organisation.objects.get(pk=built)
    commissioner = Person.objects.for_org(northgate).get(role_assignments__role="commissioner")
    client.force_login(commissioner.user)
    quarter = add_months(quarter_start(clock.today()), -3)
    page = client.get(f"/reports/commissioner/?quarter={quarter.year}-Q{(quarter.month - 1) // 3 + 1}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leadership oversight and challenge" in html and "Impact over time" in html
    assert commissioner.full_name not in html.split("<main", 1)[1]


NOTE_LINE = re.compile(r">(\d+)\. \d{1,2} \w{3} \d{4}: (Action done[^<]*)<")


def test_the_fft_chart_of_all_services_marks_a_few_actions_and_lists_every_one_below_it(printed, built, db):
    """The demo's all-services FFT chart once carried 25 notes: it marks the few that matter most and
    says how many more there are and where; one service's chart still marks each of its own."""
    from organisations.models import Service
    from reports.loop_sections import MOST_NOTES_ACROSS_SERVICES

    section = printed["monthly"].report.section("fft")
    chart = str(section.figures[0].chart)
    marked = NOTE_LINE.findall(chart)
    done = next(t for t in section.tables if t.sheet == "Actions done")
    assert len(done.rows) > MOST_NOTES_ACROSS_SERVICES  # the demo does more than the chart marks
    assert [int(n) for n, _ in marked] == list(range(1, MOST_NOTES_ACROSS_SERVICES + 1))
    more = len(done.rows) - MOST_NOTES_ACROSS_SERVICES
    assert f"And {more} more actions done, listed in the table" in chart
    assert sum(1 for row in done.rows if row[4] is True) == MOST_NOTES_ACROSS_SERVICES
    # Those marked are the ones closed with evidence or sent back, when there are enough of them.
    weighty = [row for row in done.rows if row[3] in ("Closed with evidence of impact", "Not started", "In progress")]
    if len(weighty) >= MOST_NOTES_ACROSS_SERVICES:
        assert all(row[4] is True for row in weighty[-MOST_NOTES_ACROSS_SERVICES:])
        assert all(row[3] != "Done, waiting for a check" for row in done.rows if row[4] is True)
    # Every note names its service, and the printed pack says where the rest are.
    assert all(" at " in label or " across the organisation" in label for _, label in marked)
    assert "more actions done, listed in the table" in flat(" ".join(printed["monthly"].texts))

    scope = system_scope(organisation=Organisation.objects.get(pk=built))
    month = add_months(clock.today().replace(day=1), -1)
    busiest = max(
        Service.objects.for_org(scope.organisation), key=lambda s: sum(1 for r in done.rows if r[1] == s.name)
    )
    one = monthly_pack(scope=scope, month=month, service=busiest).section("fft")
    own_chart = str(one.figures[0].chart)
    assert len(NOTE_LINE.findall(own_chart)) == sum(1 for r in done.rows if r[1] == busiest.name)
    assert "more actions done" not in own_chart
    assert [t.sheet for t in one.tables] == ["FFT answers"]
