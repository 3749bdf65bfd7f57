"""Actions and the leadership challenges raised about them: lists, single records with their history,
and each action's status at a given moment.
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
    ActionStatus,
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


@dataclass(frozen=True)
class StatusThen:
    """An action's status at a moment, replayed from its appended status rows."""

    status: str
    # When it was last marked done by then (after a send-back, when it was done again, if it was); one
    # closed with no "done" row before it counts as done when it was closed.
    last_done_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None  # when it was closed with evidence of impact, if it was by then


def action_statuses_until(*, scope: Scope, action_ids, end: dt.datetime) -> dict[int, StatusThen]:
    """Each action's status just before ``end``, replayed from its status rows in the order they were
    written. The one answer to "what was each action's status then": the agenda pack, the loop
    tracker on a past day and every report ask it. For a day, ``end`` is ``clock.end_of_day(day)``, so
    the day is the UK's. Every action has a first row, "open", written when it is made: an action
    with no row before ``end`` did not exist yet, and is absent."""
    statuses: dict[int, str] = {}
    last_done: dict[int, dt.datetime] = {}
    closed: dict[int, dt.datetime] = {}
    history = (
        ActionStatusChange.objects.for_scope(scope)
        .filter(action_id__in=action_ids, at__lt=end)
        .order_by("at", "id")
        .values_list("action_id", "to_status", "at")
    )
    for action_id, status, at in history:
        statuses[action_id] = status
        if status == ActionStatus.AWAITING_CHECK or (status == ActionStatus.CLOSED and action_id not in last_done):
            last_done[action_id] = at
        if status == ActionStatus.CLOSED:
            closed[action_id] = at
    return {
        action_id: StatusThen(status, last_done.get(action_id), closed.get(action_id))
        for action_id, status in statuses.items()
    }


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
        qs.select_related(
            "service", "raised_by", "addressed_to__user", "action", "theme__version__framework", "decision"
        )
        .annotate(waiting_since=Coalesce(Subquery(latest_entry), "raised_at"))
        .order_by("-raised_at", "-id")
    )


def challenge_get(*, scope: Scope, challenge_id: int) -> Challenge:
    entries = ChallengeEntry.objects.for_org(scope.organisation).select_related("who", "escalated_to")
    return (
        challenge_list(scope=scope)
        .prefetch_related(
            Prefetch("entries", queryset=entries), Prefetch("handovers", queryset=_handovers(scope.organisation))
        )
        .get(pk=challenge_id)
    )


def _handovers(organisation) -> QuerySet[Handover]:
    return Handover.objects.for_org(organisation).select_related("from_person", "to_person", "who")
