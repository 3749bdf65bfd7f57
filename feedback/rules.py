"""Who may do what with feedback. The one place these rules live."""

from __future__ import annotations

from enum import StrEnum

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, may_start, require_roles


class Perm(StrEnum):
    VIEW_FEEDBACK = "feedback.view"
    VIEW_PERSONAL = "feedback.view_personal"
    VIEW_PERSONAL_IN_TEXT = "feedback.view_personal_in_text"
    RECORD_FEEDBACK = "feedback.record"
    IMPORT_FEEDBACK = "feedback.import"
    EXPORT_FEEDBACK = "feedback.export"
    ANONYMISE = "feedback.anonymise"


RULES: dict[Perm, frozenset[str]] = {
    # Commissioners see themes and reports, never individual comments, which can hold personal details.
    # Feedback with an urgent flag is read only where its reader may see flags (themes.rules.urgent_reach).
    Perm.VIEW_FEEDBACK: frozenset(Role.values) - {Role.COMMISSIONER},
    # Who gave it, and how to reply to them.
    Perm.VIEW_PERSONAL: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER}),
    # Names, phone numbers, NHS numbers and addresses that people write in their comments. Staff need
    # them to act; a co-production partner reads other people's words with them hidden
    # (`feedback.selectors.comment_text_for`), as a quote would show them (ADR 0004).
    Perm.VIEW_PERSONAL_IN_TEXT: frozenset(Role.values) - {Role.COMMISSIONER, Role.PARTNER},
    Perm.RECORD_FEEDBACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.STAFF}),
    Perm.IMPORT_FEEDBACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER}),
    Perm.EXPORT_FEEDBACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER}),
    # Removing the personal details from a piece of feedback for good (ADR 0025): those who answer for
    # the organisation's data, not the service's managers. Withdrawing consent to quote needs only
    # VIEW_PERSONAL: whoever takes the call may record it.
    Perm.ANONYMISE: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD}),
}


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    return allowed(scope, RULES[perm], service_id)


def offers(scope: Scope | None, perm: Perm, service_id: int | None = None) -> bool:
    """Whether a list showing ``service_id`` (or all the person's services) offers the button that
    starts something needing ``perm``: only where the page it leads to would let them."""
    return may_start(scope, RULES[perm], service_id)


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied."""
    return require_roles(scope, RULES[perm], perm.value)
