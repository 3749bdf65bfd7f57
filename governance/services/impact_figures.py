"""What Heard's own figures say about an action's impact, before its verifier decides (ADR 0009's
addendum on the figures at the check): for each theme the action is about, how often it was raised
as a concern at the action's service since the lead marked it done, against the same number of days
before, and whether that change is beyond normal variation by the SPC rules the reports use
(ADR 0010).

Only the first of the four rules can be read here: the days since the action was done are one
point, tested against process limits worked out from up to ``WINDOWS_BEFORE`` stretches of the
same length before it (runs, trends and "2 of 3" need more points than a check has). Concerns are
counted as the agenda pack counts "Raised as a concern": pieces of feedback carrying the theme whose
comment is not coded as praise. Figures only: no comment text is read."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from core.words import words
from feedback.models import Feedback
from governance.loops import POSITIVE
from governance.models import Action
from governance.selectors.action_themes import action_theme_codes
from governance.selectors.themes import theme_names
from organisations.scope import Scope
from reports.spc import Limits, limits_for
from themes.coding.selectors import primary_framework
from themes.models import ThemeAssignment

# Stretches before the change the limits are worked out from; fewer when feedback began later.
WINDOWS_BEFORE = 6


@dataclass(frozen=True)
class ThemeFigures:
    """One theme's concerns at the action's service: since it was done, and in the stretches before."""

    name: str
    since: int  # raised as a concern from the day it was done to the day of the check
    before: list[int]  # the same number of days each, oldest first; the last is just before it was done
    limits: Limits | None

    @property
    def side(self) -> int:
        """-1 fewer beyond normal variation, +1 more beyond it, 0 within it (or no limits to tell)."""
        if self.limits is None:
            return 0
        return -1 if self.since < self.limits.lower else 1 if self.since > self.limits.upper else 0

    @property
    def fell(self) -> bool:
        return self.side < 0

    def sentence(self, days: int) -> str:
        said = (
            f"Since it was done, {self.name} has been raised as a concern {_times(self.since)} in {words(days, 'day')}"
            f" against {_times(self.before[-1]) if self.before else 'no times'} in the {words(days, 'day')} before"
        )
        if self.limits is None:
            return said + ": too little feedback before it to tell normal variation from a real change."
        verdict = {
            -1: "fewer, beyond normal variation",
            1: "more, beyond normal variation",
            0: "within normal variation",
        }[self.side]
        low, high = max(self.limits.lower, 0.0), self.limits.upper
        return (
            f"{said}: {verdict} (in {words(len(self.before), 'stretch', 'stretches')} of that length before, it "
            f"was raised {_range(low, high)} by chance alone)."
        )


@dataclass(frozen=True)
class ImpactFigures:
    done_on: dt.date
    today: dt.date
    service: str
    themes: list[ThemeFigures]

    @property
    def days(self) -> int:
        return (self.today - self.done_on).days + 1

    @property
    def shown(self) -> bool:
        """Whether the figures show what closing with evidence of impact claims: some theme fell beyond
        normal variation, and none rose beyond it."""
        return any(t.fell for t in self.themes) and not any(t.side > 0 for t in self.themes)

    @property
    def testable(self) -> bool:
        return any(t.limits is not None for t in self.themes)

    def sentences(self) -> list[str]:
        return [t.sentence(self.days) for t in self.themes]


def impact_figures(*, scope: Scope, action: Action, done_on: dt.date, today: dt.date) -> ImpactFigures | None:
    """The figures for ``action`` from ``done_on`` to ``today`` (both counted), or None when it is about
    no theme, or today is before the day it was done."""
    if today < done_on:
        return None
    framework = primary_framework(scope=scope)
    codes = action_theme_codes(Action.objects.for_org(scope.organisation).filter(id=action.id), framework=framework)
    codes = codes.get(action.id, [])
    if framework is None or not codes:
        return None
    days = (today - done_on).days + 1
    feedback = Feedback.objects.for_org(scope.organisation)
    if action.service_id:
        feedback = feedback.filter(service_id=action.service_id)
    began = feedback.order_by("received_on").values_list("received_on", flat=True).first()
    # Whole stretches only, and only those after feedback began: a stretch before it would read as
    # nobody raising the theme, when nobody was asked.
    stretches = [
        (done_on - dt.timedelta(days=k * days), done_on - dt.timedelta(days=(k - 1) * days + 1))
        for k in range(WINDOWS_BEFORE, 0, -1)
    ]
    stretches = [s for s in stretches if began is not None and s[0] >= began]
    first = stretches[0][0] if stretches else done_on
    rows = ThemeAssignment.objects.for_org(scope.organisation).filter(
        superseded_at__isnull=True,
        applies=True,
        theme__version__framework=framework,
        theme__code__in=codes,
        comment__feedback__received_on__gte=first,
        comment__feedback__received_on__lte=today,
    )
    if action.service_id:
        rows = rows.filter(comment__feedback__service_id=action.service_id)
    seen: dict[str, dict[int, dt.date]] = {c: {} for c in codes}
    for code, feedback_id, received_on in (
        rows.exclude(comment__sentiment__in=POSITIVE)
        .values_list("theme__code", "comment__feedback_id", "comment__feedback__received_on")
        .distinct()
        .order_by()
    ):
        seen[code][feedback_id] = received_on
    names = theme_names(scope=scope)
    themes = []
    for code in codes:
        days_raised = list(seen[code].values())
        before = [sum(1 for d in days_raised if start <= d <= end) for start, end in stretches]
        since = sum(1 for d in days_raised if d >= done_on)
        themes.append(ThemeFigures(name=names.get(code, code), since=since, before=before, limits=_limits(before)))
    service = action.service.name if action.service_id else "the whole organisation"
    return ImpactFigures(done_on=done_on, today=today, service=service, themes=themes)


def _limits(before: list[int]) -> Limits | None:
    """The process limits of the stretches before; None when they never varied (every one the same,
    most often none at all), as then there is no normal variation to tell a change from."""
    limits = limits_for(before)
    return limits if limits is not None and limits.mean_moving_range > 0 else None


def _times(n: int) -> str:
    return {0: "no times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _range(low: float, high: float) -> str:
    """The whole counts within the limits ("beyond" is strict, so a count on a limit is within)."""
    least, most = math.ceil(low), math.floor(high)
    if least >= most:
        return _times(most)
    return f"up to {_times(most)}" if least <= 0 else f"from {_times(least)} to {_times(most)}"
