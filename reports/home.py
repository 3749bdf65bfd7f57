"""The home page of the organisation, or of the service being looked at: where the loop stands.

Panels, each shown only to people whose role may see what is in it: what is theirs to do
(reports/todo.py), loop states (heard, decided, acting, checked) and how many loops in each are
stalled, themes with their Making Data Count variation icon, overdue actions, open urgent flags
(for a leader, who may not open them, only how many and who holds them), and the reports they may
open. Every chart has its figures in a table beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from core import clock
from governance.loop_states import ACTING, CHECKED, DECIDED, HEARD, loop_counts
from governance.loops import loops_as_read
from governance.rules import Perm as GovernancePerm
from governance.rules import has_perm as has_governance_perm
from governance.selectors import ActionFilters, action_list
from governance.wording import loop_words
from organisations.scope import ANYWHERE, Scope
from reports import oversight, selectors
from reports.charts import bar_chart, variation_icon_svg
from reports.rules import Perm, has_perm, require
from reports.spc import add_months, xmr
from reports.todo import YoursToDo, yours_to_do
from reports.top_themes import most_common
from themes.selectors import (
    UrgentOversight,
    urgent_open_count,
    urgent_open_since,
    urgent_oversight,
    urgent_reviews_overdue,
)

THEME_MONTHS = 24
HOME_THEMES = 8
HOME_OVERDUE = 10
LOOP_STATES = (HEARD, DECIDED, ACTING, CHECKED)


@dataclass(frozen=True)
class ThemeLine:
    name: str
    feedback: int  # pieces of feedback carrying the theme in the last full month
    share: float | None  # % of that month's feedback with comments
    variation: str
    icon: Markup | None


@dataclass
class Home:
    month: dt.date  # the last full month, for themes
    todo: YoursToDo | None = None  # the work waiting on this person
    loops: dict[str, int] | None = None  # loops in each state, by state
    stalled_by_state: dict[str, int] = field(default_factory=dict)  # of those, how many are stalled
    loops_total: int = 0
    loop_chart: Markup | None = None
    stalled: list = field(default_factory=list)
    themes: list[ThemeLine] | None = None
    overdue: list | None = None
    overdue_total: int = 0
    urgent_open: int | None = None
    urgent_oldest_days: int | None = None  # UK days the longest-open urgent flag has been open
    urgent_review_overdue: int = 0  # of the open flags, those past their review-by date
    # For a leader, who may not open flags: how many are open at their services, and who holds them.
    urgent_oversight: UrgentOversight | None = None
    reports: dict[str, bool] | None = None  # which reports this person may open, by permission name

    @property
    def stalled_total(self) -> int:
        return sum(self.stalled_by_state.values())


def home_dashboard(*, scope: Scope, today: dt.date) -> Home:
    """What the home page shows this person, for the service they are looking at or for all of theirs."""
    home = Home(month=add_months(today.replace(day=1), -1), todo=yours_to_do(scope=scope, today=today))
    if has_governance_perm(scope, GovernancePerm.VIEW):
        # A partner reads only the feedback people agreed could be shared: the loops on their home
        # page are heard in that feedback alone, so no figure counts feedback they cannot open.
        loops = loops_as_read(scope=scope, today=today)
        counts = loop_counts(loops)
        home.loops = {state: counts.get(state, 0) for state in LOOP_STATES}
        # Stalled is not a fifth state: a stalled loop is counted where it stands, so it is shown
        # apart from the state bars (a row of its own in the table, and a sentence), never as a bar.
        home.stalled_by_state = {
            state: sum(lp.is_stalled for lp in loops if lp.state == state) for state in LOOP_STATES
        }
        words = loop_words(scope)  # a co-production partner reads them as concerns, in plain words
        home.loops_total = len(loops)
        home.loop_chart = bar_chart(
            [(words.states[s], home.loops[s]) for s in LOOP_STATES],
            title=words.by_state,
            measure=f"{words.many.capitalize()}, {home.loops_total} in all, each counted once where it stands",
            ident="home-loops",
        )
        home.stalled = [lp for lp in loops if lp.is_stalled][:HOME_OVERDUE]
        overdue = action_list(scope=scope, today=today, filters=ActionFilters(status="overdue"))
        home.overdue_total = overdue.count()
        home.overdue = list(overdue[:HOME_OVERDUE])
    looking_at = ANYWHERE if scope.current_service_id is None else scope.current_service_id
    if has_perm(scope, Perm.VIEW_MONTHLY_PACK, looking_at):
        home.themes = theme_lines(scope=scope, month=home.month)
    home.urgent_open = urgent_open_count(scope=scope)
    if home.urgent_open and (since := urgent_open_since(scope=scope)):
        home.urgent_oldest_days = (today - clock.day_of(since)).days
        home.urgent_review_overdue = urgent_reviews_overdue(scope=scope, today=today) or 0
    home.urgent_oversight = urgent_oversight(scope=scope, today=today)
    if has_perm(scope, Perm.VIEW_REPORT_FIGURES):
        home.reports = report_choices(scope)
    return home


def report_choices(scope: Scope) -> dict[str, bool]:
    """Whether this person may open each report, keyed as the list of reports reads them."""
    return {perm.name.lower(): has_perm(scope, perm) for perm in Perm}


def theme_lines(*, scope: Scope, month: dt.date) -> list[ThemeLine]:
    """The most common themes in the month, each with the variation of its share of feedback: counted
    as the monthly pack and its charts count them (pieces of feedback with comments, ADR 0010)."""
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    service = None
    if scope.current_service_id:
        service = selectors.report_service(scope=scope, service_id=scope.current_service_id)
    first = add_months(month, -(THEME_MONTHS - 1))
    rates = oversight.theme_rates(scope=scope, first=first, last=month, service=service)
    lines = []
    for code in most_common(rates, month, HOME_THEMES):
        variation = xmr(rates.points(code, first, month)).variation
        share = rates.rate(code, month)
        lines.append(
            ThemeLine(
                name=rates.names.get(code, code),
                feedback=rates.counts[code][month],
                share=None if share is None else round(share, 2),  # as the pack's tables give it
                variation=variation.label if variation else "Too few months to tell",
                icon=variation_icon_svg(variation, size=36, ident=f"home-theme-{code}") if variation else None,
            )
        )
    return lines
