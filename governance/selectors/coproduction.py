"""The co-production ledger: activities, who took part and what each influenced, the ladder of
rungs reached, and the meetings and decisions an activity may be linked to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from audits.influence import designed_at
from governance.models import (
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Decision,
    Meeting,
    Rung,
)
from governance.rules import Perm, require
from organisations.scope import Scope
from priorities.models import ObjectiveAdjustment, QualityPriority

# Decisions made up to half a year after an activity are offered as ones it shaped: what people say
# reaches the next meetings, and the list stays short enough to choose from.
INFLUENCE_WINDOW_DAYS = 183


@dataclass(frozen=True)
class CoproductionFilters:
    service_id: int | None = None
    rung: str = ""
    kind: str = ""


def coproduction_list(
    *, scope: Scope, filters: CoproductionFilters = CoproductionFilters()
) -> QuerySet[CoproductionActivity]:
    """Activities newest first, with how many people took part (in Heard, with lived experience, and
    others) and how many things each went on to influence. Those of the whole organisation are read
    at every service, as its quality priorities are (ADR 0014, addendum of 2026-12-04)."""
    scope = require(scope, Perm.VIEW)
    qs = CoproductionActivity.objects.for_scope(scope, whole_organisation=True).filter(withdrawal__isnull=True)
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    if filters.rung:
        qs = qs.filter(rung=filters.rung)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return (
        qs.select_related("service")
        .annotate(
            people_count=Count("participants", distinct=True),
            lived_count=Count("participants", filter=Q(participants__lived_experience=True), distinct=True),
            influence_count=influence_count(scope=scope),
        )
        .order_by("-held_on", "-id")
    )


def _per_activity(qs: QuerySet, to_activity: str) -> Coalesce:
    counted = qs.filter(**{to_activity: OuterRef("pk")}).order_by().values(to_activity).annotate(n=Count("id"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def influence_count(*, scope: Scope):
    """How many things each activity influenced, for ``.annotate()``: what was recorded as influenced,
    each quality priority chosen at it (a planning session) and still in force, and each change to a
    priority's objective agreed at a review held at it, and each audit version whose questions were
    designed or changed at it and then put into use (ADR 0014, addenda of 2026-12-04 and 2026-12-05).
    They are read from the priorities and the audits, never copied into the ledger, so they cannot
    drift from what the priority's or the audit's page says; those of priorities the reader cannot
    see are not counted. ``priorities.influence`` and ``audits.influence`` list the same rows."""
    recorded = CoproductionInfluence.objects.for_org(scope.organisation)
    chosen = QualityPriority.objects.for_scope(scope, whole_organisation=True).filter(withdrawal__isnull=True)
    changed = ObjectiveAdjustment.objects.for_scope(scope, whole_organisation=True)
    return (
        _per_activity(recorded, "activity")
        + _per_activity(chosen, "session")
        + _per_activity(changed, "review__session")
        + _per_activity(designed_at(scope=scope), "design_session")
    )


def coproduction_get(*, scope: Scope, activity_id: int) -> CoproductionActivity:
    """An entry of the person's services or of the whole organisation, with who took part and what it
    influenced. Recording against it still needs a role where it is (the services say so)."""
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        CoproductionActivity.objects.for_scope(scope, whole_organisation=True)
        .select_related("service", "meeting", "recorded_by", "withdrawal__withdrawn_by", "replaces__withdrawal")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CoproductionParticipant.objects.for_org(org)
                .select_related("person")
                .order_by("-lived_experience", "person__full_name"),
            ),
            Prefetch(
                "influences",
                queryset=CoproductionInfluence.objects.for_org(org).select_related("decision__meeting", "recorded_by"),
            ),
        )
        .get(pk=activity_id)
    )


def coproduction_ladder(*, scope: Scope, since: dt.date, service_id: int | None = None) -> list[tuple[Rung, int]]:
    """How many activities reached each rung since a date, every rung listed, lowest first."""
    qs = coproduction_list(scope=scope, filters=CoproductionFilters(service_id=service_id)).filter(held_on__gte=since)
    counts = dict(qs.order_by().values_list("rung").annotate(n=Count("id", distinct=True)))
    return [(rung, counts.get(rung.value, 0)) for rung in Rung]


def coproduction_meetings(*, scope: Scope, limit: int = 50) -> list[Meeting]:
    """Recent meetings an activity can belong to (a forum, a planning session), newest first."""
    scope = require(scope, Perm.VIEW)
    return list(Meeting.objects.for_scope(scope).select_related("service").order_by("-held_on", "-id")[:limit])


def influence_decisions(*, scope: Scope, activity: CoproductionActivity, limit: int = 50) -> list[Decision]:
    """Decisions an activity can be said to have shaped, as ``coproduction_influence_add`` allows them:
    about its service or the whole organisation (for an activity of the whole organisation, about the
    whole organisation), made on or after its day and within half a year of it, newest first."""
    scope = require(scope, Perm.VIEW)
    same_place = Q(service__isnull=True)
    if activity.service_id:
        same_place |= Q(service_id=activity.service_id)
    until = activity.held_on + dt.timedelta(days=INFLUENCE_WINDOW_DAYS)
    return list(
        Decision.objects.for_scope(scope)
        .filter(same_place, meeting__held_on__gte=activity.held_on, meeting__held_on__lte=until)
        .select_related("meeting__service")
        .order_by("-meeting__held_on", "-id")[:limit]
    )
