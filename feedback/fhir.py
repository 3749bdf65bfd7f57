"""Heard's Friends and Family Test as FHIR R4: the Questionnaire, and QuestionnaireResponses in and out.

Pure mapping, no database. fhir.resources' R4B models are used for both directions: for
QuestionnaireResponse and Questionnaire, R4B is R4 with no change to any element Heard uses.

Heard's FFT Questionnaire (canonical URL `QUESTIONNAIRE_URL`, served at GET /api/fhir/Questionnaire/fft):

    linkId                 answer type                         maps to
    fft                    valueCoding (FFT_SYSTEM, "1".."6")  Feedback.rating
                           also valueInteger 1..6, or valueString matching the display text
                           ("Very good" ... "Don't know", any case)
    what-was-good          valueString                         a comment, question "What was good?"
    what-could-be-better   valueString                         a comment, question "What could be better?"
    comment                valueString (repeats; item.text      any other comment, question = item.text
                           holds the question)
    respondent-type        valueCoding (GIVER_SYSTEM, codes     Feedback.giver_type
                           of feedback.models.GiverType)
    consent-to-quote       valueBoolean                        Feedback.consent_to_quote

Each answer Heard reads must carry its value in its own JSON type (true, not "yes"; 1, not "1" or
1.0); one that does not is refused, naming where, never guessed at (`_StrictAnswer`).

`authored` is the date the feedback was given (a dateTime is read as its date in UK time). Items
with other linkIds are ignored and reported back; items inside groups or nested under answers are read
the same way; `fft`, `respondent-type` and `consent-to-quote` are answered once at most, wherever they
are. The service comes from the request (`?service_id=`), never from `subject`. The
`identifier` (the sending system's id for the response) makes sending it again safe: Heard records a
response once per identifier (`services.feedback_record_once`).

Going out, `subject` is the service (identifier in `SERVICE_SYSTEM`, display its name), and a response
sent with an `identifier` carries it back as it was sent. Nothing personal ever goes out: no person,
author, source or contact details.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse, QuestionnaireResponseItemAnswer
from pydantic import ConfigDict
from pydantic import ValidationError as PydanticValidationError

from core.api_schemas import NUL_MESSAGE, field_path, nul_at
from feedback.models import FFT_QUESTION, QUESTION_BETTER, QUESTION_GOOD, Comment, Feedback, GiverType, Rating

BASE_URL = "https://heard.example/fhir"
QUESTIONNAIRE_URL = f"{BASE_URL}/Questionnaire/fft"
QUESTIONNAIRE_VERSION = "1.0.0"
FFT_SYSTEM = f"{BASE_URL}/CodeSystem/fft-response"
GIVER_SYSTEM = f"{BASE_URL}/CodeSystem/respondent-type"
SERVICE_SYSTEM = f"{BASE_URL}/service-id"

# How feedback sent as FHIR is told apart from feedback sent with the same id another way.
VIA = "fhir"
MAX_IDENTIFIER = Feedback._meta.get_field("sender_id").max_length

ACCEPTED_STATUSES = ("completed", "amended")
# JSON levels a response may nest: Heard's Questionnaire needs fewer than ten. Deeper ones would
# exhaust Python's recursion while they are validated.
MAX_NESTING = 64
UK_TIME = ZoneInfo("Europe/London")

LINK_FFT = "fft"
LINK_GOOD = "what-was-good"
LINK_BETTER = "what-could-be-better"
LINK_COMMENT = "comment"
LINK_GIVER = "respondent-type"
LINK_CONSENT = "consent-to-quote"

# An R4 string holds no control characters but tab, carriage return and line feed (its pattern is
# `[ \r\n\t\S]+`). Comments pasted from a word processor can hold a vertical tab or worse; going
# out, each becomes a space, as in the spreadsheet download.
_NOT_IN_A_FHIR_STRING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def fhir_string(text: str) -> str:
    return _NOT_IN_A_FHIR_STRING.sub(" ", text)


_QUESTION_FOR_LINK = {LINK_GOOD: QUESTION_GOOD, LINK_BETTER: QUESTION_BETTER}
# Items that set one value of the feedback, rather than add a comment.
_ANSWERED_ONCE = frozenset({LINK_FFT, LINK_GIVER, LINK_CONSENT})
_LINK_FOR_QUESTION = {question: link for link, question in _QUESTION_FOR_LINK.items()}


@dataclass(frozen=True)
class ParsedResponse:
    """What a QuestionnaireResponse says, in Heard's terms. Comments are (question, text) pairs."""

    received_on: dt.date
    rating: int | None = None
    giver_type: str = GiverType.NOT_SAID
    consent_to_quote: bool = False
    comments: tuple[tuple[str, str], ...] = ()
    ignored_link_ids: tuple[str, ...] = field(default_factory=tuple)
    identifier: str = ""  # the sender's identifier (system|value), when it gave one


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


