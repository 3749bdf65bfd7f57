"""The import pages (upload, columns, check, import, result) and the `heard import feedback` command."""

from __future__ import annotations

import importlib
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from core import clock
from core.models import AuditEvent
from feedback.models import Comment, Feedback
from organisations.forms import NOT_OFFERED
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role
from themes.models import UrgentFlag

V6 = Path(settings.BASE_DIR).parent / "shared" / "data" / "feedback-v6"


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def service(org):
    return ServiceFactory(organisation=org, name="Patient Transport")


def signed_in(client, org, role, **kwargs):
    person = person_with_role(org, role, **kwargs)
    client.force_login(person.user)
    return client


# --- pages ---------------------------------------------------------------------------------------


def test_a_quality_lead_imports_the_v6_file_through_the_pages(client, org, service, private_var_dir):
    client = signed_in(client, org, Role.QUALITY_LEAD, all_services=True)
    upload = SimpleUploadedFile("dev.csv", (V6 / "dev.csv").read_bytes(), content_type="text/csv")

    # Upload: the file waits in the organisation's private folder under a random name.
    response = client.post("/feedback/import/", {"file": upload})
    assert response.status_code == 302
    columns_url = response["Location"]
    token = columns_url.split("/")[-3]
    folder = private_var_dir / "imports" / str(org.id)
    assert sorted(p.name for p in folder.iterdir()) == [f"{token}.json", f"{token}.upload"]

    # Columns: every Heard field has a select, prefilled from the header.
    page = client.get(columns_url).content.decode()
    assert re.search(r'<option value="FFT answer" selected\s*>', page)
    assert "50 columns look like theme labels" in page
    response = client.post(
        columns_url,
        {
            "text": "FFT answer",
            "rating": "FFT categorical answer",
            "question": "FFT question",
            "date": "Date",
            "respondent": "Respondent ID",
            "source_id": "Comment ID",
            "sentiment": "Comment sentiment",
            "service_id": str(service.id),
            "date_format": "dd/mm/yyyy",
        },
    )
    assert response.status_code == 302
    check_url = response["Location"]

    # Check: the first rows as Heard reads them, and what will happen.
    page = client.get(check_url).content.decode()
    assert "621 rows read" in page and "415 pieces of feedback would be added" in page
    assert "Nothing really. You cannot control attitude of taxi drivers." in page
    assert Feedback.objects.for_org(org).count() == 0

    # Import: the page streams progress, then links to the result.
    response = client.post(check_url, {"mode": "all_or_nothing"})
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "Checking rows: 100%" in body and "Saving feedback: 100%" in body
    result_url = f"/feedback/import/{token}/result/"
    assert f'href="{result_url}"' in body
    assert Comment.objects.for_org(org).count() == 621
    assert list(folder.iterdir()) == []

    page = client.get(result_url).content.decode()
    assert "Feedback added" in page and "415 (with 621 comments)" in page
    flagged = UrgentFlag.objects.for_org(org).count()
    assert flagged > 0  # dev.csv has comments the check flags
    assert f"{flagged} comments may need urgent attention: the safeguarding lead has been told." in page
    assert "second, closer check" not in page  # a file this size had rules and model while saving
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.import.complete").count() == 1


def test_the_result_page_lists_every_bad_row_and_all_or_nothing_writes_nothing(client, org, service):
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    csv_bytes = b"Comment,Date,Rating\nGood,01/02/2024,1\nBad,32/01/2024,1\nWorse,01/02/2024,12\n"
    response = client.post("/feedback/import/", {"file": SimpleUploadedFile("f.csv", csv_bytes)})
    columns_url = response["Location"]
    token = columns_url.split("/")[-3]
    client.post(
        columns_url,
        {
            "text": "Comment",
            "date": "Date",
            "rating": "Rating",
            "service_id": str(service.id),
            "date_format": "dd/mm/yyyy",
        },
    )
    page = client.get(f"/feedback/import/{token}/check/").content.decode()
    assert "&#39;32/01/2024&#39; is not a real date: January has 31 days." in page

    response = client.post(f"/feedback/import/{token}/check/", {"mode": "all_or_nothing"})
    b"".join(response.streaming_content)
    page = client.get(f"/feedback/import/{token}/result/").content.decode()
    assert "Nothing was imported" in page
    assert '<td class="nhsuk-table__cell">3</td>' in page and '<td class="nhsuk-table__cell">4</td>' in page
    assert "12" in page and "is not a rating" in page
    # ...and the way on is to import the file again once it is corrected
    assert '<a href="/feedback/import/">Import the corrected file</a>' in page
    assert Feedback.objects.for_org(org).count() == 0


