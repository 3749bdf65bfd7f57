"""Theme rates and Friends and Family Test answers, month by month: figures only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth

from feedback.models import Feedback
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _month
from reports.rules import Perm, require
from reports.selectors import fft_counts
from reports.spc import add_months
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Theme, ThemeAssignment


@dataclass(frozen=True)
class ThemeRates:
    """Pieces of feedback with words each month, and how many carried each theme (by its code)."""

    first: dt.date
    last: dt.date
    with_words: dict[dt.date, int]
    counts: dict[str, dict[dt.date, int]]
    names: dict[str, str]
    categories: dict[str, str] = field(default_factory=dict)  # by the theme's code, as names are

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


def theme_rates(*, scope: Scope, first: dt.date, last: dt.date, service: Service | None = None) -> ThemeRates:
    """Theme rate = the share of feedback (pieces with at least one comment) that carries the theme,
    in the current codings of the primary framework (by people or the model), month by month.

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
        # Counted by the theme's code alone, so a piece of feedback carrying a theme under two
        # versions of the framework (or in two of its comments) is counted once.
        for r in (
            rows.annotate(month=TruncMonth("comment__feedback__received_on"))
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
        first=first, last=last, with_words=with_words, counts=dict(counts), names=names, categories=categories
    )
