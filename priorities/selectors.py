"""Reads for quality priorities, always from the acting scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from core.working_days import working_day
from governance.models import ActivityKind, CoproductionActivity
from governance.selectors import people_for_service
from organisations.models import Person
from organisations.scope import Scope
from priorities.measures import objective_value
from priorities.models import (
    Objective,
    ObjectiveAction,
    ObjectiveAdjustment,
    ObjectiveReading,
    PriorityIdea,
    PriorityReview,
    QualityPriority,
)
from priorities.rules import Perm, require
from themes.selectors import themes_shown

REVIEW_EVERY_DAYS = 92  # a quarter


def _objectives(scope: Scope) -> QuerySet[Objective]:
    # A whole-organisation priority's objectives bind every service: read with it (ADR 0015).
    return (
        Objective.objects.for_scope(scope, whole_organisation=True)
        .select_related("lead", "theme_framework")
        .prefetch_related(
            Prefetch("adjustments", queryset=ObjectiveAdjustment.objects.for_scope(scope, whole_organisation=True))
        )
    )


def adopted_by(*, scope: Scope, decision_ids: Iterable[int]) -> dict[int, list[QualityPriority]]:
    """The quality priorities each governance decision adopted."""
    scope = require(scope, Perm.VIEW)
    found = defaultdict(list)
    for priority in (
        QualityPriority.objects.for_scope(scope)
        .filter(decision_id__in=list(decision_ids), withdrawal__isnull=True)
        .select_related("service")
        .annotate(objective_count=Count("objectives"))
        .order_by("year", "id")
    ):
        found[priority.decision_id].append(priority)
    return dict(found)


def priority_list(*, scope: Scope, year: int | None = None, withdrawn: bool = False) -> QuerySet[QualityPriority]:
    """The priorities in force (or, with ``withdrawn``, those withdrawn, with who withdrew them and why)."""
    scope = require(scope, Perm.VIEW)
    qs = QualityPriority.objects.for_scope(scope, whole_organisation=True).filter(withdrawal__isnull=not withdrawn)
    if scope.current_service_id:
        qs = qs.filter(Q(service_id=scope.current_service_id) | Q(service__isnull=True))
    if year:
        qs = qs.filter(year=year)
    if withdrawn:
        return qs.select_related("service", "withdrawal__withdrawn_by").order_by("-year", "service__name", "id")
    return (
        qs.select_related("service", "session")
        .prefetch_related(
            Prefetch("objectives", queryset=_objectives(scope)),
            Prefetch(
                "reviews",
                queryset=PriorityReview.objects.for_scope(scope, whole_organisation=True).select_related("session"),
            ),
        )
        .order_by("-year", "service__name", "id")
    )


def priority_years(*, scope: Scope) -> list[int]:
    scope = require(scope, Perm.VIEW)
    return sorted(
        set(QualityPriority.objects.for_scope(scope, whole_organisation=True).values_list("year", flat=True)),
        reverse=True,
    )


def priority_get(*, scope: Scope, priority_id: int) -> QualityPriority:
    scope = require(scope, Perm.VIEW)
    reviews = (
        PriorityReview.objects.for_scope(scope, whole_organisation=True)
        .select_related("session", "recorded_by")
        .prefetch_related(
            Prefetch(
                "readings",
                queryset=ObjectiveReading.objects.for_scope(scope, whole_organisation=True).select_related("objective"),
            ),
            Prefetch(
                "adjustments",
                queryset=ObjectiveAdjustment.objects.for_scope(scope, whole_organisation=True).select_related(
                    "objective"
                ),
            ),
        )
    )
    actions = ObjectiveAction.objects.for_scope(scope, whole_organisation=True).select_related(
        "action__lead", "action__verifier", "action__checked_by"
    )
    return (
        QualityPriority.objects.for_scope(scope, whole_organisation=True)
        .select_related("service", "session", "idea", "recorded_by", "decision__meeting", "withdrawal__withdrawn_by")
        .prefetch_related(
            Prefetch("objectives", queryset=_objectives(scope).prefetch_related(Prefetch("actions", queryset=actions))),
            Prefetch("reviews", queryset=reviews),
        )
        .get(pk=priority_id)
    )


@dataclass(frozen=True)
class ObjectiveNow:
    objective: Objective
    value: float | None  # the measure over the 91 days up to today
    met: bool | None


def objectives_now(*, scope: Scope, priority: QualityPriority, today: dt.date) -> list[ObjectiveNow]:
    """Each objective with its measure as it stands today and whether it meets the target in force."""
    scope = require(scope, Perm.VIEW)
    out = []
    for objective in priority.objectives.all():
        value = objective_value(scope=scope, objective=objective, service_id=priority.service_id, until=today)
        out.append(ObjectiveNow(objective=objective, value=value, met=objective.met_by(value)))
    return out


def objective_themes(*, scope: Scope, objectives: Iterable[Objective]) -> dict:
    """{objective id: its theme as shown}, named from the framework it is of (themes'
    `themes_shown`), with that framework said when it is no longer the one in use."""
    return themes_shown(
        scope=scope, tagged={o.id: (o.theme_framework, [o.theme_code]) for o in objectives if o.theme_code}
    )


def changed_from(priority: QualityPriority) -> dict[int, tuple[float, dt.date]]:
    """For each adjustment of the priority's objectives (by id), the target and deadline it replaced:
    the objective's own, or the previous review's. From what the page has already loaded."""
    out = {}
    for objective in priority.objectives.all():
        before = (objective.target, objective.deadline)
        for adjustment in objective.adjustments.all():  # in the order the reviews were held
            out[adjustment.id] = before
            before = (adjustment.target, adjustment.deadline)
    return out


def next_review_due(priority: QualityPriority) -> dt.date:
    """A quarter after the last review, or after the planning session that chose it, on a working day."""
    held = [r.session.held_on for r in priority.reviews.all()] or [priority.session.held_on]
    # Later, not earlier: a full quarter of figures to review, as a deadline on a day off moves to the next.
    return working_day(max(held) + dt.timedelta(days=REVIEW_EVERY_DAYS))


def lead_choices(*, scope: Scope, service_id: int | None, in_scope: bool = False) -> list[Person]:
    """People who may lead an objective: a current role over the service (or, with ``in_scope``, over
    any the asker covers) that reads priorities, so never a commissioner."""
    scope = require(scope, Perm.VIEW)
    return list(people_for_service(scope=scope, service_id=service_id, in_scope=in_scope))


def planning_sessions(*, scope: Scope, limit: int = 50) -> list[CoproductionActivity]:
    scope = require(scope, Perm.VIEW)
    return list(
        CoproductionActivity.objects.for_scope(scope, whole_organisation=True)
        .filter(kind=ActivityKind.PLANNING, withdrawal__isnull=True)
        .select_related("service")
        .order_by("-held_on", "-id")[:limit]
    )


def session_get(*, scope: Scope, session_id: int) -> CoproductionActivity:
    """A planning session with its ideas in the ranking (not withdrawn or corrected), most votes
    first, the ideas taken out of it (``ideas_withdrawn``, with who did it and why), and the priorities
    chosen from them."""
    scope = require(scope, Perm.VIEW)
    return (
        CoproductionActivity.objects.for_scope(scope, whole_organisation=True)
        .filter(kind=ActivityKind.PLANNING)
        .select_related("service")
        .prefetch_related(
            Prefetch(
                "priority_ideas",
                queryset=PriorityIdea.objects.for_scope(scope, whole_organisation=True)
                .filter(withdrawal__isnull=True)
                .select_related("chosen_as", "recorded_by")
                .order_by("-votes", "id"),
            ),
            Prefetch(
                "priority_ideas",
                queryset=PriorityIdea.objects.for_scope(scope, whole_organisation=True)
                .filter(withdrawal__isnull=False)
                .select_related("withdrawal__withdrawn_by", "recorded_by", "chosen_as")
                .order_by("id"),
                to_attr="ideas_withdrawn",
            ),
            Prefetch(
                "priorities_chosen",
                queryset=QualityPriority.objects.for_scope(scope, whole_organisation=True)
                .filter(withdrawal__isnull=True)
                .order_by("id"),
            ),
        )
        .annotate(participant_count=Count("participants", distinct=True))
        .get(pk=session_id)
    )


@dataclass(frozen=True)
class SessionIdeas:
    """A planning session's ideas as its page shows them."""

    ranked: list[PriorityIdea]  # most votes first, with the corrected figures
    withdrawn: list[PriorityIdea]  # taken out of the ranking (not by a correction), not ranked
    earlier: dict[int, list[PriorityIdea]]  # for each idea, what it corrected, newest first
    replaced_by: dict[int, PriorityIdea]  # for each corrected idea, the one that took its place


