"""The feedback JSON API: scoped and permissioned like the pages, personal details only for those allowed."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.operationoutcome import OperationOutcome

from accounts.services import api_token_create
from core.api_schemas import NUL_MESSAGE
from core.models import AuditEvent
from feedback.api import BLANK_COMMENT, BLANK_FILTER, BLANK_ID
from feedback.models import Channel, Feedback, GiverType, Kind, Rating, ReplyMethod
from feedback.services import FeedbackInput, feedback_record, sent_key
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import PersonFactory, ServiceFactory, api_token_for, person_with_role
from organisations.tests.factories import api_call as call

PERSONAL = {"person_id", "wants_reply", "reply_method", "reply_contact"}
SEES_PERSONAL = {Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER}
READERS = set(Role) - {Role.COMMISSIONER, Role.PARTNER}
RECORDERS = {Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.STAFF}
ONE_SERVICE = {Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER, Role.COMMISSIONER}


def record(service, **overrides):
    values = dict(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 1),
        rating=Rating.GOOD,
        comments=[("What was good?", "The garden is lovely")],
    )
    values.update(overrides)
    return feedback_record(scope=system_scope(organisation=service.organisation), data=FeedbackInput(**values))


@pytest.fixture
def world(org, other_org, services):
    """Feedback at Rowan House (with a named person who wants a reply), at Home Care, and in another organisation."""
    person = PersonFactory(organisation=org, full_name="Ada Lovelace")
    rowan = record(
        services[0],
        person_id=person.id,
        wants_reply=True,
        reply_method=ReplyMethod.PHONE,
        reply_contact="07700 900123",
        giver_type=GiverType.PERSON,
    )
    home = record(services[2], rating=Rating.POOR, comments=[("What could be better?", "Visits were late")])
    theirs = record(ServiceFactory(organisation=other_org, name="Their House"))
    return {"rowan": rowan, "home": home, "theirs": theirs, "person": person}


@pytest.fixture
def admin_token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


# ----- role matrix --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_feedback_endpoints_by_role(client, org, services, world, role):
    token = api_token_for(org, role, services)
    rowan = world["rowan"].id
    body = {"service_id": services[0].id, "received_on": "2026-11-02", "rating": 1}
    responses = {
        "list": call(client, "get", "/api/feedback", token),
        "get": call(client, "get", f"/api/feedback/{rowan}", token),
        "fhir get": call(client, "get", f"/api/fhir/QuestionnaireResponse/{rowan}", token),
        "create": call(client, "post", "/api/feedback", token, body),
        "fhir create": client.post(
            f"/api/fhir/QuestionnaireResponse?service_id={services[0].id}",
            data={
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "authored": "2026-11-02",
                "item": [{"linkId": "fft", "answer": [{"valueInteger": 2}]}],
            },
            content_type="application/fhir+json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        ),
    }
    for name, response in responses.items():
        if role == Role.PARTNER:
            expected = 403
        elif name.endswith("create"):
            expected = 201 if role in RECORDERS else 403
        else:
            expected = 200 if role in READERS else 403
        assert response.status_code == expected, (role, name, response.status_code, response.content[:200])


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LEADER, Role.COMMISSIONER, Role.STAFF])
def test_the_questionnaire_is_for_every_api_user(client, org, services, role):
    token = api_token_for(org, role, services)
    response = call(client, "get", "/api/fhir/Questionnaire/fft", token)
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"


@pytest.mark.parametrize("role", sorted(READERS))
def test_personal_details_only_for_roles_allowed_to_see_them(client, org, services, world, role):
    token = api_token_for(org, role, services)
    one = call(client, "get", f"/api/feedback/{world['rowan'].id}", token).json()
    listed = call(client, "get", f"/api/feedback?service_id={services[0].id}", token).json()["items"]
    for shown in (one, *listed):
        if role in SEES_PERSONAL:
            assert set(shown) >= PERSONAL
        else:
            assert not PERSONAL & set(shown), role
            assert "07700" not in str(shown)
    if role in SEES_PERSONAL:
        assert one["person_id"] == world["person"].id and one["reply_contact"] == "07700 900123"
        assert one["reply_method"] == "phone" and one["wants_reply"] is True


def test_personal_details_are_hidden_from_staff_who_record_them(client, org, services):
    token = api_token_for(org, Role.STAFF, services)
    person = person_with_role(org, Role.PARTNER, services=[services[0]], login=False)
    response = call(
        client,
        "post",
        "/api/feedback",
        token,
        {
            "service_id": services[0].id,
            "received_on": "2026-11-02",
            "rating": 2,
            "person_id": person.id,
            "wants_reply": True,
            "reply_method": "email",
            "reply_contact": "someone@example.org",
        },
    )
    assert response.status_code == 201
    assert not PERSONAL & set(response.json())
    saved = Feedback.objects.for_org(org).get(pk=response.json()["id"])
    assert saved.person == person and saved.reply_contact == "someone@example.org"


def fhir_detail(response) -> str:
    """What an error on a FHIR path says: the one issue of an OperationOutcome."""
    assert response["Content-Type"] == "application/fhir+json", response["Content-Type"]
    [issue] = OperationOutcome.model_validate_json(response.content).issue
    return issue.details.text


@pytest.mark.parametrize("authorization", [None, "Bearer heard_nonsense", "Basic dXNlcjpwYXNz"])
def test_a_request_without_a_working_token_is_told_what_to_send(client, db, authorization):
    """It was told only "Unauthorized"."""
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    for response in (
        client.get("/api/feedback", **headers),
        client.post(
            "/api/fhir/QuestionnaireResponse?service_id=1", data="{}", content_type="application/json", **headers
        ),
    ):
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
        on_fhir_path = response.request["PATH_INFO"].startswith("/api/fhir/")
        detail = fhir_detail(response) if on_fhir_path else response.json()["detail"]
        assert "Authorization: Bearer <token>" in detail
        assert "Your API tokens" in detail


# ----- scoping ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(READERS))
def test_another_organisations_feedback_is_not_found(client, org, services, world, role):
    token = api_token_for(org, role, services)
    theirs = world["theirs"].id
    assert call(client, "get", f"/api/feedback/{theirs}", token).status_code == 404
    assert call(client, "get", f"/api/fhir/QuestionnaireResponse/{theirs}", token).status_code == 404
    listed = call(client, "get", "/api/feedback", token).json()["items"]
    assert theirs not in {f["id"] for f in listed}


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.STAFF])
def test_services_outside_a_persons_scope_are_not_found_or_listed(client, org, services, world, role):
    token = api_token_for(org, role, services)
    home = world["home"].id
    assert call(client, "get", f"/api/feedback/{home}", token).status_code == 404
    assert call(client, "get", f"/api/fhir/QuestionnaireResponse/{home}", token).status_code == 404
    page = call(client, "get", "/api/feedback", token).json()
    assert [f["id"] for f in page["items"]] == [world["rowan"].id] and page["count"] == 1
    assert call(client, "get", f"/api/feedback?service_id={services[2].id}", token).json()["count"] == 0


def test_recording_for_a_service_outside_scope_names_the_field(client, org, other_org, services):
    token = api_token_for(org, Role.STAFF, services)
    theirs = ServiceFactory(organisation=other_org)
    for service in (services[2], theirs):
        response = call(
            client, "post", "/api/feedback", token, {"service_id": service.id, "received_on": "2026-11-02", "rating": 1}
        )
        assert response.status_code == 422 and "service_id" in response.json()["fields"]
    assert not Feedback.objects.for_org(org).exists()


def test_a_person_from_another_organisation_is_refused(client, org, other_org, services, admin_token):
    stranger = PersonFactory(organisation=other_org)
    response = call(
        client,
        "post",
        "/api/feedback",
        admin_token,
        {"service_id": services[0].id, "received_on": "2026-11-02", "rating": 1, "person_id": stranger.id},
    )
    assert response.status_code == 422 and "person_id" in response.json()["fields"]


def test_staff_link_feedback_only_to_people_the_form_offers_them(client, org, services):
    """Not someone known only at another service, nor someone who has left: the record form does not
    offer them, and the API does not take them either."""
    token = api_token_for(org, Role.STAFF, services)
    elsewhere = person_with_role(org, Role.PARTNER, services=[services[1]], login=False)
    left = person_with_role(org, Role.PARTNER, services=[services[0]], login=False)
    left.archived_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    left.save()
    for person in (elsewhere, left):
        response = call(
            client,
            "post",
            "/api/feedback",
            token,
            {"service_id": services[0].id, "received_on": "2026-11-02", "rating": 1, "person_id": person.id},
        )
        assert response.status_code == 422 and "person_id" in response.json()["fields"]
    assert not Feedback.objects.for_org(org).exists()


# ----- creating -----------------------------------------------------------------------------------------


def test_recording_feedback_through_the_api(client, org, services, admin_token):
    response = call(
        client,
        "post",
        "/api/feedback",
        admin_token,
        {
            "service_id": services[1].id,
            "received_on": "2026-11-03",
            "rating": 4,
            "kind": "complaint",
            "giver_type": "family",
            "consent_to_quote": True,
            "comments": [{"question": "What could be better?", "text": "  Nobody answered the phone  "}],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["channel"] == "api" and body["kind"] == "complaint" and body["service_name"] == "Beech Court"
    assert body["comments"] == [
        {"question": "What could be better?", "text": "Nobody answered the phone", "sentiment": None}
    ]
    assert body["person_id"] is None and body["wants_reply"] is False
    [event] = AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record")
    assert event.object_id == str(body["id"])


def test_the_channel_can_be_given(client, services, admin_token):
    response = call(
        client,
        "post",
        "/api/feedback",
        admin_token,
        {"service_id": services[0].id, "received_on": "2026-11-03", "rating": 1, "channel": "paper"},
    )
    assert response.status_code == 201 and response.json()["channel"] == "paper"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"received_on": "2026-11-03", "rating": 1}, "service_id"),
        ({"received_on": "yesterday", "rating": 1}, "received_on"),
        ({"received_on": "2026-11-03", "rating": 9}, "rating"),
        ({"received_on": "2026-11-03", "rating": 1, "channel": "pigeon"}, "channel"),
        ({"received_on": "2026-11-03", "rating": 1, "kind": "rant"}, "kind"),
        ({"received_on": "2026-11-03", "rating": 1, "giver_type": "cat"}, "giver_type"),
        ({"received_on": "2026-11-03", "comments": [{"text": ""}]}, "comments[0].text"),
        (
            {"received_on": "2026-11-03", "comments": [{"text": "Fine"}, {"question": "x" * 301, "text": "y"}]},
            "comments[1].question",
        ),
    ],
)
def test_bad_input_names_the_field(client, org, services, admin_token, body, field):
    if field != "service_id":
        body = {"service_id": services[0].id, **body}
    response = call(client, "post", "/api/feedback", admin_token, body)
    assert field in invalid_fields(response)
    assert not Feedback.objects.for_org(org).exists()


@pytest.mark.parametrize("blank", ["   ", "", " \t\n ", "\u00a0"])
def test_a_blank_comment_beside_a_rating_is_refused_not_dropped(client, org, services, admin_token, blank):
    """Saved comments are trimmed, so one of spaces only vanished: beside a rating the feedback was
    recorded without it (201), and the sender was not told that what they sent was not kept."""
    body = {
        "service_id": services[0].id,
        "received_on": "2026-11-03",
        "rating": 1,
        "comments": [{"question": "What was good?", "text": "The garden"}, {"text": blank}],
    }
    response = call(client, "post", "/api/feedback", admin_token, body)
    assert invalid_fields(response) == {"comments[1].text": [BLANK_COMMENT]}
    assert "blank" in BLANK_COMMENT
    assert not Feedback.objects.for_org(org).exists()


def test_a_blank_comment_is_named_with_the_other_problems(client, org, services, admin_token):
    body = {"service_id": services[0].id, "received_on": "2026-11-03", "rating": 9, "comments": [{"text": "  "}]}
    fields = invalid_fields(call(client, "post", "/api/feedback", admin_token, body))
    assert set(fields) == {"rating", "comments[0].text"}, fields


def invalid_fields(response) -> dict[str, list[str]]:
    """The problems a 422 names, by where they are, after checking it has the shape the OpenAPI
    description gives every error (`ErrorOut`): a `detail` sentence and `fields` of messages; on a FHIR
    path, an OperationOutcome whose issues say what and where (`fhir_detail`)."""
    assert response.status_code == 422, response.content
    if response["Content-Type"] == "application/fhir+json":
        fields: dict[str, list[str]] = {}
        for issue in OperationOutcome.model_validate_json(response.content).issue:
            assert issue.code == "invalid" and issue.details.text and issue.diagnostics, response.content
            fields.setdefault(issue.diagnostics, []).append(issue.details.text)
        return fields
    body = response.json()
    assert isinstance(body["detail"], str), body
    assert isinstance(body["fields"], dict) and body["fields"], body
    for messages in body["fields"].values():
        assert messages and all(isinstance(m, str) and m for m in messages), body
    return body["fields"]


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe{", "[" * 100_000 + "]" * 100_000])
def test_a_body_that_is_not_json_is_a_422_saying_so(client, org, services, admin_token, body):
    """It was a 400 that said only "Cannot parse request body", a status the OpenAPI description does
    not give and a body unlike the FHIR endpoint's answer to the same mistake."""
    response = client.post(
        "/api/feedback", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {admin_token}"
    )
    [message] = invalid_fields(response)["body"]
    assert message.startswith("The body")
    assert not Feedback.objects.for_org(org).exists()


