"""The evidence API: an incident system sends records, corrects and withdraws them, and records a
month's figure, scoped and permissioned exactly like the pages."""

import datetime as dt

from accounts.services import api_token_create
from core import clock
from evidence import services as ev
from evidence.api import CorrectIn, ItemIn, ReadingIn, WithdrawIn
from evidence.models import EvidenceItem, MeasureReading
from governance.tests.conftest import scope_of
from organisations.scope import system_scope
from organisations.tests.factories import api_call
from themes.services import framework_install

BELLS = "call-bells-and-responsiveness"


def token(person):
    return api_token_create(scope=scope_of(person), name="tests")[1]


def test_an_incident_system_sends_corrects_and_withdraws_records(client, org, services, team, framework):
    rowan, beech = services[0], services[1]
    raw = token(team.manager)
    body = {
        "service_id": rowan.id,
        "kind": "incident",
        "occurred_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "summary": "Mr John Smith fell in the lounge; his daughter on 07700 900123 was told.",
        "harm": "severe",
        "reference": "DX-77",
        "themes": [BELLS],
    }
    made = api_call(client, "post", "/api/evidence", raw, body)
    assert made.status_code == 201
    first = made.json()
    assert "07700" not in first["summary"] and first["themes"] == [BELLS] and not first["withdrawn"]

    again = api_call(client, "post", "/api/evidence", raw, {**body, "harm": None, "occurred_on": "2999-01-01"})
    assert again.status_code == 422
    assert set(again.json()["fields"]) == {"harm", "occurred_on", "reference"}
    elsewhere = api_call(client, "post", "/api/evidence", raw, {**body, "service_id": beech.id, "reference": "X"})
    assert elsewhere.status_code == 422 and list(elsewhere.json()["fields"]) == ["service_id"]

    fixed = api_call(
        client,
        "post",
        f"/api/evidence/{first['id']}/correct",
        raw,
        {**body, "harm": "moderate", "reason": "The hospital review found moderate harm."},
    )
    assert fixed.status_code == 201
    assert (fixed.json()["replaces_id"], fixed.json()["harm"], fixed.json()["reference"]) == (
        first["id"],
        "moderate",
        "DX-77",
    )
    listed = api_call(client, "get", "/api/evidence", raw).json()
    assert [i["id"] for i in listed] == [fixed.json()["id"]]
    withdrawn = api_call(
        client, "post", f"/api/evidence/{fixed.json()['id']}/withdraw", raw, {"reason": "Sent twice by mistake."}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_because"] == "Sent twice by mistake."
    assert api_call(client, "get", "/api/evidence", raw).json() == []
    assert len(api_call(client, "get", "/api/evidence?withdrawn=true", raw).json()) == 2
    assert EvidenceItem.objects.for_org(org).count() == 2

    assert api_call(client, "get", f"/api/evidence/{first['id']}", token(team.beech_manager)).status_code == 404
    assert api_call(client, "get", "/api/evidence", token(team.staff)).status_code == 403
    assert api_call(client, "post", "/api/evidence", token(team.commissioner), body).status_code == 403


def test_a_months_figure_is_sent_and_corrected_through_the_api(client, org, services, team, framework):
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    raw = token(team.manager)
    url = f"/api/evidence/measures/{falls.id}/readings"
    body = {"service_id": services[0].id, "month": "2026-03-01", "value": 6.1}
    assert api_call(client, "post", url, raw, body).status_code == 201
    refused = api_call(client, "post", url, raw, {**body, "value": 5.1})
    assert refused.status_code == 422 and list(refused.json()["fields"]) == ["correction"]
    fixed = api_call(client, "post", url, raw, {**body, "value": 5.1, "correction": "Bed days counted twice."})
    assert fixed.status_code == 201 and fixed.json()["corrected_from"] == 6.1
    [measure] = api_call(client, "get", "/api/evidence/measures", raw).json()
    assert [(r["value"], r["corrected_from"]) for r in measure["readings"]] == [(5.1, 6.1)]


def test_a_figure_that_is_not_a_number_is_refused_not_saved(client, org, services, team, framework):
    # An incident system dividing by zero bed days sends NaN or Infinity; neither is a month's figure.
    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    url = f"/api/evidence/measures/{falls.id}/readings"
    for value in (float("nan"), float("inf")):
        refused = api_call(
            client,
            "post",
            url,
            token(team.manager),
            {"service_id": services[0].id, "month": "2026-03-01", "value": value},
        )
        assert refused.status_code == 422 and list(refused.json()["fields"]) == ["value"]
    assert not MeasureReading.objects.for_org(org).exists()


def test_a_record_and_a_measure_say_which_framework_their_themes_are_of(
    client, org, other_org, services, team, framework
):
    raw = token(team.manager)
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")  # installed, not the main one
    theirs = framework_install(scope=system_scope(organisation=other_org), key="nhs-pe-v6")
    body = {
        "service_id": services[0].id,
        "kind": "staff_feedback",
        "occurred_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "summary": "New faces on every shift",
        "themes": ["staff-continuity"],
    }
    made = api_call(client, "post", "/api/evidence", raw, body)
    assert made.status_code == 201
    assert made.json()["theme_framework"] == {"id": framework.id, "name": "Social care feedback", "version": 1}

    of_nhs = api_call(client, "post", "/api/evidence", raw, {**body, "theme_framework_id": nhs.id})
    assert of_nhs.status_code == 201
    assert of_nhs.json()["theme_framework"] == {"id": nhs.id, "name": "NHS patient experience (v6)", "version": 1}
    assert EvidenceItem.objects.for_org(org).get(pk=of_nhs.json()["id"]).theme_framework == nhs
    untagged = api_call(client, "post", "/api/evidence", raw, {**body, "themes": [], "summary": "Rota late"})
    assert untagged.json()["theme_framework"] is None

    for unknown in (theirs.id, 999_999):
        refused = api_call(client, "post", "/api/evidence", raw, {**body, "theme_framework_id": unknown})
        assert refused.status_code == 422 and list(refused.json()["fields"]) == ["theme_framework_id"]
    not_its = api_call(client, "post", "/api/evidence", raw, {**body, "themes": [BELLS], "theme_framework_id": nhs.id})
    assert not_its.status_code == 422
    assert not_its.json()["fields"] == {"themes": [f"Not a theme of NHS patient experience (v6): {BELLS}."]}
    assert EvidenceItem.objects.for_org(org).count() == 3

    ev.measure_create(
        scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes", theme_code=BELLS
    )
    [measure] = api_call(client, "get", "/api/evidence/measures", raw).json()
    assert measure["theme_framework"] == {"id": framework.id, "name": "Social care feedback", "version": 1}
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert (
        "theme_framework" in schemas["ItemOut"]["properties"]
        and "theme_framework" in schemas["MeasureOut"]["properties"]
    )
    assert "theme_framework_id" in schemas["ItemIn"]["properties"]


def test_every_refusal_names_the_fields_as_they_were_sent(client, org, services, team, framework):
    """Each 422 is keyed by a field of the request, or `__all__`: a service refused was `service`, a
    name the request does not have, where the client had sent `service_id`."""
    raw = token(team.manager)
    beech = services[1]  # not one of the manager's
    wrong = {
        "service_id": beech.id,
        "kind": "incident",
        "occurred_on": "2999-01-01",
        "summary": " ",
        "themes": ["not-a-theme"],
    }
    record = api_call(client, "post", "/api/evidence", raw, wrong)
    assert record.status_code == 422
    assert set(record.json()["fields"]) == {"service_id", "occurred_on", "summary", "harm", "themes"}
    assert set(record.json()["fields"]) <= set(ItemIn.model_fields)

    right = {**wrong, "service_id": services[0].id, "occurred_on": "2026-01-05", "summary": "A fall", "themes": []}
    made = api_call(client, "post", "/api/evidence", raw, {**right, "harm": "low"})
    assert made.status_code == 201, made.content
    correct = api_call(client, "post", f"/api/evidence/{made.json()['id']}/correct", raw, {**wrong, "reason": " "})
    assert correct.status_code == 422
    assert set(correct.json()["fields"]) == {"service_id", "occurred_on", "summary", "harm", "themes", "reason"}
    assert set(correct.json()["fields"]) <= set(CorrectIn.model_fields)
    withdraw = api_call(client, "post", f"/api/evidence/{made.json()['id']}/withdraw", raw, {"reason": " "})
    assert withdraw.status_code == 422 and set(withdraw.json()["fields"]) == {"reason"} <= set(WithdrawIn.model_fields)

    falls = ev.measure_create(scope=team.scope("quality"), name="Falls per 1,000 bed days", category="outcomes")
    reading = api_call(
        client,
        "post",
        f"/api/evidence/measures/{falls.id}/readings",
        raw,
        {"service_id": beech.id, "month": "2999-01-01", "value": float("nan"), "correction": "Counted twice."},
    )
    assert reading.status_code == 422
    assert set(reading.json()["fields"]) == {"service_id", "month", "value"} <= set(ReadingIn.model_fields)
    assert EvidenceItem.objects.for_org(org).count() == 1 and not MeasureReading.objects.for_org(org).exists()
