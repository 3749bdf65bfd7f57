"""The one place that reads the clock, so that tests and services can pass `now` in instead."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()
