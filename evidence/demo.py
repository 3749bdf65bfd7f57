"""The demo's evidence: incidents at the care homes over eighteen months (falls at night at Rowan
House eased after the call-bell changes), a few concerns from staff and partners, and two measures
read monthly, so a theme's page shows the same story in every source."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from core import clock
from core.working_days import at_work, at_work_after
from evidence import services as ev
from evidence.models import EvidenceItem
from organisations.models import Organisation, Person, Service
from organisations.scope import scope_of_person
from reports.spc import add_months

BELLS, FALLS = "call-bells-and-responsiveness", "falls-and-managing-risks"
MONTHS = 18

# What an incident log says, in the words of the people who write it: a night fall after the call
# bell, and other falls. Said without the harm, which each record gives on its own.
NIGHT_FALLS = (
    "Resident fell at night while waiting for help after using the call bell.",
    "Found on the bedroom floor at 3am; the call bell had been pressed about twenty minutes before.",
    "Walked to the toilet alone at night when the call bell was not answered, and fell.",
    "Fell getting out of bed at night; said she had rung the bell and nobody came.",
    "Night fall in the en-suite; the call-bell log showed a long wait before staff arrived.",
    "Fell on the way back from the bathroom at night while both staff were answering a bell upstairs.",
    "Tried to reach the door at night after pressing the bell twice, and fell.",
)
OTHER_FALLS = (
    "Resident found on the floor of their room; checked and helped up.",
    "Fell in the lounge standing up from a chair without her frame.",
    "Slipped in the bathroom in the morning; staff nearby helped him up.",
    "Lost balance in the corridor on the way to lunch; seen by the nurse.",
    "Found sitting on the floor beside the bed after an afternoon rest.",
    "Tripped on the edge of a rug in their room; the rug has been taken out.",
    "Fell in the garden on uneven paving during a walk with staff.",
    "Slid from a wheelchair during a transfer; the hoist was used to help him up.",
    "Fell in the dining room reaching for a cup; checked and observed through the afternoon.",
    "Stood up quickly after a change of medicine and fell; the GP was told.",
)


def evidence_demo_build(*, organisation: Organisation, seed: int = 2026, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    rng = random.Random(f"evidence:{seed}")
    # Words drawn on their own, so the incidents' days, harm and numbers stay as they were.
    wording = random.Random(f"evidence-words:{seed}")
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    services = {s.name: s for s in Service.objects.for_org(organisation)}
    if "Grace Okafor" not in people or "Rowan House" not in services:
        return {"items": 0, "readings": 0}
    grace = people["Grace Okafor"]
    scope = scope_of_person(grace, user=grace.user)

    # Recorded late in the afternoon of the working day on or after the day (an incident at a weekend
    # is recorded on the Monday), and never later than now: what happened since the last working
    # afternoon before now is not in the demo yet.
    now = clock.now() if today == clock.today() else clock.end_of_day(today)
    last = at_work(today, 16, now=now)

    def at(day: dt.date, hour: int = 16) -> dt.datetime:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        return min(at_work_after(start, days=0, hour=hour), last)

    items = 0
    first_month = add_months(today.replace(day=1), -(MONTHS - 1))
    for home, base in (("Rowan House", 4), ("Beech Court", 2)):
        for m in range(MONTHS):
            month = add_months(first_month, m)
            # Rowan House's night falls eased once the second night carer started (about a year ago).
            expected = base if home != "Rowan House" or m < MONTHS - 12 else 1.5
            for n in range(max(0, round(rng.gauss(expected, 1)))):
                day = min(month + dt.timedelta(days=rng.randrange(28)), clock.day_of(last))
                harm = rng.choices(["none", "low", "moderate", "severe"], weights=[50, 35, 12, 3])[0]
                night = home == "Rowan House" and rng.random() < 0.6
                ev.item_record(
                    scope=scope,
                    service_id=services[home].id,
                    kind="incident",
                    occurred_on=day,
                    summary=wording.choice(NIGHT_FALLS if night else OTHER_FALLS),
                    harm=harm,
                    reference=f"IR-{home[:2].upper()}-{m:02d}{n:02d}",
                    theme_codes=[FALLS, BELLS] if night else [FALLS],
                    now=at(day),
                )
                items += 1
    # The latest Rowan House incident reported with moderate harm or worse was reviewed and its harm
    # corrected one level down: the earlier record is kept, withdrawn, with why.
    severe = (
        EvidenceItem.objects.for_org(organisation)
        .filter(kind="incident", harm__in=("moderate", "severe"), service=services["Rowan House"])
        .order_by("-occurred_on", "-id")
        .first()
    )
    if severe is not None:
        ev.item_correct(
            scope=scope,
            item_id=severe.id,
            reason="The hospital review found less harm than first reported: she was home the same day.",
            data=ev.ItemInput(
                service_id=severe.service_id,
                kind="incident",
                occurred_on=severe.occurred_on,
                summary=severe.summary,
                harm={"severe": "moderate", "moderate": "low"}[severe.harm],
                reference=severe.reference,
                theme_codes=[t.code for t in severe.themes.all()],
            ),
            now=max(at(severe.occurred_on + dt.timedelta(days=7)), severe.recorded_at),
        )
        items += 1
    for days_ago, service, kind, summary, codes in (
        (
            400,
            "Rowan House",
            "staff_feedback",
            "Night staff said one carer cannot answer bells on two floors.",
            [BELLS],
        ),
        (
            330,
            "Rowan House",
            "partner_feedback",
            "The GP practice said calls about falls at night had risen.",
            [FALLS, BELLS],
        ),
        (
            120,
            "Beech Court",
            "staff_feedback",
            "Kitchen staff asked to join the residents' menu panel.",
            ["food-and-drink"],
        ),
        (
            40,
            "Northgate Home Care",
            "partner_feedback",
            "The council's brokerage team reported late home care visits.",
            ["organisation-and-reliability"],
        ),
    ):
        day = today - dt.timedelta(days=days_ago)
        ev.item_record(
            scope=scope,
            service_id=services[service].id,
            kind=kind,
            occurred_on=day,
            summary=summary,
            theme_codes=codes,
            now=at(day),
        )
        items += 1

    falls = ev.measure_create(
        scope=scope,
        name="Falls per 1,000 occupied bed days",
        unit="per 1,000 bed days",
        category="outcomes",
        theme_code=FALLS,
        now=at(first_month),
    )
    waits = ev.measure_create(
        scope=scope,
        name="Median call-bell wait at night (minutes)",
        unit="minutes",
        category="processes",
        theme_code=BELLS,
        now=at(first_month),
    )
    readings = 0
    for m in range(MONTHS - 1):  # the current month is not over yet
        month = add_months(first_month, m)
        better = m >= MONTHS - 12
        for measure, home, value in (
            (falls, "Rowan House", rng.gauss(5.5 if better else 8.5, 0.8)),
            (falls, "Beech Court", rng.gauss(6.0, 0.8)),
            (waits, "Rowan House", rng.gauss(5.0 if better else 14.0, 1.5)),
        ):
            ev.reading_record(
                scope=scope,
                measure_id=measure.id,
                service_id=services[home].id,
                month=month,
                value=round(max(value, 0.5), 1),
                now=at(add_months(month, 1)),
            )
            readings += 1
    return {"items": items, "readings": readings}
