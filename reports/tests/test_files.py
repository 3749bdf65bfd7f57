"""PDFs made in the background: asked for on a page, made with the asker's access, fetched by them alone."""

import datetime as dt

from django.core.files.storage import default_storage

from core.models import AuditEvent
from organisations.models import RoleAssignment
from organisations.roles import Role
from reports import files
from reports.models import ReportFile


def ask(client, capture, kind="monthly", query="month=2026-10"):
    with capture(execute=True):
        return client.post("/reports/pdfs/", {"kind": kind, "query": query})


def test_a_pdf_is_made_in_the_background_and_fetched_by_the_asker(
    client, org, services, admin_scope, django_capture_on_commit_callbacks
):
    client.force_login(admin_scope.user)
    page = client.get("/reports/monthly/?month=2026-10").content.decode()
    assert 'action="/reports/pdfs/"' in page and 'name="csrfmiddlewaretoken"' in page

    response = ask(client, django_capture_on_commit_callbacks)
    made = ReportFile.objects.for_org(org).get()
    assert response.status_code == 302 and response["Location"] == f"/reports/pdfs/{made.pk}/"
    assert made.status == ReportFile.Status.READY and made.progress == 100
    assert made.requested_by == admin_scope.person
    assert made.query == {"month": "2026-10", "service": ""}
    assert made.title.startswith("Monthly quality and safety pack: ")
    assert made.filename == "heard-monthly-northgate-all-services-october-2026.pdf"

    status = client.get(f"/reports/pdfs/{made.pk}/")
    assert "Download the PDF" in status.content.decode()
    assert client.get(f"/reports/pdfs/{made.pk}/progress").json() == {
        "status": "ready",
        "progress": 100,
        "stage": "Ready",
        "running": False,
    }
    download = client.get(f"/reports/pdfs/{made.pk}/download")
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF")
    assert 'filename="heard-monthly-northgate-all-services-october-2026.pdf"' in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    verbs = list(AuditEvent.objects.for_org(org).filter(verb__startswith="report.").values_list("verb", flat=True))
    assert verbs == ["report.monthly.pdf"]
    assert f"/reports/pdfs/{made.pk}/" in client.get("/reports/").content.decode()


def test_the_pdf_is_of_the_report_being_looked_at(
    client, org, services, make_scope, django_capture_on_commit_callbacks
):
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    ask(client, django_capture_on_commit_callbacks, "quarterly", f"quarter=2026-Q3&service={services[0].id}")
    ask(client, django_capture_on_commit_callbacks, "cqc", "")
    quarterly, cqc = ReportFile.objects.for_org(org).order_by("id")
    assert quarterly.query == {"quarter": "2026-Q3", "service": str(services[0].id)}
    assert quarterly.status == "ready" and "Rowan House" in quarterly.title
    assert cqc.status == "ready" and cqc.kind == "cqc"


def test_nobody_else_can_see_or_fetch_it(
    client, org, other_org, services, admin_scope, make_scope, django_capture_on_commit_callbacks
):
    client.force_login(admin_scope.user)
    ask(client, django_capture_on_commit_callbacks)
    made = ReportFile.objects.for_org(org).get()
    for someone in (make_scope(Role.ADMINISTRATOR), make_scope(Role.ADMINISTRATOR, organisation=other_org)):
        client.force_login(someone.user)
        for suffix in ("", "progress", "download"):
            assert client.get(f"/reports/pdfs/{made.pk}/{suffix}").status_code == 404
        assert f"/reports/pdfs/{made.pk}/" not in client.get("/reports/").content.decode()


def test_refusals_save_nothing(client, org, services, make_scope, django_capture_on_commit_callbacks):
    commissioner = make_scope(Role.COMMISSIONER, services=[services[0]])
    client.force_login(commissioner.user)
    assert ask(client, django_capture_on_commit_callbacks).status_code == 403

    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    other_service = ask(client, django_capture_on_commit_callbacks, query=f"month=2026-10&service={services[1].id}")
    assert other_service.status_code == 302 and other_service["Location"].startswith("/reports/monthly/?")
    bad_month = ask(client, django_capture_on_commit_callbacks, query="month=2026-13")
    assert bad_month.status_code == 302
    unknown = ask(client, django_capture_on_commit_callbacks, kind="annual")
    assert unknown.status_code == 302 and unknown["Location"] == "/reports/"
    assert client.get("/reports/pdfs/").status_code == 405
    assert not ReportFile.objects.for_org(org).exists()


