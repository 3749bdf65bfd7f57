"""The one place that reads the clock, so that tests and services can pass `now` in instead."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()


def day_of(at: dt.datetime) -> dt.date:
    """The day an instant falls on in the UK. ``at.date()`` of a stored time gives the UTC day, which
    from midnight to 1am in summer is still yesterday."""
    return timezone.localdate(at)
