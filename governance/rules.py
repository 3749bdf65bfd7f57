"""Who may see and change meetings, decisions, actions and challenges. The one place these rules live.

Everyone inside the organisation except commissioners may read the governance record of the services
they cover (co-production partners and staff included: the loop is meant to be seen). Commissioners
get it through reports, without names. Meetings, minutes, actions and co-production activities are
recorded by administrators, quality leads, service managers and leaders. Some rights belong to a person, not a role: only an
action's lead updates it and asks for the check, only its verifier (never the lead) signs it off,
only the person a challenge is addressed to answers it, and only a leader raises, closes or
escalates one. A quality lead or an administrator may hand an open action's lead or verifier, or an
unanswered challenge, to someone else, saying why. Selectors scope the rows; these rules say what a
role may do with them.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, may_start, require_roles


class Perm(StrEnum):
    VIEW = "governance.view"
    RECORD_MEETINGS = "governance.record_meetings"
    MANAGE_ACTIONS = "governance.manage_actions"
    CHALLENGE = "governance.challenge"
    RECORD_COPRODUCTION = "governance.record_coproduction"
    HAND_OVER = "governance.hand_over"


RECORDERS = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER})

RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW: frozenset(Role.values) - {Role.COMMISSIONER},
    Perm.RECORD_MEETINGS: RECORDERS,
    Perm.MANAGE_ACTIONS: RECORDERS,
    Perm.CHALLENGE: frozenset({Role.LEADER}),
    Perm.RECORD_COPRODUCTION: RECORDERS,
    # Giving someone else's part in an action or a challenge to another person, with why: for when
    # the person named cannot sign in any more (ADR 0009).
    Perm.HAND_OVER: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD}),
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


def is_person(scope: Scope | None, person_id: int | None) -> bool:
    return scope is not None and scope.person is not None and person_id is not None and scope.person.id == person_id


def require_person(scope: Scope | None, person_id: int | None, what: str) -> None:
    if not is_person(scope, person_id):
        raise PermissionDenied(f"Only {what} may do this.")
