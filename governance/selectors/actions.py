"""Actions and the leadership challenges raised about them: lists, single records with their history,
and each action's status on a given day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from governance.models import (
    ACTIVE_STATUSES,
    UNRESOLVED_CHALLENGE,
    Action,
    ActionStatusChange,
    ActionUpdate,
    Challenge,
    ChallengeEntry,
    Handover,
    overdue_q,
)
from governance.rules import Perm, require
from organisations.scope import Scope


@dataclass(frozen=True)
class ActionFilters:
    status: str = ""  # a status, "active", or "overdue"
    service_id: int | None = None
    mine: bool = False


def action_list(*, scope: Scope, today: dt.date, filters: ActionFilters = ActionFilters()) -> QuerySet[Action]:
    scope = require(scope, Perm.VIEW)
    qs = Action.objects.for_scope(scope)
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    if filters.status == "active":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif filters.status == "overdue":
        qs = qs.filter(overdue_q(on=today))
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.mine:
        person_id = scope.person.id if scope.person else None
        qs = qs.filter(Q(lead_id=person_id) | Q(verifier_id=person_id))
    return (
        qs.select_related(
            "service",
            "lead",
            "verifier",
            "theme__version__framework",
            "decision__meeting",
            "priority_objective__objective__priority",
            "audit_finding__run__version__template",
            "audit_finding__run__service",
        )
        .annotate(unresolved_challenges=Count("challenges", filter=Q(challenges__status__in=UNRESOLVED_CHALLENGE)))
        .order_by("due_on", "id")
    )


def action_get(*, scope: Scope, action_id: int) -> Action:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        Action.objects.for_scope(scope)
        .select_related(
            "service",
            "lead",
            "verifier",
            "checked_by",
            "created_by",
            "theme__version__framework",
            "feedback__service",
            "decision__meeting",
        )
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.for_org(org).select_related("who")),
            Prefetch("status_changes", queryset=ActionStatusChange.objects.for_org(org).select_related("who")),
            Prefetch("challenges", queryset=Challenge.objects.for_org(org).select_related("raised_by", "addressed_to")),
            Prefetch("handovers", queryset=_handovers(org)),
        )
        .get(pk=action_id)
    )


def action_statuses_on(*, scope: Scope, action_ids, day: dt.date) -> dict[int, str]:
    """Each action's status at the end of ``day``, replayed from its status history (every action
    has a first row, "open", written when it is made). Actions made after ``day`` are absent."""
    statuses: dict[int, str] = {}
    history = (
        ActionStatusChange.objects.for_org(scope.organisation)
        .filter(action_id__in=action_ids, at__date__lte=day)
        .order_by("at", "id")
        .values_list("action_id", "to_status")
    )
    for action_id, status in history:
        statuses[action_id] = status
    return statuses


def challenge_list(*, scope: Scope, unresolved_only: bool = False) -> QuerySet[Challenge]:
    """Challenges, newest first, each with ``waiting_since``: when it came to stand as it does, by its
    latest answer or conclusion, or when it was asked if nothing has followed (``days_waiting``)."""
    scope = require(scope, Perm.VIEW)
    qs = Challenge.objects.for_scope(scope)
    if scope.current_service_id:
        qs = qs.filter(service_id=scope.current_service_id)
    if unresolved_only:
        qs = qs.filter(status__in=UNRESOLVED_CHALLENGE)
    latest_entry = (
        ChallengeEntry.objects.for_org(scope.organisation)
        .filter(challenge_id=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        qs.select_related("service", "raised_by", "addressed_to", "action", "theme__version__framework", "decision")
        .annotate(waiting_since=Coalesce(Subquery(latest_entry), "raised_at"))
        .order_by("-raised_at", "-id")
    )


def challenge_get(*, scope: Scope, challenge_id: int) -> Challenge:
    entries = ChallengeEntry.objects.for_org(scope.organisation).select_related("who")
    return (
        challenge_list(scope=scope)
        .prefetch_related(
            Prefetch("entries", queryset=entries), Prefetch("handovers", queryset=_handovers(scope.organisation))
        )
        .get(pk=challenge_id)
    )


def _handovers(organisation) -> QuerySet[Handover]:
    return Handover.objects.for_org(organisation).select_related("from_person", "to_person", "who")
