"""Urgent flags in the daily reminder email (`governance.reminders`).

A flag stays open until a person records what was done; nothing else makes sure somebody does.
Every day, whoever is told of new flags (the safeguarding lead, or without one the administrators
and quality leads) is reminded how many flags are still open. A flag nobody has recorded anything
on for `HEARD_URGENT_ESCALATE_HOURS` goes further: everyone else who may act on it (administrators,
quality leads and the managers of its service) is told too, in case the lead is away. The email
holds counts, a date and a link, never the comment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min

from organisations.models import Organisation, Person
from organisations.scope import scope_of_person
from themes.models import FlagStatus, UrgentFlag
from themes.selectors import safeguarding_lead_candidates, urgent_flags_visible
from themes.services.urgent_notify import urgent_recipients


@dataclass(frozen=True)
class UrgentWaiting:
    """Open flags one person may act on. `told` people hear of every open flag; the others only of
    `unacted` ones, open with nothing recorded for longer than the escalation time."""

    told: bool
    open: int
    unacted: int
    oldest: dt.datetime


def urgent_waiting(*, organisation: Organisation, now: dt.datetime) -> list[tuple[Person, UrgentWaiting]]:
    """Who should be reminded of open urgent flags today, and of what."""
    if not UrgentFlag.objects.for_org(organisation).filter(status=FlagStatus.OPEN).exists():
        return []
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
        found.append(
            (
                person,
                UrgentWaiting(
                    told=told,
                    open=still_open.count() if told else 0,
                    unacted=unacted.count(),
                    oldest=summary["oldest"],
                ),
            )
        )
    return found
