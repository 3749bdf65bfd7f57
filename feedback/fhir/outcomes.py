"""How Heard's FHIR endpoints say what went wrong: an R4 OperationOutcome, one issue per problem.

Every error on a FHIR path answers this way, whatever refused the request (the token, a role, a path
or method Heard does not have, a resource it cannot read): a FHIR client reads one shape. Each issue
says what is wrong in `details.text` and where in `diagnostics` (a query parameter, or the FHIR path
of an element, such as `item[0].answer[0].valueInteger`). Neither ever holds a value that was sent:
the words are Heard's, so nothing personal in a request is written back into the answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from fhir.resources.R4B.operationoutcome import OperationOutcome

from feedback.fhir.terms import fhir_string

# R4's IssueType for each status an error answers with. A 422 is `invalid` when what was sent cannot
# be read, `business-rule` when it was read and Heard's rules refuse it (R4 has no "processable").
CODE_FOR_STATUS = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    413: "too-long",
    422: "invalid",
    429: "throttled",
}

# A server error says only that the fault is Heard's: not what failed, nor anything that was sent.
SERVER_ERROR = (
    "Heard could not answer this request because of a fault on its side, which has been logged. "
    "Try again later; if it goes on, tell the people who run Heard."
)
SERVER_ERROR_WHERE = "In Heard, not in the request."


def issue_code(status: int) -> str:
    return CODE_FOR_STATUS.get(status, "exception" if status >= 500 else "processing")


def said(text: str) -> str:
    """Text as an R4 string can hold it: a name with a control character in it, or no name at all, is
    still named rather than failing the answer that names it."""
    return fhir_string(text).strip() or "(a parameter with no name)"


def issue(*, code: str, text: str, where: str | None = None, severity: str = "error") -> dict:
    """One issue: what is wrong, and (when it is about one part of the request) where."""
    return {
        "severity": severity,
        "code": code,
        "details": {"text": said(text)},
        **({"diagnostics": said(where)} if where is not None else {}),
    }


def outcome(issues: Iterable[dict]) -> OperationOutcome:
    return OperationOutcome.model_validate({"resourceType": "OperationOutcome", "issue": list(issues)})


def outcome_of_error(error: dict, *, status: int, code: str | None = None) -> OperationOutcome:
    """The JSON API's error (`ErrorOut`: a `detail`, and for a request that is not valid its messages
    keyed by where) as an OperationOutcome: an issue for each message, or one saying the detail."""
    code = code or issue_code(status)
    fields = error.get("fields") or {}
    if not fields:
        return outcome([issue(code=code, text=str(error.get("detail") or "The request was refused."))])
    return outcome(
        issue(code=code, text=message, where=where) for where, messages in fields.items() for message in messages
    )


def outcome_of_server_error() -> OperationOutcome:
    return outcome([issue(code=issue_code(500), text=SERVER_ERROR, where=SERVER_ERROR_WHERE)])


def outcome_of_create(feedback_id: int, created: bool, ignored_link_ids: Iterable[str]) -> OperationOutcome:
    """What a create did, when the sender asks for it as an OperationOutcome (`Prefer:
    return=OperationOutcome`): where the feedback is, and each item Heard does not read, named by the
    linkId it was sent with (the sender's name for its question, not an answer)."""
    done = (
        f"Recorded as QuestionnaireResponse/{feedback_id}."
        if created
        else f"Recorded before, as QuestionnaireResponse/{feedback_id}; nothing was added."
    )
    left_out = "Heard's FFT Questionnaire has no item with this linkId, so its answers were not recorded."
    return outcome(
        [
            issue(severity="information", code="informational", text=done),
            *(
                issue(severity="warning", code="informational", text=left_out, where=f"linkId {link_id}")
                for link_id in ignored_link_ids
            ),
        ]
    )
