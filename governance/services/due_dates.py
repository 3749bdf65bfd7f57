"""Agreeing a new due date for an action (ADR 0009's addendum on due dates). An action sent back, or
asked about in a challenge, is often late for a reason everyone accepts; without a new date it stays
overdue for ever and the overdue lists stop meaning anything. A new date is agreed with a reason by
the verifier who sends the action back (with the check), by its lead in answer to a leader's
challenge on it (with the answer), or at any time by the lead's manager or a quality lead. The action
keeps the date that holds now; each change is a row with the date before, why, who and when, shown in
the action's history and written to the audit log, and the lead and the person who checks it are
emailed the change (`governance.notices`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import clock
from core.audit import audit_record
from governance.models import Action, DueDateChange
from governance.notices import due_date_notify
from governance.rules import is_person
from governance.selectors.people import managers_of
from governance.services._common import _acting_person, _now, _raise, _text, _without_personal_details
from organisations.roles import Role
from organisations.scope import Scope, allowed


def due_date_problems(
    action: Action, *, due_on: dt.date | None, reason: str, today: dt.date, prefix: str = ""
) -> tuple[dict[str, list[str]], str]:
    """What is wrong with a new due date and its reason, by field (``{prefix}due_on``,
    ``{prefix}reason``), and the reason as it is kept."""
    errors: dict[str, list[str]] = {}
    if due_on is None:
        errors[f"{prefix}due_on"] = ["Enter the new date it is due."]
    elif due_on < today:
        errors[f"{prefix}due_on"] = ["The new due date must be today or later."]
    elif due_on == action.due_on:
        errors[f"{prefix}due_on"] = ["That is the date it is already due: enter a different one."]
    reason = _text(reason, f"{prefix}reason", "Say why the due date is changing, so the history shows it.", errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is finished: its due date no longer changes.")
    return errors, reason


def due_date_set(scope: Scope, action: Action, *, due_on: dt.date, reason: str, at: dt.datetime) -> DueDateChange:
    """Record the change and move the action to the new date; the caller has checked both and holds
    the action's lock. The reason is saved without personal details (ADR 0016)."""
    change = DueDateChange.objects.create(
        organisation=scope.organisation,
        action=action,
        from_due_on=action.due_on,
        to_due_on=due_on,
        reason=_without_personal_details(reason),
        who=_acting_person(scope),
        at=at,
    )
    action.due_on = due_on
    action.save(update_fields=["due_on"])
    # The lead and the person who checks it are told at once, by email (ADR 0009's addendum on due dates).
    told = due_date_notify(action=action, change=change)
    audit_record(
        scope=scope,
        verb="governance.action.due_date",
        obj=action,
        at=at,
        changes={
            "due_on": {"from": change.from_due_on.isoformat(), "to": due_on.isoformat()},
            "reason": {"from": None, "to": change.reason[:200]},
            "told": {"from": None, "to": [p.full_name for p in told]},
        },
    )
    return change


def due_date_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not agree a new due date on its own, or None: only the lead's manager
    (``managers_of``) or a quality lead over the action's service may. The verifier agrees one when
    sending the action back, and the lead when answering a challenge, with that step."""
    if scope is None or scope.person is None:
        return "Only the lead's manager or a quality lead may agree a new due date."
    if not is_person(scope, action.lead_id):
        if allowed(scope, frozenset({Role.QUALITY_LEAD}), action.service_id):
            return None
        if any(m.id == scope.person.id for m in managers_of(organisation=scope.organisation, action=action)):
            return None
    return (
        f"Only the lead's manager or a quality lead may agree a new due date on its own. {action.verifier.full_name} "
        "can agree one when sending it back, and its lead when answering a leader's challenge on it."
    )


def may_change_due_date(scope: Scope, action: Action) -> bool:
    return action.is_active and due_date_refusal(scope, action) is None


@transaction.atomic
def action_due_date_change(
    *, scope: Scope, action_id: int, due_on: dt.date | None, reason: str, now: dt.datetime | None = None
) -> Action:
    """The lead's manager or a quality lead agrees a new due date for an open action, with why."""
    action = Action.objects.for_scope(scope).select_for_update().get(pk=action_id)
    refusal = due_date_refusal(scope, action)
    if refusal:
        raise PermissionDenied(refusal)
    at = _now(now)
    errors, reason = due_date_problems(action, due_on=due_on, reason=reason, today=clock.day_of(at), prefix="new_")
    _raise(errors)
    due_date_set(scope, action, due_on=due_on, reason=reason, at=at)
    return action
