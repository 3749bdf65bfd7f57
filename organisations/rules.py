"""Who may do what with organisations, services and people. The one place these rules live.

Services and selectors call `require`; views and API handlers never decide permissions.
Data outside the person's services is not refused here but never found (selectors scope it).
"""

from __future__ import annotations

from enum import StrEnum

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, may_start, require_roles


class Perm(StrEnum):
    VIEW_SERVICES = "organisations.view_services"
    MANAGE_SERVICES = "organisations.manage_services"
    NEW_FEEDBACK_LINK = "organisations.new_feedback_link"
    VIEW_PEOPLE = "organisations.view_people"
    MANAGE_PEOPLE = "organisations.manage_people"
    VIEW_AUDIT_LOG = "organisations.view_audit_log"
    USE_API = "organisations.use_api"
    MANAGE_SETTINGS = "organisations.manage_settings"


ALL_ROLES = frozenset(Role.values)
INTERNAL_ROLES = ALL_ROLES - {Role.COMMISSIONER}

RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_SERVICES: ALL_ROLES,
    Perm.MANAGE_SERVICES: frozenset({Role.ADMINISTRATOR}),
    # Replacing a misused poster's address is the service's own business: its managers decide it,
    # without waiting for an administrator (ADR 0024's addendum).
    Perm.NEW_FEEDBACK_LINK: frozenset({Role.ADMINISTRATOR, Role.SERVICE_MANAGER}),
    # Commissioners never see personal data; partners and staff do not need the directory.
    Perm.VIEW_PEOPLE: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER}),
    Perm.MANAGE_PEOPLE: frozenset({Role.ADMINISTRATOR}),
    Perm.VIEW_AUDIT_LOG: frozenset({Role.ADMINISTRATOR}),
    Perm.USE_API: ALL_ROLES - {Role.PARTNER},
    # The organisation's own settings hold for every service: only an administrator of every service
    # changes them (`may_change_settings`).
    Perm.MANAGE_SETTINGS: frozenset({Role.ADMINISTRATOR}),
}


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    return allowed(scope, RULES[perm], service_id)


def offers(scope: Scope | None, perm: Perm) -> bool:
    """Whether the people pages offer a button that starts something needing ``perm`` ("Add a
    person", "Give a role"): only where it can be finished, over all services or an open one."""
    return may_start(scope, RULES[perm])


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied."""
    return require_roles(scope, RULES[perm], perm.value)


def may_add_service(scope: Scope | None) -> bool:
    """Only an administrator of every service adds a service (ADR 0002): one of some services
    would add a home outside their own role, which they could then neither see nor change, and
    widening their role to it is for an administrator of the whole organisation to decide."""
    return has_perm(scope, Perm.MANAGE_SERVICES, None)


def may_change_settings(scope: Scope | None) -> bool:
    """Whether this person changes the organisation's settings: an administrator of every service."""
    return has_perm(scope, Perm.MANAGE_SETTINGS, None)


def role_within(scope: Scope, assignment) -> bool:
    """Whether a role assignment covers only services where the acting administrator manages
    people (``scope`` narrowed to that permission): an administrator of some services cannot
    widen, narrow or end a role elsewhere, or a role over all services."""
    if scope.all_services:
        return True
    if assignment.all_services:
        return False
    return {s.id for s in assignment.services.all()} <= scope.service_ids


NOT_YOURS_TO_CHANGE = (
    "has roles at services you do not manage, or over all services, so you cannot change their details or "
    "archive them: ask an administrator who covers all of those services."
)
NOT_YOURS_NO_ROLE = (
    "has no role yet and another administrator added them, so you cannot change their details or archive them: "
    "give them a role at your services first, or ask an administrator who covers all services."
)


def not_yours_to_change(person) -> str:
    """Why an administrator of some services cannot change this person's details or archive them,
    in a sentence naming them. Reads the person's ``role_assignments``."""
    why = NOT_YOURS_TO_CHANGE if person.role_assignments.all() else NOT_YOURS_NO_ROLE
    return f"{person.full_name} {why}"