def test_a_service_archived_after_it_was_chosen_for_the_whole_file_is_named_and_the_upload_kept(client, org, service):
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    response = client.post(
        "/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Comment,Date\nGood,01/02/2024\n")}
    )
    columns_url = response["Location"]
    token = columns_url.split("/")[-3]
    chosen = {"text": "Comment", "date": "Date", "service_id": str(service.id), "date_format": "dd/mm/yyyy"}
    assert client.post(columns_url, chosen).status_code == 302
    ServiceFactory._meta.model.objects.for_org(org).filter(pk=service.pk).update(archived_at=clock.now())

    response = client.get(f"/feedback/import/{token}/check/")
    assert response.status_code == 200
    said = "Patient Transport has been archived, so nothing is imported there now. Choose a service that is open."
    assert said in response.content.decode()
    response = client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"})
    page = b"".join(response.streaming_content).decode()
    assert said in page and "Something went wrong" not in page
    assert f'<a href="{columns_url}">Choose the service again</a>' in page
    # The upload is kept: they choose another service and go on.
    other = ServiceFactory(organisation=org, name="Rowan House")
    assert client.post(columns_url, chosen | {"service_id": str(other.id)}).status_code == 302
    response = client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"})
    b"".join(response.streaming_content)
    assert Feedback.objects.for_org(org).filter(service=other).count() == 1


def test_a_service_that_closed_after_the_columns_page_opened_is_named_and_nothing_imported(client, org, service):
    """The columns page is opened while Patient Transport is open and sent after it closed: it is not
    refused as a service not offered but named where the file is checked, and nothing is imported."""
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    response = client.post(
        "/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Comment,Date\nGood,01/02/2024\n")}
    )
    columns_url = response["Location"]
    token = columns_url.split("/")[-3]
    assert "Everything goes to Patient Transport" in client.get(columns_url).content.decode()
    ServiceFactory._meta.model.objects.for_org(org).filter(pk=service.pk).update(archived_at=clock.now())
    chosen = {"text": "Comment", "date": "Date", "service_id": str(service.id), "date_format": "dd/mm/yyyy"}
    response = client.post(columns_url, chosen, follow=True)
    body = response.content.decode()
    assert NOT_OFFERED not in body
    assert (
        "Patient Transport has been archived, so nothing is imported there now. Choose a service that is open." in body
    )
    assert "Everything goes to Patient Transport" not in client.get(columns_url).content.decode()
    b"".join(client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"}).streaming_content)
    assert not Feedback.objects.for_org(org).exists()


def test_a_closed_service_outside_the_persons_scope_is_not_named_on_the_columns_page(client, org, service):
    rowan = ServiceFactory(organisation=org, name="Rowan House")
    client = signed_in(client, org, Role.SERVICE_MANAGER, services=[rowan])
    response = client.post(
        "/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Comment,Date\nGood,01/02/2024\n")}
    )
    ServiceFactory._meta.model.objects.for_org(org).filter(pk=service.pk).update(archived_at=clock.now())
    chosen = {"text": "Comment", "date": "Date", "service_id": str(service.id), "date_format": "dd/mm/yyyy"}
    body = client.post(response["Location"], chosen).content.decode()
    assert NOT_OFFERED in body
    assert "Patient Transport" not in body and "has been archived" not in body


