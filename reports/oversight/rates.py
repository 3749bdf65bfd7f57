"""Theme rates and Friends and Family Test answers, month by month: figures only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth

from core import clock
from feedback.models import Feedback, Sentiment
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _month
from reports.rules import Perm, require
from reports.selectors import fft_counts
from reports.spc import Point, add_months, monthly_points
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Theme, ThemeAssignment

# A month's point is tested against the special-cause rules only when the month is over and at least
# this many took part in it (pieces of feedback with comments for a theme's share, answers for the
# Friends and Family Test). With 1 to 3 a share can only read 0, 33, 50, 67 or 100%, one person moves
# it by a third or more, and an XmR chart would call that a signal. We stop there rather than higher:
# a small home hears from 4 to 6 people in an ordinary month, and a higher bar would hold back every
# month it has, leaving it no chart at all; 1 to 3 is most often the month feedback began, or one not
# over. The point is still charted and tabled, with the reason it was not tested.
MIN_FOR_A_SIGNAL = 4
PRAISE = (Sentiment.VERY_POSITIVE, Sentiment.POSITIVE)  # left out of a theme raised as a concern
UNDER_WAY = "the month is not over, so this is its days so far"


def too_few(n: int, noun: str) -> str:
    return f"only {n} {noun}, fewer than the {MIN_FOR_A_SIGNAL} a month needs to be tested"


def month_under_way(now: dt.datetime) -> dt.date:
    """The month `now` falls in, in the UK: not over, so never tested against the rules."""
    return clock.day_of(now).replace(day=1)


def untested_months(counts: dict[dt.date, int], *, now: dt.datetime, noun: str) -> dict[dt.date, str]:
    """{month: why it is not tested} for the months with a value that are not over, or too small."""
    held = {m: too_few(n, noun) for m, n in counts.items() if 0 < n < MIN_FOR_A_SIGNAL}
    under_way = month_under_way(now)
    held.update({m: UNDER_WAY for m in counts if m >= under_way})
    return held


@dataclass(frozen=True)
class ThemeRates:
    """Pieces of feedback with words each month, and how many carried each theme (by its code)."""

    first: dt.date
    last: dt.date
    with_words: dict[dt.date, int]
    counts: dict[str, dict[dt.date, int]]
    names: dict[str, str]
    categories: dict[str, str] = field(default_factory=dict)  # by the theme's code, as names are
    untested: dict[dt.date, str] = field(default_factory=dict)  # months charted but not tested, and why

    def points(self, code: str, first: dt.date | None = None, last: dt.date | None = None) -> list[Point]:
        """The theme's share month by month, for an XmR chart: the months not over or too small are
        charted but not tested."""
        return monthly_points(self.rates(code), first or self.first, last or self.last, untested=self.untested)

    def tested(self, months: list[dt.date]) -> list[dt.date]:
        """The months with feedback with comments that are tested against the rules."""
        return [m for m in months if self.with_words.get(m) and m not in self.untested]

    def rate(self, code: str, month: dt.date) -> float | None:
        total = self.with_words.get(month, 0)
        return None if not total else 100 * self.counts.get(code, {}).get(month, 0) / total

    def rates(self, code: str) -> dict[dt.date, float | None]:
        return {m: self.rate(code, m) for m in self.with_words}

    def total(self, code: str, months: list[dt.date]) -> int:
        return sum(self.counts.get(code, {}).get(m, 0) for m in months)


def fft_by_month(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None) -> dict:
    """Friends and Family Test answers per month: counts only, so anyone who may read report
    figures (commissioners included) may have them."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    feedback = Feedback.objects.for_scope(scope)
    if service is not None:
        feedback = feedback.filter(service=service)
    return fft_counts(feedback, first=first, last=last)


def theme_rates(
    *,
    scope: Scope,
    first: dt.date,
    last: dt.date,
    service: Service | None = None,
    now: dt.datetime | None = None,
    concerns: bool = False,
) -> ThemeRates:
    """Theme rate = the share of feedback (pieces with at least one comment) that carries the theme,
    in the current codings of the primary framework (by people or the model), month by month. With
    ``concerns``, only a comment not coded as praise carries it: the share raising the theme as a
    concern, as the agenda pack counts "Raised as a concern", so that fewer is better.

    Themes are matched across framework versions by their code and named as the published version
    names them."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    framework = primary_framework(scope=scope)
    end = add_months(last, 1)
    feedback = Feedback.objects.for_scope(scope).filter(received_on__gte=first, received_on__lt=end)
    if service is not None:
        feedback = feedback.filter(service=service)
    with_words = {
        _month(r["month"]): r["n"]
        for r in feedback.filter(comments__isnull=False)
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    }
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    categories: dict[str, str] = {}
    if framework is not None:
        rows = ThemeAssignment.objects.for_scope(scope).filter(
            superseded_at__isnull=True,
            applies=True,
            theme__version__framework=framework,
            comment__feedback__received_on__gte=first,
            comment__feedback__received_on__lt=end,
        )
        if service is not None:
            rows = rows.filter(comment__feedback__service=service)
        counted = rows.exclude(comment__sentiment__in=PRAISE) if concerns else rows
        # Counted by the theme's code alone, so a piece of feedback carrying a theme under two
        # versions of the framework (or in two of its comments) is counted once.
        for r in (
            counted.annotate(month=TruncMonth("comment__feedback__received_on"))
            .values("theme__code", "month")
            .annotate(n=Count("comment__feedback", distinct=True))
            .order_by()
        ):
            counts[r["theme__code"]][_month(r["month"])] = r["n"]
        for code, name, category in (
            rows.values_list("theme__code", "theme__name", "theme__category__name").distinct().order_by()
        ):
            names.setdefault(code, name)
            categories.setdefault(code, category or "")
        version = primary_version(scope=scope, framework=framework)
        if version is not None:
            published = Theme.objects.for_org(scope.organisation).filter(version=version)
            names.update(published.values_list("code", "name"))
            categories.update((code, name or "") for code, name in published.values_list("code", "category__name"))
    return ThemeRates(
        first=first,
        last=last,
        with_words=with_words,
        counts=dict(counts),
        names=names,
        categories=categories,
        untested=untested_months(with_words, now=now or clock.now(), noun="pieces of feedback with comments"),
    )
