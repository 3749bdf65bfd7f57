"""What the OpenAPI description says of Heard's FHIR endpoints (`feedback.fhir_api`) beyond what their
signatures give: the media type, the OperationOutcome every error is (`config.api`), and the search
parameters, which the search handler reads itself rather than through its signature."""

from __future__ import annotations

from feedback import fhir

FHIR_JSON = "application/fhir+json"


# What the OpenAPI description gives for every error on a FHIR path (`config.api.HeardApi`).
OUTCOME_SCHEMA = {
    "type": "object",
    "description": "An R4 OperationOutcome: one issue per problem, saying what is wrong and where.",
    "required": ["resourceType", "issue"],
    "properties": {
        "resourceType": {"const": "OperationOutcome"},
        "issue": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["severity", "code"],
                "properties": {
                    "severity": {"enum": ["fatal", "error", "warning", "information"]},
                    "code": {
                        "type": "string",
                        "description": "login (401), forbidden (403), not-found (404), not-supported (405, or "
                        "a search parameter Heard does not search by), too-long (413), value (400, a search "
                        "value Heard cannot read), invalid (422, a resource Heard cannot read), "
                        "business-rule (422, one Heard's rules refuse), exception (500, a fault in Heard)",
                    },
                    "details": {"type": "object", "properties": {"text": {"type": "string"}}},
                    "diagnostics": {
                        "type": "string",
                        "description": "Where: a parameter, an element's FHIR path, or (500) Heard rather than the request.",
                    },
                },
            },
        },
    },
}


def _query(name: str, description: str, *, repeats: bool = True) -> dict:
    schema = {"type": "string"}
    return {
        "in": "query",
        "name": name,
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": schema} if repeats else schema,
        **({"style": "form", "explode": True} if repeats else {}),
    }


SEARCH_DESCRIPTION = (
    "Feedback you can see, as a FHIR R4 `Bundle` of type `searchset`: `total` (every match, on all pages), "
    "one `entry` per response (`fullUrl`, the `resource` as GET /api/fhir/QuestionnaireResponse/{id} gives it, "
    "`search.mode` `match`), and `link`s `self`, `first`, and `next` and `previous` while there are more. "
    "Ordered by `authored`, then by id, oldest first. Values of one parameter separated by commas are "
    "alternatives; a parameter given twice must hold both ways. A parameter Heard does not search by, or "
    "a value it cannot read, is a 400 `OperationOutcome` naming the parameter in each issue's `diagnostics` "
    "(FHIR's strict handling). With `Prefer: handling=lenient`, a parameter Heard does not search by is "
    "left out (the `self` link leaves it out, and an `OperationOutcome` entry of `search.mode` `outcome` "
    "names it) and `_count` over 200 is taken as 200; a value Heard cannot read is still refused, as "
    "leaving it out would find more than was asked for. A commissioner is refused (403), as for one response."
)

SEARCH_OPENAPI = {
    "parameters": [
        _query(
            "identifier",
            "The identifier your system sent the response with: `system|value`, `value` in any system, "
            "`|value` with no system, or `system|` for any value in that system.",
        ),
        _query(
            "authored",
            "The date the feedback was given, with a prefix `eq` (the default), `ne`, `gt`, `lt`, `ge` or `le` "
            "and a date (`2026`, `2026-11`, `2026-11-30`) or a date and time with its zone: "
            "`authored=ge2026-10-01&authored=lt2027-01-01`. The day it was given (in UK time) is compared with "
            "the value as FHIR compares ranges: with a time, `gt` and `lt` find the day the time falls on too "
            "(the feedback may have been given after it, or before), and `eq` finds nothing, as a second or a "
            "minute never holds a whole day.",
        ),
        _query(
            "_lastUpdated",
            "When Heard recorded it, or last changed it after (consent to quote withdrawn, or made anonymous: "
            "the comments' words then have personal details taken out, so fetch it again), with the same prefixes: "
            "`_lastUpdated=gt2026-11-30T14:05:00Z`. A date alone is a day in UK time. Feedback held back "
            "from you until it is checked for urgent concerns, or while it carries an urgent flag, appears "
            "when it is released with the time it was recorded: overlap the windows you pull.",
        ),
        _query("subject:identifier", f"The service, as the response's `subject` names it: `{fhir.SERVICE_SYSTEM}|12`."),
        _query("service_id", "The service, by its Heard id, as POST takes it: `12`."),
        _query("_count", "How many on a page: 0 (the total alone) to 200; 50 if left out.", repeats=False),
        _query("_page", "Where the page starts: as given in the Bundle's next and previous links.", repeats=False),
        _query("_format", "`json` (the only format) if given.", repeats=False),
        {
            "in": "header",
            "name": "Prefer",
            "required": False,
            "description": "`handling=lenient` to leave out parameters Heard does not search by; strict otherwise.",
            "schema": {"type": "string"},
        },
    ],
    "responses": {
        200: {"description": "A searchset Bundle", "content": {FHIR_JSON: {"schema": {"type": "object"}}}},
        400: {
            "description": "An OperationOutcome naming each parameter Heard could not search by",
            "content": {FHIR_JSON: {"schema": {"type": "object"}}},
        },
    },
}


CREATE_PREFER = {
    "in": "header",
    "name": "Prefer",
    "required": False,
    "description": "`return=representation` (the default): the QuestionnaireResponse as GET gives it back; "
    "`return=minimal`: no body; `return=OperationOutcome`: an OperationOutcome saying what was recorded "
    "(`informational`) and each item left out, by its linkId (a `warning`).",
    "schema": {"type": "string"},
}
