"""What the priorities services share: the session a record is made at, and a priority still open."""

from __future__ import annotations

from governance.models import ActivityKind, CoproductionActivity
from governance.services._common import _raise
from organisations.scope import Scope
from priorities.models import PriorityWithdrawal, QualityPriority


def _session(scope: Scope, session_id: int | None, errors: dict, *, planning: bool) -> CoproductionActivity | None:
    session = (
        CoproductionActivity.objects.for_scope(scope).filter(pk=session_id, withdrawal__isnull=True).first()
        if session_id
        else None
    )
    if session is None:
        errors.setdefault("session", []).append("Choose a session from the co-production ledger.")
    elif planning and session.kind != ActivityKind.PLANNING:
        errors.setdefault("session", []).append("Choose a planning session: priorities are chosen with people there.")
    return session


def _priority(scope: Scope, priority_id: int) -> QualityPriority:
    """A priority that may still be worked on: not withdrawn."""
    priority = QualityPriority.objects.for_scope(scope).select_related("service", "session").get(pk=priority_id)
    _refuse_withdrawn(scope, priority)
    return priority


def _refuse_withdrawn(scope: Scope, priority: QualityPriority) -> None:
    if PriorityWithdrawal.objects.for_org(scope.organisation).filter(priority_id=priority.id).exists():
        _raise({"__all__": ["This priority has been withdrawn: nothing more can be added to it."]})
