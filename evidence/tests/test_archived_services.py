"""An archived service takes no new evidence by any path: the forms do not offer it, and a file, the API
or a direct call naming it is refused, saying which service and where, with nothing saved."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from evidence import services as ev
from evidence.models import EvidenceItem, MeasureReading
from evidence.tests.test_api import token
from organisations.forms import NOT_OFFERED
from organisations.roles import Role
from organisations.services import service_archive
from organisations.tests.factories import ServiceFactory, api_call

HEADER = "service,kind,occurred_on,summary,harm,reference,themes\n"
ARCHIVED = "Home Care has been archived, so no evidence is recorded there now. Choose a service that is open."


@pytest.fixture
def home_care(services, make_scope):
    return service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[2])


def test_an_import_line_naming_an_archived_service_is_refused_by_line_and_nothing_is_saved(
    org, services, team, framework, home_care
):
    today = f"{clock.today():%Y-%m-%d}"
    text = HEADER + (
        f"Rowan House,incident,{today},Fell in the lounge,low,DX-1,\n"
        f"home care,incident,{today},Missed a visit,none,DX-2,\n"
        f"Beech Court,staff_feedback,{today},Nights are short of staff,,,\n"
    )
    with pytest.raises(ValidationError) as caught:
        ev.items_import(scope=team.scope("quality"), text=text, filename="incidents.csv")
    assert caught.value.message_dict["file"] == [f"Line 3, column service: {ARCHIVED}"]
    assert not EvidenceItem.objects.for_org(org).exists()


def test_no_record_or_figure_is_made_at_an_archived_service(org, services, team, framework, home_care):
    scope = team.scope("quality")
    entry = ev.ItemInput(
        service_id=home_care.id,
        kind="staff_feedback",
        occurred_on=clock.today() - dt.timedelta(days=1),
        summary="Rotas are sent late",
    )
    with pytest.raises(ValidationError) as caught:
        ev.item_record(scope=scope, **entry.__dict__)
    assert caught.value.message_dict == {"service": [ARCHIVED]}

    kept = ev.item_record(scope=scope, **{**entry.__dict__, "service_id": services[0].id})
    with pytest.raises(ValidationError) as caught:  # nor is a record moved there by correcting it
        ev.item_correct(scope=scope, item_id=kept.id, data=entry, reason="The wrong service was chosen.")
    assert caught.value.message_dict == {"service": [ARCHIVED]}
    assert list(EvidenceItem.objects.for_org(org)) == [kept]

    falls = ev.measure_create(scope=scope, name="Falls per 1,000 bed days", category="outcomes")
    with pytest.raises(ValidationError) as caught:
        ev.reading_record(scope=scope, measure_id=falls.id, service_id=home_care.id, month=dt.date(2026, 3, 1), value=2)
    assert caught.value.message_dict == {"service": [ARCHIVED]}
    assert not MeasureReading.objects.for_org(org).exists()


def test_the_api_refuses_an_archived_service_naming_the_field(client, org, services, team, framework, home_care):
    raw = token(team.quality)
    body = {
        "service_id": home_care.id,
        "kind": "incident",
        "occurred_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "summary": "A visit was missed",
        "harm": "low",
        "reference": "DX-9",
    }
    refused = api_call(client, "post", "/api/evidence", raw, body)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"service_id": [ARCHIVED]}

    made = api_call(client, "post", "/api/evidence", raw, {**body, "service_id": services[0].id})
    assert made.status_code == 201
    moved = api_call(
        client, "post", f"/api/evidence/{made.json()['id']}/correct", raw, {**body, "reason": "Wrong service."}
    )
    assert moved.status_code == 422 and moved.json()["fields"] == {"service_id": [ARCHIVED]}
    assert EvidenceItem.objects.for_org(org).count() == 1

    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    reading = api_call(
        client,
        "post",
        f"/api/evidence/measures/{falls.id}/readings",
        raw,
        {"service_id": home_care.id, "month": "2026-03-01", "value": 2.0},
    )
    assert reading.status_code == 422 and reading.json()["fields"] == {"service_id": [ARCHIVED]}
    assert not MeasureReading.objects.for_org(org).exists()


def test_a_record_made_before_its_service_closed_is_still_put_right_there(
    client, org, services, team, framework, make_scope
):
    """Records of a home that has closed stay in the CQC pack and the trends: a wrong harm level or
    date must still be put right. A correction may keep the record's own service though it is
    archived (the page offers it), but not move a record to another archived service."""
    rowan, home_care = services[0], services[2]
    scope = team.scope("quality")
    entry = ev.ItemInput(
        service_id=home_care.id,
        kind="incident",
        occurred_on=clock.today() - dt.timedelta(days=3),
        summary="Missed a visit",
        harm="severe",
    )
    item = ev.item_record(scope=scope, **entry.__dict__)
    moved = ev.item_record(scope=scope, **{**entry.__dict__, "service_id": rowan.id, "summary": "Late visit"})
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=home_care)

    right = ev.item_correct(
        scope=scope, item_id=item.id, data=ev.ItemInput(**{**entry.__dict__, "harm": "low"}), reason="Low harm."
    )
    assert (right.service_id, right.harm) == (home_care.id, "low")
    with pytest.raises(ValidationError) as caught:
        ev.item_correct(scope=scope, item_id=moved.id, data=entry, reason="The wrong service was chosen.")
    assert caught.value.message_dict == {"service": [ARCHIVED]}

    client.force_login(team.quality.user)
    url = reverse("evidence_items:item", args=[right.id])
    page = client.get(url).content.decode()
    offered = dict(
        re.findall(
            r'<option value="(\d+)"( selected)?\s*>', page.split('name="correct-service"')[1].split("</select>")[0]
        )
    )
    assert offered == {str(rowan.id): "", str(services[1].id): "", str(home_care.id): " selected"}
    fields = {
        "form": "correct",
        "correct-kind": "incident",
        "correct-service": home_care.id,
        "correct-occurred_on": right.occurred_on.isoformat(),
        "correct-summary": right.summary,
        "correct-harm": "none",
        "correct-reason": "No harm came of it.",
    }
    made = client.post(url, fields)
    assert made.status_code == 302, made.content.decode()
    assert EvidenceItem.objects.for_org(org).get(replaces=right).harm == "none"


def _record_form(service) -> dict:
    return {
        "form": "item",
        "item-kind": "staff_feedback",
        "item-service": service.id,
        "item-occurred_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "item-summary": "Rotas are sent late",
    }


def _figure_form(measure, service) -> dict:
    return {
        "form": "reading",
        "reading-measure": measure.id,
        "reading-service": service.id,
        "reading-month": "2026-03-01",
        "reading-value": "2",
    }


def test_a_record_or_figure_sent_from_a_page_opened_before_its_service_closed_is_refused_naming_it(
    client, org, services, team, framework, make_scope
):
    """The quality lead opens the record and figure forms while Home Care is open and sends them after
    it closed: refused in the evidence service's words, not the words for a service that is not offered."""
    home_care = services[2]
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    client.force_login(team.quality.user)
    items, measures = reverse("evidence_items:list"), reverse("evidence_items:measures")
    for url in (items, measures):
        assert ">Home Care</option>" in client.get(url).content.decode()
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=home_care)
    for url, sent in ((items, _record_form(home_care)), (measures, _figure_form(falls, home_care))):
        response = client.post(url, sent)
        body = response.content.decode()
        assert response.status_code == 400 and NOT_OFFERED not in body
        assert ARCHIVED in body
        assert ">Home Care</option>" not in body  # and it is not offered again
    assert not EvidenceItem.objects.for_org(org).exists() and not MeasureReading.objects.for_org(org).exists()


