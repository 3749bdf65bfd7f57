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


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the UK, the midnight its next day starts at. Whatever happened
    before it happened on ``day`` or earlier by the UK calendar, whatever the UTC date."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
