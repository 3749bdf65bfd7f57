"""Reads for meetings, decisions, actions and challenges, always from the acting scope.

The agenda pack and the loop tracker are worked out here too (governance/packs.py and
governance/loops.py); this module holds the lists and single records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from core import clock
from feedback.models import Feedback
from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from governance.models import (
    ACTIVE_STATUSES,
    LIVED_EXPERIENCE,
    UNRESOLVED_CHALLENGE,
    Action,
    ActionStatusChange,
    ActionUpdate,
    Attendance,
    Challenge,
    ChallengeEntry,
    Citation,
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Decision,
    DiscussionItem,
    EvidenceKind,
    Meeting,
    Rung,
)
from governance.rules import Perm, require
from organisations.models import Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Framework, Theme

# --- meetings ----------------------------------------------------------------------------------


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
            lived_count=Count(
                "attendance",
                filter=Q(attendance__present=True, attendance__role__in=LIVED_EXPERIENCE),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-id")
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
        .get(pk=meeting_id)
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


# --- decisions ---------------------------------------------------------------------------------


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


def evidence_feedback(*, scope: Scope, ids: list[int]) -> QuerySet[Feedback]:
    from feedback.selectors import feedback_list

    return feedback_list(scope=scope).filter(pk__in=ids)


# --- themes, identified across versions by (framework, code) -------------------------------------


def current_themes(*, scope: Scope) -> list[Theme]:
    """The published version's themes of the primary framework, in order: what people cite and see."""
    version = primary_version(scope=scope)
    if version is None:
        return []
    return list(
        Theme.objects.for_org(scope.organisation)
        .filter(version=version)
        .select_related("category")
        .order_by("category__position", "position", "id")
    )


def theme_by_code(*, scope: Scope, code: str) -> Theme:
    """The published row of a theme of the primary framework (Theme.DoesNotExist otherwise)."""
    scope = require(scope, Perm.VIEW)
    version = primary_version(scope=scope)
    if version is None:
        raise Theme.DoesNotExist("No primary framework is published.")
    return (
        Theme.objects.for_org(scope.organisation).select_related("version__framework").get(version=version, code=code)
    )


def theme_names(*, scope: Scope) -> dict[str, str]:
    return {t.code: t.name for t in current_themes(scope=scope)}


# --- actions -----------------------------------------------------------------------------------


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
        qs = qs.filter(status__in=ACTIVE_STATUSES, due_on__lt=today)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.mine:
        person_id = scope.person.id if scope.person else None
        qs = qs.filter(Q(lead_id=person_id) | Q(verifier_id=person_id))
    return (
        qs.select_related("service", "lead", "verifier", "theme", "decision__meeting")
        .annotate(unresolved_challenges=Count("challenges", filter=Q(challenges__status__in=UNRESOLVED_CHALLENGE)))
        .order_by("due_on", "id")
    )


def action_get(*, scope: Scope, action_id: int) -> Action:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        Action.objects.for_scope(scope)
        .select_related(
            "service", "lead", "verifier", "checked_by", "created_by", "theme", "feedback__service", "decision__meeting"
        )
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.for_org(org).select_related("who")),
            Prefetch("status_changes", queryset=ActionStatusChange.objects.for_org(org).select_related("who")),
            Prefetch("challenges", queryset=Challenge.objects.for_org(org).select_related("raised_by", "addressed_to")),
        )
        .get(pk=action_id)
    )


def people_for_service(
    *, scope: Scope, service_id: int | None, anywhere: bool = False, in_scope: bool = False
) -> QuerySet[Person]:
    """People who can lead, verify or chair for a service: a current role over it (or over all), a
    commissioner's not counting (`_person_for` says why). With `anywhere`, everyone with a role
    (anyone may attend a meeting); with `in_scope`, everyone with a role over any service the asker
    covers (for choosing before the service is known)."""
    scope = require(scope, Perm.VIEW)
    covering = RoleAssignment.objects.for_org(scope.organisation).filter(all_services=True)
    if anywhere or (in_scope and scope.all_services):
        covering = RoleAssignment.objects.for_org(scope.organisation).all()
    elif in_scope:
        covering = RoleAssignment.objects.for_org(scope.organisation).filter(
            Q(all_services=True) | Q(services__id__in=scope.service_ids)
        )
    elif service_id:
        covering = RoleAssignment.objects.for_org(scope.organisation).filter(
            Q(all_services=True) | Q(services__id=service_id)
        )
    if not anywhere:
        covering = covering.exclude(role=Role.COMMISSIONER)
    return (
        Person.objects.for_org(scope.organisation)
        .filter(archived_at__isnull=True, pk__in=covering.values("person_id"))
        .order_by("full_name")
    )