def _large_file_mapped(client, service) -> str:
    """Upload 2,500 rows, long enough to stop half way, all to `service`; the upload's token."""
    rows = "".join(f"Comment number {n},01/02/2024,1\n" for n in range(2500))
    upload = SimpleUploadedFile("big.csv", f"Comment,Date,Rating\n{rows}".encode())
    token = client.post("/feedback/import/", {"file": upload})["Location"].split("/")[-3]
    columns = {"text": "Comment", "date": "Date", "rating": "Rating", "service_id": str(service.id)}
    client.post(f"/feedback/import/{token}/columns/", {**columns, "date_format": "dd/mm/yyyy"})
    return token


# Closing the response ends the request, which closes the database connection as in a server: the
# test runs outside a test transaction so that the next query simply connects again.
@pytest.mark.django_db(transaction=True)
def test_an_import_whose_page_is_closed_half_way_saves_nothing_and_says_so(client, org, service):
    """Closing the page while rows are saved stops the import and rolls it back: the result page
    must then say that nothing was imported, not that the import is still running."""
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    token = _large_file_mapped(client, service)
    response = client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"})
    for chunk in response.streaming_content:
        if b"Saving feedback" in chunk:
            break
    response.close()  # as the server does when the browser goes away
    assert Feedback.objects.for_org(org).count() == 0
    page = client.get(f"/feedback/import/{token}/result/").content.decode()
    assert "Import in progress" not in page and "updates itself" not in page
    assert "The import did not work" in page and "page was closed, so nothing was imported" in page


def test_sending_the_import_twice_imports_the_file_once(client, org, service):
    """A second press of the import button while the first import runs goes to the result page: it
    does not start a second import, which would fail on the first one's rows and write 'nothing
    was imported' over the first one's result."""
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    token = _large_file_mapped(client, service)
    first = iter(client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"}).streaming_content)
    while b"Checking rows" not in next(first):
        pass
    again = client.post(f"/feedback/import/{token}/check/", {"mode": "keep_good"})
    assert again.status_code == 302 and again["Location"] == f"/feedback/import/{token}/result/"
    assert b"Finished" in b"".join(first)
    assert Feedback.objects.for_org(org).count() == 2500
    page = client.get(f"/feedback/import/{token}/result/").content.decode()
    assert "2,500 (with 2,500 comments)" in page


def test_uploading_nonsense_says_so_and_keeps_nothing(client, org, private_var_dir):
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    nonsense = SimpleUploadedFile("data.csv", os.urandom(200_000))
    page = client.post("/feedback/import/", {"file": nonsense}).content.decode()
    assert "This file is not a CSV or Excel file we can read" in page
    assert list((private_var_dir / "imports" / str(org.id)).iterdir()) == []


def test_a_file_refused_at_upload_is_named_in_the_error(client, org, private_var_dir):
    # The file box is empty again when the page comes back: the error says which file it was about.
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    for name, content, said in [
        ("march-survey.csv", b"", "march-survey.csv: The file is empty."),
        ("photo.csv", os.urandom(2_000), "photo.csv: This file is not a CSV or Excel file we can read."),
        (
            "survey-export.xlsx",
            b"<html><body><table><tr><td>Comment</td></tr></table></body></html>",
            "survey-export.xlsx: This file is named as an Excel file but is not one inside",
        ),
    ]:
        response = client.post("/feedback/import/", {"file": SimpleUploadedFile(name, content)})
        page = response.content.decode()
        assert response.status_code == 200 and said in page, name
    assert list((private_var_dir / "imports" / str(org.id)).iterdir()) == []


def test_the_columns_page_requires_a_date_and_a_service(client, org, service):
    client = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    response = client.post("/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Words,When\nHi,01/01/2024\n")})
    page = client.post(response["Location"], {"text": "Words", "date_format": "dd/mm/yyyy"}).content.decode()
    assert "Choose the column that holds the date" in page
    assert "Choose the column that holds the service, or one service for the whole file" in page


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.LEADER])
def test_the_import_pages_are_refused_without_the_permission(client, org, service, role):
    client = signed_in(client, org, role, all_services=True)
    assert client.get("/feedback/import/").status_code == 403
    response = client.post("/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Comment,Date\nHi,01/01/2024\n")})
    assert response.status_code == 403


