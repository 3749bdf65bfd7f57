"""Every error on a FHIR path is an OperationOutcome, as a FHIR client reads one; the rest of the API
keeps its JSON errors."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from core.tests.failing import PERSONAL, SECURITY_HEADERS, with_a_failing_middleware
from feedback import selectors
from feedback import services as feedback_services
from feedback.models import Feedback
from organisations.roles import Role
from organisations.tests.factories import api_token_for

RESPONSES = "/api/fhir/QuestionnaireResponse"


@pytest.fixture
def token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def outcome(reply, status: int) -> list[tuple[str, str, str | None]]:
    """The answer as an OperationOutcome the FHIR library reads: (code, text, where) of each issue."""
    assert reply.status_code == status, reply.content
    assert reply["Content-Type"] == "application/fhir+json", reply["Content-Type"]
    read = OperationOutcome.model_validate_json(reply.content)
    assert {issue.severity for issue in read.issue} == {"error"}
    return [(issue.code, issue.details.text, issue.diagnostics) for issue in read.issue]


def fft(**extra) -> str:
    answer = [{"linkId": "fft", "answer": [{"valueInteger": 1}]}]
    return json.dumps({"resourceType": "QuestionnaireResponse", "status": "completed", "item": answer, **extra})


def test_without_a_working_token_it_is_a_401_login(client, db):
    """It was the JSON API's `{"detail": ...}`, which a FHIR client does not read."""
    for headers in ({}, bearer("heard_not-a-token")):
        [(code, text, where)] = outcome(client.get(RESPONSES, **headers), 401)
        assert code == "login" and "Authorization: Bearer" in text and where is None
        assert "not-a-token" not in text
    reply = client.get(f"{RESPONSES}/1")
    assert outcome(reply, 401)[0][0] == "login" and reply["WWW-Authenticate"] == "Bearer"


def test_a_role_that_may_not_read_feedback_is_a_403_forbidden(client, org, services):
    commissioner = bearer(api_token_for(org, Role.COMMISSIONER, services))
    for path in (RESPONSES, f"{RESPONSES}/1"):
        [(code, text, _)] = outcome(client.get(path, **commissioner), 403)
        assert code == "forbidden" and "does not allow" in text


def test_what_is_not_there_is_a_404_not_found(client, services, token):
    """An unknown id was JSON; another resource type, or the base itself, was Heard's HTML page."""
    assert outcome(client.get(f"{RESPONSES}/999", **bearer(token)), 404) == [("not-found", "Not found.", None)]
    for path in ("/api/fhir/Patient", "/api/fhir/Patient/1", "/api/fhir/", f"{RESPONSES}/1/_history/1"):
        [(code, text, _)] = outcome(client.get(path, **bearer(token)), 404)
        assert code == "not-found" and "QuestionnaireResponse" in text, path
    assert outcome(
        client.post("/api/fhir/Patient", data="{}", content_type="application/fhir+json", **bearer(token)), 404
    )
    # An id of any shape Heard does not give names nothing: it was a 422 on `feedback_id`.
    made = client.post(
        f"{RESPONSES}?service_id={services[0].id}",
        data=fft(authored="2026-11-02"),
        content_type="application/fhir+json",
        **bearer(token),
    )
    given = made["Location"].rsplit("/", 1)[1]
    assert client.get(f"{RESPONSES}/{given}", **bearer(token)).status_code == 200
    for shape in ("abc", f"{given}abc", f"0{given}", f"{given}.0", f"-{given}", "99999999999999999999", "%C2%B2"):
        reply = client.get(f"{RESPONSES}/{shape}", **bearer(token))
        assert outcome(reply, 404) == [("not-found", "Not found.", None)], shape
    # Without a token, nothing is said of what is there.
    assert outcome(client.get("/api/fhir/Patient"), 401)[0][0] == "login"


