"""Meetings and the decisions made at them: lists, single records with what they cite, and the
decisions a new decision, an audit or a priority may name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core import clock
from feedback.models import Feedback
from governance.models import (
    LIVED_EXPERIENCE,
    Action,
    Attendance,
    Challenge,
    Citation,
    CoproductionActivity,
    CoproductionInfluence,
    Decision,
    DiscussionItem,
    EvidenceKind,
    Meeting,
)
from governance.rules import Perm, require
from organisations.scope import Scope
from organisations.selectors import is_partner
from themes.models import Framework


@dataclass(frozen=True)
class MeetingFilters:
    meeting_type: str = ""
    service_id: int | None = None


def meeting_list(*, scope: Scope, filters: MeetingFilters = MeetingFilters()) -> QuerySet[Meeting]:
    scope = require(scope, Perm.VIEW)
    qs = Meeting.objects.for_scope(scope)
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    if filters.meeting_type:
        qs = qs.filter(meeting_type=filters.meeting_type)
    return (
        qs.select_related("service", "chair")
        .annotate(
            decision_count=Count("decisions", distinct=True),
            present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            lived_count=Coalesce(
                Subquery(
                    _there_with_lived_experience(organisation=scope.organisation)
                    .values("meeting")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                0,
            ),
            lived_experience=lived_experience_in_query(organisation=scope.organisation),
        )
        .order_by("-held_on", "-id")
    )


def _there_with_lived_experience(*, organisation) -> QuerySet[Attendance]:
    """The outer meeting's attendance rows that count as someone who uses services taking part: there
    (not sending apologies) in the role of a person who uses services or a family carer or advocate,
    or a co-production partner there in any role. The list's count and the note read this one rule."""
    return (
        Attendance.objects.for_org(organisation)
        .filter(meeting=OuterRef("pk"), present=True)
        .filter(Q(role__in=LIVED_EXPERIENCE) | is_partner(organisation=organisation, person_ref="person_id"))
    )


def lived_experience_in_query(*, organisation) -> Case:
    """``lived_experience_took_part`` for each meeting of a list, in the list's own query (no query per
    meeting): None with no one recorded, True with someone there (not sending apologies) in the role
    of a person who uses services or a family carer or advocate, or a co-production partner there in
    any role, and False otherwise."""
    attendance = Attendance.objects.for_org(organisation).filter(meeting=OuterRef("pk"))
    return Case(
        When(~Exists(attendance), then=Value(None)),
        When(Exists(_there_with_lived_experience(organisation=organisation)), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(null=True),
    )


def meeting_get(*, scope: Scope, meeting_id: int) -> Meeting:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    decisions = (
        Decision.objects.for_org(org)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("citations", queryset=_citations(scope)),
            Prefetch("actions", queryset=Action.objects.for_org(org).select_related("lead", "verifier")),
        )
        .order_by("id")
    )
    return (
        Meeting.objects.for_scope(scope)
        .select_related("service", "chair", "created_by")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.for_org(org).select_related("person").order_by("id")),
            Prefetch("items", queryset=DiscussionItem.objects.for_org(org).select_related("recorded_by")),
            Prefetch("decisions", queryset=decisions),
            Prefetch(
                "coproduction_activities",
                queryset=CoproductionActivity.objects.for_scope(scope).filter(withdrawal__isnull=True),
            ),
        )
        .annotate(lived_experience=lived_experience_in_query(organisation=org))
        .get(pk=meeting_id)
    )


def lived_experience_took_part(*, scope: Scope, meeting: Meeting) -> bool | None:
    """Whether anyone who uses services, or cares for or speaks up for someone who does, took part in
    the meeting: someone there in that role, or a co-production partner there in any role (the rule
    the ledger follows, `partners_among`). Apologies do not count. None while nobody has been recorded
    as taking part: then Heard does not know, and says nothing either way. The rule is
    ``lived_experience_in_query``'s: read from the meeting as ``meeting_get`` annotated it, or else
    in one query."""
    scope = require(scope, Perm.VIEW)
    if hasattr(meeting, "lived_experience"):
        return meeting.lived_experience
    return (
        Meeting.objects.for_org(scope.organisation)
        .filter(pk=meeting.pk)
        .annotate(took_part=lived_experience_in_query(organisation=scope.organisation))
        .values_list("took_part", flat=True)
        .get()
    )


def previous_meeting(*, scope: Scope, meeting: Meeting) -> Meeting | None:
    """The last meeting of the same type about the same service (or the whole organisation) before this one."""
    return (
        Meeting.objects.for_scope(scope)
        .filter(meeting_type=meeting.meeting_type, service_id=meeting.service_id)
        .filter(Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, id__lt=meeting.id))
        .order_by("-held_on", "-id")
        .first()
    )