def test_another_persons_upload_is_not_found(client, org, other_org, service):
    first = signed_in(client, org, Role.ADMINISTRATOR, all_services=True)
    response = first.post("/feedback/import/", {"file": SimpleUploadedFile("f.csv", b"Comment,Date\nHi,01/01/2024\n")})
    columns_url = response["Location"]
    other = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(other.user)
    assert client.get(columns_url).status_code == 404
    colleague = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(colleague.user)
    assert client.get(columns_url).status_code == 404


# --- the command ---------------------------------------------------------------------------------


def test_the_command_imports_the_v6_file_with_progress_and_a_report(org, service):
    out = StringIO()
    call_command("import", "feedback", str(V6 / "dev.csv"), org="northgate", service="patient transport", stdout=out)
    text = out.getvalue()
    assert "checking [####################] 100%  621 of 621" in text
    assert "saving   [####################] 100%  415 of 415" in text
    assert "Feedback created: 415 (with 621 comments)" in text
    assert Comment.objects.for_org(org).count() == 621
    assert f"Urgent check: {UrgentFlag.objects.for_org(org).count()} comments may need urgent attention" in text

    out = StringIO()
    call_command("import", "feedback", str(V6 / "dev.csv"), org="northgate", service="Patient Transport", stdout=out)
    assert "Rows skipped as already imported: 621" in out.getvalue()
    assert Comment.objects.for_org(org).count() == 621


def test_the_command_exits_non_zero_on_errors_in_all_or_nothing(org, service, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Comment,Date,Where\nGood,01/02/2024,Patient Transport\nBad,2024-13-01,Patient Transport\n")
    err = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command(
            "import", "feedback", str(path), org="northgate", map=["service=Where"], stdout=StringIO(), stderr=err
        )
    assert exc.value.code == 1
    assert "Line 3: Date: '2024-13-01' is not a real date: there is no month 13." in err.getvalue()
    assert Feedback.objects.for_org(org).count() == 0

    out = StringIO()
    call_command(
        "import",
        "feedback",
        str(path),
        org="northgate",
        map=["service=Where"],
        mode="keep_good",
        stdout=out,
        stderr=StringIO(),
    )
    assert "Feedback created: 1 (with 1 comments)" in out.getvalue()


def test_the_command_refuses_unknown_services_and_broken_files(org, service, other_org, tmp_path):
    ServiceFactory(organisation=other_org, name="Elsewhere House")
    with pytest.raises(CommandError, match="no current service called 'Elsewhere House'"):
        call_command("import", "feedback", str(V6 / "dev.csv"), org="northgate", service="Elsewhere House")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import", "feedback", str(empty), org="northgate", service="Patient Transport")


def test_the_command_says_as_every_app_does_when_the_service_is_archived_while_it_runs(
    org, service, tmp_path, monkeypatch
):
    command = importlib.import_module("feedback.management.commands.import")
    found = command.import_service_by_name

    def found_then_archived(*, scope, name):
        # Someone archives the service on the web between the command finding it and importing.
        chosen = found(scope=scope, name=name)
        type(chosen).objects.for_org(org).filter(pk=chosen.pk).update(archived_at=clock.now())
        return chosen

    monkeypatch.setattr(command, "import_service_by_name", found_then_archived)
    path = tmp_path / "one.csv"
    path.write_text("Date,Comment\n01/11/2026,The food was cold.\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", "feedback", str(path), org="northgate", service="Patient Transport", stdout=StringIO())
    assert str(refused.value) == (
        "one.csv: Patient Transport has been archived, so nothing is imported there now. Choose a service that is open."
    )
    assert Feedback.objects.for_org(org).count() == 0


def test_a_large_file_says_the_closer_urgent_check_comes_after(org, service, tmp_path, settings):
    settings.HEARD_IMPORT_MODEL_LIMIT = 1
    path = tmp_path / "two.csv"
    path.write_text("Date,Comment\n01/11/2026,The food was cold.\n02/11/2026,Lovely staff.\n", encoding="utf-8")
    out = StringIO()
    call_command("import", "feedback", str(path), org="northgate", service="patient transport", stdout=out)
    text = out.getvalue()
    assert "Urgent check: No comment was flagged as urgent. The file was large, so a second, closer check" in text