def test_a_method_a_path_does_not_take_is_a_405_not_supported(client, token):
    reply = client.delete(RESPONSES, **bearer(token))
    [(code, text, _)] = outcome(reply, 405)
    assert code == "not-supported" and "DELETE" in text
    assert reply["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert outcome(client.put("/api/fhir/Questionnaire/fft"), 405)[0][0] == "not-supported"


def test_head_and_options_answer_as_before_on_fhir_paths(client, token):
    head = client.head(RESPONSES)
    assert head.status_code == 401 and head["Content-Type"] == "application/fhir+json" and head.content == b""
    options = client.options(RESPONSES)
    assert options.status_code == 204 and options["Allow"] == "GET, HEAD, OPTIONS, POST"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_too_large_is_a_413_too_long(client, org, services, token):
    body = fft(text="x" * 2000)
    reply = client.post(
        f"{RESPONSES}?service_id={services[0].id}", data=body, content_type="application/fhir+json", **bearer(token)
    )
    [(code, text, _)] = outcome(reply, 413)
    assert code == "too-long" and "too large" in text
    assert not Feedback.objects.for_org(org).exists()


def test_a_refused_resource_is_a_422_naming_where_and_a_refused_search_a_400(client, services, token):
    path = f"{RESPONSES}?service_id={services[0].id}"
    unreadable = fft(authored="yesterday")
    reply = client.post(path, data=unreadable, content_type="application/fhir+json", **bearer(token))
    [(code, _, where)] = outcome(reply, 422)
    assert (code, where) == ("invalid", "authored")
    future = fft(authored="2999-01-01")
    reply = client.post(path, data=future, content_type="application/fhir+json", **bearer(token))
    assert outcome(reply, 422) == [("business-rule", "The date cannot be in the future.", "authored")]
    missing = client.post(
        RESPONSES, data=fft(authored="2026-11-02"), content_type="application/fhir+json", **bearer(token)
    )
    assert [(code, where) for code, _, where in outcome(missing, 422)] == [("invalid", "service_id")]
    assert outcome(client.get(f"{RESPONSES}?name=x", **bearer(token)), 400)[0][0] == "not-supported"


def test_nothing_a_person_wrote_comes_back_in_a_refusal(client, org, services, token):
    """Each issue is Heard's words and where the problem is, never a value that was sent."""
    name, phone, nhs, email = PERSONAL
    resources = [
        {"resourceType": "QuestionnaireResponse", "status": name, "authored": phone, "item": []},
        {"resourceType": "QuestionnaireResponse", "status": "completed", "authored": f"{nhs}T10:00"},
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "authored": "2026-11-02",
            "identifier": {"value": email},
            "item": [
                {"linkId": "fft", "answer": [{"valueInteger": name}]},
                {"linkId": "what-was-good", "answer": [{"valueString": phone, "valueBoolean": email}]},
                {"linkId": "consent-to-quote", "answer": [{"valueBoolean": nhs}]},
                {"linkId": "respondent-type", "answer": [{"valueCoding": {"code": name}}]},
            ],
        },
        {"resourceType": "Patient", "name": [{"text": name}], "telecom": [{"value": phone}]},
    ]
    path = f"{RESPONSES}?service_id={services[0].id}"
    for resource in resources:
        reply = client.post(path, data=json.dumps(resource), content_type="application/fhir+json", **bearer(token))
        assert outcome(reply, 422)
        assert not any(value.encode() in reply.content for value in PERSONAL), reply.content
    wrong_type = client.post(path, data=json.dumps({"x": name}), content_type="application/fhir+json", **bearer(token))
    assert name.encode() not in wrong_type.content
    assert not Feedback.objects.for_org(org).exists()


def test_the_description_gives_each_fhir_error_as_an_operation_outcome(client, db):
    spec = client.get("/api/openapi.json").json()
    assert spec["components"]["schemas"]["OperationOutcome"]["properties"]["resourceType"] == {
        "const": "OperationOutcome"
    }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert "500" in operation["responses"], (method, path)  # a fault in Heard: any can meet one
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    if path.startswith("/api/fhir/") and "content" in response:
                        assert list(response["content"]) == ["application/fhir+json"], (method, path, status)
                    continue
                if path.startswith("/api/fhir/"):
                    assert response["content"] == {
                        "application/fhir+json": {"schema": {"$ref": "#/components/schemas/OperationOutcome"}}
                    }, (method, path, status)
                else:
                    assert list(response["content"]) == ["application/json"], (method, path, status)


