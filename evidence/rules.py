"""Who may see and record evidence. The one place these rules live.

Evidence is for the people who run governance: administrators, quality leads, service managers and
leaders read and record it for their services. Staff, co-production partners and commissioners
do not see it here.
"""

from __future__ import annotations

from enum import StrEnum

from governance.rules import RECORDERS
from organisations.scope import ANYWHERE, Scope, allowed, require_roles


class Perm(StrEnum):
    VIEW = "evidence.view"
    RECORD = "evidence.record"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW: RECORDERS,
    Perm.RECORD: RECORDERS,
}


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    return allowed(scope, RULES[perm], service_id)


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied."""
    return require_roles(scope, RULES[perm], perm.value)
