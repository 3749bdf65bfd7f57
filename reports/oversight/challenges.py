"""Leadership challenges, with their state as it stood at the end of the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from governance.models import (
    Action,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
    Citation,
    EvidenceKind,
)
from governance.selectors.action_themes import action_theme_codes
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _local_date, _require
from reports.oversight.roles import roles_of
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Theme


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
    # The themes of the action or decision challenged, so two challenges on one kind of record can be
    # told apart without the question (which stays with the provider). A theme's name is not personal.
    record_themes: tuple[str, ...] = ()

    @property
    def about(self) -> str:
        """'A theme: Food & drink', 'Action on Food & drink', or the kind of record alone: the one
        wording every report gives a challenge's "About", for commissioners and governors alike."""
        if self.theme:
            return f"{self.subject}: {self.theme}"
        if self.record_themes:
            kind = self.subject.removeprefix("An ").removeprefix("A ").capitalize()
            return f"{kind} on {', '.join(self.record_themes)}"
        return self.subject

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
    fields = [
        "id",
        "service__name",
        "subject",
        "theme__name",
        "action_id",
        "decision_id",
        "raised_at",
        "raised_by_id",
        "addressed_to_id",
    ]
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
    named = _record_theme_names(scope, rows)
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
            record_themes=named.get(("action", r["action_id"]), ()) or named.get(("decision", r["decision_id"]), ()),
        )
        if personal:
            fact.question = r["question"]
            fact.raised_by = r["raised_by__full_name"]
            fact.addressed_to = r["addressed_to__full_name"]
            fact.latest_response = response
        out.append(fact)
    return out


def _record_theme_names(scope: Scope, rows: list[dict]) -> dict[tuple[str, int], tuple[str, ...]]:
    """The names of the themes of each challenged action and decision, from the main framework, as
    the reports count an action on its themes (`action_theme_codes`)."""
    framework = primary_framework(scope=scope)
    version = primary_version(scope=scope, framework=framework) if framework else None
    if version is None:
        return {}
    names = dict(Theme.objects.for_org(scope.organisation).filter(version=version).values_list("code", "name"))
    found: dict[tuple[str, int], tuple[str, ...]] = {}
    action_ids = {r["action_id"] for r in rows if r["action_id"]}
    if action_ids:
        codes = action_theme_codes(Action.objects.for_scope(scope).filter(id__in=action_ids), framework=framework)
        for action_id, of in codes.items():
            found[("action", action_id)] = tuple(names[c] for c in of if c in names)
    decision_ids = {r["decision_id"] for r in rows if r["decision_id"]}
    cited = defaultdict(list)
    for decision_id, code in (
        Citation.objects.for_scope(scope)
        .filter(decision_id__in=decision_ids, kind=EvidenceKind.THEME, theme__version__framework=framework)
        .values_list("decision_id", "theme__code")
        .order_by("id")
    ):
        if code in names and names[code] not in cited[decision_id]:
            cited[decision_id].append(names[code])
    found.update({("decision", d): tuple(n) for d, n in cited.items()})
    return found