def test_the_rest_of_the_api_keeps_its_json_errors(client, org, services, token):
    """Only FHIR paths answer as FHIR does: every other path's errors are the JSON API's `ErrorOut`."""
    commissioner = bearer(api_token_for(org, Role.COMMISSIONER, services))
    answers = {
        401: client.get("/api/feedback"),
        403: client.get("/api/feedback", **commissioner),
        404: client.get("/api/feedback/999", **bearer(token)),
        405: client.delete("/api/feedback", **bearer(token)),
        422: client.post("/api/feedback", data={}, content_type="application/json", **bearer(token)),
    }
    for status, reply in answers.items():
        assert reply.status_code == status, (status, reply.content)
        assert reply["Content-Type"] == "application/json; charset=utf-8", status
        assert set(reply.json()) <= {"detail", "fields"} and reply.json()["detail"], (status, reply.json())
        assert b"OperationOutcome" not in reply.content


def _fails_saying(*words):
    """A real function made to fail, its message quoting what it was given, as a database error can."""

    def fail(**given):
        raise RuntimeError(f"could not store {' '.join(words)} ({given.get('data')})")

    return fail


def _server_errors_logged(caplog) -> list[str]:
    records = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert all(r.exc_info is None and r.status_code == 500 for r in records)  # and logged once each
    return [r.getMessage() for r in records]


def test_a_server_error_is_a_500_exception_logged_without_what_was_sent(
    client, org, services, token, monkeypatch, caplog
):
    """It was Django's HTML page. Neither the answer nor the log holds the exception's words, which
    here quote what was sent; the log says where the code failed."""
    client.raise_request_exception = False
    monkeypatch.setattr(selectors, "feedback_list", _fails_saying(*PERSONAL))
    monkeypatch.setattr(feedback_services, "feedback_record_once", _fails_saying(*PERSONAL))
    sent = json.dumps(
        {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "authored": "2026-11-02",
            "item": [{"linkId": "what-was-good", "answer": [{"valueString": "Grace Hopper was kind"}]}],
        }
    )
    replies = [
        client.get(f"{RESPONSES}/1", **bearer(token)),
        client.get(f"{RESPONSES}?identifier=485%20777%203456", **bearer(token)),
        client.post(
            f"{RESPONSES}?service_id={services[0].id}", data=sent, content_type="application/fhir+json", **bearer(token)
        ),
    ]
    for reply in replies:
        [(code, text, where)] = outcome(reply, 500)
        assert (code, where) == ("exception", "In Heard, not in the request.")
        assert "fault on its side" in text and "tell the people who run Heard" in text
        assert not any(word.encode() in reply.content for word in (*PERSONAL, "RuntimeError", "could not store"))
    logged = _server_errors_logged(caplog)
    assert [message.splitlines()[0] for message in logged] == [
        f"Internal Server Error: {RESPONSES}/1",
        f"Internal Server Error: {RESPONSES}",
        f"Internal Server Error: {RESPONSES}",
    ]
    assert all("in fail" in message and "builtins.RuntimeError" in message for message in logged)
    assert not any(word in caplog.text for word in (*PERSONAL, "was kind"))
    assert not Feedback.objects.for_org(org).exists()


def test_a_server_error_on_a_fhir_path_still_reaches_django_s_error_reporting(client, token, monkeypatch):
    """Django's `got_request_exception` is sent, as for any server error: the test client re-raises it."""
    monkeypatch.setattr(selectors, "feedback_list", _fails_saying("anything"))
    with pytest.raises(RuntimeError, match="could not store anything"):
        client.get(f"{RESPONSES}/1", **bearer(token))


@pytest.mark.parametrize("at", [1, 4, 99], ids=["outer", "middle", "inner"])
@pytest.mark.parametrize("debug", [False, True], ids=["", "debug"])
def test_a_middleware_s_exception_on_a_fhir_path_is_a_500_exception(client, token, caplog, at, debug):
    """Raised outside the API, it was Django's page (with DEBUG on, its traceback): HTML a FHIR client
    cannot read, holding the exception's words."""
    client.raise_request_exception = False
    with override_settings(MIDDLEWARE=with_a_failing_middleware(at), DEBUG=debug):
        replies = [
            client.get(f"{RESPONSES}/1", **bearer(token)),
            client.post(RESPONSES, data=fft(), content_type="application/fhir+json", **bearer(token)),
            client.get("/api/fhir/Patient"),
        ]
    for reply in replies:
        [(code, _, where)] = outcome(reply, 500)
        assert (code, where) == ("exception", "In Heard, not in the request.")
        assert not any(word.encode() in reply.content for word in (*PERSONAL, "RuntimeError", "could not read"))
        if at > 4:  # raised within the others, whose headers are kept and its length made right
            assert reply["X-Content-Type-Options"] == "nosniff"
            assert reply["Content-Length"] == str(len(reply.content))
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert len(logged) == 3  # reported once each, by Django


