"""Reads for reports from the governance loop, and theme rates, always from the acting scope.

Two kinds of read live here. Figures (dates, counts, statuses, theme rates, roles) need only
`VIEW_REPORT_FIGURES`, which commissioners hold: they carry no name and no free text, because
the fields that do are never selected for them. Details (titles, decision wording, names of
leads, questions asked) are read only with `personal=True`, which needs a governor's role.

Statuses are worked out as they stood at the end of the period, from the appended status rows
and challenge entries, so a pack for a past month reads the same later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback.models import Feedback
from governance.models import (
    ACTIVE_STATUSES,
    LIVED_EXPERIENCE,
    Action,
    ActionStatus,
    ActionStatusChange,
    ActivityKind,
    Attendance,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
    Citation,
    CoproductionActivity,
    Decision,
    EvidenceKind,
    Meeting,
    MeetingType,
    Recognition,
    Rung,
)
from organisations.models import RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope
from reports.rules import RULES, Perm, require
from reports.selectors import fft_counts, service_for_report, service_from_slug
from reports.spc import add_months
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Theme, ThemeAssignment

# The role a person is named by in a report without names: the most senior one they hold.
ROLE_ORDER = (
    Role.LEADER,
    Role.QUALITY_LEAD,
    Role.SERVICE_MANAGER,
    Role.ADMINISTRATOR,
    Role.STAFF,
    Role.PARTNER,
    Role.COMMISSIONER,
)
ROLE_WORDS = {
    Role.LEADER: "a leader",
    Role.QUALITY_LEAD: "the quality lead",
    Role.SERVICE_MANAGER: "the service manager",
    Role.ADMINISTRATOR: "an administrator",
    Role.STAFF: "a member of staff",
    Role.PARTNER: "a co-production partner",
    Role.COMMISSIONER: "a commissioner",
}


def bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `first`'s month to the start of the month after `last`, in local time."""
    start = timezone.make_aware(dt.datetime.combine(first.replace(day=1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(add_months(last.replace(day=1), 1), dt.time.min))
    return start, end


def _require(scope: Scope, personal: bool) -> Scope:
    """The part of the scope the figures may cover; with names and notes from the governance
    record (``personal``), only the services where a role reading the packs is held."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    if not personal:
        return scope
    narrowed = scope.within(RULES[Perm.VIEW_MONTHLY_PACK] | RULES[Perm.VIEW_QUARTERLY_SUMMARY])
    if narrowed is None:
        raise PermissionDenied("Your role does not allow names and notes from the governance record.")
    return narrowed


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else timezone.localtime(value).date()


def _month(value) -> dt.date:
    return dt.date(value.year, value.month, 1)


def roles_of(*, scope: Scope, person_ids) -> dict[int, str]:
    """{person id: the words for their most senior role}, e.g. "the service manager"."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, role in (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(person_id__in=set(person_ids))
        .values_list("person_id", "role")
    ):
        held[person_id].add(role)
    out = {}
    for person_id in set(person_ids):
        role = next((r for r in ROLE_ORDER if r in held.get(person_id, ())), None)
        out[person_id] = ROLE_WORDS[role] if role else "someone no longer in a role"
    return out


# --- theme rates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRates:
    """Pieces of feedback with words each month, and how many carried each theme (by its code)."""

    first: dt.date
    last: dt.date
    with_words: dict[dt.date, int]
    counts: dict[str, dict[dt.date, int]]
    names: dict[str, str]

    def rate(self, code: str, month: dt.date) -> float | None:
        total = self.with_words.get(month, 0)
        return None if not total else 100 * self.counts.get(code, {}).get(month, 0) / total

    def rates(self, code: str) -> dict[dt.date, float | None]:
        return {m: self.rate(code, m) for m in self.with_words}

    def total(self, code: str, months: list[dt.date]) -> int:
        return sum(self.counts.get(code, {}).get(m, 0) for m in months)


def fft_by_month(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None) -> dict:
    """Friends and Family Test answers per month: counts only, so anyone who may read report
    figures (commissioners included) may have them."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    feedback = Feedback.objects.for_scope(scope)
    if service is not None:
        feedback = feedback.filter(service=service)
    return fft_counts(feedback, first=first, last=last)


def theme_rates(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None) -> ThemeRates:
    """Theme rate = the share of feedback (pieces with at least one comment) that carries the theme,
    in the current codings of the primary framework (by people or the model), month by month.

    Themes are matched across framework versions by their code and named as the published version
    names them."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    framework = primary_framework(scope=scope)
    end = add_months(last, 1)
    feedback = Feedback.objects.for_scope(scope).filter(received_on__gte=first, received_on__lt=end)
    if service is not None:
        feedback = feedback.filter(service=service)
    with_words = {
        _month(r["month"]): r["n"]
        for r in feedback.filter(comments__isnull=False)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    }
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    if framework is not None:
        rows = ThemeAssignment.objects.for_scope(scope).filter(
            superseded_at__isnull=True,
            applies=True,
            theme__version__framework=framework,
            comment__feedback__received_on__gte=first,
            comment__feedback__received_on__lt=end,
        )
        if service is not None:
            rows = rows.filter(comment__feedback__service=service)
        for r in (
            rows.annotate(month=TruncMonth("comment__feedback__received_on"))
            .values("theme__code", "theme__name", "month")
            .annotate(n=Count("comment__feedback", distinct=True))
            .order_by()
        ):
            month = _month(r["month"])
            counts[r["theme__code"]][month] = counts[r["theme__code"]].get(month, 0) + r["n"]
            names.setdefault(r["theme__code"], r["theme__name"])
        version = primary_version(scope=scope, framework=framework)
        if version is not None:
            names.update(Theme.objects.for_org(scope.organisation).filter(version=version).values_list("code", "name"))
    return ThemeRates(first=first, last=last, with_words=with_words, counts=dict(counts), names=names)


# --- actions -----------------------------------------------------------------------------------


@dataclass
class ActionFact:
    id: int
    service: str
    theme_codes: set[str]
    opened_on: dt.date
    due_on: dt.date
    status: str  # as it stood at the end of the period
    done_on: dt.date | None  # marked done (or closed) by then
    closed_on: dt.date | None  # closed with evidence of impact by then
    lead_role: str
    challenged: bool
    # Details: only with personal=True.
    title: str = ""
    lead: str = ""
    verifier: str = ""
    checked_by: str = ""
    impact_note: str = ""

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def overdue_on(self, day: dt.date) -> bool:
        return self.active and self.due_on < day

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label


def actions_until(
    *, scope: Scope, end: dt.datetime, service: Service | None = None, personal: bool = False
) -> list[ActionFact]:
    """Every action opened before `end`, with its status then (from its appended status rows)."""
    scope = _require(scope, personal)
    actions = Action.objects.for_scope(scope).filter(created_at__lt=end)
    if service is not None:
        actions = actions.filter(service=service)
    fields = ["id", "service__name", "created_at", "due_on", "lead_id", "source", "theme__code"]
    if personal:
        fields += ["title", "lead__full_name", "verifier__full_name", "checked_by__full_name", "impact_note"]
    rows = list(actions.values(*fields).order_by("due_on", "id"))
    ids = [r["id"] for r in rows]
    cited: dict[int, set[str]] = defaultdict(set)
    for action_id, code in (
        Citation.objects.for_scope(scope)
        .filter(kind=EvidenceKind.THEME, decision__actions__id__in=ids)
        .values_list("decision__actions__id", "theme__code")
        .distinct()
    ):
        cited[action_id].add(code)
    status: dict[int, str] = {}
    done: dict[int, dt.datetime] = {}
    closed: dict[int, dt.datetime] = {}
    for action_id, to_status, at in (
        ActionStatusChange.objects.for_scope(scope)
        .filter(action_id__in=ids, at__lt=end)
        .order_by("at", "id")
        .values_list("action_id", "to_status", "at")
    ):
        status[action_id] = to_status
        if to_status in (ActionStatus.AWAITING_CHECK, ActionStatus.CLOSED):
            done.setdefault(action_id, at)
        if to_status == ActionStatus.CLOSED:
            closed[action_id] = at
    challenged = set(
        Challenge.objects.for_scope(scope)
        .filter(action_id__in=ids, raised_at__lt=end)
        .values_list("action_id", flat=True)
    )
    roles = roles_of(scope=scope, person_ids=[r["lead_id"] for r in rows])
    out = []
    for r in rows:
        codes = set(cited.get(r["id"], ()))
        if r["source"] == "theme" and r["theme__code"]:
            codes.add(r["theme__code"])
        fact = ActionFact(
            id=r["id"],
            service=r["service__name"] or "Whole organisation",
            theme_codes=codes,
            opened_on=_local_date(r["created_at"]),
            due_on=r["due_on"],
            status=status.get(r["id"], ActionStatus.OPEN),
            done_on=_local_date(done.get(r["id"])),
            closed_on=_local_date(closed.get(r["id"])),
            lead_role=roles[r["lead_id"]],
            challenged=r["id"] in challenged,
        )
        if personal:
            fact.title = r["title"]
            fact.lead = r["lead__full_name"]
            fact.verifier = r["verifier__full_name"]
            fact.checked_by = (r["checked_by__full_name"] or "") if fact.closed_on else ""
            fact.impact_note = r["impact_note"] if fact.closed_on else ""
        out.append(fact)
    return out


# --- decisions ---------------------------------------------------------------------------------


@dataclass
class DecisionFact:
    id: int
    held_on: dt.date
    meeting_type: str
    service: str
    evidence_kinds: dict[str, int]  # {evidence kind label: how many cited}
    themes: list[str]  # names of themes cited (not personal: the framework's words)
    actions_opened: int
    audits_commissioned: int = 0
    priorities_adopted: int = 0
    text: str = ""  # only with personal=True
    evidence: list[str] = field(default_factory=list)  # described, only with personal=True


def decisions_in(
    *, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None, personal: bool = False
) -> list[DecisionFact]:
    """Decisions of meetings held in the months from `first` to `last`, with the evidence each cites."""
    scope = _require(scope, personal)
    decisions = Decision.objects.for_scope(scope).filter(
        meeting__held_on__gte=first, meeting__held_on__lt=add_months(last, 1)
    )
    if service is not None:
        decisions = decisions.filter(service=service)
    fields = ["id", "meeting__held_on", "meeting__meeting_type", "service__name"] + (["text"] if personal else [])
    rows = list(
        decisions.annotate(
            n_actions=Count("actions", distinct=True),
            n_audits=Count("audits", filter=Q(audits__withdrawal__isnull=True), distinct=True),
            n_priorities=Count("priorities", filter=Q(priorities__withdrawal__isnull=True), distinct=True),
        )
        .values(*fields, "n_actions", "n_audits", "n_priorities")
        .order_by("meeting__held_on", "id")
    )
    citations = (
        Citation.objects.for_scope(scope)
        .filter(decision_id__in=[r["id"] for r in rows])
        .values_list(
            "decision_id",
            "kind",
            "theme__name",
            "feedback__received_on",
            "feedback__service__name",
            "urgent_flag__detected_at",
            "cited_decision__meeting__held_on",
        )
        .order_by("kind", "id")
    )
    kinds: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    themes: dict[int, list[str]] = defaultdict(list)
    described: dict[int, list[str]] = defaultdict(list)
    for decision_id, kind, theme, fb_on, fb_service, flagged_at, earlier in citations:
        kinds[decision_id][EvidenceKind(kind).label] += 1
        if kind == EvidenceKind.THEME:
            themes[decision_id].append(theme)
            described[decision_id].append(f"Theme: {theme}")
        elif kind == EvidenceKind.FEEDBACK:
            described[decision_id].append(f"Feedback received {fb_on:%-d %b %Y} at {fb_service}")
        elif kind == EvidenceKind.URGENT_FLAG:
            described[decision_id].append(f"Urgent flag raised {_local_date(flagged_at):%-d %b %Y}")
        else:
            described[decision_id].append(f"Earlier decision of {earlier:%-d %b %Y}")
    out = []
    for r in rows:
        fact = DecisionFact(
            id=r["id"],
            held_on=r["meeting__held_on"],
            meeting_type=MeetingType(r["meeting__meeting_type"]).label,
            service=r["service__name"] or "Whole organisation",
            evidence_kinds=dict(kinds.get(r["id"], {})),
            themes=themes.get(r["id"], []),
            actions_opened=r["n_actions"],
            audits_commissioned=r["n_audits"],
            priorities_adopted=r["n_priorities"],
        )
        if personal:
            fact.text = r["text"]
            fact.evidence = described.get(r["id"], [])
        out.append(fact)
    return out


# --- leadership challenges ---------------------------------------------------------------------


@dataclass
class ChallengeFact:
    id: int
    service: str
    subject: str  # "An action", "A theme", "A decision"
    theme: str  # the theme's name when the challenge is about a theme
    raised_on: dt.date
    raised_by_role: str
    addressed_to_role: str
    status: str  # as it stood at the end of the period
    answered_on: dt.date | None
    settled_on: dt.date | None  # closed as satisfied
    escalated_on: dt.date | None
    question: str = ""  # only with personal=True
    raised_by: str = ""
    addressed_to: str = ""
    latest_response: str = ""

    @property
    def status_label(self) -> str:
        return ChallengeStatus(self.status).label

    @property
    def unresolved(self) -> bool:
        return self.status != ChallengeStatus.SATISFIED


def challenges_until(
    *, scope: Scope, end: dt.datetime, service: Service | None = None, personal: bool = False
) -> list[ChallengeFact]:
    """Every challenge raised before `end`, with its state then (from its appended entries)."""
    scope = _require(scope, personal)
    challenges = Challenge.objects.for_scope(scope).filter(raised_at__lt=end)
    if service is not None:
        challenges = challenges.filter(service=service)
    fields = ["id", "service__name", "subject", "theme__name", "raised_at", "raised_by_id", "addressed_to_id"]
    if personal:
        fields += ["question", "raised_by__full_name", "addressed_to__full_name"]
    rows = list(challenges.values(*fields).order_by("raised_at", "id"))
    entries = defaultdict(list)
    for challenge_id, kind, at, text in (
        ChallengeEntry.objects.for_scope(scope)
        .filter(challenge_id__in=[r["id"] for r in rows], at__lt=end)
        .order_by("at", "id")
        .values_list("challenge_id", "kind", "at", "text")
    ):
        entries[challenge_id].append((kind, at, text))
    roles = roles_of(scope=scope, person_ids=[r["raised_by_id"] for r in rows] + [r["addressed_to_id"] for r in rows])
    out = []
    for r in rows:
        answered = settled = escalated = None
        status = ChallengeStatus.OPEN
        response = ""
        for kind, at, text in entries.get(r["id"], ()):
            if kind == ChallengeEntryKind.RESPONSE:
                answered = answered or _local_date(at)
                response = text
                if status == ChallengeStatus.OPEN:
                    status = ChallengeStatus.ANSWERED
            elif kind == ChallengeEntryKind.ESCALATED:
                escalated = _local_date(at)
                status = ChallengeStatus.ESCALATED
            elif kind == ChallengeEntryKind.SATISFIED:
                settled = _local_date(at)
                status = ChallengeStatus.SATISFIED
        fact = ChallengeFact(
            id=r["id"],
            service=r["service__name"] or "Whole organisation",
            subject=ChallengeSubject(r["subject"]).label,
            theme=r["theme__name"] or "",
            raised_on=_local_date(r["raised_at"]),
            raised_by_role=roles[r["raised_by_id"]],
            addressed_to_role=roles[r["addressed_to_id"]],
            status=status,
            answered_on=answered,
            settled_on=settled,
            escalated_on=escalated,
        )
        if personal:
            fact.question = r["question"]
            fact.raised_by = r["raised_by__full_name"]
            fact.addressed_to = r["addressed_to__full_name"]
            fact.latest_response = response
        out.append(fact)
    return out


# --- meetings and who took part ----------------------------------------------------------------


@dataclass
class MeetingFact:
    id: int
    held_on: dt.date
    meeting_type: str
    meeting_type_label: str
    service: str
    present: int
    apologies: int
    lived_experience: int  # present: people who use services, family carers and advocates
    supported: int  # present and supported to take part
    decisions: int
    support: list[str] = field(default_factory=list)  # how people were supported; only with personal=True


def meetings_in(
    *, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None, personal: bool = False
) -> list[MeetingFact]:
    scope = _require(scope, personal)
    meetings = Meeting.objects.for_scope(scope).filter(held_on__gte=first, held_on__lt=add_months(last, 1))
    if service is not None:
        meetings = meetings.filter(service=service)
    rows = (
        meetings.annotate(
            n_present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            n_apologies=Count("attendance", filter=Q(attendance__present=False), distinct=True),
            n_lived=Count(
                "attendance", filter=Q(attendance__present=True, attendance__role__in=LIVED_EXPERIENCE), distinct=True
            ),
            n_supported=Count(
                "attendance", filter=Q(attendance__present=True, attendance__supported=True), distinct=True
            ),
            n_decisions=Count("decisions", distinct=True),
        )
        .values(
            "id",
            "held_on",
            "meeting_type",
            "service__name",
            "n_present",
            "n_apologies",
            "n_lived",
            "n_supported",
            "n_decisions",
        )
        .order_by("held_on", "id")
    )
    out = [
        MeetingFact(
            id=r["id"],
            held_on=r["held_on"],
            meeting_type=r["meeting_type"],
            meeting_type_label=MeetingType(r["meeting_type"]).label,
            service=r["service__name"] or "Whole organisation",
            present=r["n_present"],
            apologies=r["n_apologies"],
            lived_experience=r["n_lived"],
            supported=r["n_supported"],
            decisions=r["n_decisions"],
        )
        for r in rows
    ]
    if personal and out:
        by_id = {m.id: m for m in out}
        for meeting_id, how in (
            Attendance.objects.for_scope(scope)
            .filter(meeting_id__in=by_id, present=True, supported=True)
            .values_list("meeting_id", "support")
            .order_by("id")
        ):
            by_id[meeting_id].support.append(how)
    return out


@dataclass
class ActivityFact:
    held_on: dt.date
    kind: str
    title: str  # only with personal=True: titles are free text
    service: str
    rung: str
    rung_step: int  # 1 (coercion) to 7 (co-production)
    people: int  # everyone who took part, in Heard or not
    partners: int  # co-production partners in Heard: people who use services, family carers, advocates
    recognition: str
    influenced: int  # things recorded as influenced by it


def activities_in(
    *, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None, personal: bool = False
) -> list[ActivityFact]:
    """The co-production ledger's activities held from the first month to the end of the last."""
    scope = _require(scope, personal)
    activities = CoproductionActivity.objects.for_scope(scope).filter(
        held_on__gte=first, held_on__lt=add_months(last, 1), withdrawal__isnull=True
    )
    if service is not None:
        activities = activities.filter(service=service)
    rows = (
        activities.annotate(
            n_people=Count("participants", distinct=True),
            n_partners=Count("participants", filter=Q(participants__lived_experience=True), distinct=True),
            n_influences=Count("influences", distinct=True),
        )
        .values(
            "held_on",
            "kind",
            "title",
            "service__name",
            "rung",
            "others_count",
            "recognition",
            "n_people",
            "n_partners",
            "n_influences",
        )
        .order_by("held_on", "id")
    )
    return [
        ActivityFact(
            held_on=r["held_on"],
            kind=ActivityKind(r["kind"]).label,
            title=r["title"] if personal else "",
            service=r["service__name"] or "Whole organisation",
            rung=Rung(r["rung"]).label,
            rung_step=Rung.values.index(r["rung"]) + 1,
            people=r["n_people"] + r["others_count"],
            partners=r["n_partners"],
            recognition=Recognition(r["recognition"]).label,
            influenced=r["n_influences"],
        )
        for r in rows
    ]


# --- services and months -----------------------------------------------------------------------


def service_in_scope(*, scope: Scope, service_id: int | None) -> Service | None:
    """The one service a report is for (Service.DoesNotExist outside the scope), or None for all."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return service_for_report(scope=scope, service_id=service_id)


def service_named(*, scope: Scope, slug: str) -> Service:
    """A service in the scope named by its name as a slug ('rowan-house') or by its number."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return service_from_slug(scope=scope, slug=slug)


def services_in_scope(*, scope: Scope) -> list[Service]:
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return list(Service.objects.for_scope(scope).order_by("name"))


def first_feedback_month(*, scope: Scope, service: Service | None = None) -> dt.date | None:
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    qs = Feedback.objects.for_scope(scope)
    if service is not None:
        qs = qs.filter(service=service)
    first = qs.order_by("received_on").values_list("received_on", flat=True).first()
    return None if first is None else first.replace(day=1)


def chart_first_month(*, scope: Scope, last: dt.date, service: Service | None, span: int = 24, least: int = 12):
    """Charts cover up to `span` months to `last`, from the first feedback, and never fewer than `least`."""
    found = first_feedback_month(scope=scope, service=service)
    start = max(add_months(last, -(span - 1)), found) if found else last
    return min(start, add_months(last, -(least - 1)))