@pytest.mark.parametrize("path", ["/api/feedback", "/api/fhir/QuestionnaireResponse?service_id={service}"])
def test_a_body_too_large_is_a_413_saying_so(client, org, services, admin_token, settings, path):
    """Django refused it with an HTML page saying only "Bad Request (400)", a status and shape the
    OpenAPI description does not give."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
    body = {"service_id": services[0].id, "received_on": "2026-11-03", "rating": 1, "padding": "x" * 1_100_000}
    response = call(client, "post", path.format(service=services[0].id), admin_token, body)
    assert response.status_code == 413
    detail = "The request is too large. Send no more than 1 MB at once."
    if path.startswith("/api/fhir/"):
        assert fhir_detail(response) == detail
    else:
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": detail}
    assert not Feedback.objects.for_org(org).exists()


NUL = "a\x00b"
FHIR_BODY = {
    "resourceType": "QuestionnaireResponse",
    "status": "completed",
    "authored": "2026-11-02",
    "item": [{"linkId": "fft", "answer": [{"valueInteger": 1}]}],
}


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        ("get", "/api/feedback?external_id=a%00b", None, "external_id"),
        ("get", "/api/feedback?search=tea%00time", None, "search"),
        ("post", "/api/feedback", {"comments": [{"text": "Fine"}, {"text": NUL}]}, "comments[1].text"),
        ("post", "/api/feedback", {"comments": [{"question": NUL, "text": "Fine"}]}, "comments[0].question"),
        (
            "post",
            "/api/feedback",
            {"wants_reply": True, "reply_method": "email", "reply_contact": NUL},
            "reply_contact",
        ),
        ("post", "/api/feedback", {"external_id": NUL}, "external_id"),
        ("fhir", "", {"identifier": {"value": NUL}}, "identifier.value"),
        (
            "fhir",
            "",
            {"item": [*FHIR_BODY["item"], {"linkId": "what-was-good", "answer": [{"valueString": NUL}]}]},
            "item[1].answer[0].valueString",
        ),
    ],
)
def test_a_nul_character_is_a_422_naming_where_not_a_server_error(
    client, org, services, admin_token, method, path, body, where
):
    """PostgreSQL cannot store one: these were server errors there, and stored as sent on SQLite."""
    if method == "post":
        body = {"service_id": services[0].id, "received_on": "2026-11-03", "rating": 1, **body}
        response = call(client, "post", path, admin_token, body)
    elif method == "fhir":
        path = f"/api/fhir/QuestionnaireResponse?service_id={services[0].id}"
        response = call(client, "post", path, admin_token, {**FHIR_BODY, **body})
    else:
        response = call(client, "get", path, admin_token)
    assert invalid_fields(response) == {where: [NUL_MESSAGE]}
    assert not Feedback.objects.for_org(org).exists()


def test_a_request_that_does_not_fit_the_schema_is_answered_like_a_broken_rule(client, services, admin_token):
    """Missing fields, wrong types and out-of-range filters used to answer a list of the framework's
    own error objects under `detail`, not the `detail` sentence and `fields` the OpenAPI description
    promises, and named body fields under the handler's argument ("payload")."""
    missing = call(client, "post", "/api/feedback", admin_token, {"rating": "good"})
    assert set(invalid_fields(missing)) == {"service_id", "received_on", "rating"}
    no_body = client.post(
        "/api/feedback", data="", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {admin_token}"
    )
    assert set(invalid_fields(no_body)) == {"body"}
    filters = call(client, "get", "/api/feedback?rating=9&rating=1&sentiment=8&limit=0", admin_token)
    assert set(invalid_fields(filters)) == {"rating[0]", "sentiment[0]", "limit"}
    assert set(invalid_fields(call(client, "get", "/api/feedback/first", admin_token))) == {"feedback_id"}
    fhir = client.post(
        "/api/fhir/QuestionnaireResponse?service_id=Rowan",
        data="{}",
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {admin_token}",
    )
    assert set(invalid_fields(fhir)) == {"service_id"}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"received_on": "2999-01-01", "rating": 1}, "received_on"),
        ({"received_on": "2026-11-03"}, "comments"),
        ({"received_on": "2026-11-03", "rating": 1, "wants_reply": True, "reply_method": "email"}, "reply_contact"),
        ({"received_on": "2026-11-03", "rating": 1, "may_attribute": True}, "may_attribute"),
    ],
)
def test_broken_feedback_rules_are_a_422_with_the_field(client, org, services, admin_token, extra, field):
    response = call(client, "post", "/api/feedback", admin_token, {"service_id": services[0].id, **extra})
    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert not Feedback.objects.for_org(org).exists()


