"""Reads for the CQC well-led evidence pack: what Heard holds about who listens, decides, acts and checks.

Everything is read from the acting scope. The pack covers a period (a year to the day it is made,
by default): feedback received in it, meetings held in it, the decisions made at them, actions
that were open at some point in it, and challenges raised in it. Rows are plain data; the pack
decides what to show to whom.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from core import clock
from evidence.selectors import Held, held_between
from feedback.models import Channel, Feedback, GiverType
from governance.models import (
    LIVED_EXPERIENCE,
    Action,
    ActionKind,
    ActionStatus,
    Attendance,
    Challenge,
    Citation,
    CoproductionActivity,
    Decision,
    EvidenceKind,
    Meeting,
    MeetingType,
    Rung,
    is_overdue,
)
from governance.selectors import influence_count
from governance.selectors.action_themes import action_theme_codes
from organisations.models import RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope
from reports.oversight import ROLE_ORDER
from reports.rules import Perm, require
from themes.coding.selectors import primary_framework, primary_version, themes_applied
from themes.models import Theme
from themes.taxonomies import DEFAULT_TAXONOMY


@dataclass(frozen=True)
class DecisionRow:
    id: int
    meeting_id: int
    held_on: dt.date
    meeting_type: str
    service: str
    text: str
    themes: tuple[str, ...]  # theme codes cited
    evidence: int  # citations of any kind
    actions: int = 0  # opened from it
    audits: int = 0  # commissioned by it
    priorities: int = 0  # quality priorities it adopted


@dataclass(frozen=True)
class ActionRow:
    id: int
    title: str
    service: str
    lead_id: int
    verifier_id: int
    status: str
    due_on: dt.date
    created_on: dt.date
    checked_by_id: int | None
    checked_on: dt.date | None
    impact_note: str
    impact_link: str
    themes: tuple[str, ...]
    kind: str = ActionKind.CHANGE

    @property
    def closed_with_evidence(self) -> bool:
        """Closed with evidence of impact: only a change can have one (ADR 0009)."""
        return self.status == ActionStatus.CLOSED and self.kind == ActionKind.CHANGE

    @property
    def reported_back(self) -> bool:
        """An action that only found out, closed: investigated and reported back, not an impact."""
        return self.status == ActionStatus.CLOSED and self.kind == ActionKind.INVESTIGATION

    def overdue(self, today: dt.date) -> bool:
        return is_overdue(status=self.status, due_on=self.due_on, on=today)


@dataclass(frozen=True)
class ChallengeRow:
    id: int
    raised_on: dt.date
    subject: str
    about: str
    question: str
    raised_by_id: int
    addressed_to_id: int
    status: str
    action_id: int | None
    theme: str


@dataclass
class Holdings:
    first: dt.date
    last: dt.date
    feedback_by_channel: dict[str, int] = field(default_factory=dict)
    feedback_by_giver: dict[str, int] = field(default_factory=dict)
    meetings_by_type: dict[str, int] = field(default_factory=dict)
    meetings_with_lived_experience: dict[str, int] = field(default_factory=dict)
    lived_experience_places: int = 0  # attendances of people who use services, families and advocates
    supported_places: int = 0  # of those, how many were supported to take part
    lived_experience_people: int = 0  # how many different people took those places
    # The co-production ledger: rung label (highest first) -> (activities, those that influenced something)
    coproduction_by_rung: dict[str, tuple[int, int]] = field(default_factory=dict)
    coproduction_places: int = 0  # everyone who took part in those activities, in Heard or not
    decisions: list[DecisionRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    challenges: list[ChallengeRow] = field(default_factory=list)
    themes: dict[str, Theme] = field(default_factory=dict)  # code -> the published theme
    # The key of the taxonomy those themes map to: their version's, which the pack reads them by.
    taxonomy: str = DEFAULT_TAXONOMY
    feedback_by_themes: dict[frozenset[str], int] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)  # person id -> role label
    names: dict[int, str] = field(default_factory=dict)  # person id -> full name
    evidence: Held | None = None  # incidents, staff and partner feedback, measures (the evidence app)

    @property
    def feedback_total(self) -> int:
        return sum(self.feedback_by_channel.values())


def _services(scope: Scope, service: Service | None) -> Q:
    return Q(service=service) if service is not None else Q()


def _coproduction(scope: Scope, found: Holdings, service: Service | None) -> None:
    activities = (
        CoproductionActivity.objects.for_scope(scope)
        .filter(_services(scope, service), held_on__range=(found.first, found.last), withdrawal__isnull=True)
        .annotate(n_people=Count("participants", distinct=True), n_influences=influence_count(scope=scope))
        .values_list("rung", "n_people", "others_count", "n_influences")
    )
    counts: Counter[str] = Counter()
    shaped: Counter[str] = Counter()
    for rung, people, others, influences in activities:
        counts[rung] += 1
        shaped[rung] += bool(influences)
        found.coproduction_places += people + others
    for rung in reversed(Rung):
        if counts[rung.value]:
            found.coproduction_by_rung[rung.label] = (counts[rung.value], shaped[rung.value])


def holdings(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None) -> Holdings:
    """What Heard holds for the pack, from `first` to `last` (both included), for one service or all."""
    scope = require(scope, Perm.VIEW_CQC_PACK)
    found = Holdings(first=first, last=last)
    feedback = Feedback.objects.for_scope(scope).filter(_services(scope, service), received_on__range=(first, last))
    channels = dict(Channel.choices)
    for row in feedback.values("channel").annotate(n=Count("id")).order_by("-n", "channel"):
        found.feedback_by_channel[channels.get(row["channel"], row["channel"])] = row["n"]
    givers = dict(GiverType.choices)
    for row in feedback.values("giver_type").annotate(n=Count("id")).order_by("-n", "giver_type"):
        found.feedback_by_giver[givers.get(row["giver_type"], row["giver_type"])] = row["n"]

    meetings = Meeting.objects.for_scope(scope).filter(_services(scope, service), held_on__range=(first, last))
    types = dict(MeetingType.choices)
    for row in meetings.values("meeting_type").annotate(n=Count("id")).order_by("meeting_type"):
        found.meetings_by_type[types[row["meeting_type"]]] = row["n"]
    lived = Attendance.objects.for_scope(scope).filter(meeting__in=meetings, role__in=LIVED_EXPERIENCE, present=True)
    found.lived_experience_places = lived.count()
    found.supported_places = lived.filter(supported=True).count()
    found.lived_experience_people = lived.values("person_id").distinct().count()
    for row in (
        meetings.filter(attendance__role__in=LIVED_EXPERIENCE, attendance__present=True)
        .values("meeting_type")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    ):
        found.meetings_with_lived_experience[types[row["meeting_type"]]] = row["n"]

    _coproduction(scope, found, service)
    found.evidence = held_between(scope=scope, first=first, last=last, service_id=service.id if service else None)

    framework = primary_framework(scope=scope)
    version = primary_version(scope=scope, framework=framework) if framework else None
    if version is not None:
        found.themes = {t.code: t for t in Theme.objects.for_org(scope.organisation).filter(version=version)}
        found.taxonomy = version.taxonomy

    _decisions(scope, found, meetings, framework)
    _actions(scope, found, service, framework)
    _challenges(scope, found, service)
    _people(scope, found)
    return found


def _decisions(scope, found: Holdings, meetings, framework) -> None:
    cited: dict[int, list[str]] = defaultdict(list)
    evidence: Counter = Counter()
    citations = Citation.objects.for_scope(scope).filter(decision__meeting__in=meetings)
    for decision_id, kind, code in citations.values_list("decision_id", "kind", "theme__code").order_by("id"):
        evidence[decision_id] += 1
        if kind == EvidenceKind.THEME and code and code not in cited[decision_id]:
            cited[decision_id].append(code)
    types = dict(MeetingType.choices)
    rows = (
        Decision.objects.for_scope(scope)
        .filter(meeting__in=meetings)
        .annotate(
            n_actions=Count("actions", distinct=True),
            n_audits=Count("audits", filter=Q(audits__withdrawal__isnull=True), distinct=True),
            n_priorities=Count("priorities", filter=Q(priorities__withdrawal__isnull=True), distinct=True),
        )
        .values_list(
            "id",
            "meeting_id",
            "meeting__held_on",
            "meeting__meeting_type",
            "service__name",
            "text",
            "n_actions",
            "n_audits",
            "n_priorities",
        )
        .order_by("meeting__held_on", "id")
    )
    for did, mid, held_on, mtype, service_name, text, n_actions, n_audits, n_priorities in rows:
        found.decisions.append(
            DecisionRow(
                id=did,
                meeting_id=mid,
                held_on=held_on,
                meeting_type=types[mtype],
                service=service_name or "Whole organisation",
                text=text,
                themes=tuple(cited.get(did, ())),
                evidence=evidence[did],
                actions=n_actions,
                audits=n_audits,
                priorities=n_priorities,
            )
        )


def _actions(scope, found: Holdings, service, framework) -> None:
    """Actions open at some time in the period: made by its end, and not finished before it began."""
    first, last = found.first, found.last
    actions = (
        Action.objects.for_scope(scope)
        .filter(_services(scope, service), created_at__date__lte=last)
        .filter(
            Q(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_CHECK))
            | Q(created_at__date__gte=first)
            | Q(status_changes__at__date__gte=first)
        )
        .distinct()
    )
    themes = action_theme_codes(actions, framework=framework)
    for a in actions.select_related("service").order_by("due_on", "id"):
        found.actions.append(
            ActionRow(
                id=a.id,
                title=a.title,
                service=a.service.name if a.service else "Whole organisation",
                lead_id=a.lead_id,
                verifier_id=a.verifier_id,
                status=a.status,
                due_on=a.due_on,
                created_on=clock.day_of(a.created_at),
                checked_by_id=a.checked_by_id,
                checked_on=clock.day_of(a.checked_at) if a.checked_at else None,
                impact_note=a.impact_note,
                impact_link=a.impact_link,
                themes=tuple(themes.get(a.id, ())),
                kind=a.kind,
            )
        )


def _challenges(scope, found: Holdings, service) -> None:
    rows = (
        Challenge.objects.for_scope(scope)
        .filter(_services(scope, service), raised_at__date__range=(found.first, found.last))
        .select_related("action", "theme", "decision")
        .order_by("raised_at", "id")
    )
    for c in rows:
        about = c.action.title if c.action else (c.theme.name if c.theme else f"Decision {c.decision_id}")
        found.challenges.append(
            ChallengeRow(
                id=c.id,
                raised_on=clock.day_of(c.raised_at),
                subject=c.get_subject_display(),
                about=about,
                question=c.question,
                raised_by_id=c.raised_by_id,
                addressed_to_id=c.addressed_to_id,
                status=c.get_status_display(),
                action_id=c.action_id,
                theme=c.theme.code if c.theme else "",
            )
        )


def _people(scope, found: Holdings) -> None:
    ids = {a.lead_id for a in found.actions} | {a.verifier_id for a in found.actions}
    ids |= {a.checked_by_id for a in found.actions if a.checked_by_id}
    ids |= {c.raised_by_id for c in found.challenges} | {c.addressed_to_id for c in found.challenges}
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, role, name in (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(person_id__in=ids)
        .values_list("person_id", "role", "person__full_name")
    ):
        held[person_id].add(role)
        found.names[person_id] = name
    labels = dict(Role.choices)
    for person_id in ids:
        role = next((r for r in ROLE_ORDER if r in held.get(person_id, ())), None)
        found.roles[person_id] = labels[role] if role else "Member of staff"


def feedback_with_themes(
    *, scope: Scope, codes: frozenset[str], first: dt.date, last: dt.date, service=None, given_by: str = ""
) -> int:
    """Pieces of feedback in the period with at least one of these themes (current codings); with
    `given_by` (a GiverType), only feedback given by such people."""
    scope = require(scope, Perm.VIEW_CQC_PACK)
    if not codes:
        return 0
    rows = themes_applied(scope=scope).filter(
        theme__code__in=codes, comment__feedback__received_on__range=(first, last)
    )
    if service is not None:
        rows = rows.filter(comment__feedback__service=service)
    if given_by:
        rows = rows.filter(comment__feedback__giver_type=given_by)
    return rows.values("comment__feedback_id").distinct().count()
