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

from feedback.fhir.reading import ACCEPTED_STATUSES, MAX_NESTING, ParsedResponse, questionnaire_response_parse
from feedback.fhir.refusals import AUTHORED_UNREADABLE, AUTHORED_WITHOUT_ZONE, BLANK_ANSWER, CODING_NOT_AN_OBJECT
from feedback.fhir.terms import (
    BASE_URL,
    FFT_SYSTEM,
    GIVER_SYSTEM,
    LINK_BETTER,
    LINK_COMMENT,
    LINK_CONSENT,
    LINK_FFT,
    LINK_GIVER,
    LINK_GOOD,
    MAX_IDENTIFIER,
    QUESTIONNAIRE_URL,
    QUESTIONNAIRE_VERSION,
    SERVICE_SYSTEM,
    UK_TIME,
    VIA,
    fhir_string,
)
from feedback.fhir.writing import questionnaire, questionnaire_response_from_feedback

__all__ = [
    "ACCEPTED_STATUSES",
    "AUTHORED_UNREADABLE",
    "AUTHORED_WITHOUT_ZONE",
    "BASE_URL",
    "BLANK_ANSWER",
    "CODING_NOT_AN_OBJECT",
    "FFT_SYSTEM",
    "GIVER_SYSTEM",
    "LINK_BETTER",
    "LINK_COMMENT",
    "LINK_CONSENT",
    "LINK_FFT",
    "LINK_GIVER",
    "LINK_GOOD",
    "MAX_IDENTIFIER",
    "MAX_NESTING",
    "QUESTIONNAIRE_URL",
    "QUESTIONNAIRE_VERSION",
    "SERVICE_SYSTEM",
    "UK_TIME",
    "VIA",
    "ParsedResponse",
    "fhir_string",
    "questionnaire",
    "questionnaire_response_from_feedback",
    "questionnaire_response_parse",
]
