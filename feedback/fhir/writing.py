"""What Heard sends out: its FFT Questionnaire, and a piece of feedback as a QuestionnaireResponse."""

from __future__ import annotations

from collections.abc import Callable

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from feedback.fhir.terms import (
    _LINK_FOR_QUESTION,
    FFT_SYSTEM,
    GIVER_SYSTEM,
    LINK_BETTER,
    LINK_COMMENT,
    LINK_CONSENT,
    LINK_FFT,
    LINK_GIVER,
    LINK_GOOD,
    QUESTIONNAIRE_URL,
    QUESTIONNAIRE_VERSION,
    SERVICE_SYSTEM,
    VIA,
    fhir_string,
)
from feedback.models import FFT_QUESTION, QUESTION_BETTER, QUESTION_GOOD, Comment, GiverType, Rating


def questionnaire() -> Questionnaire:
    """Heard's FFT Questionnaire, so other systems can see how their answers are read."""
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": "fft",
            "url": QUESTIONNAIRE_URL,
            "version": QUESTIONNAIRE_VERSION,
            "name": "HeardFriendsAndFamilyTest",
            "title": "Friends and Family Test",
            "status": "active",
            "subjectType": ["Location"],
            "publisher": "Heard",
            "description": (
                "The NHS Friends and Family Test as Heard records it. Send answers as a QuestionnaireResponse "
                "to POST /api/fhir/QuestionnaireResponse?service_id=<Heard service id>. The fft item also "
                "accepts valueInteger 1 to 6, or valueString with the answer's display text."
            ),
            "item": [
                {
                    "linkId": LINK_FFT,
                    "text": FFT_QUESTION,
                    "type": "choice",
                    "required": False,
                    "answerOption": [
                        {"valueCoding": {"system": FFT_SYSTEM, "code": str(value), "display": label}}
                        for value, label in Rating.choices
                    ],
                },
                {"linkId": LINK_GOOD, "text": QUESTION_GOOD, "type": "text"},
                {"linkId": LINK_BETTER, "text": QUESTION_BETTER, "type": "text"},
                {
                    "linkId": LINK_COMMENT,
                    "text": "Any other comment (the response item's text holds the question asked)",
                    "type": "text",
                    "repeats": True,
                },
                {
                    "linkId": LINK_GIVER,
                    "text": "Who is giving this feedback?",
                    "type": "choice",
                    "answerOption": [
                        {"valueCoding": {"system": GIVER_SYSTEM, "code": value, "display": label}}
                        for value, label in GiverType.choices
                    ],
                },
                {"linkId": LINK_CONSENT, "text": "May we quote what you said, without your name?", "type": "boolean"},
            ],
        }
    )


def _identifier(feedback) -> dict:
    """The identifier the response was sent with, as sent (kept as system|value; a system is a URI,
    which holds no "|", so the first one parts them)."""
    sent = feedback.sent_with_id(via=VIA)
    if not sent:
        return {}
    system, _, value = sent.partition("|")
    return {"identifier": {"system": system, "value": value} if system else {"value": value}}


def questionnaire_response_from_feedback(feedback, *, comment_text: Callable[[Comment], str]) -> QuestionnaireResponse:
    """One piece of feedback as an R4 QuestionnaireResponse. Never the person, nor how to contact them;
    each comment's words as ``comment_text`` gives them to the reader (``selectors.comment_text_for``)."""
    items: list[dict] = []
    if feedback.rating is not None:
        items.append(
            {
                "linkId": LINK_FFT,
                "text": FFT_QUESTION,
                "answer": [
                    {
                        "valueCoding": {
                            "system": FFT_SYSTEM,
                            "code": str(feedback.rating),
                            "display": Rating(feedback.rating).label,
                        }
                    }
                ],
            }
        )
    answered: set[str] = set()
    for comment in feedback.comments.all():
        link_id = _LINK_FOR_QUESTION.get(comment.question, LINK_COMMENT)
        if link_id in answered and link_id != LINK_COMMENT:
            # The Questionnaire's own questions are answered once; a second answer to one of them
            # (feedback recorded through the JSON API can have two) goes out as a comment with the
            # question as its text, which repeats and reads back the same.
            link_id = LINK_COMMENT
        answered.add(link_id)
        item = {"linkId": link_id, "answer": [{"valueString": fhir_string(comment_text(comment))}]}
        if comment.question:
            item["text"] = fhir_string(comment.question)
        items.append(item)
    items.append(
        {
            "linkId": LINK_GIVER,
            "answer": [
                {
                    "valueCoding": {
                        "system": GIVER_SYSTEM,
                        "code": feedback.giver_type,
                        "display": GiverType(feedback.giver_type).label,
                    }
                }
            ],
        }
    )
    items.append({"linkId": LINK_CONSENT, "answer": [{"valueBoolean": bool(feedback.consent_to_quote)}]})
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(feedback.id),
            # When Heard recorded it, or last changed it after: consent withdrawn, or made anonymous
            # (`_lastUpdated` searches it), so a system syncing by it fetches the changed version.
            "meta": {"lastUpdated": feedback.last_changed_at.isoformat()},
            **_identifier(feedback),
            "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
            "status": "completed",
            "authored": feedback.received_on.isoformat(),
            "subject": {
                "identifier": {"system": SERVICE_SYSTEM, "value": str(feedback.service_id)},
                "display": feedback.service.name,
            },
            "item": items,
        }
    )
