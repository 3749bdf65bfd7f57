"""Where the governance loop joins the pack: its sections, and the actions marked on its charts."""

from __future__ import annotations

import datetime as dt

from governance.loops import loop_tracker
from organisations.models import Service
from organisations.scope import Scope
from reports import loop_sections as loop_parts
from reports import oversight
from reports.document import Section
from reports.monthly._common import CHART_MONTHS, MIN_CHART_MONTHS
from reports.periods import period_end
from reports.spc import Annotation


def loop_sections(*, scope: Scope, month: dt.date, service: Service | None, now: dt.datetime) -> list[Section]:
    """Decisions made in the month with the evidence they cite; actions opened, closed with evidence
    and overdue (with leads and due dates, and a chart of actions opened each month); leadership
    challenges still open or escalated; and stalled loops."""
    end, last_day, as_of, _ = period_end(month, now)
    period = f"{month:%B %Y}"
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    first = oversight.chart_first_month(
        scope=scope, last=month, service=service, span=CHART_MONTHS, least=MIN_CHART_MONTHS
    )
    chart = loop_parts.actions_opened_figure(actions, first=first, last=month)
    decisions = oversight.decisions_in(scope=scope, first=month, last=month, service=service, personal=True)
    challenges = oversight.challenges_until(scope=scope, end=end, service=service, personal=True)
    loops = loop_tracker(scope=scope, today=last_day, service_id=service.id if service else None)
    return [
        loop_parts.decisions_section(decisions, period=period),
        loop_parts.actions_section(actions, first=month, last_day=last_day, period=period, as_of=as_of, chart=chart),
        loop_parts.challenges_section(challenges, first=month, last_day=last_day, period=period),
        loop_parts.stalled_section(loops, as_of=as_of),
    ]


def action_annotations(
    *,
    scope: Scope,
    first: dt.date,
    last: dt.date,
    service: Service | None,
    now: dt.datetime,
    theme_code: str | None = None,
) -> list[Annotation]:
    """Actions taken in the chart's months (the day each was marked done, and its title), to mark
    on the FFT chart, or on a theme's chart when they are about that theme."""
    end = period_end(last, now).end
    actions = oversight.actions_until(scope=scope, end=end, service=service, personal=True)
    notes = loop_parts.action_notes(actions, theme_code=theme_code, across_services=service is None)
    return [n for n in notes if first <= n.date]


def action_chart_notes(
    *, scope: Scope, first: dt.date, last: dt.date, service: Service | None, now: dt.datetime
) -> loop_parts.ChartNotes:
    """The actions to mark on the FFT chart: all of them on one service's chart; on a chart of all
    services, the few that matter most and a table of every one (see `loop_sections.notes_across_services`)."""
    if service is not None:
        return loop_parts.ChartNotes(
            shown=action_annotations(scope=scope, first=first, last=last, service=service, now=now)
        )
    end = period_end(last, now).end
    actions = oversight.actions_until(scope=scope, end=end, service=None, personal=True)
    return loop_parts.notes_across_services(actions, first=first, last=last)
