"""Every report of the loop renders for the demo organisation: on screen, as a PDF whose pages are
read back as images and text, and as a spreadsheet."""

import io

import pytest
from openpyxl import load_workbook
from PIL import Image

from core import clock
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from organisations.demo import demo_build
from organisations.scope import system_scope
from reports.commissioner import commissioner_report
from reports.cqc import cqc_pack
from reports.monthly import monthly_pack
from reports.quarterly import quarter_start, quarterly_summary
from reports.render import report_html, report_pdf, report_xlsx
from reports.spc import add_months
from reports.tests.test_render import pdf_pages_text, poppler, words_past_the_margin
from themes.coding.demo import coding_demo_build


@pytest.fixture
def northgate(db):
    organisation = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=organisation, seed=2026, total=700)
    coding_demo_build(organisation=organisation, seed=2026, review_suggestions=0)
    governance_demo_build(organisation=organisation, seed=2026)
    return organisation


def builds(scope):
    last_quarter = add_months(quarter_start(clock.today()), -3)
    last_month = add_months(clock.today().replace(day=1), -1)
    return {
        "monthly": lambda: monthly_pack(scope=scope, month=last_month),
        "quarterly": lambda: quarterly_summary(scope=scope, quarter=last_quarter),
        "commissioner": lambda: commissioner_report(scope=scope, quarter=last_quarter),
        "cqc": lambda: cqc_pack(scope=scope),
    }


def test_each_report_renders_for_the_demo_as_page_pdf_and_xlsx(northgate, tmp_path):
    # The demo is built once for all four (it takes a while), and the commissioner reads hers on screen.
    for kind, build in builds(system_scope(organisation=northgate)).items():
        check_report(build(), tmp_path / kind)
    check_commissioner_page(northgate)


def check_report(report, tmp_path):
    tmp_path.mkdir()
    kind = report.kind
    # The loop is in it: the demo's governance shows in every report.
    tables = report.tables
    assert sum(len(t.rows) for t in tables) > 20
    assert "<svg" in report_html(report)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(report_pdf(report))
    texts = pdf_pages_text(path)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    poppler("pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(texts)
    for image_path in images:
        with Image.open(image_path) as image:
            grey = image.convert("L")
            assert grey.getextrema()[0] < 128  # something dark is drawn on every page
            short, long = sorted(image.size)
            assert abs(short / long - 210 / 297) < 0.01  # A4, portrait or (for a wide table) landscape
    # Every table fits its page: no word runs past the right margin (into the edge, or off it).
    assert words_past_the_margin(path) == []
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames[0] == "About" and len(book.sheetnames) == len(tables) + 1


def check_commissioner_page(northgate):
    from django.test import Client

    from organisations.models import Person

    client = Client()

    commissioner = Person.objects.for_org(northgate).get(role_assignments__role="commissioner")
    client.force_login(commissioner.user)
    quarter = add_months(quarter_start(clock.today()), -3)
    page = client.get(f"/reports/commissioner/?quarter={quarter.year}-Q{(quarter.month - 1) // 3 + 1}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leadership oversight and challenge" in html and "Impact over time" in html
    assert commissioner.full_name not in html.split("<main", 1)[1]
