"""Reads for reports: figures (counts and scores, never comment text), always from the acting scope.

Each function takes the month or months it covers and, optionally, one service; a service outside
the person's scope raises Service.DoesNotExist (a 404 on a page), as every selector does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.text import slugify

from feedback.models import Channel, Feedback, Rating
from organisations.models import Service
from organisations.scope import Scope
from reports.rules import Perm, require
from reports.spc import add_months
from themes.models import UrgentFlag, UrgentFlagAction


def parse_month(text: str) -> dt.date:
    """'2026-10' -> 1 October 2026; anything else is refused with what was given."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(f"Give the month as year-month, for example 2026-10, not {text!r}.") from None


def service_for_report(*, scope: Scope, service_id: int | None) -> Service | None:
    """The one service a report is for (DoesNotExist outside the scope), or None for all of them.

    Callers check the permission for their report first.
    """
    if service_id is None:
        return None
    return Service.objects.for_scope(scope).get(pk=service_id)


def service_from_slug(*, scope: Scope, slug: str) -> Service:
    """A service in the scope named by its name as a slug ('rowan-house') or by its number.

    Callers check the permission for their report first.
    """
    services = list(Service.objects.for_scope(scope).order_by("name"))
    for service in services:
        if slugify(service.name) == slug or str(service.pk) == slug:
            return service
    known = ", ".join(slugify(s.name) for s in services) or "none"
    raise Service.DoesNotExist(f"No service {slug!r} here. Services: {known}.")


def report_service(*, scope: Scope, service_id: int | None) -> Service | None:
    """The one service a monthly pack is for (checked against the scope), or None for all of them."""
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    return service_for_report(scope=scope, service_id=service_id)


def service_by_slug(*, scope: Scope, slug: str) -> Service:
    """A service named by its name as a slug ('rowan-house') or by its number, within the scope."""
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    return service_from_slug(scope=scope, slug=slug)


def coverage(*, scope: Scope, service: Service | None) -> str:
    """Which services a report covers, in words."""
    if service is not None:
        return service.name
    if scope.all_services:
        return "All services"
    names = list(Service.objects.for_scope(scope).order_by("name").values_list("name", flat=True))
    return ", ".join(names) if names else "No services"


def _month_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `first`'s month to the start of the month after `last`, in local time."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(add_months(last, 1), dt.time.min))
    return start, end


def _as_month(value) -> dt.date:
    """A truncated month from the database (a date, or a datetime on some backends) as its 1st day."""
    return dt.date(value.year, value.month, 1)


def _feedback(scope: Scope, service: Service | None) -> QuerySet[Feedback]:
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    qs = Feedback.objects.for_scope(scope)
    return qs.filter(service=service) if service is not None else qs


# --- feedback received -------------------------------------------------------------------------


