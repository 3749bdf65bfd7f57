"""FHIR R4 for feedback: QuestionnaireResponse in, out and searched, and Heard's FFT Questionnaire.

What goes out is what the JSON API would give the same caller (`feedback.api`): never who gave the
feedback, comment text as they may read it (`selectors.comment_text_for`), and nothing at all to a
commissioner. Handlers make one domain call each. Every error under `PATH` is an OperationOutcome
(`feedback.fhir.outcomes`), whichever part of the API refuses the request (`config.api.HeardApi`).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from ninja import Field, Router, Schema, Status

from core.api_schemas import ERRORS, MAX_INT, ErrorOut
from feedback import fhir, fhir_search, selectors, services
from feedback.api import record_once
from feedback.fhir import outcomes
from feedback.models import Channel, Feedback
from feedback.rules import Perm, require

router = Router(tags=["fhir"])

FHIR_JSON = "application/fhir+json"
# Every path under this one (from the API's root), and only these, answers its errors as FHIR does.
PATH = "fhir/"
# Operation ids are kept as they were when these endpoints lived in `feedback.api`: clients are built from them.


class FhirCreated(Schema):
    id: int = Field(description="The new feedback's id; GET /api/fhir/QuestionnaireResponse/{id} returns it.")
    ignored_link_ids: list[str] = Field(description="Items whose linkId Heard's FFT Questionnaire does not have.")


def _fhir_response(resource, status: int = 200) -> HttpResponse:
    return HttpResponse(resource.model_dump_json(exclude_none=True), status=status, content_type=FHIR_JSON)


_FHIR_OUT = {200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}}


def answers_in_fhir(request, *, api_root: str) -> bool:
    return request.path.startswith(api_root + PATH)


def error_response(error: dict, *, status: int, code: str | None = None) -> HttpResponse:
    """An error on a FHIR path, given as the JSON API's error (`ErrorOut`), as an OperationOutcome."""
    return _fhir_response(outcomes.outcome_of_error(error, status=status, code=code), status=status)


def server_error_response() -> HttpResponse:
    """An exception no handler expected, on a FHIR path: a 500 saying only that the fault is Heard's."""
    return _fhir_response(outcomes.outcome_of_server_error(), status=500)


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


# Heard's field names, as the FHIR sender knows them.
_FHIR_FIELD = {
    "received_on": "authored",
    "rating": "item[fft]",
    "comments": "item",
    "giver_type": "item[respondent-type]",
    "source_key": "identifier",
}


