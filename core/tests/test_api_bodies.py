"""Every request body of the JSON API refuses a field it does not have, naming it, where it was dropped
without a word: a client that sent `due_date` for `due_on` was told `due_on` was missing, and one that
sent `theme_id` for an optional `theme_code` had its request done without it (ADR 0001)."""

import re

import pytest

from core.api_schemas import UNKNOWN_FIELD
from organisations.roles import Role
from organisations.tests.factories import api_token_for

# Its body is a FHIR resource, read by the handler as FHIR reads one: an item whose linkId Heard does
# not know is left out and named in the answer (`Prefer: return=OperationOutcome`), as its description says.
READ_AS_FHIR = {("post", "/api/fhir/QuestionnaireResponse")}


def _schema(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def open_objects(spec: dict, schema: dict, where: str) -> list[str]:
    """Where in a schema an object takes properties it does not name, its nested objects too."""
    found, stack, seen = [], [(schema, where)], set()
    while stack:
        schema, where = stack.pop()
        ref = schema.get("$ref")
        if ref in seen:
            continue
        if ref:
            seen.add(ref)
        schema = _schema(spec, schema)
        if schema.get("type") == "object" or "properties" in schema:
            if schema.get("additionalProperties") is not False:
                found.append(where)
            stack.extend((child, f"{where}.{name}") for name, child in schema.get("properties", {}).items())
        if "items" in schema:
            stack.append((schema["items"], f"{where}[]"))
        for key in ("anyOf", "allOf", "oneOf"):
            stack.extend((child, where) for child in schema.get(key, ()))
    return found


def request_bodies(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, content["schema"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for content in operation.get("requestBody", {}).get("content", {}).values()
        if (method, path) not in READ_AS_FHIR
    ]


def test_the_description_gives_every_request_body_as_taking_only_its_own_fields(client, db):
    spec = client.get("/api/openapi.json").json()
    bodies = request_bodies(spec)
    assert len(bodies) >= 24
    assert [where for method, path, schema in bodies for where in open_objects(spec, schema, f"{method} {path}")] == []
    # A nested body too: each comment of a piece of feedback, each answer of an audit case.
    assert spec["components"]["schemas"]["CommentIn"]["additionalProperties"] is False
    assert spec["components"]["schemas"]["AnswerIn"]["additionalProperties"] is False


def components_reached(spec: dict, schemas: list[dict]) -> set[str]:
    """The names of the described schemas these schemas are, or hold, however deep."""
    reached, stack = set(), list(schemas)
    while stack:
        schema = stack.pop()
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                if name not in reached:
                    reached.add(name)
                    stack.append(spec["components"]["schemas"][name])
            stack.extend(schema.values())
        elif isinstance(schema, list):
            stack.extend(schema)
    return reached


def test_no_answer_is_described_as_closed_to_fields_it_may_gain(client, db):
    """An answer may gain a field; a client told it never would could refuse the new one."""
    spec = client.get("/api/openapi.json").json()
    answers = components_reached(
        spec,
        [
            content.get("schema", {})
            for operations in spec["paths"].values()
            for operation in operations.values()
            for response in operation["responses"].values()
            for content in response.get("content", {}).values()
        ],
    )
    assert {"FeedbackOut", "CommentOut", "ErrorOut", "ActionOut"} <= answers
    assert [
        name for name in sorted(answers) if spec["components"]["schemas"][name].get("additionalProperties") is False
    ] == []


@pytest.fixture
def admin(org, services):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(org, Role.ADMINISTRATOR, services)}"}


def test_every_operation_with_a_body_refuses_a_field_it_does_not_have(client, admin):
    """Each one, as it is called: the field sent is named, whatever else the body lacks."""
    spec = client.get("/api/openapi.json").json()
    for method, path, _ in request_bodies(spec):
        address = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(client, method)(address, {"no_such_field": 1}, content_type="application/json", **admin)
        assert response.status_code == 422, (method, path, response.content)
        assert response.json()["fields"]["no_such_field"] == [UNKNOWN_FIELD], (method, path)


def test_a_misnamed_field_is_named_where_it_was_sent(client, admin, services):
    response = client.post(
        "/api/feedback",
        {
            "service_id": services[0].id,
            "received_on": "2026-11-30",
            "comments": [{"txt": "Kind staff"}],
            "ratting": 1,
        },
        content_type="application/json",
        **admin,
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request is not valid.",
        "fields": {
            "comments[0].text": ["Field required"],
            "comments[0].txt": [UNKNOWN_FIELD],
            "ratting": [UNKNOWN_FIELD],
        },
    }
