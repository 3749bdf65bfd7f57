"""Urgent flags in the daily reminder email (`governance.reminders`).

A flag stays open until a person records what was done; nothing else makes sure somebody does.
Every day, whoever is told of new flags (the safeguarding lead, or without one the administrators
and quality leads) is reminded how many flags are still open. A flag nobody has recorded anything
on for `HEARD_URGENT_ESCALATE_HOURS` goes further: everyone else who may act on it (administrators,
quality leads and the managers of its service) is told too, in case the lead is away. Those told
of every open flag also hear how many have passed the review-by date their notes set (ADR 0007),
service by service. The email holds counts, service names, a date and links, never the comment or
anything said in a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min

from core import clock
from organisations.models import Organisation, Person
from organisations.scope import scope_of_person
from themes.models import FlagStatus, UrgentFlag
from themes.selectors import safeguarding_lead_candidates, urgent_flags_visible, with_review_by
from themes.services.urgent_notify import urgent_recipients


@dataclass(frozen=True)
class UrgentWaiting:
    """Open flags one person may act on. `told` people hear of every open flag; the others only of
    `unacted` ones, open with nothing recorded for longer than the escalation time."""

    told: bool
    open: int
    unacted: int
    oldest: dt.datetime
    # For `told` people: the open flags past their review-by date, as (service name, how many), by name.
    review_overdue_by_service: tuple[tuple[str, int], ...] = ()

    @property
    def review_overdue(self) -> int:
        return sum(n for _, n in self.review_overdue_by_service)


def urgent_waiting(*, organisation: Organisation, now: dt.datetime) -> list[tuple[Person, UrgentWaiting]]:
    """Who should be reminded of open urgent flags today, and of what."""
    if not UrgentFlag.objects.for_org(organisation).filter(status=FlagStatus.OPEN).exists():
        return []
    today = clock.day_of(now)
    told_emails = set(urgent_recipients(organisation=organisation).emails)
    cutoff = now - dt.timedelta(hours=settings.HEARD_URGENT_ESCALATE_HOURS)
    found = []
    for person in safeguarding_lead_candidates(organisation=organisation).select_related("user"):
        scope = scope_of_person(person, user=person.user, organisation=organisation)
        if scope is None:
            continue
        still_open = urgent_flags_visible(scope=scope).filter(status=FlagStatus.OPEN)
        # A concern someone else added (`adds_concern`) is not something done: the flag still escalates.
        unacted = still_open.filter(detected_at__lt=cutoff).exclude(actions__adds_concern=False)
        told = (person.user.email or person.email) in told_emails
        counted = still_open if told else unacted
        summary = counted.aggregate(oldest=Min("detected_at"))
        if summary["oldest"] is None:
            continue
        overdue = ()
        if told:
            overdue = tuple(
                with_review_by(still_open, organisation=organisation, today=today)
                .filter(review_overdue=True)
                .values_list("comment__feedback__service__name")
                .annotate(n=Count("pk"))
                .order_by("comment__feedback__service__name")
            )
        found.append(
            (
                person,
                UrgentWaiting(
                    told=told,
                    open=still_open.count() if told else 0,
                    unacted=unacted.count(),
                    oldest=summary["oldest"],
                    review_overdue_by_service=overdue,
                ),
            )
        )
    return found