def test_feedback_sent_again_with_its_external_id_is_recorded_once(client, org, services, admin_token):
    """A system that does not hear back sends again: that used to record the same answers twice."""
    body = {
        "service_id": services[0].id,
        "received_on": "2026-11-03",
        "rating": 2,
        "comments": [{"question": "What was good?", "text": "The garden"}],
        "external_id": "survey-2026-0042",
    }
    first = call(client, "post", "/api/feedback", admin_token, body)
    again = call(client, "post", "/api/feedback", admin_token, body)
    assert first.status_code == 201 and again.status_code == 200, again.content
    assert again.json() == first.json()
    assert Feedback.objects.for_org(org).count() == 1
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record").count() == 1
    # Other answers under the same id are refused, and what was recorded stays as it was.
    changed = call(client, "post", "/api/feedback", admin_token, {**body, "rating": 5})
    assert changed.status_code == 422 and "external_id" in changed.json()["fields"], changed.content
    assert Feedback.objects.for_org(org).get().rating == Rating.GOOD
    # Another id, or none, is new feedback each time.
    assert (
        call(client, "post", "/api/feedback", admin_token, {**body, "external_id": "survey-2026-0043"}).status_code
        == 201
    )
    without = {k: v for k, v in body.items() if k != "external_id"}
    assert [call(client, "post", "/api/feedback", admin_token, without).status_code for _ in range(2)] == [201, 201]
    assert Feedback.objects.for_org(org).count() == 4


