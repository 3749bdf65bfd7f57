"""Answers the whole JSON API gives, whichever app's endpoint is asked."""

import re

import pytest

from organisations.roles import Role
from organisations.tests.factories import api_token_for

METHODS = ("get", "post", "put", "patch", "delete")


def api_paths(client) -> dict[str, set[str]]:
    """Every path of the API with its methods, as the OpenAPI description gives them, an id in place
    of each path parameter."""
    spec = client.get("/api/openapi.json").json()
    return {re.sub(r"\{[^}]+\}", "1", path): set(operations) for path, operations in spec["paths"].items()}


@pytest.mark.parametrize("with_token", [True, False])
def test_a_method_a_path_does_not_take_is_a_405_naming_the_ones_it_does(client, org, services, with_token):
    """It was a 405 saying "Method not allowed" as plain text, unlike every other answer the API gives,
    and the methods in its Allow header came in any order."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"} if with_token else {}
    paths = api_paths(client)
    assert len(paths) > 10
    for path, methods in paths.items():
        allowed = sorted(m.upper() for m in methods)
        for wrong in sorted(set(METHODS) - methods):
            response = getattr(client, wrong)(path, **headers)
            assert response.status_code == 405, (wrong, path, response.content)
            assert response["Content-Type"].startswith("application/json"), (wrong, path)
            assert response["Allow"] == ", ".join(allowed), (wrong, path)
            detail = response.json()["detail"]
            assert response.json() == {"detail": detail}
            assert wrong.upper() in detail and all(m in detail for m in allowed), (wrong, path, detail)


def test_a_wrong_method_on_feedback_says_what_to_send(client, org, services):
    response = client.delete("/api/feedback")
    assert response.status_code == 405
    assert response.json() == {"detail": "/api/feedback does not take DELETE. Send GET or POST."}
    assert response["Allow"] == "GET, POST"


def test_only_operations_whose_address_names_something_document_a_404(client, db):
    """Every list and create listed a 404 it cannot answer: only an id in the address can be not found."""
    spec = client.get("/api/openapi.json").json()
    lists, details = [], []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            names_something = any(p["in"] == "path" for p in operation.get("parameters", []))
            (details if names_something else lists).append((method, path, set(operation["responses"])))
    assert {p for _, p, _ in lists} >= {"/api/feedback", "/api/fhir/QuestionnaireResponse", "/api/services"}
    assert {p for _, p, _ in details} >= {"/api/feedback/{feedback_id}", "/api/services/{service_id}"}
    assert [(m, p) for m, p, responses in lists if "404" in responses] == []
    assert [(m, p) for m, p, responses in details if "404" not in responses] == []
    for path in ("/api/feedback", "/api/fhir/QuestionnaireResponse"):
        assert {"401", "403", "422"} <= set(spec["paths"][path]["post"]["responses"]), path
    not_found = spec["paths"]["/api/feedback/{feedback_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_every_operation_documents_the_errors_any_call_can_meet(client, db):
    """Six lists (meetings, actions, challenges, loops, the ledger, audits) described only their 200,
    though like every operation they answer 401 without a working token, 403 to a role that may not
    read them and 422 to a query they cannot read."""
    spec = client.get("/api/openapi.json").json()
    undocumented = [
        (method, path, sorted({"401", "403", "422"} - set(operation["responses"])))
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if not {"401", "403", "422"} <= set(operation["responses"])
    ]
    assert undocumented == []
    assert "/api/governance/meetings" in spec["paths"] and "/api/audits" in spec["paths"]
