"""Who may read which report. The one place these rules live.

The monthly quality and safety pack is for the people in the monthly meeting: administrators,
quality leads, service managers (for their own services: selectors scope the figures) and leaders.
It holds counts and scores, never comment text. Commissioners get their own report, without
personal data; partners and staff get "You said, we did".
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from organisations.roles import Role
from organisations.scope import Scope


class Perm(StrEnum):
    VIEW_MONTHLY_PACK = "reports.view_monthly_pack"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_MONTHLY_PACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER}),
}


def has_perm(scope: Scope | None, perm: Perm) -> bool:
    return scope is not None and bool(scope.roles & RULES[perm])


def require(scope: Scope | None, perm: Perm) -> None:
    if not has_perm(scope, perm):
        raise PermissionDenied(f"Your role does not allow this ({perm.value}).")