def session_ideas(session: CoproductionActivity) -> SessionIdeas:
    """The ideas of a session from ``session_get``, with the history of each: every correction is a
    row that names the one it replaced, which is kept, withdrawn, with what was wrong."""
    ranked = list(session.priority_ideas.all())
    out_of_ranking = session.ideas_withdrawn
    by_id = {i.id: i for i in out_of_ranking}
    replaced_by = {i.replaces_id: i for i in ranked + out_of_ranking if i.replaces_id}
    earlier = {}
    for idea in ranked + out_of_ranking:
        chain, before = [], idea.replaces_id
        while before in by_id:
            chain.append(by_id[before])
            before = by_id[before].replaces_id
        earlier[idea.id] = chain
    withdrawn = [i for i in out_of_ranking if i.id not in replaced_by]
    return SessionIdeas(ranked=ranked, withdrawn=withdrawn, earlier=earlier, replaced_by=replaced_by)


def idea_session(*, scope: Scope, idea_id: int) -> tuple[PriorityIdea, CoproductionActivity]:
    """An idea, ranked or not, with its session as ``session_get`` reads it."""
    scope = require(scope, Perm.VIEW)
    session_id = (
        PriorityIdea.objects.for_scope(scope, whole_organisation=True)
        .values_list("session_id", flat=True)
        .get(pk=idea_id)
    )
    session = session_get(scope=scope, session_id=session_id)
    idea = next(i for i in list(session.priority_ideas.all()) + session.ideas_withdrawn if i.id == idea_id)
    return idea, session


