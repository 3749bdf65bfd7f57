"""Who may see, design, plan and carry out audits. The one place these rules live.

Everyone inside the organisation except commissioners reads the audits of the services they cover
(lay auditors are co-production partners). Administrators, quality leads, service managers and
leaders design templates, plan audits, complete them and open actions from their findings, where
their role applies. Cases are recorded by the audit's lead and its named auditors (a lay auditor
included) or by anyone who may plan it. Commissioners see audits through reports.
"""

from __future__ import annotations

from enum import StrEnum

from governance.rules import RECORDERS
from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, may_start, require_roles


class Perm(StrEnum):
    VIEW = "audits.view"
    DESIGN = "audits.design"
    PLAN = "audits.plan"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW: frozenset(Role.values) - {Role.COMMISSIONER},
    Perm.DESIGN: RECORDERS,
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
