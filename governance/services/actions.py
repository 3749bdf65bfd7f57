"""The quality action log: an action with a lead, a different verifier, progress, a check with evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import clock
from core.audit import audit_record
from feedback.models import Feedback
from governance.models import (
    Action,
    ActionKind,
    ActionSource,
    ActionStatus,
    ActionStatusChange,
    ActionUpdate,
    Decision,
    kind_from_title,
)
from governance.rules import Perm, is_person, require
from governance.services._common import (
    _acting_person,
    _now,
    _person_for,
    _raise,
    _service_in_scope,
    _text,
    _without_personal_details,
)
from governance.services.rights import lead_refusal, progress_refusal
from organisations.closed import service_refusal
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.selectors import primary_version
from themes.models import Theme


@dataclass(frozen=True)
class ActionInput:
    title: str
    lead_id: int | None
    verifier_id: int | None
    due_on: dt.date | None
    description: str = ""
    service_id: int | None = None
    source: str = ActionSource.DECISION
    decision_id: int | None = None
    theme_id: int | None = None
    feedback_id: int | None = None
    # ActionKind; left empty, it is read from the title ("Find out why ...", "... and report back").
    kind: str = ""


# Where an action from an audit finding or for a quality priority is opened, as whoever asks for one
# without its finding or objective (through the JSON API) is told.
OPENED_ELSEWHERE = {
    ActionSource.AUDIT: "An action from an audit finding is opened with the finding, on the audit's page.",
    ActionSource.PRIORITY: "An action for a quality priority is opened for one of its objectives, on the "
    "priority's page.",
}

# --- actions -----------------------------------------------------------------------------------

# The steps only the named person takes, as the refusal of someone who cannot sign in says them.
LEAD_STEP = "mark this action done"
VERIFIER_STEP = "check that this action worked"


def _status_change(
    scope,
    action: Action,
    to: str,
    *,
    at,
    note: str = "",
    link: str = "",
    who=None,
    early_reason: str = "",
    variation_reason: str = "",
) -> None:
    ActionStatusChange.objects.create(
        organisation=scope.organisation,
        action=action,
        from_status=action.status,
        to_status=to,
        note=note,
        link=link,
        early_reason=early_reason,
        variation_reason=variation_reason,
        who=who if who is not None else scope.person,
        at=at,
    )
    action.status = to


def action_closed_refusal(*, scope: Scope, service: Service | None) -> str | None:
    """Why no action is opened at ``service`` now that it has closed, or None (ADR 0009). The action
    form says it beside its other problems."""
    return service_refusal(scope=scope, service=service, not_done="no action is opened there now", whole=True)


def action_plan_problems(
    *, lead_id: int | None, verifier_id: int | None, due_on: dt.date | None, today: dt.date
) -> dict[str, list[str]]:
    """What is wrong with who will do a new action and by when, taken together, by field: the person
    who checks it is its lead, or it is due before ``today``. Whatever is not known (None) is not
    checked: a form that could not read a field says so itself. ``action_create`` checks with it, and
    the forms that open an action say its problems beside their own (ADR 0009's addendum on one pass)."""
    errors: dict[str, list[str]] = {}
    if lead_id is not None and lead_id == verifier_id:
        errors["verifier"] = ["The person who checks an action must not be its lead."]
    if due_on is not None and due_on < today:
        errors["due_on"] = ["The due date must be today or later."]
    return errors


def _current_theme(scope: Scope, theme_id: int | None) -> Theme | None:
    """The theme, if it is one of the published version of the primary framework: the themes the pages
    and the API offer. Another version's theme (one since retired, or a draft's) or another framework's
    is refused as no theme chosen, so that an action is never about a theme no page shows."""
    version = primary_version(scope=scope) if theme_id else None
    if version is None:
        return None
    return Theme.objects.for_org(scope.organisation).filter(pk=theme_id, version=version).first()


@transaction.atomic
def action_create(*, scope: Scope, data: ActionInput, now: dt.datetime | None = None, linked: bool = False) -> Action:
    """An action with one named lead, a different person to check it, a due date and a source. Actions
    from an audit finding or a quality priority are opened only by the audits or priorities service
    (`linked`), which records the finding or objective that points at the action in the same
    transaction. Its title and description are saved without personal details (ADR 0016): the action
    log is read by co-production partners and its words go into meetings' packs. None is opened at a
    service that has closed (ADR 0009); one opened there before it closed is still updated, checked
    and closed."""
    scope = require(scope, Perm.MANAGE_ACTIONS)
    errors: dict[str, list[str]] = {}
    title = _without_personal_details(_text(data.title, "title", "Enter what is to be done.", errors), 200)
    at = _now(now)
    decision = theme = feedback = None
    if data.source == ActionSource.DECISION:
        decision = Decision.objects.for_scope(scope).filter(pk=data.decision_id).first() if data.decision_id else None
        if decision is None:
            errors.setdefault("decision", []).append("Choose the decision this action comes from.")
    elif data.source == ActionSource.THEME:
        theme = _current_theme(scope, data.theme_id)
        if theme is None:
            errors.setdefault("theme", []).append("Choose the theme this action is about.")
    elif data.source == ActionSource.FEEDBACK:
        feedback = Feedback.objects.for_scope(scope).filter(pk=data.feedback_id).first() if data.feedback_id else None
        if feedback is None:
            errors.setdefault("feedback", []).append("Enter the number of a feedback item you can see.")
    elif data.source in OPENED_ELSEWHERE and not linked:
        errors.setdefault("source", []).append(OPENED_ELSEWHERE[data.source])
    elif data.source not in OPENED_ELSEWHERE:
        errors.setdefault("source", []).append("Choose where this action comes from.")
    service_id = data.service_id
    if service_id is None and feedback is not None:
        service_id = feedback.service_id
    service = _service_in_scope(scope, service_id)
    refusal = action_closed_refusal(scope=scope, service=service)
    if refusal:
        errors["service"] = [refusal]
    # Only the lead asks for the check and only the verifier signs it off: both must be able to sign in.
    lead = _person_for(scope, data.lead_id, service, "lead", errors, to_do=LEAD_STEP)
    verifier = _person_for(scope, data.verifier_id, service, "verifier", errors, to_do=VERIFIER_STEP)
    kind = data.kind or kind_from_title(title)
    if kind not in ActionKind.values:
        errors.setdefault("kind", []).append("Choose whether the action makes a change or finds out and reports back.")
    if data.due_on is None:
        errors.setdefault("due_on", []).append("Enter the date it is due.")
    problems = action_plan_problems(
        lead_id=lead and lead.id, verifier_id=verifier and verifier.id, due_on=data.due_on, today=clock.day_of(at)
    )
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    _raise(errors)
    action = Action.objects.create(
        organisation=scope.organisation,
        service=service,
        title=title,
        description=_without_personal_details((data.description or "").strip()),
        lead=lead,
        verifier=verifier,
        due_on=data.due_on,
        source=data.source,
        kind=kind,
        decision=decision,
        theme=theme,
        feedback=feedback,
        status=ActionStatus.OPEN,
        created_by=_acting_person(scope),
        created_at=at,
    )
    ActionStatusChange.objects.create(
        organisation=scope.organisation,
        action=action,
        from_status="",
        to_status=ActionStatus.OPEN,
        who=scope.person,
        at=at,
    )
    audit_record(
        scope=scope,
        verb="governance.action.create",
        obj=action,
        at=now,
        changes={
            "lead": {"from": None, "to": lead.full_name},
            "verifier": {"from": None, "to": verifier.full_name},
            "due_on": {"from": None, "to": data.due_on.isoformat()},
            "source": {"from": None, "to": data.source},
            "kind": {"from": None, "to": kind},
        },
    )
    return action


def _action(scope: Scope, action_id: int) -> Action:
    return Action.objects.for_scope(scope).select_for_update().get(pk=action_id)


@transaction.atomic
def action_update_add(*, scope: Scope, action_id: int, text: str, now: dt.datetime | None = None) -> ActionUpdate:
    """Progress on an action, from its lead, or from the lead's manager speaking for a lead who is away
    (ADR 0009); the row says who. Only the lead's own update starts an action not started: a note by
    the manager is on record, but the lead has not yet begun. Saved without personal details, as the
    action's title is (ADR 0016)."""
    scope = require(scope, Perm.VIEW)
    action = _action(scope, action_id)
    refusal = progress_refusal(scope, action)
    if refusal:
        raise PermissionDenied(refusal)
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Say what has happened.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is finished: progress can no longer be added.")
    _raise(errors)
    text = _without_personal_details(text)
    at = _now(now)
    update = ActionUpdate.objects.create(
        organisation=scope.organisation, action=action, text=text, who=_acting_person(scope), at=at
    )
    if action.status == ActionStatus.OPEN and is_person(scope, action.lead_id):
        _status_change(scope, action, ActionStatus.IN_PROGRESS, at=at)
        action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.update",
        obj=action,
        at=now,
        changes={"update": {"from": None, "to": text[:200]}},
    )
    return update


