"""Evidence beside feedback: incidents, staff and partner feedback, measures, and one theme across them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits import services as audit
from audits.models import AuditQuestion
from audits.tests.test_audits import answer_all, published
from core import clock
from core.models import AuditEvent
from evidence import rules as evidence_rules
from evidence import selectors
from evidence import services as ev
from evidence.models import EvidenceItem, EvidenceTheme, MeasureReading
from evidence.selectors import NO_CATEGORY
from governance import services as gov
from governance.tests.conftest import hear
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from themes import selectors as theme_selectors
from themes.services import framework_version_draft, framework_version_publish
from themes.tests.taxonomy_fixture import KEY  # noqa: F401

BELLS = "call-bells-and-responsiveness"
FALLS = "falls-and-managing-risks"
HEADER = "service,kind,occurred_on,summary,harm,reference,themes\n"


def test_an_incident_is_kept_without_personal_details_and_tagged_with_themes(org, services, team, framework):
    item = ev.item_record(
        scope=team.scope("manager"),
        service_id=services[0].id,
        kind="incident",
        occurred_on=clock.today() - dt.timedelta(days=3),
        summary="Mrs Jean Smith fell at night waiting for the call bell; her son on 07700 900123 was told.",
        harm="moderate",
        reference="DX-1001",
        theme_codes=[BELLS, FALLS],
    )
    assert "07700" not in item.summary and "fell at night" in item.summary
    assert set(EvidenceTheme.objects.for_org(org).values_list("code", flat=True)) == {BELLS, FALLS}
    assert AuditEvent.objects.for_org(org).filter(verb="evidence.item.record").count() == 1
    with pytest.raises(ValidationError) as caught:
        ev.item_record(
            scope=team.scope("manager"),
            service_id=services[0].id,
            kind="staff_feedback",
            occurred_on=clock.today() + dt.timedelta(days=1),
            summary="",
            harm="low",
            reference="",
            theme_codes=["no-such-theme"],
        )
    assert set(caught.value.message_dict) == {"occurred_on", "summary", "harm", "themes"}
    with pytest.raises(ValidationError) as caught:
        ev.item_record(
            scope=team.scope("manager"),
            service_id=services[0].id,
            kind="incident",
            occurred_on=clock.today(),
            summary="Again",
            harm="",
            reference="DX-1001",
        )
    assert set(caught.value.message_dict) == {"harm", "reference"}
    for name in ("staff", "partner", "commissioner"):
        with pytest.raises(PermissionDenied):
            selectors.item_list(scope=team.scope(name))
    assert EvidenceItem.objects.for_org(org).count() == 1


def test_an_import_saves_every_row_or_none_and_names_each_problem(org, services, team, framework):
    scope = team.scope("quality")
    bad = HEADER + (
        f"Rowan House,incident,{clock.today():%Y-%m-%d},Fell in the lounge,low,DX-1,{FALLS}\n"
        "Nowhere,incident,31/02/2026,,extreme,DX-2,\n"
        f"Beech Court,partner_feedback,{clock.today():%d/%m/%Y},GP said the home calls early,,GP-1,{BELLS};nope\n"
    )
    with pytest.raises(ValidationError) as caught:
        ev.items_import(scope=scope, text=bad, filename="incidents.csv")
    problems = caught.value.message_dict["file"]
    assert (
        "Line 3, column service: That service is not one of yours, so no evidence is recorded there now. "
        "Choose a service that is open." in problems
    )
    assert "Line 3, column occurred_on: Enter the date, as YYYY-MM-DD." in problems
    assert any(p.startswith("Line 3, column harm:") for p in problems)
    assert "Line 4, column themes: Not a theme of the framework in use: nope." in problems
    assert not any(p.startswith("Line 2") for p in problems)
    assert not EvidenceItem.objects.for_org(org).exists()
    with pytest.raises(ValidationError) as caught:
        ev.items_import(scope=scope, text="service,kind\nRowan House,incident\n", filename="short.csv")
    assert (
        "short.csv has no column occurred_on, summary, harm, reference, themes" in caught.value.message_dict["file"][0]
    )

    good = HEADER + (
        f"Rowan House,incident,{clock.today():%Y-%m-%d},Fell in the lounge,low,DX-1,{FALLS}\n"
        f"beech court,Partner feedback,{clock.today():%d/%m/%Y},GP said the home calls early,,GP-1,{BELLS}\n"
    )
    assert ev.items_import(scope=scope, text=good, filename="incidents.csv") == 2
    with pytest.raises(ValidationError) as caught:  # the same file again is refused, not doubled
        ev.items_import(scope=scope, text=good, filename="incidents.csv")
    assert (
        "Line 2, column reference: DX-1 is already in Heard or earlier in the file."
        in caught.value.message_dict["file"]
    )
    assert EvidenceItem.objects.for_org(org).filter(source="imported").count() == 2


def test_an_import_names_the_line_a_problem_is_on_as_a_spreadsheet_shows_it(org, services, team, framework):
    # Incident systems export long summaries quoted over several lines, and spreadsheets leave blank
    # rows and rows of empty cells: the line named is the row a spreadsheet shows, as for feedback.
    scope = team.scope("quality")
    today = f"{clock.today():%Y-%m-%d}"
    text = (
        "Service, Kind ,occurred_on,summary,harm,reference,themes\n"
        f'Rowan House,incident,{today},"A resident fell in the lounge.\nFound by night staff.",low,DX-1,{FALLS}\n'
        "\n"
        f"Rowan House,incident,{today},Fell in the garden,extreme,DX-2,\n"
        ",,,,,,\n"
    )
    with pytest.raises(ValidationError) as caught:
        ev.items_import(scope=scope, text=text, filename="incidents.csv")
    assert caught.value.message_dict["file"] == [
        "Line 4, column harm: Say how much harm the incident caused: none, low, moderate, severe or death."
    ]
    assert ev.items_import(scope=scope, text=text.replace("extreme", "low"), filename="incidents.csv") == 2
    assert (
        EvidenceItem.objects.for_org(org).get(reference="DX-1").summary
        == "A resident fell in the lounge.\nFound by night staff."
    )

    with pytest.raises(ValidationError) as caught:  # a cell longer than any CSV reader takes
        ev.items_import(scope=scope, text=HEADER + f"Rowan House,incident,{today},Fell,low,DX-3,\n" + "x" * 2_000_000)
    assert caught.value.message_dict["file"][0].startswith("Line 3: this line could not be read as CSV")
    assert EvidenceItem.objects.for_org(org).count() == 2


def test_an_import_takes_kinds_and_harms_in_the_words_heard_asks_for(org, services, team, framework):
    # Refused, a row is told to "choose incident, feedback from staff or feedback from a partner", and
    # incident systems write harm as "Moderate harm": a file in those words is taken.
    scope = team.scope("quality")
    today = f"{clock.today():%Y-%m-%d}"
    text = HEADER + (
        f"Rowan House,Incident,{today},A resident fell in the lounge,Moderate harm,DX-1,\n"
        f"Rowan House,feedback from staff,{today},The bell panel is hard to hear,,,\n"
        f"Rowan House,Feedback from a partner,{today},The GP says calls come early,Not an incident,,\n"
        f"Rowan House,Feedback from a partner organisation,{today},The pharmacist is happy,,,\n"
        f"Rowan House,staff_feedback,{today},Nights are short of staff,,,\n"
    )
    assert ev.items_import(scope=scope, text=text, filename="evidence.csv") == 5
    kinds = EvidenceItem.objects.for_org(org).order_by("id").values_list("kind", "harm")
    assert list(kinds) == [
        ("incident", "moderate"),
        ("staff_feedback", ""),
        ("partner_feedback", ""),
        ("partner_feedback", ""),
        ("staff_feedback", ""),
    ]
    with pytest.raises(ValidationError) as caught:
        ev.items_import(scope=scope, text=HEADER + f"Rowan House,complaint,{today},Cold food,,,\n")
    assert caught.value.message_dict["file"] == [
        "Line 2, column kind: Choose incident, feedback from staff or feedback from a partner."
    ]


def test_measures_are_read_month_by_month_once(org, services, team, framework):
    scope = team.scope("quality")
    falls = ev.measure_create(
        scope=scope, name="Falls per 1,000 bed days", unit="per 1,000 bed days", category="outcomes", theme_code=FALLS
    )
    ev.reading_record(
        scope=scope, measure_id=falls.id, service_id=services[0].id, month=dt.date(2026, 3, 17), value=6.1
    )
    with pytest.raises(ValidationError) as caught:
        ev.reading_record(
            scope=scope, measure_id=falls.id, service_id=services[0].id, month=dt.date(2026, 3, 2), value=5.0
        )
    assert "already recorded (6.1): to correct it, say why" in caught.value.message_dict["correction"][0]
    with pytest.raises(ValidationError):
        ev.measure_create(scope=scope, name="Falls per 1,000 bed days", category="outcomes")
    assert MeasureReading.objects.for_org(org).get().month == dt.date(2026, 3, 1)
    with pytest.raises(ValidationError) as caught:  # nothing to correct in April
        ev.reading_record(
            scope=scope,
            measure_id=falls.id,
            service_id=services[0].id,
            month=dt.date(2026, 4, 2),
            value=5.0,
            correction="Typo",
        )
    assert list(caught.value.message_dict) == ["correction"]

    # A wrong figure is corrected with why; the month's figure is the latest, the earlier one kept.
    for value, why in ((5.1, "Bed days were counted twice in March."), (5.3, "Two falls were logged late.")):
        ev.reading_record(
            scope=scope,
            measure_id=falls.id,
            service_id=services[0].id,
            month=dt.date(2026, 3, 9),
            value=value,
            correction=why,
        )
    [shown] = selectors.measure_list(scope=scope)[0].readings.all()
    assert (shown.value, shown.replaces.value, shown.correction) == (5.3, 5.1, "Two falls were logged late.")
    assert MeasureReading.objects.for_org(org).count() == 3
    across = selectors.triangulate(scope=scope, theme_code=FALLS, first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 31))
    assert [r.detail for r in across if r.source == falls.name] == [
        "From 5.3 per 1,000 bed days in Mar 2026 to 5.3 per 1,000 bed days in Mar 2026: no change"
    ]


def test_across_services_a_measure_compares_months_every_service_has_a_figure_for(org, services, team, framework):
    # Both homes' falls went down; Beech Court has not sent this month's figure yet. The mean of both
    # last month set against Rowan House alone this month would read as "worse".
    scope = team.scope("quality")
    falls = ev.measure_create(
        scope=scope, name="Falls per 1,000 bed days", unit="per 1,000 bed days", category="outcomes", theme_code=FALLS
    )
    this_month = clock.today().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    before = (last_month - dt.timedelta(days=1)).replace(day=1)
    figures = {services[0]: (9.0, 8.5, 8.0), services[1]: (2.0, 1.8, None)}
    for service, values in figures.items():
        for month, value in zip((before, last_month, this_month), values, strict=True):
            if value is not None:
                ev.reading_record(scope=scope, measure_id=falls.id, service_id=service.id, month=month, value=value)

    def change(service_id=None):
        rows = selectors.triangulate(
            scope=scope, theme_code=FALLS, first=before, last=clock.today(), service_id=service_id
        )
        return next(r.detail for r in rows if r.source == falls.name)

    assert change() == (
        f"From 5.5 per 1,000 bed days in {before:%b %Y} to 5.15 per 1,000 bed days in {last_month:%b %Y}: better "
        "(months with a figure from all 2 services)"
    )
    assert change(services[0].id).startswith(f"From 9 per 1,000 bed days in {before:%b %Y} to 8 ")
    only_now = ev.measure_create(scope=scope, name="Night staff on shift", category="processes", theme_code=FALLS)
    ev.reading_record(scope=scope, measure_id=only_now.id, service_id=services[0].id, month=before, value=3)
    ev.reading_record(scope=scope, measure_id=only_now.id, service_id=services[1].id, month=this_month, value=4)
    rows = selectors.triangulate(scope=scope, theme_code=FALLS, first=before, last=clock.today())
    assert next(r.detail for r in rows if r.source == only_now.name) == (
        "No month has a figure from every service: choose a service to see how it changed"
    )


def test_a_theme_is_seen_across_every_source(org, services, team, framework):
    rowan = services[0]
    scope = team.scope("quality")
    hear(team.staff, rowan, BELLS, days_ago=[5, 10, 20])
    for days_ago, harm, ref in ((4, "moderate", "DX-1"), (30, "none", "DX-2")):
        ev.item_record(
            scope=scope,
            service_id=rowan.id,
            kind="incident",
            occurred_on=clock.today() - dt.timedelta(days=days_ago),
            summary="Waited for the bell and fell",
            harm=harm,
            reference=ref,
            theme_codes=[BELLS],
        )
    ev.item_record(
        scope=scope,
        service_id=rowan.id,
        kind="staff_feedback",
        occurred_on=clock.today(),
        summary="Night staff say the bell panel is hard to hear",
        theme_codes=[BELLS],
    )
    ev.item_record(  # another service: left out when looking at Rowan House
        scope=scope,
        service_id=services[1].id,
        kind="staff_feedback",
        occurred_on=clock.today(),
        summary="Bells are slow",
        theme_codes=[BELLS],
    )
    audit.run_plan(
        scope=scope,
        service_id=rowan.id,
        version_id=published(team).id,
        planned_for=clock.today(),
        lead_id=team.manager.id,
        reason="Bells",
        theme_code=BELLS,
    )
    waits = ev.measure_create(
        scope=scope, name="Median call-bell wait (minutes)", category="processes", theme_code=BELLS
    )
    for month, value in ((clock.today().replace(day=1) - dt.timedelta(days=60), 9.0), (clock.today(), 5.5)):
        ev.reading_record(scope=scope, measure_id=waits.id, service_id=rowan.id, month=month, value=value)

    rows = {
        r.source: r
        for r in selectors.triangulate(
            scope=scope,
            theme_code=BELLS,
            first=clock.today() - dt.timedelta(days=365),
            last=clock.today(),
            service_id=rowan.id,
        )
    }
    assert rows["Feedback from people who use services"].count == 3
    assert (
        rows["Feedback from staff"].count == 1
        and rows["Feedback from staff"].category == "Feedback from staff and leaders"
    )
    assert rows["Feedback from a partner organisation"].count == 0
    assert (rows["Incidents"].count, rows["Incidents"].detail) == (2, "1 caused moderate harm or worse")
    assert rows["Audits commissioned because of it"].count == 1
    assert rows["Median call-bell wait (minutes)"].category == "Processes"
    assert rows["Median call-bell wait (minutes)"].detail.endswith(": better")


def test_an_audit_commissioned_for_a_theme_counts_once_however_many_findings_it_has(org, services, team, framework):
    scope = team.scope("quality")
    version = published(team)
    run = audit.run_plan(
        scope=scope,
        service_id=services[0].id,
        version_id=version.id,
        planned_for=clock.today(),
        lead_id=team.manager.id,
        reason="Bells",
        theme_code=BELLS,
    )
    audit.case_record(scope=scope, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_complete(scope=scope, run_id=run.id)

    def audits_row():
        [row] = [
            r
            for r in selectors.triangulate(
                scope=scope, theme_code=BELLS, first=clock.today() - dt.timedelta(days=365), last=clock.today()
            )
            if r.source == "Audits commissioned because of it"
        ]
        return row.count, row.detail

    found = []
    for question in AuditQuestion.objects.for_org(org).filter(version=version):
        found.append(audits_row())
        audit.finding_open(
            scope=scope,
            run_id=run.id,
            question_id=question.id,
            text="Not in any case.",
            action=gov.ActionInput(
                title=f"Put right: {question.text}",
                lead_id=team.manager.id,
                verifier_id=team.quality.id,
                due_on=clock.today() + dt.timedelta(days=30),
            ),
        )

    found.append(audits_row())
    # One finding is said in the singular.
    assert found == [(1, "1 complete, 0 findings"), (1, "1 complete, 1 finding"), (1, "1 complete, 2 findings")]


def test_an_audit_withdrawn_from_the_programme_is_not_counted_for_its_theme(org, services, team, framework):
    scope = team.scope("quality")
    version = published(team)
    for reason in ("Bells", "Bells, planned twice"):
        run = audit.run_plan(
            scope=scope,
            service_id=services[0].id,
            version_id=version.id,
            planned_for=clock.today(),
            lead_id=team.manager.id,
            reason=reason,
            theme_code=BELLS,
        )
    audit.run_withdraw(scope=scope, run_id=run.id, reason="Planned twice.")
    [audits] = [
        r
        for r in selectors.triangulate(
            scope=scope, theme_code=BELLS, first=clock.today() - dt.timedelta(days=365), last=clock.today()
        )
        if r.source == "Audits commissioned because of it"
    ]
    assert (audits.count, audits.detail) == (1, "0 complete, 0 findings")


def test_the_pages_record_import_and_show_the_theme_across_sources(client, org, services, team, framework):
    client.force_login(team.quality.user)
    url = reverse("evidence_items:list")
    response = client.post(
        url,
        {
            "form": "item",
            "item-kind": "incident",
            "item-service": services[0].id,
            "item-occurred_on": clock.today().isoformat(),
            "item-summary": "",
            "item-harm": "",
        },
    )
    assert response.status_code == 400 and "Say what happened, without names." in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "incidents.csv", (HEADER + f"Rowan House,incident,{clock.today():%Y-%m-%d},Fell,low,DX-9,{BELLS}\n").encode()
    )
    response = client.post(url, {"form": "import", "import-file": upload})
    assert response.status_code == 302 and EvidenceItem.objects.for_org(org).count() == 1
    assert "Fell" in client.get(url, {"theme": BELLS}).content.decode()
    broken = SimpleUploadedFile("bad.csv", (HEADER + "Rowan House,incident,soon,Fell,low,DX-10,\n").encode())
    response = client.post(url, {"form": "import", "import-file": broken})
    assert response.status_code == 400 and "Line 2, column occurred_on" in response.content.decode()
    assert client.get(reverse("evidence_items:measures")).status_code == 200
    theme_page = client.get(reverse("governance:theme", args=[BELLS])).content.decode()
    assert "Across every source since" in theme_page and "Incidents" in theme_page
    assert "praise included. The loops above count only the feedback that raised it as a concern" in theme_page

    client.force_login(team.staff.user)
    assert client.get(url).status_code == 403
    assert "Across every source" not in client.get(reverse("governance:theme", args=[BELLS])).content.decode()


def test_the_forms_offer_the_services_where_evidence_may_be_recorded_not_all_that_may_be_read(
    client, monkeypatch, org, services, team, framework
):
    # Should reading evidence ever reach further than recording it (leaders who only read, say), the
    # forms must still offer only the services the service layer accepts; the filter offers them all.
    ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    monkeypatch.setitem(evidence_rules.RULES, evidence_rules.Perm.RECORD, frozenset({Role.SERVICE_MANAGER}))
    rowan, beech = services[0], services[1]
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Tom Hargreaves")
    reading = RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.LEADER)
    reading.services.set([beech])
    client.force_login(person.user)

    for url, prefix in [(reverse("evidence_items:list"), "item"), (reverse("evidence_items:measures"), "reading")]:
        page = client.get(url).content.decode()
        form = page[page.index(f'name="{prefix}-service"') :]
        form = form[: form.index("</select>")]
        assert rowan.name in form and beech.name not in form, url
    listed = client.get(reverse("evidence_items:list")).content.decode()
    chooser = listed[listed.index('id="filter-service"') :]
    assert beech.name in chooser[: chooser.index("</select>")]


def test_triangulation_names_the_categories_of_the_taxonomy_the_themes_map_to(
    org, services, team, framework, new_taxonomy
):
    # Once the main framework's published version maps to a taxonomy that replaces CQC's 2024 one, each
    # source is set under that taxonomy's category, as its file places them (ADR 0027).
    scope = team.scope("quality")
    ev.measure_create(scope=scope, name="Median call-bell wait (minutes)", category="processes", theme_code=BELLS)

    def categories():
        found = selectors.triangulate(
            scope=scope, theme_code=BELLS, first=clock.today() - dt.timedelta(days=30), last=clock.today()
        )
        return {r.source: r.category for r in found}

    before = categories()
    assert before["Feedback from a partner organisation"] == "Feedback from partners"
    draft = framework_version_draft(scope=scope, framework=framework, taxonomy=KEY)
    unmapped = [t.pk for t in theme_selectors.version_unmapped_themes(scope=scope, version=draft)]
    framework_version_publish(scope=scope, version=draft, confirmed_unmapped=unmapped)
    assert categories() == {
        "Feedback from people who use services": "What people tell us (test)",
        "Feedback from staff": "What people tell us (test)",
        "Feedback from a partner organisation": NO_CATEGORY,  # the test taxonomy places it nowhere
        "Audits commissioned because of it": "What we check (test)",
        "Median call-bell wait (minutes)": NO_CATEGORY,
        "Incidents": "What we check (test)",
    }
