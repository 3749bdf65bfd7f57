"""Decisions of the meetings held in the period, with the evidence each cites."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from governance.models import (
    Citation,
    Decision,
    EvidenceKind,
    MeetingType,
)
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _local_date, _require
from reports.spc import add_months


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