def test_a_record_or_figure_at_a_closed_service_outside_the_persons_scope_does_not_name_it(
    client, org, services, team, framework, home_care
):
    """The manager of Beech Court alone cannot record at Home Care: once it has closed it is refused as
    any service they cannot choose, without its name."""
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    client.force_login(team.beech_manager.user)
    for url, sent in (
        (reverse("evidence_items:list"), _record_form(home_care)),
        (reverse("evidence_items:measures"), _figure_form(falls, home_care)),
    ):
        body = client.post(url, sent).content.decode()
        assert NOT_OFFERED in body
        assert "Home Care" not in body and "has been archived" not in body
    assert not EvidenceItem.objects.for_org(org).exists() and not MeasureReading.objects.for_org(org).exists()


def test_a_record_or_figure_at_a_closed_service_is_told_with_the_forms_other_problems(
    client, org, services, team, framework, home_care
):
    """What happened left out of a record, the figure left out of a month's reading, and a service
    closed since the page opened: each is said with the closed service, not before it, and nothing is
    saved."""
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    client.force_login(team.quality.user)
    for url, sent, problem in (
        (reverse("evidence_items:list"), {**_record_form(home_care), "item-summary": ""}, "Say what happened"),
        (
            reverse("evidence_items:measures"),
            {**_figure_form(falls, home_care), "reading-value": ""},
            "Enter the figure.",
        ),
    ):
        response = client.post(url, sent)
        body = response.content.decode()
        assert response.status_code == 400
        assert ARCHIVED in body and problem in body
    assert not EvidenceItem.objects.for_org(org).exists() and not MeasureReading.objects.for_org(org).exists()


