"""Who may see and set quality priorities. The one place these rules live.

Priorities are chosen with the people who use services and reviewed with them, so everyone inside the
organisation except commissioners reads the priorities of the services they cover, co-production
partners and staff included. Administrators, quality leads, service managers and leaders record the
ideas, the priorities, their objectives and the reviews, where their role applies. The measures are
counts and rates, never comment text or names.
"""

from __future__ import annotations

from enum import StrEnum

from governance.rules import RECORDERS
from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, may_start, require_roles


class Perm(StrEnum):
    VIEW = "priorities.view"
    PLAN = "priorities.plan"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW: frozenset(Role.values) - {Role.COMMISSIONER},
    Perm.PLAN: RECORDERS,
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