_RATING_BY_DISPLAY = {_normalise(label): value for value, label in Rating.choices}


def _path(loc: Iterable) -> str:
    return field_path(loc) or "resource"


# A date and time with no time zone, which R4 refuses: the time could be either side of midnight in
# the UK, so the day the feedback was given would be a guess.
_TIME_WITHOUT_ZONE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
AUTHORED_WITHOUT_ZONE = (
    "The time in authored has no time zone. Add one, as in 2026-11-30T14:05:00Z or "
    "2026-07-01T14:05:00+01:00, or send the date alone, as in 2026-11-30."
)
AUTHORED_UNREADABLE = (
    "authored is not a date Heard can read. Send the date, as in 2026-11-30, or the date and time "
    "with a time zone, as in 2026-11-30T14:05:00Z."
)
# A comment of spaces only, refused rather than dropped, as the JSON API refuses one.
BLANK_ANSWER = "This answer is blank: write the comment, or leave the item out."


class _StrictAnswer(QuestionnaireResponseItemAnswer):
    """The library's answer element, taking each value only in its own JSON type. The library reads
    FHIR leniently (pydantic's lax mode): `"valueBoolean": "yes"` as true, `"valueInteger": "1"` or `1.0`
    as 1. FHIR JSON is strict about types, and a consent sent as a word is a sender's bug to refuse,
    not to guess at. Asking for strictness when validating does not reach the library's nested
    elements, so the answers Heard reads are validated again with this model (strict in its own
    config), from the JSON as it was sent."""

    model_config = ConfigDict(strict=True)


# The library's (pydantic's) words for a value of the wrong JSON type, in plain words.
_WRONG_TYPE = {
    "bool_type": "Send true or false, without quotes.",
    "bool_parsing": "Send true or false, without quotes.",
    "int_type": "Send a whole number without quotes, as in 1.",
    "int_parsing": "Send a whole number without quotes, as in 1.",
    "int_from_float": "Send a whole number without quotes, as in 1.",
    "string_type": "Send text, in quotes.",
}
CODING_NOT_AN_OBJECT = 'Send a coding as an object with its system and code, as in {"system": "...", "code": "1"}.'


def _answer_types(payload: dict, loc: tuple) -> None:
    """Refuse an answer Heard reads whose values are not in their own JSON types, naming where."""
    raw: object = payload
    for key in loc:
        raw = raw[key]
    try:
        _StrictAnswer.model_validate_json(json.dumps(raw))
    except PydanticValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            errors.setdefault(_path((*loc, *error["loc"])), []).append(_library_message(error))
        raise ValidationError(errors) from exc


def _library_message(error: dict) -> str:
    """The FHIR library's message for a problem, in plain words where its own are not."""
    given = error.get("input")
    if error["type"] in _WRONG_TYPE:
        return _WRONG_TYPE[error["type"]]
    if error["type"] == "model_type" and error["loc"][-1:] == ("valueCoding",):
        return CODING_NOT_AN_OBJECT
    if error["loc"][-1:] == ("valueString",) and isinstance(given, str) and not given.strip():
        return BLANK_ANSWER  # an empty string (or a no-break space) fails R4's string pattern
    if error["loc"] == ("authored",):
        if isinstance(given, str) and _TIME_WITHOUT_ZONE.fullmatch(given.strip()):
            return AUTHORED_WITHOUT_ZONE
        return AUTHORED_UNREADABLE
    return error["msg"]