# ----- the id a sender gave -----------------------------------------------------------------------------


def sent(client, token, service, external_id, **extra):
    body = {"service_id": service.id, "received_on": "2026-11-03", "rating": 2, "external_id": external_id, **extra}
    response = call(client, "post", "/api/feedback", token, body)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_external_id_a_sender_gave_is_given_back_wherever_the_feedback_is(client, services, admin_token):
    """The list and the feedback's own answer left it out, so a sender could not match what Heard
    holds to its own records."""
    created = sent(client, admin_token, services[0], " survey-2026-0042 ")
    assert created["external_id"] == "survey-2026-0042"
    one = call(client, "get", f"/api/feedback/{created['id']}", admin_token).json()
    assert one["external_id"] == "survey-2026-0042"
    long = sent(client, admin_token, services[0], "x" * 200)  # too long to keep whole in the key; given back whole
    assert long["external_id"] == "x" * 200
    plain = record(services[0])
    listed = {f["id"]: f["external_id"] for f in call(client, "get", "/api/feedback", admin_token).json()["items"]}
    assert listed == {created["id"]: "survey-2026-0042", long["id"]: "x" * 200, plain.id: None}


def test_feedback_sent_as_fhir_has_no_external_id(client, org, services, admin_token):
    reply = client.post(
        f"/api/fhir/QuestionnaireResponse?service_id={services[0].id}",
        data={
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "authored": "2026-11-02",
            "identifier": {"value": "survey-2026-0042"},
            "item": [{"linkId": "fft", "answer": [{"valueInteger": 2}]}],
        },
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {admin_token}",
    )
    assert reply.status_code == 201, reply.content
    assert call(client, "get", f"/api/feedback/{reply.json()['id']}", admin_token).json()["external_id"] is None
    # Its identifier is another system's way of naming it: not found as an external_id either.
    assert call(client, "get", "/api/feedback?external_id=survey-2026-0042", admin_token).json()["count"] == 0


