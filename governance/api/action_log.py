"""API for the action log (progress updates and the verifier's check), leadership challenges and
the loop tracker.

The operation ids are those the routes had before the governance API became a package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ninja import Field, Query, Schema, Status

from core import clock
from core.api_schemas import ERRORS, MAX_INT, BodyIn
from governance import selectors, services
from governance.api._common import MAX_LIMIT, router, theme_framework
from governance.loops import loop_tracker
from governance.models import ActionStatus, ChallengeStatus
from themes.api_schemas import ThemeFrameworkOut
from themes.selectors import published_versions


class ActionOut(Schema):
    id: int
    title: str
    service_id: int | None
    lead_id: int
    lead: str
    verifier_id: int
    verifier: str
    due_on: dt.date
    status: ActionStatus
    overdue: bool
    source: str
    kind: str = Field(description="`change`, or `investigation`: it finds out and reports back, so is not impact.")
    decision_id: int | None
    theme_code: str | None
    theme_framework: ThemeFrameworkOut | None = Field(description="The framework `theme_code` is of.")
    feedback_id: int | None
    impact_note: str
    impact_link: str
    checked_by: str | None
    checked_at: dt.datetime | None


class UpdateIn(BodyIn):
    text: str = Field(min_length=1, max_length=services.MAX_TEXT)


class CheckIn(BodyIn):
    impact_shown: bool = Field(description="True closes the action; it then needs `note` and `link`.")
    note: str = Field(min_length=1, max_length=services.MAX_TEXT)
    link: str = Field(
        "",
        max_length=500,
        description="Where the evidence is: an http(s) address, or a page in Heard by its path (starting with /). "
        "A link to Heard's feedback list or a report must be narrowed to the action's service and start on or after "
        "the day the action was marked done (422 otherwise, naming the problem).",
    )
    early_reason: str = Field(
        "",
        max_length=services.MAX_TEXT,
        description="Closing is refused (422) until the organisation's wait for impact to show has passed since the "
        "action was marked done, unless this says why the evidence is already enough.",
    )
    variation_reason: str = Field(
        "",
        max_length=services.MAX_TEXT,
        description="Closing is refused (422) when Heard's figures for the action's theme at its service since it was done do "
        "not show it raised as a concern less, beyond normal variation, unless this says why it is closed as having worked.",
    )
    new_due_on: dt.date | None = Field(
        None, description="When sending the action back (`impact_shown` false): a new due date, with `due_reason`."
    )
    due_reason: str = Field("", max_length=services.MAX_TEXT)


class DueDateIn(BodyIn):
    due_on: dt.date
    reason: str = Field(min_length=1, max_length=services.MAX_TEXT)


class ChallengeOut(Schema):
    id: int
    subject: str
    action_id: int | None
    decision_id: int | None
    theme_code: str | None
    theme_framework: ThemeFrameworkOut | None = Field(description="The framework `theme_code` is of.")
    service_id: int | None
    question: str
    raised_by: str
    raised_at: dt.datetime
    addressed_to: str
    status: ChallengeStatus


class LoopOut(Schema):
    theme_code: str
    theme_name: str
    service_id: int | None
    service_name: str
    state: str
    stalled: bool
    stalls: list[str]
    mentions: int = Field(description="Pieces of feedback, not praise, raising the theme in the loop's window")
    recent_mentions: int = Field(description="Of those, how many came in the last 90 days (or as the deployment sets)")
    listened: list[str]
    decided: list[str]
    acted: list[str]
    checked: list[str]


def _action(a, today: dt.date, versions: dict[int, int], absolute: Callable[[str], str]) -> dict:
    return {
        "id": a.id,
        "title": a.title,
        "service_id": a.service_id,
        "lead_id": a.lead_id,
        "lead": a.lead.full_name,
        "verifier_id": a.verifier_id,
        "verifier": a.verifier.full_name,
        "due_on": a.due_on,
        "status": a.status,
        "overdue": a.is_overdue(on=today),
        "source": a.source,
        "kind": a.kind,
        "decision_id": a.decision_id,
        "theme_code": a.theme.code if a.theme_id else None,
        "theme_framework": theme_framework(a.theme, versions),
        "feedback_id": a.feedback_id,
        "impact_note": a.impact_note,
        # A page in Heard is kept as its path; a program is given it at the address it asked.
        "impact_link": absolute(a.impact_link) if a.impact_link else "",
        "checked_by": a.checked_by.full_name if a.checked_by_id else None,
        "checked_at": a.checked_at,
    }


@router.get(
    "/actions",
    response={200: list[ActionOut], **ERRORS},
    summary="The action log, soonest due first",
    operation_id="governance_api_actions",
)
def actions(
    request,
    status: str = Query("", description="A status, `active` or `overdue`."),
    service_id: int | None = Query(None, ge=1, le=MAX_INT),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    today = clock.today()
    filters = selectors.ActionFilters(status=status, service_id=service_id)
    rows = selectors.action_list(scope=request.scope, today=today, filters=filters).select_related("checked_by")
    versions = published_versions(scope=request.scope)
    return [_action(a, today, versions, request.build_absolute_uri) for a in rows[offset : offset + limit]]


def _one(request, action_id: int) -> dict:
    action = selectors.action_get(scope=request.scope, action_id=action_id)
    return _action(action, clock.today(), published_versions(scope=request.scope), request.build_absolute_uri)


@router.get(
    "/actions/{action_id}",
    response={200: ActionOut, **ERRORS},
    summary="One action",
    operation_id="governance_api_action",
)
def action(request, action_id: int):
    return _one(request, action_id)


@router.post(
    "/actions/{action_id}/updates",
    response={201: ActionOut, **ERRORS},
    summary="Add a progress update (the lead, or the lead's manager for them)",
    description="Only the action's lead, or the lead's manager speaking for a lead who is away, adds progress; "
    "the person who checks the action never does (403, naming the lead). Only the lead's own update moves an "
    "action from open to in progress.",
    operation_id="governance_api_action_update",
)
def action_update(request, action_id: int, body: UpdateIn):
    services.action_update_add(scope=request.scope, action_id=action_id, text=body.text)
    return Status(201, _one(request, action_id))


@router.post(
    "/actions/{action_id}/check",
    response={200: ActionOut, **ERRORS},
    summary="The verifier's check of impact",
    operation_id="governance_api_action_check",
)
def action_check(request, action_id: int, body: CheckIn):
    services.action_check(
        scope=request.scope,
        action_id=action_id,
        impact_shown=body.impact_shown,
        note=body.note,
        link=body.link,
        early_reason=body.early_reason,
        variation_reason=body.variation_reason,
        new_due_on=body.new_due_on,
        due_reason=body.due_reason,
    )
    return _one(request, action_id)


@router.post(
    "/actions/{action_id}/due-date",
    response={200: ActionOut, **ERRORS},
    summary="Agree a new due date (the lead's manager or a quality lead), with why",
    description="The old date and the reason are kept in the action's history and the audit log. Anyone else is "
    "refused (403): the verifier agrees a new date when sending the action back, with the check.",
    operation_id="governance_api_action_due_date",
)
def action_due_date(request, action_id: int, body: DueDateIn):
    services.action_due_date_change(scope=request.scope, action_id=action_id, due_on=body.due_on, reason=body.reason)
    return _one(request, action_id)


@router.get(
    "/challenges",
    response={200: list[ChallengeOut], **ERRORS},
    summary="Leadership challenges, newest first",
    operation_id="governance_api_challenges",
)
def challenges(
    request,
    unresolved: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    rows = selectors.challenge_list(scope=request.scope, unresolved_only=unresolved)[offset : offset + limit]
    versions = published_versions(scope=request.scope)
    return [
        {
            "id": c.id,
            "subject": c.subject,
            "action_id": c.action_id,
            "decision_id": c.decision_id,
            "theme_code": c.theme.code if c.theme_id else None,
            "theme_framework": theme_framework(c.theme, versions),
            "service_id": c.service_id,
            "question": c.question,
            "raised_by": c.raised_by.full_name,
            "raised_at": c.raised_at,
            "addressed_to": c.addressed_to.full_name,
            "status": c.status,
        }
        for c in rows
    ]


@router.get(
    "/loops",
    response={200: list[LoopOut], **ERRORS},
    summary="The loop tracker: each theme at each service",
    operation_id="governance_api_loops",
)
def loops(request, service_id: int | None = Query(None, ge=1, le=MAX_INT), stalled: bool = False):
    found = loop_tracker(scope=request.scope, today=clock.today(), service_id=service_id)
    return [
        {
            "theme_code": lp.code,
            "theme_name": lp.name,
            "service_id": lp.service_id,
            "service_name": lp.service_name,
            "state": lp.state,
            "stalled": lp.is_stalled,
            "stalls": lp.stalls,
            "mentions": lp.mentions,
            "recent_mentions": lp.recent,
            "listened": sorted(lp.listened),
            "decided": lp.decided,
            "acted": lp.acted,
            "checked": lp.checked,
        }
        for lp in found
        if lp.is_stalled or not stalled
    ]
