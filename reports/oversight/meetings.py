"""Governance meetings held in the period, and who took part in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from governance.models import (
    LIVED_EXPERIENCE,
    Attendance,
    Meeting,
    MeetingType,
)
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _require
from reports.spc import add_months


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


def meeting_label(meeting_type: str, title: str) -> str:
    """What a meeting is called in a report: its kind, or for a meeting of no set kind its own title
    (a governance meeting's title names its purpose, not a person)."""
    if meeting_type == MeetingType.OTHER and title.strip():
        return title.strip()
    return MeetingType(meeting_type).label


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
            "title",
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
            meeting_type_label=meeting_label(r["meeting_type"], r["title"]),
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