def feedback_counts(*, scope: Scope, month: dt.date, service: Service | None = None) -> dict[tuple[str, str], int]:
    """{(service name, channel label): pieces of feedback received} in the month."""
    rows = (
        _feedback(scope, service)
        .filter(received_on__gte=month, received_on__lt=add_months(month, 1))
        .values("service__name", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = dict(Channel.choices)
    return {(r["service__name"], labels.get(r["channel"], r["channel"])): r["n"] for r in rows}


def feedback_total(*, scope: Scope, month: dt.date, service: Service | None = None) -> int:
    return _feedback(scope, service).filter(received_on__gte=month, received_on__lt=add_months(month, 1)).count()


# --- Friends and Family Test -------------------------------------------------------------------


@dataclass(frozen=True)
class FftMonth:
    month: dt.date
    responses: int  # every answer to the FFT question, "don't know" included
    positive: int  # "very good" or "good"

    @property
    def percent_positive(self) -> float | None:
        return None if not self.responses else 100 * self.positive / self.responses


def fft_by_month(
    *, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None
) -> dict[dt.date, FftMonth]:
    """FFT responses and positive answers per month, for months that have any.

    Percentage positive is as NHS England publishes it: very good and good answers out of all
    answers, "don't know" included.
    """
    return fft_counts(_feedback(scope, service), first=first, last=last)


def fft_counts(feedback: QuerySet[Feedback], *, first: dt.date, last: dt.date) -> dict[dt.date, FftMonth]:
    """``fft_by_month`` over feedback already scoped and permission-checked by the caller."""
    rows = (
        feedback.filter(received_on__gte=first, received_on__lt=add_months(last, 1), rating__isnull=False)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(responses=Count("id"), positive=Count("id", filter=Q(rating__in=Rating.positive())))
        .order_by("month")
    )
    out = {}
    for r in rows:
        month = _as_month(r["month"])
        out[month] = FftMonth(month=month, responses=r["responses"], positive=r["positive"])
    return out


def fft_ratings(*, scope: Scope, month: dt.date, service: Service | None = None) -> dict[int, int]:
    """{rating: answers} in the month, for every point on the FFT scale (zeros included)."""
    rows = (
        _feedback(scope, service)
        .filter(received_on__gte=month, received_on__lt=add_months(month, 1), rating__isnull=False)
        .values("rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {r["rating"]: r["n"] for r in rows}
    return {rating: found.get(rating, 0) for rating in Rating.values}


def first_feedback_month(*, scope: Scope, service: Service | None = None) -> dt.date | None:
    first = _feedback(scope, service).order_by("received_on").values_list("received_on", flat=True).first()
    return None if first is None else first.replace(day=1)


# --- urgent flags ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrgentCounts:
    raised: int = 0  # flags raised in the month
    closed: int = 0  # flags closed in the month (whenever raised)
    open_at_end: int = 0  # flags raised before the month ended and not closed by then
    actions: int = 0  # things people recorded doing about flags in the month
    days_to_close: tuple[float, ...] = ()  # for each flag closed in the month


def urgent_counts(*, scope: Scope, month: dt.date, service: Service | None = None) -> dict[str, UrgentCounts]:
    """{service name: counts} for urgent flags, with no comment text and no record of what was said.

    The pack is read by people who may not see flags themselves (leaders): it shows how many
    and how fast, never which comment or what was written about it.
    """
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    start, end = _month_bounds(month, month)
    flags = UrgentFlag.objects.for_scope(scope).filter(detected_at__lt=end)
    if service is not None:
        flags = flags.filter(comment__feedback__service=service)
    closing = {
        a["flag_id"]: a["at"]
        for a in UrgentFlagAction.objects.for_scope(scope)
        .filter(closes=True, flag__in=flags)
        .values("flag_id", "at")
        .order_by("at")
    }
    action_rows = (
        UrgentFlagAction.objects.for_scope(scope)
        .filter(flag__in=flags, at__gte=start, at__lt=end, adds_concern=False)  # a worry added is not a thing done
        .values("flag__comment__feedback__service__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    actions = {r["flag__comment__feedback__service__name"]: r["n"] for r in action_rows}
    tallies: dict[str, dict] = defaultdict(lambda: {"raised": 0, "closed": 0, "open_at_end": 0, "days": []})
    for flag in flags.values("id", "detected_at", "comment__feedback__service__name"):
        name = flag["comment__feedback__service__name"]
        closed_at = closing.get(flag["id"])
        tally = tallies[name]
        if flag["detected_at"] >= start:
            tally["raised"] += 1
        if closed_at is not None and start <= closed_at < end:
            tally["closed"] += 1
            tally["days"].append((closed_at - flag["detected_at"]).total_seconds() / 86400)
        if closed_at is None or closed_at >= end:
            tally["open_at_end"] += 1
    names = sorted(set(tallies) | set(actions))
    return {
        name: UrgentCounts(
            raised=tallies[name]["raised"],
            closed=tallies[name]["closed"],
            open_at_end=tallies[name]["open_at_end"],
            actions=actions.get(name, 0),
            days_to_close=tuple(tallies[name]["days"]),
        )
        for name in names
    }


def urgent_categories(*, scope: Scope, month: dt.date, service: Service | None = None) -> Counter:
    """How many flags raised in the month fall in each category (a flag may have several)."""
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    start, end = _month_bounds(month, month)
    flags = UrgentFlag.objects.for_scope(scope).filter(detected_at__gte=start, detected_at__lt=end)
    if service is not None:
        flags = flags.filter(comment__feedback__service=service)
    counts: Counter = Counter()
    for categories in flags.values_list("categories", flat=True):
        counts.update(set(categories or ()) or {"not given"})
    return counts
