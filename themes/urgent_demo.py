"""The demo's urgent flags followed up: what the safeguarding lead did about each, day by day.

A flag from more than a fortnight ago was acted on as soon as the safeguarding lead was at work (within
two hours of its arrival in office hours, otherwise the next working morning) and closed a few working
days later, saying what was done; one from the last fortnight has its first step recorded and stays
open, with the date the lead will look at it again (the oldest of them whose date has come and gone
shows a review overdue); one from today or yesterday, or that nobody at work has seen yet, has
nothing recorded yet. A first step that referred the concern to the council or the police records
the referral and the reference they gave. Recorded through the same service as a person would, with
the times of the demo's history.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core import clock
from core.working_days import at_work_after, in_office_hours, working_day
from organisations.models import Organisation
from organisations.scope import scope_for
from themes.models import FlagStatus, ReferredTo, UrgentFlag
from themes.services import urgent_flag_record_action

OPEN_FOR_DAYS = 14  # flags younger than this are still being dealt with
NOTHING_YET_DAYS = 1  # and one this young has nothing recorded yet

# (what was done the same day, what was done before closing it), by the detector's first category
FOLLOW_UP: dict[str, tuple[str, str]] = {
    "self_harm": (
        "Spoke with him and his key worker the same afternoon. His GP and the community mental health "
        "team were told, and he has a safety plan agreed with him.",
        "Reviewed a week on: he sees the mental health nurse weekly and says staff now make time to "
        "talk. Family told. Closing; the plan stays in his care record.",
    ),
    "neglect": (
        "The registered manager went to see them within the hour: safe and comfortable. Safeguarding "
        "referral made to the council the same day.",
        "Care plan reviewed with the family: the checks and care needed are now signed for each time and "
        "the manager reads the records every morning. The council's safeguarding team are satisfied. Closing.",
    ),
    "physical_abuse": (
        "Body map completed and the family told. Safeguarding referral made to the council, and the staff "
        "on shift were spoken to.",
        "The council's enquiry is finished: moving and handling training for the team, the staff member "
        "concerned supervised, and the care plan updated. Family told of the outcome. Closing.",
    ),
    "sexual_abuse": (
        "Reported to the police and the council's safeguarding team straight away. The staff member is "
        "suspended while they look into it, and she has a female carer of her choosing.",
        "The police and the council have finished their enquiries and the staff member no longer works "
        "here; referral made to the Disclosure and Barring Service. Family told. Closing.",
    ),
    "emotional_abuse": (
        "Spoke with the person and their family the same day and made sure they feel safe. Safeguarding "
        "referral made to the council.",
        "What was agreed with the council is in place: who works where at night has changed, staff had "
        "training on dignity and respect, and night checks are recorded. The family are content. Closing.",
    ),
    "fall_injury": (
        "Spoke with the family and checked the incident records: nothing was written down. "
        "Safeguarding referral made to the council.",
        "Found to be a burn from a hot drink: drinks are now served in covered cups and staff record every "
        "injury, however small. Family told. Closing.",
    ),
}
# Who the first step referred the concern to, by the detector's first category (as its words say).
REFERRED: dict[str, str] = {
    "neglect": ReferredTo.LOCAL_AUTHORITY,
    "physical_abuse": ReferredTo.LOCAL_AUTHORITY,
    "sexual_abuse": ReferredTo.POLICE,
    "emotional_abuse": ReferredTo.LOCAL_AUTHORITY,
    "fall_injury": ReferredTo.LOCAL_AUTHORITY,
}
REVIEW_WITHIN_DAYS = 5  # a flag in hand is to be looked at again within the coming week

GENERIC = (
    "The registered manager looked into it the same day and the person is safe. Safeguarding referral "
    "made to the council.",
    "The council's safeguarding team have finished looking into it and the changes agreed are in "
    "place. Family told of the outcome. Closing.",
)


@transaction.atomic
def urgent_demo_follow_up(*, organisation: Organisation, today: dt.date | None = None) -> dict:
    """Record what the safeguarding lead did about each of the demo's open urgent flags."""
    now = clock.now() if today in (None, clock.today()) else clock.end_of_day(today)
    today = today or clock.today()
    organisation.refresh_from_db(fields=["safeguarding_lead"])  # named after the caller loaded it
    lead = organisation.safeguarding_lead
    counts = {"closed": 0, "in_hand": 0, "waiting": 0}
    if lead is None or lead.user is None:
        return counts
    scope = scope_for(user=lead.user, organisation=organisation)
    flags = UrgentFlag.objects.for_org(organisation).filter(status=FlagStatus.OPEN).order_by("detected_at", "id")
    review_missed = False
    for i, flag in enumerate(flags):
        age = (today - timezone.localdate(flag.detected_at)).days
        if age <= NOTHING_YET_DAYS:
            counts["waiting"] += 1
            continue
        category = next((c for c in flag.categories if c in FOLLOW_UP), None)
        first, closing = FOLLOW_UP[category] if category else GENERIC
        first_at = _first_seen(flag.detected_at, minutes=40 + 13 * (i % 5))
        if first_at > now:  # it came in after the office closed, and nobody has been at work since
            counts["waiting"] += 1
            continue
        in_hand = age <= OPEN_FOR_DAYS
        review_by = None
        if in_hand:
            next_day = working_day(clock.day_of(first_at) + dt.timedelta(days=1))
            if not review_missed and next_day < today:
                # The oldest flag in hand shows what a missed review looks like: its date has passed.
                review_by, review_missed = next_day, True
            else:
                review_by = working_day(today + dt.timedelta(days=i % REVIEW_WITHIN_DAYS))
        # The first step's words say whom it referred the concern to (the generic one: the council).
        referred_to = REFERRED.get(category, "") if category else ReferredTo.LOCAL_AUTHORITY
        urgent_flag_record_action(
            scope=scope,
            flag_id=flag.id,
            action=first,
            closes=False,
            review_by=review_by,
            referred_to=referred_to,
            referral_reference=_reference(referred_to, flag) if referred_to else "",
            now=first_at,
        )
        if in_hand:
            counts["in_hand"] += 1
            continue
        closed_at = at_work_after(first_at, days=3 + i % 6, hour=11 + i % 5)
        urgent_flag_record_action(scope=scope, flag_id=flag.id, action=closing, closes=True, now=closed_at)
        counts["closed"] += 1
    return counts


def _first_seen(detected_at: dt.datetime, *, minutes: int) -> dt.datetime:
    """When the safeguarding lead acted on a flag: `minutes` after it came in, if that is in office
    hours, otherwise as long into the next working morning."""
    soon = detected_at + dt.timedelta(minutes=minutes)
    if in_office_hours(soon):
        return soon
    return at_work_after(detected_at, days=0, hour=9, minute=minutes % 60)


def _reference(referred_to: str, flag: UrgentFlag) -> str:
    """The reference number the council or the police gave, made up from the flag (the same every run)."""
    number = 1000 + (flag.id * 7919) % 9000
    prefix = "CR" if referred_to == ReferredTo.POLICE else "ASC"
    return f"{prefix}-{clock.day_of(flag.detected_at):%y%m}-{number}"
