"""The measures an objective can be bound to, worked out from what Heard holds.

Each is taken over the 91 days up to a day (about a quarter), within the asker's scope and, for a
service's priority, that service only: the share of feedback with words that raises a theme (current
codings of the primary framework, by people or the model), the share of Friends and Family Test
answers that are good or very good (out of all answers, "don't know" included, as NHS England
publishes it), and the number of co-production activities at the top two rungs of the ladder.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from feedback.models import Feedback, Rating
from governance.models import CoproductionActivity, Rung
from organisations.scope import Scope
from priorities.models import Measure
from themes.coding.selectors import primary_framework, themes_applied
from themes.models import Theme

WINDOW_DAYS = 91
TOP_RUNGS = (Rung.CO_DESIGN, Rung.CO_PRODUCTION)


def window(until: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day (both included) of the 91 days up to `until`."""
    return until - dt.timedelta(days=WINDOW_DAYS - 1), until


def measure_value(
    *,
    scope: Scope,
    measure: str,
    theme_code: str = "",
    theme_framework_id: int | None = None,
    service_id: int | None,
    until: dt.date,
    since: dt.date | None = None,
) -> float | None:
    """The measure over the 91 days up to `until`, or from `since` to `until` when given (a report's
    calendar quarter); None when there is nothing to measure it by. A theme is of the main framework,
    or of `theme_framework_id` when given, which must be the main one."""
    first, last = window(until) if since is None else (since, until)
    place = Q(service_id=service_id) if service_id else Q()
    if measure == Measure.COPRODUCTION_HIGH:
        return float(
            CoproductionActivity.objects.for_scope(scope)
            .filter(place, held_on__range=(first, last), rung__in=TOP_RUNGS, withdrawal__isnull=True)
            .count()
        )
    feedback = Feedback.objects.for_scope(scope).filter(place, received_on__range=(first, last))
    if measure == Measure.FFT_POSITIVE:
        answered = feedback.filter(rating__isnull=False)
        total = answered.count()
        return 100 * answered.filter(rating__in=Rating.positive()).count() / total if total else None
    if measure == Measure.THEME_SHARE:
        with_words = feedback.filter(comments__isnull=False).distinct()
        total = with_words.count()
        framework = primary_framework(scope=scope)
        if (
            not total
            or framework is None
            or (theme_framework_id is not None and framework.id != theme_framework_id)
            or not _framework_has(scope, framework, theme_code)
        ):
            # A theme of a framework no longer the main one (another was chosen since the objective was
            # set) is not measured at all, rather than read as raised by nobody: new feedback is coded
            # with the main framework, and a code both share is not the same theme.
            return None
        return 100 * _raising(scope, framework, theme_code, with_words) / total
    raise ValueError(f"Unknown measure {measure!r}.")


def _framework_has(scope: Scope, framework, theme_code: str) -> bool:
    """Whether any version of the framework has a theme with this code (codings keep their version)."""
    return Theme.objects.for_org(scope.organisation).filter(version__framework=framework, code=theme_code).exists()


def _raising(scope: Scope, framework, theme_code: str, feedback) -> int:
    """How many of these pieces of feedback raise the theme, in current codings by people or the model."""
    return (
        themes_applied(scope=scope, framework=framework)
        .filter(theme__code=theme_code, comment__feedback__in=feedback)
        .values("comment__feedback")
        .distinct()
        .count()
    )


def theme_mentions(*, scope: Scope, theme_code: str, service_id: int | None, until: dt.date) -> int:
    """How many pieces of feedback raised the theme in the 91 days up to `until` (at one service, or
    everywhere in scope): the evidence an audit is commissioned on."""
    first, last = window(until)
    return theme_mentions_between(scope=scope, theme_code=theme_code, service_id=service_id, first=first, last=last)


def theme_mentions_between(
    *, scope: Scope, theme_code: str, service_id: int | None, first: dt.date, last: dt.date, kind: str = ""
) -> int:
    """How many pieces of feedback (of one kind, such as complaints, when given) received from `first`
    to `last` raised the theme, in current codings by people or the model."""
    framework = primary_framework(scope=scope)
    if framework is None:
        return 0
    feedback = Feedback.objects.for_scope(scope).filter(received_on__range=(first, last))
    if service_id:
        feedback = feedback.filter(service_id=service_id)
    if kind:
        feedback = feedback.filter(kind=kind)
    return _raising(scope, framework, theme_code, feedback)


def objective_value(
    *, scope: Scope, objective, service_id: int | None, until: dt.date, since: dt.date | None = None
) -> float | None:
    """An objective's measure over the 91 days up to `until` (or from `since`), at its priority's
    service (or everywhere).
    An objective measured by a theme of a framework that is no longer the main one is not measured:
    feedback is coded with the main framework, so its share would fall for want of coding."""
    return measure_value(
        scope=scope,
        measure=objective.measure,
        theme_code=objective.theme_code,
        theme_framework_id=objective.theme_framework_id,
        service_id=service_id,
        until=until,
        since=since,
    )