def review_sessions(*, scope: Scope, priority: QualityPriority, limit: int = 50) -> list[CoproductionActivity]:
    """Sessions a review of the priority can be recorded at: held after the day it was chosen, about
    its service or the whole organisation, with people who use services among those who took part,
    newest first."""
    scope = require(scope, Perm.VIEW)
    place = Q(service__isnull=True) | Q(service_id=priority.service_id) if priority.service_id else Q()
    with_people = Q(others_count__gt=0) | Q(participants__lived_experience=True)
    return list(
        CoproductionActivity.objects.for_scope(scope)
        .filter(place, with_people, held_on__gt=priority.session.held_on, withdrawal__isnull=True)
        .exclude(pk__in=[r.session_id for r in priority.reviews.all()])
        .distinct()
        .order_by("-held_on", "-id")[:limit]
    )


@dataclass(frozen=True)
class ObjectiveProgress:
    """One objective as a report shows it: the measure at the period's end against the target then
    in force, and whether its priority was reviewed with people in the period."""

    priority: str
    service: str
    objective: str
    lead: str
    percentage: bool
    baseline: float | None
    value: float | None
    target: float
    deadline: dt.date
    met: bool | None
    reviewed: bool


def progress_for_report(
    *, scope: Scope, first: dt.date, until: dt.date, service_id: int | None = None, over_period: bool = False
) -> list[ObjectiveProgress]:
    """The objectives of the priorities for the years the period touches (a service's own when one is
    given), measured over the 91 days up to `until`, or over the period itself (`first` to `until`)
    when `over_period`, as a report of a calendar quarter measures its other figures; adjustments made
    after `until` are left out."""
    scope = require(scope, Perm.VIEW)
    qs = QualityPriority.objects.for_scope(scope).filter(year__in={first.year, until.year}, withdrawal__isnull=True)
    if service_id:
        qs = qs.filter(service_id=service_id)
    adjustments = ObjectiveAdjustment.objects.for_scope(scope).filter(review__session__held_on__lte=until)
    priorities = qs.select_related("service").prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.for_scope(scope)
            # Set by ``until``: those chosen with the priority count from its planning session, however
            # late they were typed in (as a review reads them); one added since, from the day it was added.
            .filter(Q(recorded_at__lte=F("priority__recorded_at")) | Q(recorded_at__date__lte=until))
            .select_related("lead")
            .prefetch_related(Prefetch("adjustments", queryset=adjustments)),
        ),
        Prefetch("reviews", queryset=PriorityReview.objects.for_scope(scope).select_related("session")),
    )
    out = []
    for priority in priorities.order_by("service__name", "id"):
        reviewed = any(first <= r.session.held_on <= until for r in priority.reviews.all())
        for objective in priority.objectives.all():
            value = objective_value(
                scope=scope,
                objective=objective,
                service_id=priority.service_id,
                until=until,
                since=first if over_period else None,
            )
            out.append(
                ObjectiveProgress(
                    priority=priority.title,
                    service=priority.scope_label,
                    objective=objective.description,
                    lead=objective.lead.full_name,
                    percentage=objective.is_percentage,
                    baseline=objective.baseline,
                    value=value,
                    target=objective.target_now,
                    deadline=objective.deadline_now,
                    met=objective.met_by(value),
                    reviewed=reviewed,
                )
            )
    return out


