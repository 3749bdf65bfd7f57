"""Reading a QuestionnaireResponse sent to Heard into what it says in Heard's terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError as PydanticValidationError

from core.api_schemas import NUL_MESSAGE, nul_at
from feedback.fhir.refusals import (
    AUTHORED_UNREADABLE,
    BLANK_ANSWER,
    _answer_types,
    _invalid,
    _library_message,
    _path,
)
from feedback.fhir.terms import (
    _ANSWERED_ONCE,
    _QUESTION_FOR_LINK,
    FFT_SYSTEM,
    GIVER_SYSTEM,
    LINK_BETTER,
    LINK_COMMENT,
    LINK_CONSENT,
    LINK_FFT,
    LINK_GIVER,
    LINK_GOOD,
    MAX_IDENTIFIER,
    UK_TIME,
)
from feedback.models import GiverType, Rating

ACCEPTED_STATUSES = ("completed", "amended")
# JSON levels a response may nest: Heard's Questionnaire needs fewer than ten. Deeper ones would
# exhaust Python's recursion while they are validated.
MAX_NESTING = 64


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
