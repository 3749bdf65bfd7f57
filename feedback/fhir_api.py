"""FHIR R4 for feedback: QuestionnaireResponse in, out and searched, and Heard's FFT Questionnaire.

What goes out is what the JSON API would give the same caller (`feedback.api`): never who gave the
feedback, comment text as they may read it (`selectors.comment_text_for`), and nothing at all to a
commissioner. Handlers make one domain call each.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from core.api_schemas import ERRORS
from feedback import fhir, selectors, services
from feedback.api import record_once
from feedback.models import Channel
from feedback.rules import Perm, require

router = Router(tags=["fhir"])

FHIR_JSON = "application/fhir+json"
# Operation ids are kept as they were when these endpoints lived in `feedback.api`: clients are built from them.


class FhirCreated(Schema):
    id: int = Field(description="The new feedback's id; GET /api/fhir/QuestionnaireResponse/{id} returns it.")
    ignored_link_ids: list[str] = Field(description="Items whose linkId Heard's FFT Questionnaire does not have.")


def _fhir_response(resource, status: int = 200) -> HttpResponse:
    return HttpResponse(resource.model_dump_json(exclude_none=True), status=status, content_type=FHIR_JSON)


_FHIR_OUT = {200: {"content": {FHIR_JSON: {"schema": {"type": "object"}}}}}


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
        "/api/fhir/Questionnaire/fft describes; other linkIds are ignored and listed in the reply. An invalid "
        "resource is a 422 whose `fields` are keyed by the FHIR path (e.g. `item[0].answer[0].valueInteger`). "
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
        raise ValidationError(
            {_FHIR_FIELD.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc
    response["Location"] = f"{request.path}/{feedback.id}"
    return Status(201 if created else 200, {"id": feedback.id, "ignored_link_ids": list(parsed.ignored_link_ids)})


@router.get(
    "/fhir/QuestionnaireResponse/{feedback_id}",
    operation_id="feedback_api_fhir_questionnaire_response_get",
    response={200: dict, **ERRORS},
    summary="One piece of feedback as an FHIR R4 QuestionnaireResponse (never who gave it)",
    description=(
        "Feedback sent as a QuestionnaireResponse with an `identifier` carries that identifier, as it was sent."
    ),
    openapi_extra={"responses": _FHIR_OUT},
)
def fhir_questionnaire_response_get(request, feedback_id: int):
    feedback = selectors.feedback_get(scope=request.scope, feedback_id=feedback_id)
    return _fhir_response(
        fhir.questionnaire_response_from_feedback(
            feedback, comment_text=lambda c: selectors.comment_text_for(scope=request.scope, comment=c)
        )
    )


@router.get(
    "/fhir/Questionnaire/fft",
    operation_id="feedback_api_fhir_questionnaire_get",
    response={200: dict, **ERRORS},
    summary="Heard's Friends and Family Test as an FHIR R4 Questionnaire",
    openapi_extra={"responses": _FHIR_OUT},
)
def fhir_questionnaire_get(request):
    return _fhir_response(fhir.questionnaire())