def _invalid(path: str, message: str) -> ValidationError:
    return ValidationError({path: [message]})


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


def _walk(items, loc: tuple) -> Iterator[tuple[object, tuple]]:
    """Every answerable item, looking through groups and into items nested under answers."""
    for index, item in enumerate(items or ()):
        here = (*loc, "item", index)
        if item.item:
            yield from _walk(item.item, here)
        if item.answer or not item.item:
            yield item, here
        for answer_index, answer in enumerate(item.answer or ()):
            yield from _walk(answer.item, (*here, "answer", answer_index))


def _only_answer(item, loc: tuple):
    """The single answer of an item, or None if it was not answered."""
    answers = item.answer or []
    if len(answers) > 1:
        raise _invalid(_path((*loc, "answer")), f"The '{item.linkId}' item takes one answer.")
    return answers[0] if answers else None


def _coding_code(coding, system: str, loc: tuple) -> str:
    if coding.system and coding.system != system:
        raise _invalid(_path((*loc, "system")), f"Use the code system {system}.")
    return coding.code or ""


def _rating(answer, loc: tuple) -> int:
    if answer.valueCoding is not None:
        code = _coding_code(answer.valueCoding, FFT_SYSTEM, (*loc, "valueCoding"))
        if code in {str(v) for v in Rating.values}:
            return int(code)
        raise _invalid(_path((*loc, "valueCoding", "code")), "The code must be 1 to 6 (Very good to Don't know).")
    if answer.valueInteger is not None:
        if answer.valueInteger in Rating.values:
            return answer.valueInteger
        raise _invalid(_path((*loc, "valueInteger")), "The answer must be 1 to 6 (Very good to Don't know).")
    if answer.valueString is not None:
        rating = _RATING_BY_DISPLAY.get(_normalise(answer.valueString))
        if rating is not None:
            return rating
        choices = ", ".join(f"'{label}'" for label in Rating.labels)
        raise _invalid(_path((*loc, "valueString")), f"The answer must be one of {choices}.")
    raise _invalid(_path(loc), "Answer the 'fft' item with valueCoding, valueInteger or valueString.")


def _text(answer, link_id: str, loc: tuple) -> str:
    if answer.valueString is None:
        raise _invalid(_path(loc), f"Answer the '{link_id}' item with valueString.")
    if not answer.valueString.strip():
        # Saved comments are trimmed, so this one would vanish without a word to the sender.
        raise _invalid(_path((*loc, "valueString")), BLANK_ANSWER)
    return answer.valueString


def _when(authored, loc: tuple) -> dt.date:
    if isinstance(authored, dt.datetime):
        return authored.astimezone(UK_TIME).date() if authored.tzinfo else authored.date()
    if isinstance(authored, dt.date):
        return authored
    raise _invalid(_path(loc), "Give the date the feedback was given, as a full date (YYYY-MM-DD) or date and time.")