def _citations(scope: Scope) -> QuerySet[Citation]:
    return (
        Citation.objects.for_org(scope.organisation)
        .select_related(
            "theme__version__framework",
            "feedback__service",
            "urgent_flag__comment__feedback__service",
            "cited_decision__meeting",
        )
        .order_by("kind", "id")
    )


def decision_list(*, scope: Scope) -> QuerySet[Decision]:
    scope = require(scope, Perm.VIEW)
    return Decision.objects.for_scope(scope).select_related("meeting__service", "recorded_by")


def decision_get(*, scope: Scope, decision_id: int) -> Decision:
    return (
        decision_list(scope=scope)
        .prefetch_related(
            Prefetch("citations", queryset=_citations(scope)),
            Prefetch(
                "actions",
                queryset=Action.objects.for_scope(scope).select_related("lead", "verifier", "checked_by", "service"),
            ),
            Prefetch("challenges", queryset=Challenge.objects.for_scope(scope).select_related("raised_by")),
            Prefetch(
                "cited_by",
                queryset=Citation.objects.for_scope(scope).select_related("decision__meeting").order_by("id"),
            ),
            Prefetch(
                "coproduction_influences",
                # A corrected entry's influences are carried by the entry that replaced it.
                queryset=CoproductionInfluence.objects.for_scope(scope)
                .filter(activity__withdrawal__isnull=True)
                .select_related("activity")
                .order_by("id"),
            ),
        )
        .get(pk=decision_id)
    )


def decisions_citing_theme(*, scope: Scope, framework: Framework, code: str) -> QuerySet[Decision]:
    """Every decision (in this person's services) that cited the theme, in any version of its framework."""
    cited = Citation.objects.for_scope(scope).filter(
        kind=EvidenceKind.THEME, theme__version__framework=framework, theme__code=code
    )
    return (
        decision_list(scope=scope)
        .filter(pk__in=cited.values("decision_id"))
        .select_related("meeting__chair")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.for_scope(scope).select_related("lead")))
        .order_by("-meeting__held_on", "-id")
    )


def decision_choices(*, scope: Scope, meeting: Meeting, limit: int = 50) -> list[Decision]:
    """Earlier decisions a new one may cite: the same service's (or any, for a whole-organisation meeting)."""
    qs = decision_list(scope=scope).filter(meeting__held_on__lte=meeting.held_on)
    if meeting.service_id:
        qs = qs.filter(Q(service_id=meeting.service_id) | Q(service__isnull=True))
    return list(qs.order_by("-meeting__held_on", "-id")[:limit])


def feedback_they_can_open(*, scope: Scope, ids) -> set[int]:
    """Which of the feedback ``ids`` (cited by a decision, or an action's source) this person may
    open, to link to: a co-production partner may not open feedback given without consent to be
    shared, nor anyone feedback held back for an urgent flag (``feedback_readable``), and a link to it
    would only say it was not found. The page still names the feedback, its day and its service."""
    from feedback.selectors import feedback_readable
    from governance.selectors.people import can_see_feedback

    ids = {i for i in ids if i}
    if not ids or not can_see_feedback(scope):
        return set()
    return set(feedback_readable(scope=scope).filter(pk__in=ids).values_list("pk", flat=True))


def cited_feedback(decisions) -> list[int]:
    """The ids of the feedback the ``decisions`` cite, read from their prefetched citations."""
    return [c.feedback_id for d in decisions for c in d.citations.all() if c.feedback_id]


def evidence_feedback(*, scope: Scope, ids: list[int]) -> QuerySet[Feedback]:
    from feedback.selectors import feedback_list

    return feedback_list(scope=scope).filter(pk__in=ids)


def recent_decisions(*, scope: Scope, limit: int = 50, including: int | None = None) -> list[Decision]:
    """Decisions that may have commissioned an audit or adopted a priority: those of meetings held by
    today, newest first (the service decides which ones fit; the service layer checks it). The one
    `including` names (the decision a page came from, or the one chosen) is there however old it is.
    Those about a service that has closed are not: nothing new is started there (ADR 0009)."""
    held = (
        decision_list(scope=scope)
        .filter(meeting__held_on__lte=clock.today())
        .exclude(meeting__service__archived_at__isnull=False)
        .order_by("-meeting__held_on", "-id")
    )
    found = list(held[:limit])
    if including and all(d.id != including for d in found):
        found += list(held.filter(pk=including))
    return found


def decision_themes(*, scope: Scope, decision_id: int) -> list[str]:
    """The codes of the themes a decision cites (to suggest them when acting on it)."""
    return list(
        Citation.objects.for_scope(scope)
        .filter(decision_id=decision_id, kind=EvidenceKind.THEME)
        .values_list("theme__code", flat=True)
        .order_by("theme__code")
        .distinct()
    )