def test_feedback_is_found_by_its_external_id(client, services, admin_token):
    wanted = sent(client, admin_token, services[0], "survey-2026-0042")
    sent(client, admin_token, services[1], "survey-2026-0043")
    long = sent(client, admin_token, services[0], "y" * 200)
    record(services[0])
    for query, expected in (
        ("survey-2026-0042", [wanted["id"]]),
        ("%20survey-2026-0042%20", [wanted["id"]]),
        ("y" * 200, [long["id"]]),
        ("survey-2026", []),
        ("SURVEY-2026-0042", []),
    ):
        page = call(client, "get", f"/api/feedback?external_id={query}", admin_token).json()
        assert [f["id"] for f in page["items"]] == expected and page["count"] == len(expected), query


def test_an_external_id_finds_only_feedback_the_caller_may_see(client, org, other_org, services, make_scope):
    """Another organisation's system may use the same ids, and a member of staff sees only their services."""
    admin = api_token_for(org, Role.ADMINISTRATOR, services)
    theirs = api_token_create(scope=make_scope(Role.ADMINISTRATOR, organisation=other_org), name="x")[1]
    at_rowan = sent(client, admin, services[0], "survey-2026-0042")
    at_home_care = sent(client, admin, services[2], "survey-2026-0043")
    their_own = sent(client, theirs, ServiceFactory(organisation=other_org), "survey-2026-0042")

    def found(token, external_id):
        return [f["id"] for f in call(client, "get", f"/api/feedback?external_id={external_id}", token).json()["items"]]

    assert found(admin, "survey-2026-0042") == [at_rowan["id"]]
    assert found(theirs, "survey-2026-0042") == [their_own["id"]]
    assert found(theirs, "survey-2026-0043") == []
    staff = api_token_for(org, Role.STAFF, services)  # Rowan House only
    assert found(staff, "survey-2026-0042") == [at_rowan["id"]]
    assert found(staff, "survey-2026-0043") == []
    assert call(client, "get", f"/api/feedback/{at_home_care['id']}", staff).status_code == 404


