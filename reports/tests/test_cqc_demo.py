"""The CQC well-led evidence pack, its inspector links, You said we did, and the home page, on the demo
organisation: they render, their figures match the data (worked out here from the records), and an
inspector and the public see no personal details.

The demo organisation is built once for the module (what each test changes still rolls back), so
tests that do not use it are in test_cqc.py."""

import io
import re

import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from PIL import Image

from core import clock
from core.models import AuditEvent
from feedback.demo import feedback_demo_build
from feedback.models import Comment, Feedback
from feedback.public.qr import public_form_url
from governance.demo import governance_demo_build
from governance.models import Action, ActionStatus, ActionStatusChange, Decision
from governance.services.checks import evidence_link_valid
from organisations.demo import demo_build
from organisations.models import Organisation, Person
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from reports import inspector
from reports.cqc import cqc_pack, default_period
from reports.models import PairStatus
from reports.poster import TYPE_SIZE, TYPE_SIZES, poster_pdf
from reports.render import report_pdf, report_xlsx
from reports.tests.test_render import pdf_links, pdf_words, poppler, words_past_the_margin
from reports.you_said import MAX_CHARACTERS, you_said_candidates, you_said_public, you_said_save
from themes.coding.demo import coding_demo_build
from themes.models import Theme, ThemeAssignment


@pytest.fixture(scope="module")
def built(module_records):
    """Northgate with its feedback coded and its governance, built once for the tests of this module."""
    with module_records.unblock():
        northgate = demo_build(seed=2026)[0].organisation
        feedback_demo_build(organisation=northgate, seed=2026, total=500)
        coding_demo_build(organisation=northgate, seed=2026, review_suggestions=5)
        governance_demo_build(organisation=northgate, seed=2026)
    return northgate.pk


@pytest.fixture
def demo(db, built):
    return Organisation.objects.get(pk=built)


def scope_of(person):
    return scope_for(user=person.user, organisation=person.organisation)


def rows_of(report, key, number=0):
    return report.section(key).all_tables[number].rows


def test_the_cqc_pack_figures_match_the_records(demo):
    scope = system_scope(organisation=demo)
    today = clock.today()
    first, last = default_period(today)
    pack = cqc_pack(scope=scope, today=today)

    feedback = Feedback.objects.for_org(demo).filter(received_on__range=(first, last))
    assert sum(n for _, n in rows_of(pack, "listens")) == feedback.count() > 0
    decisions = Decision.objects.for_org(demo).filter(meeting__held_on__range=(first, last))
    assert len(rows_of(pack, "decides")) == decisions.count() > 0
    # Closed actions in the period: closed with evidence, and touched (made or changed) in it.
    touched = {
        a.title
        for a in Action.objects.for_org(demo).filter(status=ActionStatus.CLOSED)
        if a.created_at.date() >= first
        or ActionStatusChange.objects.for_org(demo).filter(action=a, at__date__gte=first).exists()
    }
    assert {str(r[0]) for r in rows_of(pack, "checks")} == touched and len(touched) >= 2
    # Where each check's evidence is: a link to follow, not an address to copy; the demo's are pages
    # in Heard, by their path, so they work wherever it is served.
    assert all(r[5].href == str(r[5]) and str(r[5]).startswith("/") for r in rows_of(pack, "checks"))
    assert all(evidence_link_valid(str(r[5])) for r in rows_of(pack, "checks"))

    # Each well-led statement's "feedback heard": distinct feedback carrying a mapped theme, now.
    statements = {r[0]: r for r in rows_of(pack, "statements")}
    assert len(statements) == 8
    governance_row = statements["Governance, management and sustainability"]
    codes = {"organisation-and-reliability", "cost-and-funding"}
    expected = (
        ThemeAssignment.objects.for_org(demo)
        .filter(superseded_at__isnull=True, applies=True, theme__code__in=codes)
        .filter(theme__version__framework__is_primary=True, comment__feedback__received_on__range=(first, last))
        .values("comment__feedback_id")
        .distinct()
        .count()
    )
    assert governance_row[2] == expected
    categories = {r[0]: r for r in rows_of(pack, "categories")}
    assert len(categories) == 6
    people = categories["People's experience of health and care services"]
    assert people[2] > 0 and people[5] >= 2  # feedback heard; actions closed with evidence


