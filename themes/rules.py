"""Who may see and act on urgent flags. The one place these rules live.

The safeguarding lead always may, whatever their role; otherwise administrators, quality leads
and service managers (for their own services: selectors scope the rows). Commissioners, partners,
leaders and staff never see flags; staff may raise one by hand, and leaders may know how many are
open at their services (``COUNT_URGENT``), not what they say. Nor do they read a comment that
carries a flag, open or closed (``urgent_reach``, ADR 0007): the member of staff reading it could be
the person it is about.

Theme frameworks: every role may read them (names and mappings, no personal data); only quality
leads and administrators may change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, require_roles


class Perm(StrEnum):
    VIEW_URGENT = "themes.view_urgent"
    ACT_ON_URGENT = "themes.act_on_urgent"
    RAISE_URGENT = "themes.raise_urgent"
    # How many flags are open, how many are past their review-by date and who holds them, never the
    # flags themselves: what a leader may know (ADR 0007).
    COUNT_URGENT = "themes.count_urgent"
    VIEW_FRAMEWORKS = "themes.view_frameworks"
    MANAGE_FRAMEWORKS = "themes.manage_frameworks"


SEE_AND_ACT = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER})

RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_URGENT: SEE_AND_ACT,
    Perm.ACT_ON_URGENT: SEE_AND_ACT,
    Perm.RAISE_URGENT: SEE_AND_ACT | {Role.STAFF},
    Perm.COUNT_URGENT: frozenset({Role.LEADER}),
    # Frameworks hold theme names, never personal data: everyone may read them.
    Perm.VIEW_FRAMEWORKS: frozenset(Role.values),
    Perm.MANAGE_FRAMEWORKS: frozenset({Role.QUALITY_LEAD, Role.ADMINISTRATOR}),
}
LEAD_MAY = frozenset({Perm.VIEW_URGENT, Perm.ACT_ON_URGENT, Perm.RAISE_URGENT})


def is_safeguarding_lead(scope: Scope | None) -> bool:
    """The named lead, while they still hold a role that sees flags somewhere (a lead who has
    since become, say, only a commissioner keeps no lead's rights)."""
    return (
        scope is not None
        and scope.person is not None
        and scope.organisation.safeguarding_lead_id is not None
        and scope.organisation.safeguarding_lead_id == scope.person.id
        and allowed(scope, SEE_AND_ACT)
    )


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    if perm in LEAD_MAY and is_safeguarding_lead(scope):
        return True
    return allowed(scope, RULES[perm], service_id)


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied.
    The safeguarding lead keeps every service they cover for urgent flags."""
    if perm in LEAD_MAY and is_safeguarding_lead(scope):
        return scope
    return require_roles(scope, RULES[perm], perm.value)


@dataclass(frozen=True)
class UrgentReach:
    """Where a person may see urgent flags, and so read the feedback that carries one."""

    everywhere: bool
    service_ids: frozenset[int]


NOWHERE = UrgentReach(everywhere=False, service_ids=frozenset())


def urgent_reach(scope: Scope | None) -> UrgentReach:
    """The services where this person may see flags: every one for the safeguarding lead, those of
    their roles that see flags for anyone else, none without a scope or such a role (fail closed).
    Feedback with a flag is withheld from them everywhere else."""
    if scope is None:
        return NOWHERE
    if is_safeguarding_lead(scope):
        return UrgentReach(everywhere=True, service_ids=frozenset())
    seen = scope.within(RULES[Perm.VIEW_URGENT])
    if seen is None:
        return NOWHERE
    return UrgentReach(everywhere=seen.all_services, service_ids=seen.service_ids)
