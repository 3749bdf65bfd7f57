"""Reads for the co-production ledger: what a session influenced through quality priorities.

A priority chosen at a planning session, and a change to an objective agreed at a review, are what
that session influenced (ADR 0014, addenda of 2026-12-04 and 2026-12-05). They are read here from the
priorities themselves, never copied into the ledger as recorded influences, so they cannot drift
from what the priority's page says. Only the priorities the reader may see are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from organisations.scope import Scope
from priorities.models import Objective, ObjectiveAdjustment, QualityPriority
from priorities.rules import Perm, require


def figure(value: float, objective: Objective) -> str:
    """A target as the priorities pages write it: a percentage to one place, or a plain number."""
    return f"{value:.1f}%" if objective.is_percentage else f"{value:g}"


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class ChangeAtReview:
    """A change to an objective agreed at a review, with what it replaced."""

    adjustment: ObjectiveAdjustment  # with its objective, the objective's priority and its review
    target_was: float
    deadline_was: dt.date

    @property
    def what_changed(self) -> str:
        """ "target from 10.0% to 5.0%; to be met by 1 May 2027 instead of 1 March 2027", as the
        priority's page says it."""
        a, objective = self.adjustment, self.adjustment.objective
        said = []
        if a.target != self.target_was:
            said.append(f"target from {figure(self.target_was, objective)} to {figure(a.target, objective)}")
        if a.deadline != self.deadline_was:
            said.append(f"to be met by {_day(a.deadline)} instead of {_day(self.deadline_was)}")
        if not said:  # agreed again as it was: still what the review decided
            said.append(f"target kept at {figure(a.target, objective)}, to be met by {_day(a.deadline)}")
        return "; ".join(said)

    @property
    def words(self) -> str:
        """The whole change in one sentence, for the API and spreadsheets."""
        objective = self.adjustment.objective
        return f"{objective.priority.title}: {objective.description}: {self.what_changed}."


def chosen_words(priority: QualityPriority) -> str:
    """A priority chosen at a session, in one sentence, as the session's ledger entry says it."""
    return f"{priority.title}: chosen as a priority for {priority.year} ({priority.scope_label})."


@dataclass(frozen=True)
class SessionInfluence:
    """What a ledger entry influenced through quality priorities."""

    chosen: list[QualityPriority]  # priorities chosen at it, in force, with their service
    changes: list[ChangeAtReview]  # objective changes agreed at reviews held at it

    def __bool__(self) -> bool:
        return bool(self.chosen or self.changes)


def priorities_chosen_at_session(*, scope: Scope, session_id: int) -> list[QualityPriority]:
    """The priorities chosen at a planning session and still in force (one withdrawn as chosen twice
    or by mistake was not chosen), in the order they were chosen."""
    scope = require(scope, Perm.VIEW)
    return list(
        QualityPriority.objects.for_scope(scope, whole_organisation=True)
        .filter(session_id=session_id, withdrawal__isnull=True)
        .select_related("service", "recorded_by")
        .order_by("id")
    )


def changes_at_session(*, scope: Scope, session_id: int) -> list[ChangeAtReview]:
    """What the reviews held at a session of the co-production ledger changed: each objective's target
    or deadline agreed there, with the one it replaced (as the priority's page says it), by priority."""
    scope = require(scope, Perm.VIEW)
    adjustments = ObjectiveAdjustment.objects.for_scope(scope, whole_organisation=True)
    made_here = list(
        adjustments.filter(review__session_id=session_id)
        .select_related("objective__priority", "review__recorded_by")
        .order_by("objective__priority_id", "objective_id", "id")
    )
    if not made_here:
        return []
    was, now = {}, {}
    # In the order the reviews were held, each change replaced the one before it, or the objective's own.
    for a in adjustments.filter(objective_id__in={a.objective_id for a in made_here}).select_related("objective"):
        was[a.id] = now.get(a.objective_id, (a.objective.target, a.objective.deadline))
        now[a.objective_id] = (a.target, a.deadline)
    return [ChangeAtReview(adjustment=a, target_was=was[a.id][0], deadline_was=was[a.id][1]) for a in made_here]


def influenced_at_session(*, scope: Scope, session_id: int) -> SessionInfluence:
    """Everything a ledger entry influenced through quality priorities, as the reader may see it."""
    return SessionInfluence(
        chosen=priorities_chosen_at_session(scope=scope, session_id=session_id),
        changes=changes_at_session(scope=scope, session_id=session_id),
    )
