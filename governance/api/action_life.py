"""API for an action's life as its page takes it: opened from a decision, a theme or a piece of
feedback, said to be done by its lead, withdrawn, or handed to someone else. The services check who
may do each, as they do for the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Status

from core.api_schemas import ERRORS, BodyIn, fields_as_sent, not_found
from governance import selectors, services
from governance.api._common import router
from governance.api.action_log import ActionOut, _one
from governance.models import ActionKind, ActionSource, HandoverPart
from themes.models import Theme

# The services name what an action holds (its lead, its service); a client sent their ids, and a
# theme by its code, as the action log gives it.
_AS_SENT = {
    "service": "service_id",
    "lead": "lead_id",
    "verifier": "verifier_id",
    "decision": "decision_id",
    "theme": "theme_code",
    "feedback": "feedback_id",
    "to_person": "to_person_id",
}


class ActionIn(BodyIn):
    title: str = Field(min_length=1, max_length=200, description="What is to be done.")
    description: str = Field("", max_length=services.MAX_TEXT)
    lead_id: int = Field(description="The one person who leads it and says when it is done.")
    verifier_id: int = Field(description="The person who checks that it worked: never its lead.")
    due_on: dt.date = Field(description="Today or later.")
    service_id: int | None = Field(
        None,
        description="Leave out for the whole organisation (only for someone who covers every service); for an "
        "action from feedback, the feedback's service.",
    )
    source: ActionSource = Field(
        description="Where it comes from: `decision` (with `decision_id`), `theme` (with `theme_code`) or "
        "`feedback` (with `feedback_id`). An action from an audit finding or for a quality priority is opened "
        "on the audit's or the priority's page, with the finding or objective it is for (422 here)."
    )
    decision_id: int | None = None
    theme_code: str | None = Field(None, max_length=100, description="A theme of the main framework.")
    feedback_id: int | None = None
    kind: ActionKind | None = Field(None, description='Left out, it is read from the title ("Find out why ...").')


class NoteIn(BodyIn):
    note: str = Field(min_length=1, max_length=services.MAX_TEXT, description="What was done, for the verifier.")


class ReasonIn(BodyIn):
    reason: str = Field(min_length=1, max_length=services.MAX_TEXT)


class HandOverIn(BodyIn):
    part: Literal["lead", "verifier"] = Field(
        HandoverPart.LEAD, description="`lead` (the default) or `verifier`, the person who checks it worked."
    )
    to_person_id: int = Field(description="Someone with a role at the action's service who can sign in.")
    reason: str = Field(min_length=1, max_length=services.MAX_TEXT)


def _theme_id(request, code: str | None) -> int | None:
    """The theme's id, or none for a code that is not one of the main framework's: the service then
    asks for a theme, with the request's other problems."""
    if not code:
        return None
    try:
        return selectors.theme_by_code(scope=request.scope, code=code).id
    except Theme.DoesNotExist:
        return None


@router.post(
    "/actions",
    response={201: ActionOut, **ERRORS},
    summary="Open an action from a decision, a theme or a piece of feedback",
    description="As 'Add an action' does: by an administrator, a quality lead, a service manager or a leader "
    "(403 otherwise), with one lead and a different person to check it, both with a role at the service and "
    "able to sign in, due today or later. The title and description are saved without personal details. "
    "Every problem is answered at once (422), keyed by the field sent; nothing is saved.",
    operation_id="governance_api_action_create",
    # Another service is not found, as on every page (ADR 0002): a 422 naming it would say it exists.
    openapi_extra=not_found("`service_id` is not one of your services. Nothing is said of what it is."),
)
def action_create(request, body: ActionIn):
    source = body.source
    with fields_as_sent(_AS_SENT):
        made = services.action_create(
            scope=request.scope,
            data=services.ActionInput(
                title=body.title,
                description=body.description,
                lead_id=body.lead_id,
                verifier_id=body.verifier_id,
                due_on=body.due_on,
                service_id=body.service_id,
                source=source,
                decision_id=body.decision_id if source == ActionSource.DECISION else None,
                theme_id=_theme_id(request, body.theme_code) if source == ActionSource.THEME else None,
                feedback_id=body.feedback_id if source == ActionSource.FEEDBACK else None,
                kind=body.kind or "",
            ),
        )
    return Status(201, _one(request, made.id))


@router.post(
    "/actions/{action_id}/done",
    response={200: ActionOut, **ERRORS},
    summary="Say the action is done and ask for its check (its lead)",
    description="Only the action's lead says it is done (403 otherwise, naming who leads it now if it was handed "
    "over); it then waits for the verifier's check. An action not open or in progress is refused (422).",
    operation_id="governance_api_action_done",
)
def action_done(request, action_id: int, body: NoteIn):
    services.action_request_check(scope=request.scope, action_id=action_id, note=body.note)
    return _one(request, action_id)


@router.post(
    "/actions/{action_id}/withdraw",
    response={200: ActionOut, **ERRORS},
    summary="Withdraw an action, with why",
    description="By an administrator, a quality lead, a service manager or a leader (403 otherwise). A withdrawn "
    "action has no evidence of impact, so its loop shows as stalled. A finished action is refused (422).",
    operation_id="governance_api_action_withdraw",
)
def action_withdraw(request, action_id: int, body: ReasonIn):
    services.action_withdraw(scope=request.scope, action_id=action_id, reason=body.reason)
    return _one(request, action_id)


@router.post(
    "/actions/{action_id}/hand-over",
    response={200: ActionOut, **ERRORS},
    summary="Hand an action's lead, or who checks it, to someone else, with why",
    description="By a quality lead or an administrator (403 otherwise), for when the person named cannot take "
    "their step. The new person needs a role at the action's service and must be able to sign in; the lead and "
    "the person who checks it stay two people (422 otherwise, on `to_person_id`). A new lead also takes the "
    "challenges on the action still waiting for the old lead's answer. The action's history keeps who had it.",
    operation_id="governance_api_action_hand_over",
)
def action_hand_over(request, action_id: int, body: HandOverIn):
    with fields_as_sent(_AS_SENT):
        services.action_hand_over(
            scope=request.scope,
            action_id=action_id,
            part=body.part,
            to_person_id=body.to_person_id,
            reason=body.reason,
        )
    return _one(request, action_id)
