"""Answers the whole JSON API gives, whichever app's endpoint is asked."""

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve
from fhir.resources.R4B.operationoutcome import OperationOutcome
from ninja import NinjaAPI

from config.api import HeardApi
from organisations.roles import Role
from organisations.tests.factories import api_token_for

METHODS = ("get", "post", "put", "patch", "delete")


def api_paths(client) -> dict[str, set[str]]:
    """Every path of the API with its methods, as the OpenAPI description gives them, an id in place
    of each path parameter."""
    spec = client.get("/api/openapi.json").json()
    return {re.sub(r"\{[^}]+\}", "1", path): set(operations) for path, operations in spec["paths"].items()}


def allow(methods: set[str]) -> str:
    """The `Allow` header of a path taking these methods: HEAD wherever it takes GET, and OPTIONS."""
    named = {m.upper() for m in methods} | {"OPTIONS"} | ({"HEAD"} if "get" in methods else set())
    return ", ".join(sorted(named))


@pytest.mark.parametrize("with_token", [True, False])
def test_a_method_a_path_does_not_take_is_a_405_naming_the_ones_it_does(client, org, services, with_token):
    """It was a 405 saying "Method not allowed" as plain text, unlike every other answer the API gives,
    and the methods in its Allow header came in any order."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"} if with_token else {}
    paths = api_paths(client)
    assert len(paths) > 10
    for path, methods in paths.items():
        allowed = allow(methods).split(", ")
        for wrong in sorted(set(METHODS) - methods):
            response = getattr(client, wrong)(path, **headers)
            assert response.status_code == 405, (wrong, path, response.content)
            assert response["Allow"] == allow(methods), (wrong, path)
            if path.startswith("/api/fhir/"):
                # As FHIR answers it (feedback/tests/test_fhir_errors.py).
                assert response["Content-Type"] == "application/fhir+json", (wrong, path)
                [issue] = OperationOutcome.model_validate_json(response.content).issue
                assert issue.code == "not-supported", (wrong, path)
                detail = issue.details.text
            else:
                assert response["Content-Type"].startswith("application/json"), (wrong, path)
                detail = response.json()["detail"]
                assert response.json() == {"detail": detail}
            assert wrong.upper() in detail and all(m in detail for m in allowed), (wrong, path, detail)


def test_a_wrong_method_on_feedback_says_what_to_send(client, org, services):
    response = client.delete("/api/feedback")
    assert response.status_code == 405
    assert response.json() == {"detail": "/api/feedback does not take DELETE. Send GET, HEAD, OPTIONS or POST."}
    assert response["Allow"] == "GET, HEAD, OPTIONS, POST"


@pytest.mark.parametrize("with_token", [True, False])
def test_head_answers_as_get_does_without_the_body(client, org, services, with_token):
    """HEAD was a 405 on every path, though each GET is safe to repeat."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"} if with_token else {}
    answered = set()
    for path, methods in api_paths(client).items():
        head = client.head(path, **headers)
        assert head.content == b"", path
        if "get" not in methods:
            assert head.status_code == 405, (path, head.status_code)
            assert head["Allow"] == allow(methods) and "HEAD" not in head["Allow"], path
            continue
        got = client.get(path, **headers)
        assert head.status_code == got.status_code, (path, head.status_code, got.status_code)
        assert head["Content-Type"] == got["Content-Type"], path
        assert head.get("WWW-Authenticate") == got.get("WWW-Authenticate"), path
        answered.add(head.status_code)
    assert answered == ({200, 404} if with_token else {401})


def test_the_api_overrides_no_private_part_of_the_framework():
    """HEAD, OPTIONS and the 405 were wired in through django-ninja's private URL builder, which a
    release may rename or change without notice; they now wrap the public `urls` (ADR 0001)."""
    private = {name for name in vars(HeardApi) if name.startswith("_") and not name.startswith("__")}
    assert {name for name in private if hasattr(NinjaAPI, name)} == set()
    assert "urls" in vars(HeardApi)