def test_someone_who_has_lost_their_role_gets_nothing(client, org, services, make_scope):
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    client.post("/reports/pdfs/", {"kind": "monthly", "query": "month=2026-10"})  # queued: not run yet
    made = ReportFile.objects.for_org(org).get()
    assert made.status == ReportFile.Status.QUEUED
    assert made.title == "Monthly quality and safety pack: Rowan House, October 2026"
    waiting = client.get(f"/reports/pdfs/{made.pk}/").content.decode()
    assert f'data-progress-url="/reports/pdfs/{made.pk}/progress"' in waiting and "<progress" in waiting
    assert client.get(f"/reports/pdfs/{made.pk}/progress").json()["running"] is True
    assert client.get(f"/reports/pdfs/{made.pk}/download").status_code == 404
    RoleAssignment.objects.for_org(org).filter(person=manager.person).delete()
    files.make_report_file.call(org.pk, made.pk)
    made.refresh_from_db()
    assert made.status == ReportFile.Status.FAILED and not made.file
    assert "no longer have access" in made.stage
    assert not AuditEvent.objects.for_org(org).filter(verb="report.monthly.pdf").exists()


def test_a_failure_is_recorded_on_the_request(
    client, org, services, admin_scope, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("the layout engine fell over")

    monkeypatch.setattr(files.services, "report_render", broken)
    client.force_login(admin_scope.user)
    ask(client, django_capture_on_commit_callbacks)
    made = ReportFile.objects.for_org(org).get()
    assert made.status == ReportFile.Status.FAILED and not made.file
    assert "Something went wrong" in made.stage
    page = client.get(f"/reports/pdfs/{made.pk}/").content.decode()
    assert "This PDF is not available" in page and "layout engine" not in page
    assert client.get(f"/reports/pdfs/{made.pk}/download").status_code == 404


def test_files_are_removed_after_a_week(client, org, services, admin_scope, django_capture_on_commit_callbacks):
    client.force_login(admin_scope.user)
    ask(client, django_capture_on_commit_callbacks)
    old = ReportFile.objects.for_org(org).get()
    name = old.file.name
    assert default_storage.exists(name)
    ReportFile.objects.for_org(org).filter(pk=old.pk).update(requested_at=old.requested_at - dt.timedelta(days=8))
    ask(client, django_capture_on_commit_callbacks, query="month=2026-09")
    old.refresh_from_db()
    assert old.status == ReportFile.Status.REMOVED and not old.file
    assert not default_storage.exists(name)
    assert ReportFile.objects.for_org(org).filter(status="ready").count() == 1


def test_a_pdf_nobody_started_says_why_it_may_be_waiting(
    client, org, services, admin_scope, django_capture_on_commit_callbacks
):
    client.force_login(admin_scope.user)
    with django_capture_on_commit_callbacks(execute=False):  # no worker picks it up
        client.post("/reports/pdfs/", {"kind": "monthly", "query": "month=2026-10"})
    made = ReportFile.objects.for_org(org).get()
    assert made.status == ReportFile.Status.QUEUED
    assert "0%: Waiting to start" in client.get(f"/reports/pdfs/{made.pk}/").content.decode()

    ReportFile.objects.for_org(org).filter(pk=made.pk).update(requested_at=made.requested_at - dt.timedelta(minutes=2))
    page = client.get(f"/reports/pdfs/{made.pk}/").content.decode()
    assert "background work may not be running: ask your administrator to check it" in page
    news = client.get(f"/reports/pdfs/{made.pk}/progress").json()
    assert news["running"] and news["stage"].startswith("Not started yet.")


def test_a_pdf_waiting_to_be_made_has_the_name_it_will_have_once_made(
    client, org, services, make_scope, django_capture_on_commit_callbacks
):
    # A commissioner of two services asks for the quarter's report without choosing a service.
    commissioner = make_scope(Role.COMMISSIONER, services=[services[0], services[1]])
    client.force_login(commissioner.user)
    client.post("/reports/pdfs/", {"kind": "commissioner", "query": "quarter=2026-Q3"})  # queued: not run yet
    made = ReportFile.objects.for_org(org).get()
    assert made.status == ReportFile.Status.QUEUED
    waiting = made.title
    assert waiting == f"Commissioner report: {services[1].name}, {services[0].name}, July to September 2026 (2026-Q3)"
    assert f"<h1>{waiting}</h1>" in client.get(f"/reports/pdfs/{made.pk}/").content.decode()
    files.make_report_file.call(org.pk, made.pk)
    made.refresh_from_db()
    assert made.status == ReportFile.Status.READY and made.title == waiting