def _too_deep(payload: object) -> bool:
    """Whether JSON lists and objects nest more than MAX_NESTING levels (counted without recursion)."""
    stack = [(payload, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > MAX_NESTING:
                    return True
                stack.append((child, depth + 1))
    return False


def questionnaire_response_parse(payload: object) -> ParsedResponse:
    """Read an R4 QuestionnaireResponse (a parsed JSON object). Raises ValidationError keyed by FHIR path."""
    if not isinstance(payload, dict):
        raise _invalid("resource", "Send a QuestionnaireResponse as a JSON object.")
    if payload.get("resourceType") != "QuestionnaireResponse":
        raise _invalid("resourceType", "The resourceType must be QuestionnaireResponse.")
    if _too_deep(payload):
        raise _invalid("item", f"Items are nested more than {MAX_NESTING} levels deep.")
    nul = nul_at(payload)  # R4's string pattern lets it through; PostgreSQL cannot store it
    if nul is not None:
        raise _invalid(_path(nul), NUL_MESSAGE)
    if payload.get("authored") is not None and not isinstance(payload["authored"], str):
        # The library reads a number as seconds since 1970, so the feedback was recorded as given then.
        raise _invalid("authored", AUTHORED_UNREADABLE)
    try:
        response = QuestionnaireResponse.model_validate(payload)
    except PydanticValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            errors.setdefault(_path(error["loc"]), []).append(_library_message(error))
        raise ValidationError(errors) from exc
    if response.status not in ACCEPTED_STATUSES:
        raise _invalid("status", "Only completed or amended responses can be recorded.")
    if response.authored is None:
        raise _invalid("authored", "Give the date the feedback was given.")
    received_on = _when(response.authored, ("authored",))
    identifier = ""
    if response.identifier is not None and response.identifier.value:
        identifier = f"{response.identifier.system or ''}|{response.identifier.value}"
        if len(identifier) > MAX_IDENTIFIER:
            raise _invalid(
                "identifier",
                f"The identifier is too long: its system and value can be up to {MAX_IDENTIFIER} characters together.",
            )

    rating: int | None = None
    giver_type: str = GiverType.NOT_SAID
    consent = False
    comments: list[tuple[str, str]] = []
    ignored: list[str] = []
    answered: set[str] = set()
    for item, loc in _walk(response.item, ()):
        link_id = item.linkId
        if link_id == LINK_COMMENT:
            for index, answer in enumerate(item.answer or ()):
                _answer_types(payload, (*loc, "answer", index))
                comments.append((item.text or "", _text(answer, link_id, (*loc, "answer", index))))
            continue
        if link_id not in (LINK_FFT, LINK_GOOD, LINK_BETTER, LINK_GIVER, LINK_CONSENT):
            if link_id not in ignored:
                ignored.append(link_id)
            continue
        for index in range(len(item.answer or ())):
            _answer_types(payload, (*loc, "answer", index))
        answer = _only_answer(item, loc)
        if answer is None:
            continue
        if link_id in _ANSWERED_ONCE:
            # Two answers to one of these would leave Heard to pick one of them without saying so.
            if link_id in answered:
                raise _invalid(_path(loc), f"The '{link_id}' item is answered more than once; answer it once.")
            answered.add(link_id)
        answer_loc = (*loc, "answer", 0)
        if link_id == LINK_FFT:
            rating = _rating(answer, answer_loc)
        elif link_id in _QUESTION_FOR_LINK:
            comments.append((_QUESTION_FOR_LINK[link_id], _text(answer, link_id, answer_loc)))
        elif link_id == LINK_GIVER:
            if answer.valueCoding is None:
                raise _invalid(_path(answer_loc), "Answer the 'respondent-type' item with valueCoding.")
            code = _coding_code(answer.valueCoding, GIVER_SYSTEM, (*answer_loc, "valueCoding"))
            if code not in GiverType.values:
                raise _invalid(
                    _path((*answer_loc, "valueCoding", "code")),
                    "The code must be one of " + ", ".join(GiverType.values) + ".",
                )
            giver_type = code
        elif link_id == LINK_CONSENT:
            if answer.valueBoolean is None:
                raise _invalid(_path(answer_loc), "Answer the 'consent-to-quote' item with valueBoolean.")
            consent = answer.valueBoolean
    return ParsedResponse(
        received_on=received_on,
        rating=rating,
        giver_type=giver_type,
        consent_to_quote=consent,
        comments=tuple(comments),
        ignored_link_ids=tuple(ignored),
        identifier=identifier,
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
            # When Heard recorded it: recorded feedback is never changed (`_lastUpdated` searches it).
            "meta": {"lastUpdated": feedback.created_at.isoformat()},
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
