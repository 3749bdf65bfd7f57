"""Every operation of the JSON API refuses a query parameter it does not take, naming it, where it was
ignored without a word: a client that misspelt a filter (`?servce_id=3`) was given feedback of every
service, as if it had asked for all of them (ADR 0001)."""

import re

import pytest

from core.api_schemas import UNKNOWN_PARAMETER
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import api_token_for
from themes.services import framework_install

# FHIR's own rules hold under /api/fhir/: a search reads its parameters itself, and refuses one it does
# not know with an OperationOutcome unless `Prefer: handling=lenient` is sent.
FHIR = "/api/fhir/"

# A value each documented parameter may be sent with, where its description alone does not give one.
VALUES = {"status": {"/api/governance/actions": "overdue"}}


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, by_method in spec["paths"].items()
        for method, operation in by_method.items()
        if not path.startswith(FHIR)
    ]


def query_parameters(operation: dict) -> list[dict]:
    return [p for p in operation.get("parameters", ()) if p["in"] == "query"]


def address(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture
def admin(org, services):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"}


def test_every_operation_refuses_a_query_parameter_it_does_not_take(client, admin):
    """Each one, as it is called: the parameter is named as sent, whatever else the request lacks."""
    spec = client.get("/api/openapi.json").json()
    called = operations(spec)
    assert len([1 for method, _, _ in called if method == "get"]) >= 25
    assert len([1 for _, _, operation in called if query_parameters(operation)]) >= 10
    for method, path, _ in called:
        # A body that is JSON, empty: one that is not is refused as such before anything else is read.
        body = {} if method == "get" else {"data": {}, "content_type": "application/json"}
        response = getattr(client, method)(f"{address(path)}?no_such_parameter=1", **body, **admin)
        assert response.status_code == 422, (method, path, response.content)
        assert response.json()["fields"].get("no_such_parameter") == [UNKNOWN_PARAMETER], (
            method,
            path,
            response.content,
        )


def sample(spec: dict, schema: dict, name: str, path: str):
    """A value the parameter takes, read from its description."""
    if name in VALUES and path in VALUES[name]:
        return VALUES[name][path]
    if "$ref" in schema:
        return sample(spec, spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], name, path)
    for choice in schema.get("anyOf", ()):
        if choice.get("type") != "null":
            return sample(spec, choice, name, path)
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema.get("type")
    if kind == "array":
        return [sample(spec, schema["items"], name, path)]
    if kind == "integer":
        return schema.get("minimum", 1) if schema.get("minimum", 1) > 0 else 1
    if kind == "boolean":
        return "true"
    if schema.get("format") == "date":
        return "2026-11-30"
    return "kind"


def test_every_documented_query_parameter_still_works(client, org, admin, services):
    """Each GET with the parameters its description lists, all at once: the answer is the list, not a
    refusal. The coding queue's framework is one Heard ships."""
    framework_install(scope=system_scope(organisation=org), key="social-care")
    spec = client.get("/api/openapi.json").json()
    called = 0
    for method, path, operation in operations(spec):
        parameters = query_parameters(operation)
        if not parameters:
            continue
        assert method == "get", path
        query = {p["name"]: sample(spec, p["schema"], p["name"], path) for p in parameters}
        if "service_id" in query:
            query["service_id"] = services[0].id
        where = path.replace("{slug}", "social-care")
        response = client.get(where, query, **admin)
        assert response.status_code == 200, (path, query, response.content)
        called += 1
    assert called >= 10


@pytest.mark.parametrize(
    "query",
    ["limit=1&offset=0", "limit=1&offset=1&service_id={service}", "rating=1&rating=6&since=2026-01-01"],
)
def test_paging_and_filters_keep_working(client, admin, services, query):
    response = client.get("/api/feedback?" + query.format(service=services[0].id), **admin)
    assert response.status_code == 200, response.content
    assert response.json() == {"items": [], "count": 0}


def test_a_misspelt_filter_is_named_beside_the_requests_other_problems(client, admin):
    response = client.get("/api/feedback?servce_id=3&limit=0&also_unknown=", **admin)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request is not valid.",
        "fields": {
            "limit": ["Input should be greater than or equal to 1"],
            "servce_id": [UNKNOWN_PARAMETER],
            "also_unknown": [UNKNOWN_PARAMETER],
        },
    }


def test_without_a_token_the_token_is_asked_for_first(client, db):
    response = client.get("/api/feedback?servce_id=3")
    assert response.status_code == 401


def test_head_is_refused_as_get_is(client, admin):
    response = client.head("/api/services?include_archive=true", **admin)
    assert response.status_code == 422
    assert response.content == b""
    assert client.head("/api/services?include_archived=true", **admin).status_code == 200


def test_fhir_search_keeps_its_own_refusal(client, admin):
    response = client.get("/api/fhir/QuestionnaireResponse?servce_id=3", **admin)
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"


def test_the_description_says_an_unknown_parameter_is_refused(client, db):
    spec = client.get("/api/openapi.json").json()
    assert "query parameter an operation does not list" in spec["info"]["description"]
    for method, path, operation in operations(spec):
        assert "query parameter" in operation["responses"]["422"]["description"], (method, path)