def test_the_cqc_pack_rows_agree_with_the_sections_they_point_to(demo):
    """A statement with no theme mapped to it counts nothing by theme (not zero), and says what the pack
    holds for it; feedback given by staff is the figure "by who gave it" gives, not feedback about the
    themes of the staff and leaders category."""
    pack = cqc_pack(scope=system_scope(organisation=demo), today=clock.today())
    statements = {r[0]: r for r in rows_of(pack, "statements")}
    learning = statements["Learning, improvement and innovation"]
    closed = len(rows_of(pack, "checks"))
    givers = dict(rows_of(pack, "listens", 1))
    # Learning is shown by the loop itself, on every theme: no row of dashes.
    assert learning[1].startswith("The loop itself") and None not in learning[2:7]
    assert learning[2] == sum(givers.values()) and learning[5] == closed
    # Re-audits done, and those better than the audit before them by more than chance, as the table of
    # audits gives them.
    audits = rows_of(pack, "checks", 2)
    reaudits = [r for r in audits if isinstance(r[-2], int)]
    better = [r for r in reaudits if r[-2] > 0]
    assert closed >= 2
    reported = len(rows_of(pack, "checks", 3))  # actions that only found out and reported back
    assert learning[7] == (
        f"Who checks: {closed} actions closed only with evidence of impact; "
        f"{reported} action{'s' if reported != 1 else ''} that found out why, investigated and reported back; "
        f"{len(reaudits)} re-audit{'s' if len(reaudits) != 1 else ''} done, {len(better)} better than "
        f"{'the audit before it' if len(better) == 1 else 'the audits before them'} by more than chance."
    )
    staff = givers["Member of staff"]
    # Statements about the workforce count only feedback given by staff, never that of people who use
    # services (who say nothing about speaking up or staff equality).
    first, last = default_period(clock.today())
    for name in ("Freedom to speak up", "Workforce equality, diversity and inclusion"):
        row = statements[name]
        assert row[1].endswith("(feedback from staff only)")
        codes = {t.code for t in Theme.objects.for_org(demo).filter(name__in=row[1].split(" (")[0].split(", "))}
        by_staff = (
            ThemeAssignment.objects.for_org(demo)
            .filter(superseded_at__isnull=True, applies=True, theme__code__in=codes)
            .filter(theme__version__framework__is_primary=True, comment__feedback__received_on__range=(first, last))
        )
        assert (
            row[2]
            == by_staff.filter(comment__feedback__giver_type="staff").values("comment__feedback").distinct().count()
        )
        assert row[2] < by_staff.values("comment__feedback").distinct().count()
    assert statements["Freedom to speak up"][7] == f"Who listens: {staff} pieces of feedback given by members of staff."
    categories = pack.section("categories").all_tables[0]
    column = categories.header.index("Feedback given by staff or advocates; incidents, other records and measures")
    staff_row = next(r for r in categories.rows if r[0] == "Feedback from staff and leaders")
    assert staff_row[column].startswith(f"{staff} pieces of feedback given by members of staff")
    assert categories.header[2] == "Feedback with these themes"