def test_a_bad_external_id_filter_names_it(client, admin_token):
    response = call(client, "get", f"/api/feedback?external_id={'z' * 201}", admin_token)
    assert "external_id" in invalid_fields(response)


@pytest.mark.parametrize("field", ["external_id", "search"])
@pytest.mark.parametrize("blank", ["", "%20%20%20", "%09%0A"])
def test_a_blank_text_filter_is_refused_not_taken_as_no_filter(client, services, admin_token, field, blank):
    """A blank external_id listed everyone's feedback, as if no filter were given: a sender whose id came
    out blank took someone else's feedback for its own. Every other filter given empty was refused."""
    record(services[0])
    response = call(client, "get", f"/api/feedback?{field}={blank}", admin_token)
    assert invalid_fields(response) == {field: [BLANK_FILTER[field]]}
    assert "blank" in BLANK_FILTER[field] and field in BLANK_FILTER[field]


@pytest.mark.parametrize("field", ["since", "until", "rating", "sentiment", "channel", "kind", "service_id"])
def test_every_other_filter_given_empty_is_refused_too(client, admin_token, field):
    response = call(client, "get", f"/api/feedback?{field}=", admin_token)
    assert any(where.startswith(field) for where in invalid_fields(response))


def test_text_filters_with_words_are_read_without_the_spaces_around_them(client, services, admin_token):
    sent(client, admin_token, services[0], "survey-7", comments=[{"text": "The garden is lovely"}])
    found = call(client, "get", "/api/feedback?external_id=%20survey-7%20&search=%20garden%20", admin_token).json()
    assert found["count"] == 1


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_external_id_is_refused_not_taken_as_no_id(client, org, services, admin_token, blank):
    """A sender whose id came out blank believed resending was safe, while each resend recorded the
    feedback again. Leaving the id out still means there is none."""
    body = {"service_id": services[0].id, "received_on": "2026-11-03", "rating": 2, "external_id": blank}
    assert invalid_fields(call(client, "post", "/api/feedback", admin_token, body)) == {"external_id": [BLANK_ID]}
    assert not Feedback.objects.for_org(org).exists()
    del body["external_id"]
    first = call(client, "post", "/api/feedback", admin_token, body)
    again = call(client, "post", "/api/feedback", admin_token, body)
    assert (first.status_code, again.status_code) == (201, 201) and first.json()["external_id"] is None


