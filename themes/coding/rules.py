"""Who may see codings, code feedback, and train the suggestion model. The one place these rules live.

Coded themes are read by everyone who may read the feedback they sit on (selectors scope the rows
to the person's services). Coding is work for those who record feedback; training and promoting
models, which changes what everyone is offered, is for quality leads and administrators.

The coding pages themselves (the queue, a comment's coding page, the model and agreement page, and
the coding API) are staff's work: co-production partners do not code, and the queue lists comments
as they came in, before anyone has checked what redaction missed (ADR 0008, addendum "partners do
not open the coding pages"). Partners read coded themes where they read feedback.
"""

from __future__ import annotations

from enum import StrEnum

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, require_roles


class Perm(StrEnum):
    VIEW_CODING = "coding.view"
    OPEN_CODING = "coding.open"
    CODE_FEEDBACK = "coding.code"
    TRAIN_MODEL = "coding.train"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_CODING: frozenset(Role.values) - {Role.COMMISSIONER},
    Perm.OPEN_CODING: frozenset(Role.values) - {Role.COMMISSIONER, Role.PARTNER},
    Perm.CODE_FEEDBACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.STAFF}),
    Perm.TRAIN_MODEL: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD}),
}


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    return allowed(scope, RULES[perm], service_id)


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied."""
    return require_roles(scope, RULES[perm], perm.value)
