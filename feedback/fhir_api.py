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
from ninja import Router

from core.api_schemas import ERRORS, MAX_INT, ErrorOut
from feedback import fhir, fhir_search, selectors, services
from feedback.api import record_once
from feedback.fhir import outcomes
from feedback.fhir_openapi import CREATE_PREFER, FHIR_JSON, SEARCH_DESCRIPTION, SEARCH_OPENAPI
from feedback.models import Channel, Feedback
from feedback.rules import Perm, require

router = Router(tags=["fhir"])

# Every path under this one (from the API's root), and only these, answers its errors as FHIR does.
PATH = "fhir/"
# Operation ids are kept as they were when these endpoints lived in `feedback.api`: clients are built from them.


def _fhir_response(resource, status: int = 200) -> HttpResponse:
    return HttpResponse(resource.model_dump_json(exclude_none=True), status=status, content_type=FHIR_JSON)


_FHIR_OUT = {200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}}
_CREATED_OUT = {
    status: {
        "description": meaning,
        "headers": {
            "Location": {"description": "The read URL of the feedback, absolute", "schema": {"type": "string"}}
        },
        "content": {FHIR_JSON: {"schema": {"type": "object"}}},
    }
    for status, meaning in ((201, "Recorded"), (200, "Recorded when first sent; nothing was added"))
}


def answers_in_fhir(request, *, api_root: str) -> bool:
    return request.path.startswith(api_root + PATH)


def error_response(error: dict, *, status: int, code: str | None = None) -> HttpResponse:
    """An error on a FHIR path, given as the JSON API's error (`ErrorOut`), as an OperationOutcome."""
    return _fhir_response(outcomes.outcome_of_error(error, status=status, code=code), status=status)


def server_error_response() -> HttpResponse:
    """An exception no handler expected, on a FHIR path: a 500 saying only that the fault is Heard's."""
    return _fhir_response(outcomes.outcome_of_server_error(), status=500)


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
    response={200: dict, 201: dict, **ERRORS},
    summary="Record an FHIR R4 QuestionnaireResponse to Heard's FFT Questionnaire",
    description=(
        "Send the resource as `application/fhir+json` (or `application/json`). `service_id` (a Heard "
        "service id, from GET /api/services) says which service the feedback is about. `status` must be "
        "completed or amended; `authored` is the date it was given, as a date (2026-11-30) or a date and "
        "time with its time zone (2026-11-30T14:05:00Z; a time without one is refused). Items are read by linkId as GET "
        "/api/fhir/Questionnaire/fft describes; other linkIds are ignored. The reply is 201 with a `Location` "
        "header, the absolute read URL of the feedback, and as its body (`application/fhir+json`) the QuestionnaireResponse "
        "as that URL gives it to you (no body while it is withheld from you for an urgent flag), or what "
        "`Prefer` asks for: nothing, or an OperationOutcome naming each linkId ignored. A resource "
        "Heard cannot read is a 422 `OperationOutcome` with an issue (code `invalid`) per problem, its "
        "`diagnostics` the FHIR path (e.g. `item[0].answer[0].valueInteger`); one Heard's rules refuse (a date "
        "in the future, or a `service_id` that has closed or is not one of yours) is the same with code "
        "`business-rule`. "
        "Give the response an `identifier` (your system's id for it) so that sending it again is safe: the "
        "first time it is recorded (201); sent again with the same answers, the reply is 200 with the feedback "
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
        },
        "parameters": [CREATE_PREFER],
        "responses": _CREATED_OUT,
    },
)
def fhir_questionnaire_response_create(request, service_id: int):
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
    return _created(request, feedback.id, created=created, ignored_link_ids=parsed.ignored_link_ids)


def _created(request, feedback_id: int, *, created: bool, ignored_link_ids) -> HttpResponse:
    """A create's answer, as `Prefer: return=` asks: the resource as a read gives it to the sender (the
    default), nothing (`minimal`), or an OperationOutcome saying what was recorded and which items
    were left out (`OperationOutcome`). Nothing too where the sender may not read what it sent: it is
    withheld from them while it carries an urgent flag (ADR 0007)."""
    status = 201 if created else 200
    preferences = _preferences(request)
    if "return=operationoutcome" in preferences:
        body = outcomes.outcome_of_create(feedback_id, created, ignored_link_ids)
    elif "return=minimal" in preferences:
        body = None
    else:
        try:
            body = _as_read(request, feedback_id)
        except Feedback.DoesNotExist:  # withheld from the sender
            body = None
    if body is None:
        answer = HttpResponse(status=status)
        del answer["Content-Type"]
    else:
        answer = _fhir_response(body, status=status)
    # Absolute, as the sender reached Heard (and as a search's `fullUrl`): a path alone would be read
    # against the FHIR base. No `_history/1`: Heard keeps no versions to read.
    answer["Location"] = request.build_absolute_uri(f"{request.path}/{feedback_id}")
    return answer


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


def _preferences(request) -> set[str]:
    """What the `Prefer` header asks for, each as `name=value` in lower case."""
    return {p.replace(" ", "").lower() for p in request.headers.get("Prefer", "").replace(";", ",").split(",")}


def _prefers_lenient(request) -> bool:
    """FHIR's `Prefer: handling=lenient`; strict when it is not asked for."""
    return "handling=lenient" in _preferences(request)


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
    return _fhir_response(_as_read(request, _heard_id(feedback_id)))


def _as_read(request, feedback_id: int):
    """The QuestionnaireResponse as the caller may read it; one they may not is not found."""
    feedback = selectors.feedback_get(scope=request.scope, feedback_id=feedback_id)
    return fhir.questionnaire_response_from_feedback(
        feedback, comment_text=lambda c: selectors.comment_text_for(scope=request.scope, comment=c)
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
