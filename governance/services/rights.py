"""Who may take which step on an action, and, when someone may not, why, in words the page shows them.

A person's right to a step can go while their page is open: a quality lead or an administrator hands
the action's lead or verifier to someone else (ADR 0009). The services refuse the step with these
words, and the action page takes whoever sent the form back to the action, saying why nothing was
saved (ADR 0009's addendum on a right lost while the page was open)."""

from __future__ import annotations

from governance.models import Action, Handover, HandoverPart
from governance.rules import is_person
from governance.selectors.people import managers_of
from organisations.scope import Scope


def _handed_from_me(scope: Scope, action: Action, part: str) -> bool:
    """Whether this person had ``part`` of the action until it was handed to someone else."""
    return (
        scope.person is not None
        and Handover.objects.for_org(scope.organisation)
        .filter(action_id=action.id, part=part, from_person_id=scope.person.id)
        .exists()
    )


def progress_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not add progress to the action, or None if they may (ADR 0009's addendum on
    progress). Progress is the lead's account of the work: the lead adds it, and so may the lead's
    manager (``managers_of``) speaking for a lead who is away, but never the person who checks the
    action, whose word is the check. A leader questions an action by challenging it. A lead whose
    action was handed on is told who leads it now."""
    if is_person(scope, action.lead_id):
        return None
    lead = action.lead.full_name
    if is_person(scope, action.verifier_id):
        return (
            f"You check this action, so its progress is not yours to add: that is for its lead, {lead}, or "
            "their manager. Say what is missing when you check it."
        )
    managers = managers_of(organisation=scope.organisation, action=action) if scope and scope.person else []
    if any(m.id == scope.person.id for m in managers):
        return None
    if _handed_from_me(scope, action, HandoverPart.LEAD):
        return f"This action is now led by {lead}, so only they, or their manager, can add its progress."
    return f"Only the action's lead, {lead}, or their manager may add its progress."


def may_add_progress(scope: Scope, action: Action) -> bool:
    """Whether the action page offers this person the progress form: only where the service would take it."""
    return action.is_active and progress_refusal(scope, action) is None


def lead_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not say the action is done and ask for its check, or None if they may:
    only its lead does."""
    if is_person(scope, action.lead_id):
        return None
    if _handed_from_me(scope, action, HandoverPart.LEAD):
        return f"This action is now led by {action.lead.full_name}, so only they can say it is done."
    return "Only the action's lead may say it is done."


def check_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not check the action, or None if they may: only its verifier does, and
    never its own lead."""
    if is_person(scope, action.lead_id):
        return "An action cannot be checked by its own lead."
    if is_person(scope, action.verifier_id):
        return None
    verifier = action.verifier.full_name
    if _handed_from_me(scope, action, HandoverPart.VERIFIER):
        return f"This action is now checked by {verifier}, so only they can check it."
    return f"Only {verifier}, who checks this action, may check it."
