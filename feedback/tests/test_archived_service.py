"""Feedback for a service that has closed: a form opened before it closed, or another system, may
still send it; it is refused naming the service to someone whose service it was, and as any service
they cannot choose, without its name, to anyone else (ADR 0009)."""

import html

from django.urls import reverse

from feedback.models import Feedback
from organisations.forms import NOT_OFFERED
from organisations.roles import Role
from organisations.services import service_archive
from organisations.tests.factories import ServiceFactory, api_call, api_token_for, person_with_role

NOT_YOURS = "That service is not one of yours, so no feedback is recorded there now. Choose a service that is open."
FHIR_RESPONSE = {
    "resourceType": "QuestionnaireResponse",
    "status": "completed",
    "authored": "2026-11-02",
    "item": [{"linkId": "fft", "answer": [{"valueInteger": 1}]}],
}
CLOSED = "Rowan House has been archived, so no feedback is recorded there now. Choose a service that is open."


def _captured(service) -> dict:
    return {
        "service": service.id,
        "kind": "compliment",
        "channel": "in_person",
        "received_on": "2026-11-02",
        "rating": "1",
        "text": "Lovely garden",
        "giver_type": "family",
    }


def test_feedback_sent_from_a_page_opened_before_its_service_closed_is_refused_naming_it(
    client, org, services, make_scope
):
    scope = make_scope(Role.QUALITY_LEAD)
    client.force_login(scope.user)
    url = reverse("feedback:capture")
    assert ">Rowan House</option>" in client.get(url).content.decode()
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    response = client.post(url, _captured(services[0]))
    body = response.content.decode()
    assert response.status_code == 400 and NOT_OFFERED not in body
    assert CLOSED in body
    assert ">Rowan House</option>" not in body  # nor is it offered again
    assert not Feedback.objects.for_org(org).exists()


def test_feedback_at_a_closed_service_outside_the_persons_scope_does_not_name_it(client, org, services, make_scope):
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    beech = person_with_role(org, Role.STAFF, services=[services[1]])
    client.force_login(beech.user)
    body = client.post(reverse("feedback:capture"), _captured(services[0])).content.decode()
    assert NOT_OFFERED in body
    assert "Rowan House" not in body and "has been archived" not in body
    assert not Feedback.objects.for_org(org).exists()


def test_the_api_refuses_a_closed_service_naming_the_field(client, org, services, make_scope):
    """To someone whose service it was, the refusal names it; to anyone else it says only that the
    service is not one they can choose."""
    own = api_token_for(org, Role.QUALITY_LEAD, services)
    other = api_token_for(org, Role.STAFF, services[1:])  # Beech Court only
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    sent = {"service_id": services[0].id, "received_on": "2026-11-02", "rating": 1}
    response = api_call(client, "post", "/api/feedback", own, sent)
    assert response.status_code == 422 and response.json()["fields"] == {"service_id": [CLOSED]}
    response = api_call(client, "post", "/api/feedback", other, sent)
    assert response.status_code == 422
    assert response.json()["fields"] == {"service_id": [NOT_YOURS]}
    assert not Feedback.objects.for_org(org).exists()


def test_the_api_refuses_a_service_that_is_not_the_senders_as_every_app_does(client, org, other_org, services):
    """Open, closed, another organisation's or none at all: the same words, naming nothing, in the JSON
    API and in FHIR."""
    beech = api_token_for(org, Role.STAFF, services[1:2])
    elsewhere = ServiceFactory(organisation=other_org, name="Larch Lodge")
    for service_id in (services[0].id, services[2].id, elsewhere.id, 999_999):
        sent = {"service_id": service_id, "received_on": "2026-11-02", "rating": 1}
        response = api_call(client, "post", "/api/feedback", beech, sent)
        assert response.status_code == 422 and response.json()["fields"] == {"service_id": [NOT_YOURS]}
        fhir = client.post(
            f"/api/fhir/QuestionnaireResponse?service_id={service_id}",
            FHIR_RESPONSE,
            content_type="application/fhir+json",
            HTTP_AUTHORIZATION=f"Bearer {beech}",
        )
        assert fhir.status_code == 422
        assert [(i["details"]["text"], i["diagnostics"]) for i in fhir.json()["issue"]] == [(NOT_YOURS, "service_id")]
    assert not Feedback.objects.for_org(org).exists() and not Feedback.objects.for_org(other_org).exists()


def test_a_closed_service_is_told_with_the_forms_other_problems(client, org, services, make_scope):
    """How it was given left out, or a date that is not a date, and a service closed since the page
    opened: each is said with the closed service, not before it, and nothing is saved."""
    scope = make_scope(Role.QUALITY_LEAD)
    client.force_login(scope.user)
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    for sent, problem in (
        ({"channel": ""}, "Choose one of the options for ‘How was it given?’"),
        ({"received_on": "2026-02-30"}, "‘Date it was given’ must be a real date, like 31/01/2026"),
    ):
        response = client.post(reverse("feedback:capture"), {**_captured(services[0]), **sent})
        body = html.unescape(response.content.decode())
        assert response.status_code == 400
        assert CLOSED in body and problem in body
    assert not Feedback.objects.for_org(org).exists()


def test_the_api_tells_a_closed_service_with_the_other_problems(client, org, services, make_scope):
    """The feedback service says a closed service together with what else is wrong, as the forms do."""
    own = api_token_for(org, Role.QUALITY_LEAD, services)
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    sent = {"service_id": services[0].id, "received_on": "2099-11-02", "rating": 1}
    response = api_call(client, "post", "/api/feedback", own, sent)
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields == {"service_id": [CLOSED], "received_on": ["The date cannot be in the future."]}
    assert not Feedback.objects.for_org(org).exists()


def test_the_api_tells_a_closed_service_with_the_other_problems_of_feedback_sent_with_its_id(
    client, org, services, make_scope
):
    """Feedback sent with the sender's own id for it was checked without its service first, so a
    closed service was told only once the rest was put right."""
    own = api_token_for(org, Role.QUALITY_LEAD, services)
    service_archive(scope=make_scope(Role.ADMINISTRATOR), service=services[0])
    sent = {"service_id": services[0].id, "received_on": "2099-11-02", "rating": 1, "external_id": "resp-1"}
    response = api_call(client, "post", "/api/feedback", own, sent)
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields == {"service_id": [CLOSED], "received_on": ["The date cannot be in the future."]}
    assert not Feedback.objects.for_org(org).exists()