@router.post(
    "/fhir/QuestionnaireResponse",
    operation_id="feedback_api_fhir_questionnaire_response_create",
    response={200: FhirCreated, 201: FhirCreated, **ERRORS},
    summary="Record an FHIR R4 QuestionnaireResponse to Heard's FFT Questionnaire",
    description=(
        "Send the resource as `application/fhir+json` (or `application/json`). `service_id` (a Heard "
        "service id, from GET /api/services) says which service the feedback is about. `status` must be "
        "completed or amended; `authored` is the date it was given, as a date (2026-11-30) or a date and "
        "time with its time zone (2026-11-30T14:05:00Z; a time without one is refused). Items are read by linkId as GET "
        "/api/fhir/Questionnaire/fft describes; other linkIds are ignored and listed in the reply. A resource "
        "Heard cannot read is a 422 `OperationOutcome` with an issue (code `invalid`) per problem, its "
        "`diagnostics` the FHIR path (e.g. `item[0].answer[0].valueInteger`); one Heard's rules refuse (a date "
        "in the future, say) is the same with code `business-rule`. "
        "Give the response an `identifier` (your system's id for it) so that sending it again is safe: the "
        "first time it is recorded (201); sent again with the same answers, the reply is 200 with the id "
        "recorded then, and nothing is added; with other answers, a 422 naming `identifier` (recorded "
        "feedback is not changed). Without an identifier, every request records new feedback."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
def fhir_questionnaire_response_create(request, response: HttpResponse, service_id: int):
    require(request.scope, Perm.RECORD_FEEDBACK)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise ValidationError({"resource": [f"The body is not valid JSON: {exc}"]}) from exc
    parsed = fhir.questionnaire_response_parse(payload)
    data = services.FeedbackInput(
        service_id=service_id,
        channel=Channel.FHIR,
        received_on=parsed.received_on,
        rating=parsed.rating,
        giver_type=parsed.giver_type,
        comments=parsed.comments,
        consent_to_quote=parsed.consent_to_quote,
        source_key=services.sent_key(via=fhir.VIA, sender_id=parsed.identifier) if parsed.identifier else "",
        sender_id=parsed.identifier,
    )
    try:
        feedback, created = record_once(request, data)
    except ValidationError as exc:
        # Read, then refused by Heard's rules (a date in the future, an identifier sent before with other
        # answers, a service that is not the sender's): not a resource that could not be read.
        fields = {_FHIR_FIELD.get(name, name): messages for name, messages in exc.message_dict.items()}
        return error_response({"fields": fields}, status=422, code="business-rule")
    response["Location"] = f"{request.path}/{feedback.id}"
    return Status(201 if created else 200, {"id": feedback.id, "ignored_link_ids": list(parsed.ignored_link_ids)})


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
            "When Heard recorded it (recorded feedback is not changed), with the same prefixes: "
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


@router.get(
    "/fhir/QuestionnaireResponse",
    operation_id="feedback_api_fhir_questionnaire_response_search",
    response={200: dict, 401: ErrorOut, 403: ErrorOut},
    summary="Search feedback as FHIR R4 QuestionnaireResponses, in a searchset Bundle (never who gave it)",
    description=SEARCH_DESCRIPTION,
    openapi_extra=SEARCH_OPENAPI,
)
def fhir_questionnaire_response_search(request):
    require(request.scope, Perm.VIEW_FEEDBACK)  # a commissioner is refused whatever they ask for
    lenient = _prefers_lenient(request)
    try:
        search = fhir_search.search_parse(request.GET.lists(), lenient=lenient)
    except fhir_search.SearchRefused as refused:
        return _fhir_response(_refusal(refused.problems), status=400)
    page = fhir_search.page_of(selectors.feedback_matching(scope=request.scope, where=search.where), search)
    response = _fhir_response(_bundle(request, search, page))
    if lenient:
        response["Preference-Applied"] = "handling=lenient"
    return response


def _prefers_lenient(request) -> bool:
    """FHIR's `Prefer: handling=lenient`; strict when it is not asked for."""
    preferences = request.headers.get("Prefer", "").replace(";", ",").split(",")
    return any(p.replace(" ", "").lower() == "handling=lenient" for p in preferences)


def _refusal(problems) -> OperationOutcome:
    return outcomes.outcome(
        outcomes.issue(
            code="not-supported" if problem.unknown else "value", text=problem.message, where=problem.parameter
        )
        for problem in problems
    )


def _bundle(request, search, page) -> Bundle:
    def link(relation: str, cursor=None) -> dict:
        query = [*search.applied, *([("_page", cursor.token())] if cursor else [])]
        return {"relation": relation, "url": f"{request.build_absolute_uri(request.path)}?{urlencode(query)}"}

    links = [link("self", search.cursor), link("first")]
    links += [link("next", page.next)] if page.next else []
    links += [link("previous", page.previous)] if page.previous else []
    entries = [
        {
            "fullUrl": request.build_absolute_uri(f"{request.path}/{feedback.id}"),
            "resource": fhir.questionnaire_response_from_feedback(
                feedback, comment_text=lambda c: selectors.comment_text_for(scope=request.scope, comment=c)
            ),
            "search": {"mode": "match"},
        }
        for feedback in page.items
    ]
    if search.ignored:
        # Lenient handling: what was left out is said, in the Bundle, rather than refused.
        issues = [
            outcomes.issue(
                severity="warning",
                code="not-supported",
                text=f"{name} was left out: {fhir_search.not_searched_by(name)}",
                where=name,
            )
            for name in search.ignored
        ]
        outcome = {"resourceType": "OperationOutcome", "issue": issues}
        entries.append({"resource": outcome, "search": {"mode": "outcome"}})
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": page.total,
            "link": links,
            **({"entry": entries} if entries else {}),
        }
    )


@router.get(
    "/fhir/QuestionnaireResponse/{feedback_id}",
    operation_id="feedback_api_fhir_questionnaire_response_get",
    response={200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One piece of feedback as an FHIR R4 QuestionnaireResponse (never who gave it)",
    description=(
        "Feedback sent as a QuestionnaireResponse with an `identifier` carries that identifier, as it was sent. "
        "An id Heard has not given, whatever its shape (`abc`, `012`), is a 404 `not-found`."
    ),
    openapi_extra={"responses": _FHIR_OUT},
)
def fhir_questionnaire_response_get(request, feedback_id: str):
    feedback = selectors.feedback_get(scope=request.scope, feedback_id=_heard_id(feedback_id))
    return _fhir_response(
        fhir.questionnaire_response_from_feedback(
            feedback, comment_text=lambda c: selectors.comment_text_for(scope=request.scope, comment=c)
        )
    )


def _heard_id(fhir_id: str) -> int:
    """The feedback id a resource id names. One that is not an id Heard gives (a whole number, written
    as Heard writes it) names nothing, as an id never given names nothing: not found, not invalid."""
    if not (fhir_id.isascii() and fhir_id.isdigit() and str(int(fhir_id)) == fhir_id and int(fhir_id) <= MAX_INT):
        raise Feedback.DoesNotExist
    return int(fhir_id)


@router.get(
    "/fhir/Questionnaire/fft",
    operation_id="feedback_api_fhir_questionnaire_get",
    response={200: dict, **ERRORS},
    summary="Heard's Friends and Family Test as an FHIR R4 Questionnaire",
    openapi_extra={"responses": _FHIR_OUT},
)
def fhir_questionnaire_get(request):
    return _fhir_response(fhir.questionnaire())


_EVERY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_NOT_HERE = {"detail": "Heard answers FHIR for QuestionnaireResponse and Questionnaire/fft only."}


@router.api_operation(_EVERY_METHOD, "/fhir/{path:rest}", include_in_schema=False)
def fhir_not_here(request, rest: str):
    """Anything else under the FHIR base (another resource type, an interaction Heard does not have)
    is a 404 a FHIR client can read, not the HTML page a person would see. Last, so that every path
    above is matched first."""
    return error_response(_NOT_HERE, status=404)


@router.api_operation(_EVERY_METHOD, "/fhir/", include_in_schema=False)
def fhir_base(request):
    return error_response(_NOT_HERE, status=404)