def test_head_sends_no_body_but_the_length_of_the_one_get_sends(rf: RequestFactory, org, services):
    """The test client drops a HEAD answer's body itself, so the view is called directly here."""
    token = api_token_for(org, Role.ADMINISTRATOR, services)
    view = resolve("/api/services").func
    got = view(rf.get("/api/services", HTTP_AUTHORIZATION=f"Bearer {token}"))
    head = view(rf.head("/api/services", HTTP_AUTHORIZATION=f"Bearer {token}"))
    assert got.status_code == head.status_code == 200 and b"Rowan House" in got.content
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))


@pytest.mark.parametrize("with_token", [True, False])
def test_options_names_the_methods_of_every_path(client, org, services, with_token):
    """OPTIONS was a 405 on every path; it is answered before the token is read, as a 405 is."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"} if with_token else {}
    for path, methods in api_paths(client).items():
        response = client.options(path, **headers)
        assert response.status_code == 204, (path, response.status_code, response.content)
        assert response["Allow"] == allow(methods), path
        assert response.content == b"", path


def test_the_description_answers_head_options_and_a_wrong_method_as_every_path_does(client, db):
    """It answered every method, DELETE too, with the whole description."""
    assert client.head("/api/openapi.json").status_code == 200
    options = client.options("/api/openapi.json")
    assert options.status_code == 204 and options["Allow"] == "GET, HEAD, OPTIONS"
    wrong = client.delete("/api/openapi.json")
    assert wrong.status_code == 405 and wrong["Allow"] == "GET, HEAD, OPTIONS"
    assert wrong.json() == {"detail": "/api/openapi.json does not take DELETE. Send GET, HEAD or OPTIONS."}


def test_only_operations_whose_address_names_something_document_a_404(client, db):
    """Every list and create listed a 404 it cannot answer: only an id in the address can be not found,
    or what a create is sent where it says so (a service outside the person's scope, for an action or
    the ledger)."""
    spec = client.get("/api/openapi.json").json()
    lists, details = [], []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            names_something = any(p["in"] == "path" for p in operation.get("parameters", []))
            (details if names_something else lists).append((method, path, set(operation["responses"])))
    assert {p for _, p, _ in lists} >= {"/api/feedback", "/api/fhir/QuestionnaireResponse", "/api/services"}
    assert {p for _, p, _ in details} >= {"/api/feedback/{feedback_id}", "/api/services/{service_id}"}
    said = [(m, p) for m, p, responses in lists if "404" in responses]
    assert said == [("post", "/api/governance/actions"), ("post", "/api/governance/coproduction")]
    for _, path in said:
        assert spec["paths"][path]["post"]["responses"]["404"]["description"].startswith(
            "Not Found: `service_id` is not one of your services"
        ), path
    assert [(m, p) for m, p, responses in details if "404" not in responses] == []
    for path in ("/api/feedback", "/api/fhir/QuestionnaireResponse"):
        assert {"401", "403", "422"} <= set(spec["paths"][path]["post"]["responses"]), path
    not_found = spec["paths"]["/api/feedback/{feedback_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_every_operation_documents_the_errors_any_call_can_meet(client, db):
    """Six lists (meetings, actions, challenges, loops, the ledger, audits) described only their 200,
    though like every operation they answer 401 without a working token, 403 to a role that may not
    read them and 422 to a query they cannot read (FHIR search: a 400, as FHIR answers it; a FHIR read
    takes any id, and one it cannot find, whatever its shape, is a 404)."""
    spec = client.get("/api/openapi.json").json()
    refused = {"400", "422"}
    undocumented = [
        (method, path, sorted(operation["responses"]))
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if not {"401", "403"} <= set(operation["responses"])
        or not (refused | ({"404"} if path == "/api/fhir/QuestionnaireResponse/{feedback_id}" else set()))
        & set(operation["responses"])
    ]
    assert undocumented == []
    fhir_search = spec["paths"]["/api/fhir/QuestionnaireResponse"]["get"]["responses"]
    assert "400" in fhir_search and "422" not in fhir_search
    assert "/api/governance/meetings" in spec["paths"] and "/api/audits" in spec["paths"]