def managers_of(*, organisation, action: Action) -> list[Person]:
    """The lead's manager, as Heard knows it: the service managers of the action's service other than
    the lead; for a whole-organisation action, or a service with no other manager, the quality leads."""
    managers = RoleAssignment.objects.for_org(organisation).filter(role=Role.SERVICE_MANAGER)
    if action.service_id:
        managers = managers.filter(Q(all_services=True) | Q(services__id=action.service_id))
        found = list(
            Person.objects.for_org(organisation)
            .filter(archived_at__isnull=True, pk__in=managers.values("person_id"))
            .exclude(pk=action.lead_id)
            .select_related("user")
        )
        if found:
            return found
    quality = RoleAssignment.objects.for_org(organisation).filter(role=Role.QUALITY_LEAD)
    return list(
        Person.objects.for_org(organisation)
        .filter(archived_at__isnull=True, pk__in=quality.values("person_id"))
        .exclude(pk=action.lead_id)
        .select_related("user")
    )


# --- challenges --------------------------------------------------------------------------------


def challenge_list(*, scope: Scope, unresolved_only: bool = False) -> QuerySet[Challenge]:
    scope = require(scope, Perm.VIEW)
    qs = Challenge.objects.for_scope(scope)
    if scope.current_service_id:
        qs = qs.filter(service_id=scope.current_service_id)
    if unresolved_only:
        qs = qs.filter(status__in=UNRESOLVED_CHALLENGE)
    return qs.select_related("service", "raised_by", "addressed_to", "action", "theme", "decision").order_by(
        "-raised_at", "-id"
    )


def challenge_get(*, scope: Scope, challenge_id: int) -> Challenge:
    entries = ChallengeEntry.objects.for_org(scope.organisation).select_related("who")
    return challenge_list(scope=scope).prefetch_related(Prefetch("entries", queryset=entries)).get(pk=challenge_id)


def service_get(*, scope: Scope, service_id: int) -> Service:
    return Service.objects.for_scope(scope).get(pk=service_id)


def can_see_feedback(scope: Scope) -> bool:
    return has_feedback_perm(scope, FeedbackPerm.VIEW_FEEDBACK)


def primary(*, scope: Scope) -> Framework | None:
    return primary_framework(scope=scope)


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


# --- co-production ledger ----------------------------------------------------------------------


@dataclass(frozen=True)
class CoproductionFilters:
    service_id: int | None = None
    rung: str = ""
    kind: str = ""


def coproduction_list(
    *, scope: Scope, filters: CoproductionFilters = CoproductionFilters()
) -> QuerySet[CoproductionActivity]:
    """Activities newest first, with how many people took part (in Heard, with lived experience, and
    others) and how many things each went on to influence."""
    scope = require(scope, Perm.VIEW)
    qs = CoproductionActivity.objects.for_scope(scope).filter(withdrawal__isnull=True)
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
            influence_count=Count("influences", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def coproduction_get(*, scope: Scope, activity_id: int) -> CoproductionActivity:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        CoproductionActivity.objects.for_scope(scope)
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


def recent_decisions(*, scope: Scope, limit: int = 50, including: int | None = None) -> list[Decision]:
    """Decisions that may have commissioned an audit or adopted a priority: those of meetings held by
    today, newest first (the service decides which ones fit; the service layer checks it). The one
    `including` names (the decision a page came from, or the one chosen) is there however old it is."""
    held = decision_list(scope=scope).filter(meeting__held_on__lte=clock.today()).order_by("-meeting__held_on", "-id")
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


def coproduction_meetings(*, scope: Scope, limit: int = 50) -> list[Meeting]:
    """Recent meetings an activity can belong to (a forum, a planning session), newest first."""
    scope = require(scope, Perm.VIEW)
    return list(Meeting.objects.for_scope(scope).select_related("service").order_by("-held_on", "-id")[:limit])


def influence_decisions(*, scope: Scope, activity: CoproductionActivity, limit: int = 50) -> list[Decision]:
    """Decisions an activity can be said to have influenced: about its service or the whole organisation,
    newest first."""
    scope = require(scope, Perm.VIEW)
    same_place = Q(service__isnull=True) | Q(service_id=activity.service_id) if activity.service_id else Q()
    return list(
        Decision.objects.for_scope(scope)
        .filter(same_place, meeting__held_on__gte=activity.held_on)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-id")[:limit]
    )
