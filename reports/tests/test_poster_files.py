"""The "You said, we did" poster is made in the background, as report PDFs are (ADR 0012): asking for it
lands on the page that shows it being made; it is kept for the asker, who alone fetches it; asked for
again unchanged it is the same file, and once a pair changes it is a new one."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from organisations.models import RoleAssignment, Service
from reports import files
from reports.models import ReportFile
from reports.tests.test_render import poppler
from reports.you_said import you_said_save

pytestmark = pytest.mark.django_db

SAID = "You said the call bells took too long at night."


@pytest.fixture
def published(team, closed):
    you_said_save(
        scope=team.scope("quality"),
        action_id=closed.id,
        you_said=SAID,
        we_did="We added a second night carer.",
        now_text="Bells are answered in 4 minutes.",
        picture="better",
        publish=True,
    )
    return closed


def ask(client, capture, service, size="A4", *, run=True):
    with capture(execute=run):
        return client.post(reverse("evidence:you-said-poster", args=[service.id]), {"size": size})


def poster_words(client, made, tmp_path) -> str:
    download = client.get(reverse("reports:file-download", args=[made.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    path = tmp_path / f"poster-{made.pk}.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    assert path.read_bytes().startswith(b"%PDF")
    return " ".join(poppler("pdftotext", str(path), "-").split())


def posters(org):
    return list(ReportFile.objects.for_org(org).filter(kind="poster").order_by("id"))


def printed(org):
    return AuditEvent.objects.for_org(org).filter(verb="report.you_said.poster").count()


def test_the_poster_is_asked_for_made_in_the_background_and_fetched(
    client, org, services, team, published, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(team.quality.user)
    listing = client.get(reverse("evidence:you-said")).content.decode()
    assert f'action="/reports/you-said-we-did/poster/{services[0].id}/"' in listing and 'value="A3"' in listing

    # Asked for, it waits for the worker: the request holds no PDF, and the page says it is being made.
    response = ask(client, django_capture_on_commit_callbacks, services[0], run=False)
    [made] = posters(org)
    assert response.status_code == 302 and response["Location"] == f"/reports/pdfs/{made.pk}/"
    assert made.status == ReportFile.Status.QUEUED and not made.file and printed(org) == 0
    assert made.title == f"You said, we did poster: {services[0].name} (A4)"
    waiting = client.get(response["Location"]).content.decode()
    assert "Heard is making your PDF." in waiting and 'href="/reports/you-said-we-did/">Back to You said' in waiting

    files.make_report_file.call(org.pk, made.pk)
    made.refresh_from_db()
    assert made.status == ReportFile.Status.READY and made.filename == f"you-said-we-did-{services[0].id}-a4.pdf"
    assert "Download the PDF" in client.get(response["Location"]).content.decode()
    words = poster_words(client, made, tmp_path)
    assert "call bells took too long at night" in words and "second night carer" in words
    # It prints the short address, the one a person can type, and not the long link.
    code = services[0].feedback_code
    assert f"Or type this address into a web browser: http://testserver/f/{code[:4]}-{code[4:]}/" in words
    assert str(services[0].feedback_link_id) not in words.replace(" ", "")
    assert printed(org) == 1  # handing it over is audited when it is made, as for a report


def test_asked_again_it_is_the_same_poster_until_a_pair_changes(
    client, org, services, team, published, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(team.quality.user)
    ask(client, django_capture_on_commit_callbacks, services[0])
    ask(client, django_capture_on_commit_callbacks, services[0])
    [first] = posters(org)
    assert first.status == ReportFile.Status.READY and printed(org) == 1  # not laid out again

    # An A3 poster of the same pairs is another poster.
    ask(client, django_capture_on_commit_callbacks, services[0], "a3")
    assert [p.query["size"] for p in posters(org)] == ["A4", "A3"]

    you_said_save(
        scope=team.scope("quality"),
        action_id=published.id,
        you_said="You said nights were noisy.",
        we_did="We added a second night carer.",
        now_text="",
        picture="better",
        publish=True,
    )
    response = ask(client, django_capture_on_commit_callbacks, services[0])
    first_again, _, changed = posters(org)
    assert response["Location"] == f"/reports/pdfs/{changed.pk}/"
    assert first_again == first and changed.key != first.key and changed.status == ReportFile.Status.READY
    assert "Nights were noisy" in poster_words(client, changed, tmp_path)
    assert "call bells took too long" in poster_words(client, first, tmp_path)  # the old one is as it was

    # Someone else asking for the same poster gets one of their own: only its asker fetches a file.
    manager = team.manager
    client.force_login(manager.user)
    ask(client, django_capture_on_commit_callbacks, services[0])
    assert posters(org)[-1].requested_by == manager
    assert client.get(reverse("reports:file-download", args=[changed.pk])).status_code == 404


def test_a_new_address_is_a_new_poster(
    client, org, services, team, published, django_capture_on_commit_callbacks, tmp_path
):
    """A poster already made is handed over again only while it prints the service's address as it is."""
    client.force_login(team.quality.user)
    ask(client, django_capture_on_commit_callbacks, services[0])
    old = services[0].feedback_code
    Service.objects.for_org(org).filter(pk=services[0].pk).update(feedback_code="k7m29xqd")
    ask(client, django_capture_on_commit_callbacks, services[0])
    first, second = posters(org)
    assert second.key != first.key and second.status == ReportFile.Status.READY
    assert "http://testserver/f/k7m2-9xqd/" in poster_words(client, second, tmp_path)
    assert f"http://testserver/f/{old[:4]}-{old[4:]}/" in poster_words(client, first, tmp_path)


def test_refusals_save_nothing(client, org, other_org, services, team, published, django_capture_on_commit_callbacks):
    client.force_login(team.staff.user)
    assert ask(client, django_capture_on_commit_callbacks, services[0]).status_code == 403
    client.force_login(team.manager.user)  # Rowan House's manager: not Beech Court's poster
    assert ask(client, django_capture_on_commit_callbacks, services[1]).status_code == 404
    bad = ask(client, django_capture_on_commit_callbacks, services[0], "A5")
    assert bad.status_code == 302 and bad["Location"] == "/reports/you-said-we-did/"
    assert "A poster is A4 or A3" in client.get(bad["Location"]).content.decode()
    assert client.get(reverse("evidence:you-said-poster", args=[services[0].id])).status_code == 405
    assert posters(org) == [] and printed(org) == 0


def test_someone_who_has_lost_their_role_gets_no_poster(client, org, services, team, published):
    client.force_login(team.manager.user)
    client.post(reverse("evidence:you-said-poster", args=[services[0].id]), {"size": "A4"})  # queued: not run yet
    [made] = posters(org)
    RoleAssignment.objects.for_org(org).filter(person=team.manager).delete()
    files.make_report_file.call(org.pk, made.pk)
    made.refresh_from_db()
    assert made.status == ReportFile.Status.FAILED and not made.file
    assert "no longer have access" in made.stage and printed(org) == 0