@pytest.mark.parametrize("at", [1, 4, 99], ids=["outer", "middle", "inner"])
@pytest.mark.parametrize("debug", [False, True], ids=["", "debug"])
def test_a_middleware_s_500_on_a_fhir_path_carries_the_site_s_security_headers(client, token, at, debug):
    """Failing before Django's own middlewares had run (outer), the OperationOutcome had none of the
    headers every other answer carries; failing between them (middle), those of the ones it never
    reached; with DEBUG on, no Content-Security-Policy at all (Django's debug page, which it replaced,
    goes without). Compared with the same request answered without the failure, over HTTPS with HSTS
    on, as in production."""
    with override_settings(SECURE_HSTS_SECONDS=3600, DEBUG=debug):
        answered = client.get(f"{RESPONSES}/1", secure=True, **bearer(token))
        with override_settings(MIDDLEWARE=with_a_failing_middleware(at)):
            failed = Client(raise_request_exception=False).get(f"{RESPONSES}/1", secure=True, **bearer(token))
    outcome(answered, 404)
    outcome(failed, 500)
    expected = {name: answered[name] for name in SECURITY_HEADERS}
    assert {name: failed.get(name) for name in SECURITY_HEADERS} == expected


def test_with_debug_on_an_exception_in_a_fhir_handler_is_a_500_exception(client, token, monkeypatch, caplog):
    """With DEBUG on it was the framework's traceback, as plain text."""
    client.raise_request_exception = False
    monkeypatch.setattr(selectors, "feedback_list", _fails_saying(*PERSONAL))
    with override_settings(DEBUG=True):
        reply = client.get(f"{RESPONSES}/1", **bearer(token))
    [(code, _, where)] = outcome(reply, 500)
    assert (code, where) == ("exception", "In Heard, not in the request.")
    assert not any(word.encode() in reply.content for word in (*PERSONAL, "RuntimeError", "could not store"))
    assert [m.splitlines()[0] for m in _server_errors_logged(caplog)] == [f"Internal Server Error: {RESPONSES}/1"]
    assert not any(word in caplog.text for word in PERSONAL)


@pytest.mark.parametrize("debug", [False, True], ids=["", "debug"])
def test_elsewhere_a_middleware_s_exception_is_not_an_operation_outcome(client, admin_scope, token, debug):
    """The rest of the API answers its own `ErrorOut`, pages Heard's page (`core/tests/
    test_server_error_answers.py`); with DEBUG on, both are Django's traceback page."""
    client.raise_request_exception = False
    client.force_login(admin_scope.user)
    with override_settings(MIDDLEWARE=with_a_failing_middleware(1), DEBUG=debug):
        replies = [client.get("/api/feedback", **bearer(token)), client.get(reverse("feedback:list"))]
    assert_not_fhir(replies, debug=debug)


@pytest.mark.parametrize("debug", [False, True], ids=["", "debug"])
def test_elsewhere_an_exception_in_a_handler_is_not_an_operation_outcome(
    client, admin_scope, token, monkeypatch, debug
):
    client.raise_request_exception = False
    monkeypatch.setattr(selectors, "feedback_list", _fails_saying("anything"))
    client.force_login(admin_scope.user)
    with override_settings(DEBUG=debug):
        replies = [client.get("/api/feedback", **bearer(token)), client.get(reverse("feedback:list"))]
    assert_not_fhir(replies, debug=debug)


def assert_not_fhir(replies, *, debug: bool) -> None:
    api_reply, page = replies
    for reply in replies:
        assert reply.status_code == 500 and reply["Content-Type"] != "application/fhir+json"
    assert page["Content-Type"].startswith("text/html")
    assert api_reply["Content-Type"].startswith("text/html" if debug else "application/json")