def test_the_cqc_pack_renders_on_screen_as_pdf_and_xlsx(demo, client, tmp_path, settings):
    settings.HEARD_SITE_URL = "https://heard.example.org"
    admin = person_with_role(demo, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    client.force_login(admin.user)
    page = client.get(reverse("evidence:cqc"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Who listens" in html and "Well-led quality statements" in html
    assert 'href="/governance/actions/' in html  # staff get links to the records

    pack = cqc_pack(scope=system_scope(organisation=demo))
    path = tmp_path / "cqc.pdf"
    path.write_bytes(report_pdf(pack))
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(path))).group(1))
    assert pages >= 2
    text = poppler("pdftotext", "-layout", str(path), "-")
    assert "CQC well-led evidence pack" in text and f"Page 1 of {pages}" in text
    # Every table fits its page, the evidence categories' last column ("Heard's own records") too.
    assert words_past_the_margin(path) == []
    assert "Heard's own records" in " ".join(text.split())
    # The links to the records lead to them from the PDF too: to this Heard's address, not a bare path.
    links = [url for _, url in pdf_links(path)]
    assert any(url.startswith("https://heard.example.org/governance/actions/") for url in links)
    assert [url for url in links if not url.startswith(("https://", "http://"))] == []
    book = load_workbook(io.BytesIO(report_xlsx(pack)))
    assert {"About", "Well-led statements", "Evidence categories", "Decisions", "Actions"} <= set(book.sheetnames)

    download = client.get(reverse("evidence:cqc-download", args=["xlsx"]))
    assert download.status_code == 200
    assert AuditEvent.objects.for_org(demo).filter(verb="report.cqc.xlsx").exists()

    out = tmp_path / "pack.pdf"
    call_command("report", "cqc", "--org", demo.slug, "--pdf", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")


def test_an_inspector_sees_the_pack_without_names_until_the_link_goes(demo, client):
    leader = Person.objects.for_org(demo).get(full_name="David Mensah")
    quality = person_with_role(demo, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    made = inspector.inspector_link_create(scope=scope_of(quality), label="CQC inspection", days=7)
    assert made.link.token_hash != made.token and len(made.token) >= 40
    url = reverse("evidence:inspect", args=[made.token])

    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Who decides" in html and "Quality lead" in html
    names = [n for n in Person.objects.for_org(demo).values_list("full_name", flat=True)]
    for name in names:
        assert escape(name) not in html, name
    assert escape(leader.full_name) not in html
    comments = Comment.objects.for_org(demo).values_list("text", flat=True)
    assert not any(text in html for text in comments if len(text) > 30)
    assert "/governance/" not in html  # no links into Heard
    pdf = client.get(url + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.for_org(demo).filter(verb="report.inspector_link.opened").count() == 2

    inspector.inspector_link_revoke(scope=scope_of(quality), link_id=made.link.id)
    gone = client.get(url)
    assert gone.status_code == 410
    assert "This link has expired" in gone.content.decode()
    assert "Who decides" not in gone.content.decode() and demo.name not in gone.content.decode()
    assert AuditEvent.objects.for_org(demo).filter(verb="report.inspector_link.revoked").count() == 1


def test_you_said_we_did_is_worded_published_and_public_without_names(demo, client, tmp_path):
    quality = person_with_role(demo, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    scope = scope_of(quality)
    candidates = you_said_candidates(scope=scope)
    assert len(candidates) == Action.objects.for_org(demo).filter(status=ActionStatus.CLOSED).count() >= 2
    bells = next(c for c in candidates if "call-bell" in c.action.title)
    service = bells.action.service

    with pytest.raises(ValidationError) as named:
        you_said_save(
            scope=scope,
            action_id=bells.action.id,
            you_said="You told Tom Hargreaves the call bells took too long.",
            we_did="We added a second night carer.",
            publish=True,
        )
    assert "Hargreaves" in str(named.value)
    draft = you_said_save(
        scope=scope,
        action_id=bells.action.id,
        you_said="You said the call bells took too long at night.",
        we_did="We added a second night carer.",
        now_text="Now bells are answered in 4 minutes on average.",
    )
    assert draft.status == PairStatus.DRAFT and you_said_public(service=service) == []
    public_url = reverse("public:you-said", args=[service.feedback_link_id])
    client.logout()
    assert "second night carer" not in client.get(public_url).content.decode()

    client.force_login(quality.user)
    response = client.post(
        reverse("evidence:you-said-edit", args=[bells.action.id]),
        {
            "you_said": draft.you_said,
            "we_did": draft.we_did,
            "now": draft.now,
            "picture": "better",
            "publish": "1",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.for_org(demo).filter(verb="report.you_said.published").count() == 1

    client.logout()
    page = client.get(public_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "We added a second night carer." in html and "4 minutes" in html
    for name in Person.objects.for_org(demo).values_list("full_name", flat=True):
        for part in name.split():
            assert not re.search(rf"\b{re.escape(escape(part))}\b", html), part
    assert client.get(reverse("public:form", args=[service.feedback_link_id])).content.decode().count(public_url) == 1

    for size in ("A4", "A3"):
        path = tmp_path / f"poster-{size}.pdf"
        path.write_bytes(poster_pdf(scope=scope, service=service, size=size, site_url="https://heard.example.org"))
        info = poppler("pdfinfo", str(path))
        assert f"({size})" in re.search(r"Page size:.*", info).group(0), info
        assert "second night carer" in poppler("pdftotext", str(path), "-")
        check_poster_says_where_to_go_in_large_type(path, service=service, size=size, tmp_path=tmp_path)


def check_poster_says_where_to_go_in_large_type(path, *, service, size, tmp_path):
    """One page; the service's own short feedback address printed, and a QR code that holds it; the
    words of the pairs in type of at least the poster's size (20 points on A4)."""
    assert re.search(r"^Pages:\s+1$", poppler("pdfinfo", str(path)), re.M)
    code = service.feedback_code
    address = f"https://heard.example.org/f/{code[:4]}-{code[4:]}/"
    assert address == public_form_url(service, site_url="https://heard.example.org")
    assert address in "".join(poppler("pdftotext", str(path), "-").split())  # it may run onto a second line

    prefix = tmp_path / f"qr-{size}"
    poppler("pdfimages", "-png", str(path), str(prefix))
    (image_path,) = tmp_path.glob(f"{prefix.name}-*.png")
    with Image.open(image_path) as image:
        grey = image.convert("L")
    modules = segno.make(address, error="m", micro=False).matrix
    scale = grey.width / (len(modules) + 8)  # a quiet zone of 4 modules each side
    for row, bits in enumerate(modules):
        for column, bit in enumerate(bits):
            x, y = (int((n + 4.5) * scale) for n in (column, row))
            assert (grey.getpixel((x, y)) < 128) == bool(bit), (row, column)

    # A word's box is at least 1.1 times its type's size in the fonts the poster uses.
    words = [w for w in pdf_words(path) if w["text"] in {"second", "night", "carer.", "bells", "answered"}]
    assert len(words) >= 5
    for word in words:
        assert word["y1"] - word["y0"] >= 1.1 * TYPE_SIZE[size] >= 1.1 * 20, word
    assert TYPE_SIZE["A4"] >= 20 and TYPE_SIZE["A3"] >= 28


def longest_words(first: str) -> str:
    """Plain words of the longest length a part of a pair may have, from ``first`` to "last."."""
    filler = "people told us that things could be better so we changed how the team works by day and by night " * 4
    middle = filler[: MAX_CHARACTERS - len(first) - len(" last.") - 1]
    return f"{first} {middle.rstrip().ljust(len(middle), 'x')} last."


def test_the_poster_stays_one_page_with_three_pairs_of_the_longest_words(demo, tmp_path):
    from audits.demo import audits_demo_build

    audits_demo_build(organisation=demo, seed=2026)  # a re-audit closes a third action at Rowan House
    quality = person_with_role(demo, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    scope = scope_of(quality)
    candidates = you_said_candidates(scope=scope)
    service = next(c for c in candidates if "call-bell" in c.action.title).action.service
    # Pairs for the service, and for the whole organisation (shown at every service).
    three = [c.action for c in candidates if c.action.service_id in (service.id, None)][:3]
    assert len(three) == 3
    with pytest.raises(ValidationError) as too_long:
        you_said_save(scope=scope, action_id=three[0].id, you_said="a" * (MAX_CHARACTERS + 1), we_did="We did.")
    assert f"Keep this to {MAX_CHARACTERS} characters or fewer" in str(too_long.value)
    for n, action in enumerate(three):
        parts = [longest_words(f"{kind}{'abc'[n]}") for kind in ("Heard", "Done", "Different")]
        assert {len(p) for p in parts} == {MAX_CHARACTERS}
        you_said_save(
            scope=scope, action_id=action.id, you_said=parts[0], we_did=parts[1], now_text=parts[2], publish=True
        )

    for size in ("A4", "A3"):
        path = tmp_path / f"poster-{size}.pdf"
        path.write_bytes(poster_pdf(scope=scope, service=service, size=size, site_url="https://heard.example.org"))
        assert re.search(r"^Pages:\s+1$", poppler("pdfinfo", str(path)), re.M)
        words = pdf_words(path)
        text = " ".join(w["text"] for w in words)
        for first in ("Heard", "Done", "Different"):
            for n in "abc":
                assert f"{first}{n} people" in text, (size, first, n)
        assert text.count("last.") == 9  # every part of every pair, to its last word
        assert "Tell us what you think" in text
        # Smaller type to fit, but never smaller than the least step (14 points on A4).
        last = [w for w in words if w["text"] == "last."]
        assert all(w["y1"] - w["y0"] >= 1.1 * TYPE_SIZES[size][-1] for w in last)
        assert TYPE_SIZES[size][-1] >= (14 if size == "A4" else 19)


def test_the_home_page_shows_where_the_loop_stands_for_the_demo(demo, client):
    from governance.loop_states import STATE_LABELS, loop_counts
    from governance.loops import loop_tracker

    quality = person_with_role(demo, Role.QUALITY_LEAD, all_services=True, full_name="Asha Quality")
    client.force_login(quality.user)
    page = client.get(reverse("organisations:home"))
    assert page.status_code == 200
    html = page.content.decode()
    loops = loop_tracker(scope=scope_of(quality), today=clock.today())
    counts = loop_counts(loops)
    states = ("heard", "decided", "acting", "checked")
    # Stalled loops are counted in their states, so stalled is not a fifth bar that would add to more
    # than the loops: it has a row of its own, by state, and a sentence.
    chart = re.search(r'<figure class="heard-report-figure">(.*?)</figure>', html, re.S).group(1)
    bars = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
    assert "Stalled" not in bars and all(f"{label}: {counts.get(k, 0)}" in bars for k, label in STATE_LABELS.items())
    assert sum(counts.get(k, 0) for k in states) == len(loops)
    table = re.search(r"how many of them are stalled</caption>.*?<tbody[^>]*>(.*?)</tbody>", html, re.S).group(1)
    rows = [[int(n) for n in re.findall(r"<span>(\d+)</span>", row)] for row in re.findall(r"<tr.*?</tr>", table, re.S)]
    assert rows == [
        [counts.get(k, 0) for k in states],
        [sum(1 for lp in loops if lp.state == k and lp.is_stalled) for k in states],
    ]
    assert sum(rows[1]) == counts["stalled"] > 0 and "Stalled loops" in html
    assert f"{counts['stalled']} of the {len(loops)} loops are stalled." in html
    assert 'role="img"' in html and "Themes in" in html and "Overdue actions" in html


def test_the_cqc_pack_counts_the_co_production_ledger_by_rung(demo):
    from governance.models import CoproductionActivity

    today = clock.today()
    first, last = default_period(today)
    pack = cqc_pack(scope=system_scope(organisation=demo), today=today)
    section = pack.section("listens")
    ledger = next(t for t in section.all_tables if t.caption.startswith("Co-production activities"))
    held = CoproductionActivity.objects.for_org(demo).filter(held_on__range=(first, last))
    assert sum(row[1] for row in ledger.rows) == held.count() > 0
    rungs = [row[0] for row in ledger.rows]
    order = ["Co-production", "Co-design", "Engagement", "Consultation", "Informing", "Educating", "Coercion"]
    assert rungs == [r for r in order if r in rungs]  # highest rung first
    # What each influenced, as the ledger counts it: recorded, and read from priorities and audits.
    from governance.selectors import coproduction_list

    shaped = coproduction_list(scope=system_scope(organisation=demo)).filter(
        held_on__range=(first, last), influence_count__gt=0
    )
    assert sum(row[2] for row in ledger.rows) == shaped.count()
    assert ledger.header[2] == "That influenced a decision or change"
    assert "including the quality priorities chosen at planning sessions" in ledger.note
    assert any("co-production ledger holds" in p for p in section.paragraphs)


def test_the_cqc_pack_counts_times_at_meetings_and_the_people_who_came_apart(demo):
    from governance.models import LIVED_EXPERIENCE, Attendance

    today = clock.today()
    first, last = default_period(today)
    came = Attendance.objects.for_org(demo).filter(
        meeting__held_on__range=(first, last), role__in=LIVED_EXPERIENCE, present=True
    )
    times, people = came.count(), came.values("person_id").distinct().count()
    assert times > people > 1  # the same people come again and again
    said = next(
        p
        for p in cqc_pack(scope=system_scope(organisation=demo), today=today).section("listens").paragraphs
        if "came to meetings" in p
    )
    assert said == (
        f"People who use services, families and advocates came to meetings {times} times ({people} different "
        f"people), and were supported to take part on {came.filter(supported=True).count()} of those occasions."
    )


def test_the_cqc_pack_shows_audits_and_what_re_audits_found(demo):
    from audits.demo import audits_demo_build
    from audits.models import AuditRun, RunStatus

    audits_demo_build(organisation=demo, seed=2026)
    today = clock.today()
    first, last = default_period(today)
    pack = cqc_pack(scope=system_scope(organisation=demo), today=today)
    table = next(t for t in pack.section("checks").all_tables if t.caption.startswith("Audits completed"))
    done = AuditRun.objects.for_org(demo).filter(status=RunStatus.COMPLETE, completed_at__date__range=(first, last))
    assert len(table.rows) == done.count() > 0
    # The personal care and call-bell re-audits each found a question better by more than chance.
    reaudits = [row for row in table.rows if row[5] != "Not a re-audit"]
    assert reaudits and all(row[5] >= 1 for row in reaudits) and "Rowan House" in {row[2] for row in reaudits}
    # Observation, one of CQC's six evidence categories, points to the audits rather than say Heard holds none.
    observation = next(row for row in rows_of(pack, "categories") if row[0] == "Observation")
    assert "audits" in observation[-1] and "no observations" not in observation[-1]