@transaction.atomic
def action_request_check(*, scope: Scope, action_id: int, note: str, now: dt.datetime | None = None) -> Action:
    """The lead says it is done and asks the verifier to check its impact. What was done is saved
    without personal details (ADR 0016)."""
    action = _action(scope, action_id)
    if refusal := lead_refusal(scope, action):
        raise PermissionDenied(refusal)
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", "Say what was done, so the verifier knows what to check.", errors)
    if action.status not in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
        errors.setdefault("__all__", []).append("Only an action in progress can be sent for a check.")
    _raise(errors)
    note = _without_personal_details(note)
    before = action.status
    _status_change(scope, action, ActionStatus.AWAITING_CHECK, at=_now(now), note=note)
    action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.request_check",
        obj=action,
        at=now,
        changes={"status": {"from": before, "to": action.status}},
    )
    return action


@transaction.atomic
def action_withdraw(*, scope: Scope, action_id: int, reason: str, now: dt.datetime | None = None) -> Action:
    """Stop an action without evidence of impact. Allowed, with a reason (saved without personal details,
    ADR 0016), but the loop shows it as stalled."""
    scope = require(scope, Perm.MANAGE_ACTIONS)
    action = _action(scope, action_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the action is being withdrawn.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is already finished.")
    _raise(errors)
    reason = _without_personal_details(reason)
    before = action.status
    _status_change(scope, action, ActionStatus.WITHDRAWN, at=_now(now), note=reason)
    action.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.action.withdraw",
        obj=action,
        at=now,
        changes={"status": {"from": before, "to": action.status}},
    )
    return action
