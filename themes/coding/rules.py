"""Who may see codings, code feedback, and train the suggestion model. The one place these rules live.

Coded themes are read by everyone who may read the feedback they sit on (selectors scope the rows
to the person's services). Coding is work for those who record feedback; training and promoting
models, which changes what everyone is offered, is for quality leads and administrators.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from organisations.roles import Role
from organisations.scope import Scope


class Perm(StrEnum):
    VIEW_CODING = "coding.view"
    CODE_FEEDBACK = "coding.code"
    TRAIN_MODEL = "coding.train"


RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_CODING: frozenset(Role.values) - {Role.COMMISSIONER},
    Perm.CODE_FEEDBACK: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.STAFF}),
    Perm.TRAIN_MODEL: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD}),
}


def has_perm(scope: Scope | None, perm: Perm) -> bool:
    return scope is not None and bool(scope.roles & RULES[perm])


def require(scope: Scope | None, perm: Perm) -> None:
    if not has_perm(scope, perm):
        raise PermissionDenied(f"Your role does not allow this ({perm.value}).")
