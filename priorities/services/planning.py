"""Priorities chosen at a planning session, with their objectives and the actions opened for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import clock
from core.audit import audit_record
from governance.models import Action, ActionSource, CoproductionActivity
from governance.services import ActionInput, action_create
from governance.services._common import (
    _acting_person,
    _decision_for,
    _now,
    _person_for,
    _raise,
    _refuse_closed,
    _service_in_scope,
    _text,
    _withdrawal_record,
    _without_personal_details,
)
from organisations.closed import service_refusal
from organisations.models import Service
from organisations.scope import Scope
from priorities.measures import measure_value
from priorities.models import (
    IdeaWithdrawal,
    Measure,
    Objective,
    ObjectiveAction,
    PriorityIdea,
    PriorityReview,
    PriorityWithdrawal,
    QualityPriority,
)
from priorities.rules import Perm, has_perm, require
from priorities.services._common import _priority, _refuse_withdrawn, _session
from themes.coding.selectors import current_theme_codes, primary_framework

YEARS_AHEAD = 2


@dataclass(frozen=True)
class ObjectiveInput:
    description: str
    measure: str
    target: float | None
    deadline: dt.date | None
    lead_id: int | None
    theme_code: str = ""


TARGET_RANGE = "Enter a target from 0 to 100 for a percentage, or 0 or more for a number."


def objective_plan_problems(
    *, measure: str | None, target: float | None, deadline: dt.date | None, today: dt.date
) -> dict[str, list[str]]:
    """What is wrong with an objective's target and deadline, by field: a target out of its measure's
    range (0 to 100 for a percentage, 0 or more for a number of activities), a deadline not after
    ``today``. Whatever is not known (None) is not checked: a form that could not read a field says so
    itself. A new objective is checked with it, and the forms that take one say its problems beside
    their own."""
    errors: dict[str, list[str]] = {}
    percentage = measure != Measure.COPRODUCTION_HIGH
    if measure is not None and target is not None and (target < 0 or (percentage and target > 100)):
        errors["target"] = [TARGET_RANGE]
    if deadline is not None and deadline <= today:
        errors["deadline"] = ["The deadline must be after today."]
    return errors


def _objective(
    scope: Scope, priority: QualityPriority, data: ObjectiveInput, errors: dict, today: dt.date, prefix: str = ""
) -> dict | None:
    """The checked fields of a new objective, with its baseline, or None (errors say why)."""
    found: dict[str, list[str]] = {}
    description = _text(data.description, "description", "Say what the objective is.", found)[:300]
    theme_code = ""
    if data.measure not in Measure.values:
        found["measure"] = ["Choose what it is measured by."]
    elif data.measure == Measure.THEME_SHARE:
        theme_code = (data.theme_code or "").strip()
        if theme_code not in current_theme_codes(scope=scope):
            found["theme_code"] = ["Choose the theme it is measured by."]
    plan = objective_plan_problems(measure=data.measure, target=data.target, deadline=data.deadline, today=today)
    if data.target is None:
        found["target"] = [TARGET_RANGE]
    elif "target" in plan:
        found["target"] = plan["target"]
    if data.deadline is None:
        found["deadline"] = ["Enter the date it should be met by."]
    elif "deadline" in plan:
        found["deadline"] = plan["deadline"]
    # The shared check leaves commissioners out: they never see the priorities they would lead.
    lead = _person_for(scope, data.lead_id, priority.service, "lead", found)
    for key, messages in found.items():
        errors.setdefault(prefix + key, []).extend(messages)
    if found:
        return None
    baseline = measure_value(
        scope=scope, measure=data.measure, theme_code=theme_code, service_id=priority.service_id, until=today
    )
    return {
        "description": description,
        "measure": data.measure,
        "theme_code": theme_code,
        # Chosen from the main framework (checked against it above), and measured with it only.
        "theme_framework": primary_framework(scope=scope) if theme_code else None,
        "target": float(data.target),
        "deadline": data.deadline,
        "lead": lead,
        "baseline": baseline,
    }


def _create_objective(scope: Scope, priority: QualityPriority, fields: dict, at: dt.datetime) -> Objective:
    objective = Objective.objects.create(
        organisation=scope.organisation, priority=priority, recorded_by=_acting_person(scope), recorded_at=at, **fields
    )
    audit_record(
        scope=scope,
        verb="priorities.objective.add",
        obj=priority,
        at=at,
        changes={
            "objective": {"from": None, "to": objective.description},
            "measure": {"from": None, "to": objective.measure},
            "baseline": {"from": None, "to": objective.baseline},
            "target": {"from": None, "to": objective.target},
            "deadline": {"from": None, "to": objective.deadline.isoformat()},
            "lead": {"from": None, "to": objective.lead.full_name},
        },
    )
    return objective


def priority_closed_refusal(*, scope: Scope, service: Service | None) -> str | None:
    """Why no priority is chosen for ``service`` now that it has closed, or None (ADR 0009). The
    priority form says it beside its other problems."""
    return service_refusal(scope=scope, service=service, not_done="no priority is chosen there now", whole=True)


def priority_place_problems(
    *, scope: Scope, session: CoproductionActivity | None, service: Service | None
) -> dict[str, list[str]]:
    """What is wrong with choosing a priority for ``service`` (None: the whole organisation) at
    ``session``, by field, every problem at once. A priority is worked on for a year with the people of
    its service, so none is chosen at a session of a service that has closed, nor for a closed service
    even at a session held before it did (ADR 0009); and a session about one service chooses for that
    service. A closed session's service is said on the session, once: to choose it again would not
    help, and another service would not either. The priority form says these beside its other
    problems."""
    errors: dict[str, list[str]] = {}
    closed_session = session is not None and session.service_id and session.service.archived_at is not None
    if closed_session:
        _refuse_closed(
            scope, session.service, errors, "session", "no priority is chosen at this session now", choose=False
        )
    said_on_session = closed_session and service is not None and service.id == session.service_id
    if not said_on_session and (refusal := priority_closed_refusal(scope=scope, service=service)):
        errors["service"] = [refusal]
    elif not closed_session and session is not None and session.service_id not in (None, getattr(service, "id", None)):
        errors["service"] = [f"The session was about {session.service.name}: choose it."]
    return errors


@transaction.atomic
def priority_choose(
    *,
    scope: Scope,
    session_id: int,
    title: str,
    year: int | None,
    service_id: int | None,
    objectives: Sequence[ObjectiveInput],
    why: str = "",
    idea_id: int | None = None,
    decision_id: int | None = None,
    now: dt.datetime | None = None,
) -> QualityPriority:
    """A priority chosen at a planning session, with at least one measurable objective. A session about
    one service chooses priorities for that service; a session of the whole organisation, for any
    that is open (none for a service since archived).
    A governance decision that adopted the priority (about the same service or the whole
    organisation) may be named, so the minutes show what came of it. Why it was chosen is saved without
    personal details (ADR 0016); its title and objectives are the words people chose, kept as written."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    errors: dict[str, list[str]] = {}
    session = _session(scope, session_id, errors, planning=True)
    title = _text(title, "title", "Enter the priority in a few words.", errors)[:200]
    service = _service_in_scope(scope, service_id)
    for name, messages in priority_place_problems(scope=scope, session=session, service=service).items():
        errors.setdefault(name, []).extend(messages)
    if session is not None and (year is None or not session.held_on.year <= year <= session.held_on.year + YEARS_AHEAD):
        first = session.held_on.year
        errors["year"] = [f"Enter a year from {first} to {first + YEARS_AHEAD}."]
    idea = None
    if idea_id:
        # Locked, as a withdrawal locks it: an idea withdrawn while it is chosen would leave a
        # priority resting on an idea that no longer counts.
        idea = (
            PriorityIdea.objects.for_scope(scope)
            .select_for_update(of=("self",))
            .filter(pk=idea_id, session=session)
            .first()
        )
        if idea is None:
            errors.setdefault("idea", []).append("Choose an idea raised at this session.")
        elif IdeaWithdrawal.objects.for_org(scope.organisation).filter(idea=idea).exists():
            errors.setdefault("idea", []).append(
                "That idea has been corrected or withdrawn: choose it again from the session's ideas."
            )
        elif (chosen := QualityPriority.objects.for_org(scope.organisation).filter(idea=idea).first()) is not None:
            if PriorityWithdrawal.objects.for_org(scope.organisation).filter(priority=chosen).exists():
                message = "That idea was chosen as a priority that was later withdrawn: leave the idea out."
            else:
                message = "That idea is already a priority."
            errors.setdefault("idea", []).append(message)
    decision = _decision_for(scope, decision_id, service, clock.day_of(at), errors)
    if not objectives:
        errors.setdefault("objectives", []).append("Give the priority at least one measurable objective.")
    draft = QualityPriority(organisation=scope.organisation, service=service)
    checked = [
        _objective(scope, draft, o, errors, clock.day_of(at), prefix="" if i == 0 else f"objective{i}_")
        for i, o in enumerate(objectives)
    ]
    _raise(errors)
    priority = QualityPriority.objects.create(
        organisation=scope.organisation,
        service=service,
        year=year,
        title=title,
        why=_without_personal_details((why or "").strip()),
        session=session,
        idea=idea,
        decision=decision,
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    audit_record(
        scope=scope,
        verb="priorities.priority.choose",
        obj=priority,
        at=at,
        changes={
            "title": {"from": None, "to": title},
            "year": {"from": None, "to": year},
            "service": {"from": None, "to": priority.scope_label},
            "decision": {"from": None, "to": decision.id if decision else None},
        },
    )
    for fields in checked:
        _create_objective(scope, priority, fields, at)
    return priority


def may_withdraw(scope: Scope, priority: QualityPriority) -> bool:
    """Someone who may plan at the priority's service; for the whole organisation's, someone whose
    planning role covers every service (as only they may choose one)."""
    return has_perm(scope, Perm.PLAN, priority.service_id)


def priority_rested_on(scope: Scope, priority: QualityPriority) -> list[str]:
    """What has been done under this priority: reviews held and actions opened for its objectives.
    A priority with any of these is being worked on, and is not withdrawn; its objectives change at a
    review instead."""
    done = []
    org = scope.organisation
    if PriorityReview.objects.for_org(org).filter(priority=priority).exists():
        done.append("it has been reviewed")
    if ObjectiveAction.objects.for_org(org).filter(objective__priority=priority).exists():
        done.append("actions were opened for it")
    return done


@transaction.atomic
def priority_withdraw(
    *, scope: Scope, priority_id: int, reason: str, now: dt.datetime | None = None
) -> PriorityWithdrawal:
    """Take a priority out of the list and the reports (chosen twice, or recorded by mistake), saying
    why. It is kept, marked as withdrawn, with its objectives."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    priority = QualityPriority.objects.for_scope(scope).select_for_update(of=("self",)).get(pk=priority_id)
    if not may_withdraw(scope, priority):
        raise PermissionDenied(
            "Only someone who covers every service can withdraw a priority of the whole organisation."
        )
    _refuse_withdrawn(scope, priority)
    errors: dict[str, list[str]] = {}
    done = priority_rested_on(scope, priority)
    if done:
        errors["__all__"] = [
            f"This priority cannot be withdrawn: {' and '.join(done)}. Change its objectives at a review."
        ]
    reason = _text(reason, "reason", "Say why the priority is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(PriorityWithdrawal, scope, reason, at, priority=priority)
    audit_record(
        scope=scope,
        verb="priorities.priority.withdraw",
        obj=priority,
        at=at,
        changes={"withdrawn": {"from": False, "to": True}},
    )
    return withdrawal


@transaction.atomic
def objective_add(*, scope: Scope, priority_id: int, data: ObjectiveInput, now: dt.datetime | None = None) -> Objective:
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    priority = _priority(scope, priority_id)
    errors: dict[str, list[str]] = {}
    _refuse_closed(
        scope, priority.service, errors, "__all__", "no objective is added to this priority now", choose=False
    )
    _raise(errors)
    fields = _objective(scope, priority, data, errors, clock.day_of(at))
    _raise(errors)
    return _create_objective(scope, priority, fields, at)


@transaction.atomic
def objective_action_open(
    *, scope: Scope, objective_id: int, action: ActionInput, now: dt.datetime | None = None
) -> Action:
    """An action in the quality action log to meet an objective: for the priority's service (or the
    whole organisation), with its own lead, a different person to check its impact and a due date."""
    scope = require(scope, Perm.PLAN)
    objective = Objective.objects.for_scope(scope).select_related("priority__service").get(pk=objective_id)
    _refuse_withdrawn(scope, objective.priority)
    errors: dict[str, list[str]] = {}
    _refuse_closed(
        scope, objective.priority.service, errors, "__all__", "no action is opened for this priority now", choose=False
    )
    _raise(errors)
    opened = action_create(
        scope=scope,
        data=replace(action, service_id=objective.priority.service_id, source=ActionSource.PRIORITY),
        now=now,
        linked=True,
    )
    ObjectiveAction.objects.create(organisation=scope.organisation, objective=objective, action=opened)
    audit_record(
        scope=scope,
        verb="priorities.objective.action",
        obj=objective.priority,
        at=now,
        changes={"action": {"from": None, "to": opened.id}, "objective": {"from": None, "to": objective.description}},
    )
    return opened
