"""The services a report may cover, and the months it reads from."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from feedback.models import Feedback
from organisations.models import Service
from organisations.scope import Scope
from reports import selectors
from reports.rules import Perm, require
from reports.selectors import service_for_report, service_from_slug
from reports.spc import add_months


def bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `first`'s month to the start of the month after `last`, in local time."""
    start = timezone.make_aware(dt.datetime.combine(first.replace(day=1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(add_months(last.replace(day=1), 1), dt.time.min))
    return start, end


def service_in_scope(*, scope: Scope, service_id: int | None) -> Service | None:
    """The one service a report is for (Service.DoesNotExist outside the scope), or None for all."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return service_for_report(scope=scope, service_id=service_id)


def service_named(*, scope: Scope, slug: str) -> Service:
    """A service in the scope named by its name as a slug ('rowan-house') or by its number."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return service_from_slug(scope=scope, slug=slug)


def services_in_scope(*, scope: Scope) -> list[Service]:
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return list(Service.objects.for_scope(scope).order_by("name"))


def coverage(*, scope: Scope, service: Service | None) -> str:
    """Which services a report read for figures covers, in words: one, all, or those in the scope.

    Only the list of services in the scope reads any, so only for that is the scope narrowed to where
    the figures may be seen."""
    if service is None and not scope.all_services:
        scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return selectors.coverage(scope=scope, service=service)


def first_feedback_month(*, scope: Scope, service: Service | None = None) -> dt.date | None:
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    qs = Feedback.objects.for_scope(scope)
    if service is not None:
        qs = qs.filter(service=service)
    first = qs.order_by("received_on").values_list("received_on", flat=True).first()
    return None if first is None else first.replace(day=1)


def chart_first_month(*, scope: Scope, last: dt.date, service: Service | None, span: int = 24, least: int = 12):
    """Charts cover up to `span` months to `last`, from the first feedback, and never fewer than `least`."""
    found = first_feedback_month(scope=scope, service=service)
    start = max(add_months(last, -(span - 1)), found) if found else last
    return min(start, add_months(last, -(least - 1)))
