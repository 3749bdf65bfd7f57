"""Helpers shared by the governance pages (and the pages of other apps that open actions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from governance.services import ActionInput

PAGE_SIZE = 25

# The action service names its fields plainly; forms with ActionFieldsMixin prefix them with `action_`.
ACTION_FIELDS = {
    "title": "action_title",
    "lead": "action_lead",
    "verifier": "action_verifier",
    "due_on": "action_due_on",
    "kind": "action_kind",
}


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def action_input(data: dict, **more) -> ActionInput:
    """The new action from a form built with ActionFieldsMixin; `more` adds its source and service."""
    return ActionInput(
        title=data["action_title"],
        description=data["action_description"],
        lead_id=data["action_lead"],
        verifier_id=data["action_verifier"],
        due_on=data["action_due_on"],
        kind=data.get("action_kind") or "",
        **more,
    )


def action_errors(exc: ValidationError) -> ValidationError:
    """The action service's errors, named after the form's `action_` fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({ACTION_FIELDS.get(k, k): v for k, v in exc.message_dict.items()})
