"""Quarterly reviews of a priority with people who use services: readings and adjustments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from core.audit import audit_record
from governance.services._common import (
    _acting_person,
    _now,
    _raise,
    _refuse_closed,
    _text,
    _without_personal_details,
)
from organisations.scope import Scope
from priorities.measures import objective_value
from priorities.models import (
    Measure,
    Objective,
    ObjectiveAdjustment,
    ObjectiveReading,
    PriorityReview,
    QualityPriority,
)
from priorities.rules import Perm, require
from priorities.services._common import _priority, _session


@dataclass(frozen=True)
class AdjustmentInput:
    objective_id: int
    target: float | None
    deadline: dt.date | None
    why: str


def _set_by(objective: Objective, priority: QualityPriority, day: dt.date) -> bool:
    """Whether the objective had been set by ``day``. Those chosen with the priority were set at its
    planning session, however long after it they were typed in; one added since, on the day it was
    added."""
    return objective.recorded_at <= priority.recorded_at or timezone.localdate(objective.recorded_at) <= day


@transaction.atomic
def review_record(
    *,
    scope: Scope,
    priority_id: int,
    session_id: int,
    progress: str,
    adjustments: Sequence[AdjustmentInput] = (),
    now: dt.datetime | None = None,
) -> PriorityReview:
    """A review held with people who use services: the progress they heard, the reading over the 91
    days up to the session of each objective set by then, and any target or deadline changed, with
    the reason. The progress and the reasons are saved without personal details (ADR 0016)."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    priority = _priority(scope, priority_id)
    errors: dict[str, list[str]] = {}
    _refuse_closed(
        scope, priority.service, errors, "__all__", "no review is recorded for this priority now", choose=False
    )
    _raise(errors)
    session = _session(scope, session_id, errors, planning=False)
    progress = _text(progress, "progress", "Say what progress was reported and what people said.", errors)
    if session is not None:
        if session.service_id not in (priority.service_id, None):
            errors.setdefault("session", []).append(
                "Choose a session about the same service or the whole organisation."
            )
        elif session.held_on <= priority.session.held_on:
            # The planning session itself, or another that day, heard no progress: it is not a review.
            errors.setdefault("session", []).append("Choose a session held after the day the priority was chosen.")
        elif not (session.others_count or session.participants.filter(lived_experience=True).exists()):
            errors.setdefault("session", []).append(
                "Choose a session where people who use services took part: the review is held with them."
            )
        elif PriorityReview.objects.for_org(scope.organisation).filter(priority=priority, session=session).exists():
            errors.setdefault("session", []).append("This session's review of the priority is already recorded.")
    objectives = {
        o.id: o
        for o in Objective.objects.for_scope(scope)
        .filter(priority=priority)
        .prefetch_related(
            Prefetch(
                "adjustments", queryset=ObjectiveAdjustment.objects.for_scope(scope).select_related("review__session")
            )
        )
    }
    if session is not None:
        # A review recorded late reads, and may change, only the objectives there were that day.
        objectives = {i: o for i, o in objectives.items() if _set_by(o, priority, session.held_on)}
    checked = []
    for adjustment in adjustments:
        objective = objectives.get(adjustment.objective_id)
        why = (adjustment.why or "").strip()
        if objective is None:
            later = Objective.objects.for_scope(scope).filter(pk=adjustment.objective_id, priority=priority).first()
            errors.setdefault("objective", []).append(
                f"That objective was added on {timezone.localdate(later.recorded_at):%-d %B %Y}, after the session "
                "was held: change it at a review held since."
                if later is not None
                else "Choose one of this priority's objectives."
            )
            continue
        # What the session changed is measured against what was in force when it was held, which is
        # not what is in force now when an earlier review is recorded late.
        before = (
            objective.in_force_on(session.held_on)
            if session is not None
            else (objective.target_now, objective.deadline_now)
        )
        target = before[0] if adjustment.target is None else adjustment.target
        deadline = adjustment.deadline or before[1]
        if target < 0 or (objective.measure != Measure.COPRODUCTION_HIGH and target > 100):
            errors.setdefault("target", []).append("Enter a target from 0 to 100 for a percentage, or 0 or more.")
        if adjustment.deadline and session is not None and adjustment.deadline <= session.held_on:
            errors.setdefault("deadline", []).append(
                f"The new date must be after the session, held on {session.held_on:%-d %B %Y}."
            )
        if (target, deadline) == before:
            errors.setdefault("target", []).append("Give a new target or a new deadline, or leave the change out.")
        if not why:
            errors.setdefault("why", []).append("Say why the objective changed.")
        checked.append((objective, before, target, deadline, why))
    _raise(errors)
    review = PriorityReview.objects.create(
        organisation=scope.organisation,
        priority=priority,
        session=session,
        progress=_without_personal_details(progress),
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    ObjectiveReading.objects.bulk_create(
        ObjectiveReading(
            organisation=scope.organisation,
            review=review,
            objective=o,
            value=objective_value(scope=scope, objective=o, service_id=priority.service_id, until=session.held_on),
        )
        for o in objectives.values()
    )
    for objective, _, target, deadline, why in checked:
        ObjectiveAdjustment.objects.create(
            organisation=scope.organisation,
            review=review,
            objective=objective,
            target=target,
            deadline=deadline,
            why=_without_personal_details(why),
        )
    audit_record(
        scope=scope,
        verb="priorities.priority.review",
        obj=priority,
        at=at,
        changes={
            "reviewed at": {"from": None, "to": session.title},
            **{
                f"objective {o.id}": {"from": [b[0], b[1].isoformat()], "to": [t, d.isoformat()]}
                for o, b, t, d, _ in checked
            },
        },
    )
    return review