def test_ids_sent_before_they_were_kept_are_read_back_from_their_keys(org, services):
    """Until the id was kept as sent, only the key held it (prefixed, or hashed when long)."""

    def sent_before(via, sender_id):
        return record(services[0], source_key=sent_key(via=via, sender_id=sender_id))

    api = sent_before("api", "survey-2026-0042")
    fhir_sent = sent_before("fhir", "https://survey.example/ids|77")
    hashed = sent_before("api", "x" * 300)
    imported = record(services[0], source_key="api:row-1")
    Feedback.objects.for_org(org).filter(pk=imported.pk).update(import_source="survey.csv")
    migration = importlib.import_module("feedback.migrations.0005_feedback_sender_id")
    state = MigrationLoader(connection).project_state(("feedback", "0005_feedback_sender_id"))
    migration.sender_ids_from_keys(state.apps, None)
    ids = dict(Feedback.objects.for_org(org).values_list("pk", "sender_id"))
    assert ids == {
        api.pk: "survey-2026-0042",
        fhir_sent.pk: "https://survey.example/ids|77",
        hashed.pk: "",
        imported.pk: "",
    }


# ----- listing and filtering ----------------------------------------------------------------------------


@pytest.fixture
def many(org, services):
    rowan, beech, _ = services
    return {
        "old_paper": record(rowan, channel=Channel.PAPER, received_on=dt.date(2026, 1, 5), rating=Rating.VERY_GOOD),
        "complaint": record(
            beech,
            kind=Kind.COMPLAINT,
            received_on=dt.date(2026, 6, 1),
            rating=Rating.VERY_POOR,
            comments=[("", "The heating was broken for a week")],
        ),
        "recent": record(
            rowan,
            received_on=dt.date(2026, 11, 20),
            rating=Rating.POOR,
            comments=[("What could be better?", "More choice at tea time")],
        ),
        "no_rating": record(
            beech, received_on=dt.date(2026, 10, 1), rating=None, comments=[("", "Lovely staff and a warm welcome")]
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["recent", "no_rating", "complaint", "old_paper"]),
        ("service_id={beech}", ["no_rating", "complaint"]),
        ("channel=paper", ["old_paper"]),
        ("kind=complaint", ["complaint"]),
        ("since=2026-06-01", ["recent", "no_rating", "complaint"]),
        ("until=2026-06-01", ["complaint", "old_paper"]),
        ("since=2026-02-01&until=2026-10-31", ["no_rating", "complaint"]),
        ("rating=1", ["old_paper"]),
        ("rating=4&rating=5", ["recent", "complaint"]),
        ("search=heating broken", ["complaint"]),
        ("search=tea&service_id={rowan}", ["recent"]),
    ],
)
def test_filters(client, services, many, admin_token, query, expected):
    query = query.format(rowan=services[0].id, beech=services[1].id)
    page = call(client, "get", f"/api/feedback?{query}", admin_token).json()
    assert [f["id"] for f in page["items"]] == [many[name].id for name in expected]
    assert page["count"] == len(expected)


