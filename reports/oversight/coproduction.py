"""Activities in the co-production ledger held in the period, and who took part in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from governance.models import (
    ActivityKind,
    CoproductionActivity,
    Recognition,
    Rung,
)
from governance.selectors import influence_count
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _require
from reports.spc import add_months

# What an activity's influence counts, said under every table that counts it: some of it is recorded
# by hand, the rest read from the priorities and audits that name the activity (ADR 0014).
INFLUENCE_COUNTED = (
    "Influence counts what each activity was recorded to have influenced, including the quality priorities "
    "chosen at planning sessions, the targets and dates changed at reviews, and the audits designed at it."
)


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
    influenced: int  # things it influenced: recorded, and read from priorities and audits (ADR 0014)


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
            # What it was recorded to influence and what priorities and audits name it for (ADR 0014).
            n_influences=influence_count(scope=scope),
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