REVIEW_SOON_DAYS = 14


@dataclass(frozen=True)
class DeadlineDue:
    objective: Objective
    priority: QualityPriority
    deadline: dt.date  # the one in force: the latest agreed at a review, or the one set


@dataclass(frozen=True)
class DueForLead:
    reviews: list[tuple[QualityPriority, dt.date]]  # with the day each review is due
    deadlines: list[DeadlineDue]


def due_for_lead(*, scope: Scope, today: dt.date, within_days: int = REVIEW_SOON_DAYS) -> DueForLead:
    """For the person signed in, in the priorities in force where they lead an objective: the
    quarterly reviews that fall due within ``within_days`` of ``today`` (or are past), and the
    deadlines of the objectives they lead that fall in the same days (or have passed, which come
    first). Each list runs from the earliest. One read of the priorities, their objectives and their
    reviews serves both, however many are listed."""
    scope = require(scope, Perm.VIEW)
    if scope.person is None:
        return DueForLead(reviews=[], deadlines=[])
    mine = Objective.objects.for_scope(scope, whole_organisation=True).filter(lead=scope.person)
    led = list(priority_list(scope=scope).filter(id__in=mine.values("priority_id"), year__gte=today.year))
    horizon = today + dt.timedelta(days=within_days)
    reviews = [(p, day) for p in led if (day := next_review_due(p)) <= horizon]
    deadlines = [
        DeadlineDue(objective=o, priority=p, deadline=o.deadline_now)
        for p in led
        for o in p.objectives.all()
        if o.lead_id == scope.person.id and o.deadline_now <= horizon
    ]
    return DueForLead(
        reviews=sorted(reviews, key=lambda x: (x[1], x[0].id)),
        deadlines=sorted(deadlines, key=lambda d: (d.deadline, d.priority.id, d.objective.id)),
    )