def test_pages_of_results(client, many, admin_token):
    first = call(client, "get", "/api/feedback?limit=3", admin_token).json()
    second = call(client, "get", "/api/feedback?limit=3&offset=3", admin_token).json()
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    assert first["count"] == second["count"] == 4
    assert second["items"][0]["id"] == many["old_paper"].id


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("rating=7", "rating[0]"),
        ("rating=good", "rating[0]"),
        ("channel=pigeon", "channel"),
        ("since=soon", "since"),
        # Larger than the database's integers: these were server errors.
        (f"service_id={10**25}", "service_id"),
        (f"offset={10**25}", "offset"),
    ],
)
def test_bad_filters_name_the_field(client, admin_token, query, field):
    response = call(client, "get", f"/api/feedback?{query}", admin_token)
    assert field in invalid_fields(response)


def test_listing_takes_the_same_queries_however_many_there_are(client, org, services, admin_token, many):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "get", "/api/feedback", admin_token).status_code == 200
        return len(captured)

    queries()  # the token's first use is recorded once
    before = queries()
    for day in range(1, 6):
        record(services[1], received_on=dt.date(2026, 9, day), comments=[("", "a"), ("", "b")])
    assert queries() == before


# ----- OpenAPI ------------------------------------------------------------------------------------------


def test_openapi_lists_the_feedback_and_fhir_endpoints_with_their_errors(client, db):
    spec = client.get("/api/openapi.json").json()
    expected = {
        ("/api/feedback", "get"),
        ("/api/feedback", "post"),
        ("/api/feedback/{feedback_id}", "get"),
        ("/api/fhir/QuestionnaireResponse", "post"),
        ("/api/fhir/QuestionnaireResponse/{feedback_id}", "get"),
        ("/api/fhir/Questionnaire/fft", "get"),
    }
    fhir_read = "/api/fhir/QuestionnaireResponse/{feedback_id}"
    for path, method in expected:
        responses = set(spec["paths"][path][method]["responses"])
        # A FHIR read takes any id, and one it cannot find, whatever its shape, is a 404.
        assert {"401", "403", "422" if path != fhir_read else "404"} <= responses, (path, method)
        assert ("422" in responses) == (path != fhir_read), (path, method)
        # Only an id in the address can be not found.
        assert ("404" in responses) == ("{feedback_id}" in path), (path, method)
    listing = spec["paths"]["/api/feedback"]["get"]
    assert {"service_id", "channel", "kind", "since", "until", "rating", "search", "limit", "offset"} <= {
        p["name"] for p in listing["parameters"]
    }
    assert "external_id" in {p["name"] for p in listing["parameters"]}
    feedback_out = spec["components"]["schemas"]["FeedbackOut"]
    assert "external_id" in feedback_out["properties"] and "external_id" in feedback_out["required"]
    assert "external_id" in feedback_out["properties"]["external_id"]["description"]
    fhir_in = spec["paths"]["/api/fhir/QuestionnaireResponse"]["post"]
    assert "application/fhir+json" in fhir_in["requestBody"]["content"]
    assert {"200", "201"} <= set(fhir_in["responses"])  # recorded now, or recorded when first sent
    assert {"200", "201"} <= set(spec["paths"]["/api/feedback"]["post"]["responses"])
    # Whatever reads a body may be sent one too large.
    too_large = spec["paths"]["/api/feedback"]["post"]["responses"]["413"]
    assert too_large["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    too_large = spec["paths"]["/api/fhir/QuestionnaireResponse"]["post"]["responses"]["413"]
    assert too_large["content"]["application/fhir+json"]["schema"] == {"$ref": "#/components/schemas/OperationOutcome"}
    with_body = [op for ops in spec["paths"].values() for op in ops.values() if "requestBody" in op]
    assert with_body and all("413" in op["responses"] for op in with_body)
    fhir_get = spec["paths"]["/api/fhir/QuestionnaireResponse/{feedback_id}"]["get"]
    assert "application/fhir+json" in fhir_get["responses"]["200"]["content"]
    assert "identifier" in fhir_get["description"]
