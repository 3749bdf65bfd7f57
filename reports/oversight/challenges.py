"""Leadership challenges, with their state as it stood at the end of the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from governance.models import (
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
)
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _local_date, _require
from reports.oversight.roles import roles_of


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
