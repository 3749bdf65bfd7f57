"""How a QuestionnaireResponse Heard cannot read is refused: each problem named at its FHIR path, in
plain words, and each answer Heard reads taken only in its own JSON type."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponseItemAnswer
from pydantic import ConfigDict
from pydantic import ValidationError as PydanticValidationError

from core.api_schemas import field_path


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