NOT_YOURS = "That service is not one of yours, so no evidence is recorded there now. Choose a service that is open."


def test_a_service_that_is_not_the_persons_is_refused_in_every_apps_words(
    client, org, other_org, services, team, framework
):
    """Another organisation's service, one outside the person's scope, or an id of none at all: the
    words every app says, naming nothing, by a direct call, the API, for a month's figure and in a file."""
    scope = team.scope("beech_manager")
    elsewhere = ServiceFactory(organisation=other_org, name="Larch Lodge")
    entry = ev.ItemInput(
        service_id=None,
        kind="staff_feedback",
        occurred_on=clock.today() - dt.timedelta(days=1),
        summary="Rotas are sent late",
    )
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    raw = token(team.beech_manager)
    for service_id in (services[0].id, elsewhere.id, 999_999):
        with pytest.raises(ValidationError) as caught:
            ev.item_record(scope=scope, **{**entry.__dict__, "service_id": service_id})
        assert caught.value.message_dict == {"service": [NOT_YOURS]}
        with pytest.raises(ValidationError) as caught:
            ev.reading_record(
                scope=scope, measure_id=falls.id, service_id=service_id, month=dt.date(2026, 3, 1), value=2
            )
        assert caught.value.message_dict == {"service": [NOT_YOURS]}
        sent = {
            "service_id": service_id,
            "kind": "incident",
            "occurred_on": "2026-03-01",
            "summary": "A fall",
            "harm": "low",
        }
        refused = api_call(client, "post", "/api/evidence", raw, sent)
        assert refused.status_code == 422 and refused.json()["fields"] == {"service_id": [NOT_YOURS]}
    with pytest.raises(ValidationError) as caught:
        ev.items_import(
            scope=scope,
            text=HEADER + f"Rowan House,incident,{clock.today():%Y-%m-%d},A fall,low,DX-1,\n",
            filename="incidents.csv",
        )
    assert caught.value.message_dict["file"] == [f"Line 2, column service: {NOT_YOURS}"]
    with pytest.raises(ValidationError) as caught:  # none chosen is asked for, not refused
        ev.item_record(scope=scope, **entry.__dict__)
    assert caught.value.message_dict == {"service": ["Choose one of your services."]}
    assert not EvidenceItem.objects.for_org(org).exists() and not MeasureReading.objects.for_org(org).exists()
