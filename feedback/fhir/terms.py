"""The names Heard's FFT Questionnaire is written in, both ways: its address and code systems, the
linkIds of its items, and what an R4 string may hold."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from feedback.models import QUESTION_BETTER, QUESTION_GOOD, Feedback

BASE_URL = "https://heard.example/fhir"
QUESTIONNAIRE_URL = f"{BASE_URL}/Questionnaire/fft"
QUESTIONNAIRE_VERSION = "1.0.0"
FFT_SYSTEM = f"{BASE_URL}/CodeSystem/fft-response"
GIVER_SYSTEM = f"{BASE_URL}/CodeSystem/respondent-type"
SERVICE_SYSTEM = f"{BASE_URL}/service-id"

# How feedback sent as FHIR is told apart from feedback sent with the same id another way.
VIA = "fhir"
MAX_IDENTIFIER = Feedback._meta.get_field("sender_id").max_length


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
