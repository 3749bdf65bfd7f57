"""The commissioner report, for a quarter: what people said (themes), how leaders oversee and
challenge the response (counts, dates, outcomes), and whether it made a difference (theme rates
before and after actions were closed with evidence, as XmR charts).

It holds no personal data at all: no names of people who use services or of staff (people are
named by their role: "the service manager"), no comment text, and no free text that could hold
personal details (no action titles, decision wording, questions, answers or evidence notes). Every
read it makes is a figures-only read from `reports.oversight`, which never selects those fields.
Commissioners read it for the services they commission; whole-organisation records are not theirs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone

from core import clock
from core.words import words
from governance.models import ChallengeStatus, MeetingType
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight
from reports.charts import bar_chart, percent
from reports.complaint_replies import complaint_replies_section
from reports.document import Figure, Report, Section, Table, short_sheet_name
from reports.loop_sections import in_period
from reports.periods import period_end
from reports.quarters import quarter_key, quarter_start, quarter_words
from reports.rules import Perm, require
from reports.spc import (
    BOTH_WAYS_LABEL,
    Annotation,
    Better,
    Variation,
    XmR,
    add_months,
    months,
    variation_of,
    xmr,
)
from reports.top_themes import share, themes_table, top_themes
from reports.trend_figures import fft_figure, theme_rate_figure

TITLE = "Commissioner report"
TOP_THEMES = 10
# Before and after: the months before an action closed set the baseline; this many after it are
# needed before the report says whether anything changed.
MIN_BASELINE_MONTHS = 6
MIN_MONTHS_AFTER = 3


def commissioner_report(
    *, scope: Scope, quarter: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    scope = require(scope, Perm.VIEW_COMMISSIONER_REPORT)
    first = quarter_start(quarter)
    last = add_months(first, 2)
    now = now or clock.now()
    period = quarter_words(first)
    end, last_day, as_of, _ = period_end(last, now)
    actions = oversight.actions_until(scope=scope, end=end, service=service)
    chart_first = oversight.chart_first_month(scope=scope, last=last, service=service)
    rates = oversight.theme_rates(scope=scope, first=chart_first, last=last, service=service, now=now)
    # Impact is read on the share raising a theme as a concern, where fewer is better (ADR 0010).
    concerns = oversight.theme_rates(scope=scope, first=chart_first, last=last, service=service, now=now, concerns=True)
    return Report(
        kind="commissioner",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=oversight.coverage(scope=scope, service=service),
        period=f"{period} ({quarter_key(first)})",
        generated_at=timezone.localtime(now),
        sections=(
            themes_section(rates, first=first, last=last, period=period),
            fft_section(
                scope=scope, service=service, first=first, last=last, chart_first=chart_first, period=period, now=now
            ),
            oversight_section(
                scope=scope,
                service=service,
                actions=actions,
                first=first,
                last=last,
                end=end,
                last_day=last_day,
                period=period,
                as_of=as_of,
            ),  # fmt: skip
            complaint_replies_section(
                scope=scope, first=first, last_day=last_day, service=service, now=now, period=period
            ),
            impact_section(concerns, actions, first=chart_first, last=last),
        ),
        notes=(
            "This report holds no personal data: people are named by their role, and no comment, note or "
            "other free text is included.",
            "On the charts, the process limits are the range a month's figure stays within by chance alone. "
            "A month outside them, or a run such as 2 of 3 months close to a limit, is a change by more than chance.",
        ),
    )


def fft_section(
    *,
    scope: Scope,
    service: Service | None,
    first: dt.date,
    last: dt.date,
    chart_first: dt.date,
    period: str,
    now: dt.datetime,
) -> Section:
    """Friends and Family Test % positive for the quarter and its trend: counts only. Actions are
    not marked on this chart (their titles are free text); the impact section shows them."""
    by_month = oversight.fft_by_month(scope=scope, first=chart_first, last=last, service=service)
    chart, figure = fft_figure(by_month, first=chart_first, last=last, now=now)
    quarter = [by_month[m] for m in months(first, last) if m in by_month]
    answers, positive = sum(m.responses for m in quarter), sum(m.positive for m in quarter)
    # A quarter under way is its days so far, as the chart marks a month under way (ADR 0010).
    ends = period_end(last, now)
    under_way = ends.under_way
    when = f"{period} so far (the quarter is not over: to {ends.last_day:%-d %B %Y})" if under_way else period
    if answers:
        paragraphs = [
            f"In {when}, {positive} of {answers} answers to the Friends and Family Test were very good or "
            f"good: {100 * positive / answers:.1f}% positive."
        ]
    elif under_way:
        paragraphs = [f"Nobody has answered the Friends and Family Test question in {when}."]
    else:
        paragraphs = [f"Nobody answered the Friends and Family Test question in {period}."]
    if chart.variation is not None:
        paragraphs.append(chart.variation.label + ".")
    elif chart.limits is None:
        paragraphs.append("Too few months have answers to draw process limits.")
    # With no answers in any month there is nothing to chart.
    figures = (figure,) if by_month else ()
    return Section(key="fft", heading="Friends and Family Test", paragraphs=tuple(paragraphs), figures=figures)


def themes_section(rates: oversight.ThemeRates, *, first: dt.date, last: dt.date, period: str) -> Section:
    quarter = months(first, last)
    codes = top_themes(rates, quarter, TOP_THEMES)
    with_words = sum(rates.with_words.get(m, 0) for m in quarter)
    table = themes_table(rates, codes, first=first, period=period, sheet="Themes")
    paragraphs = [
        f"{words(with_words, 'piece')} of feedback with comments in {period}, coded into themes. "
        + (
            f"The {len(codes)} themes raised most, by the share of feedback that carries each."
            if codes
            else "None has a theme yet."
        )
    ]
    figures = ()
    if codes:
        chart = bar_chart(
            [(rates.names.get(c, c), share(rates, c, quarter) or 0) for c in codes],
            title=f"Top themes in {period}, % of feedback",
            measure="% of feedback",
            value_format=percent,
        )
        figures = (Figure(chart=chart, table=table),)
    return Section(
        key="themes",
        heading="What people told the service",
        paragraphs=tuple(paragraphs),
        figures=figures,
        tables=() if figures else (table,),
    )


def oversight_section(
    *,
    scope: Scope,
    service: Service | None,
    actions: list[oversight.ActionFact],
    first: dt.date,
    last: dt.date,
    end: dt.datetime,
    last_day: dt.date,
    period: str,
    as_of: str,
) -> Section:
    meetings = oversight.meetings_in(scope=scope, first=first, last=last, service=service)
    decisions = oversight.decisions_in(scope=scope, first=first, last=last, service=service)
    challenges = oversight.challenges_until(scope=scope, end=end, service=service)
    raised = [c for c in challenges if in_period(c.raised_on, first, last_day)]
    opened = [a for a in actions if in_period(a.opened_on, first, last_day)]
    closed = [a for a in actions if in_period(a.impact_on, first, last_day)]
    reported = [a for a in actions if in_period(a.reported_back_on, first, last_day)]
    overdue = [a for a in actions if a.overdue_on(last_day)]
    citing = sum(1 for d in decisions if d.evidence_kinds)
    by_type = Counter(m.meeting_type for m in meetings)
    paragraphs = [
        f"{words(len(meetings), 'governance meeting')} in {period}"
        + (
            " (" + ", ".join(f"{n} {MeetingType(t).label.lower()}" for t, n in sorted(by_type.items())) + ")"
            if meetings
            else ""
        )
        + f", recording {words(len(decisions), 'decision')}, {citing} of them citing the evidence they rest on.",
        f"{words(len(opened), 'action')} opened and {len(closed)} closed with evidence of impact checked by someone "
        f"other than the lead; {len(reported)} that only found out why and reported back (not a change, so "
        f"not counted as impact); {len(overdue)} overdue {as_of}, {sum(1 for a in overdue if a.challenged)} of them "
        "challenged by a leader.",
        f"{words(len(raised), 'leadership challenge')} raised in {period}; "
        f"{sum(1 for c in challenges if c.unresolved)} unresolved {as_of}.",
    ]
    meeting_table = Table(
        caption=f"Governance meetings in {period}",
        header=["Held", "Meeting", "Service", "Present", "People who use services, carers or advocates", "Decisions"],
        rows=[
            [m.held_on, m.meeting_type_label, m.service, m.present, m.lived_experience, m.decisions] for m in meetings
        ],
        sheet="Meetings",
    )
    action_rows = [
        ["Opened", len(opened)],
        ["Closed with evidence of impact", len(closed)],
        ["Investigated and reported back (finding out why is not a change, so not impact)", len(reported)],
        [f"Overdue {as_of}", len(overdue)],
        ["Overdue and challenged by a leader", sum(1 for a in overdue if a.challenged)],
        [f"Open {as_of}", sum(1 for a in actions if a.active)],
    ]
    action_table = Table(caption=f"Actions, {period}", header=["Actions", "Number"], rows=action_rows, sheet="Actions")
    shown = sorted({c.id: c for c in raised + [c for c in challenges if c.unresolved]}.values(), key=lambda c: c.id)
    challenge_table = Table(
        caption=f"Leadership challenges raised in {period} or still unresolved",
        header=["Raised", "Service", "About", "Raised by", "Asked of", "Answered", "Outcome", "Outcome on"],
        rows=[
            [
                c.raised_on,
                c.service,
                c.about,
                c.raised_by_role,
                c.addressed_to_role,
                c.answered_on,
                c.status_label,
                c.settled_on if c.status == ChallengeStatus.SATISFIED else c.escalated_on,
            ]
            for c in shown
        ],
        sheet="Challenges",
        note="People are named by their role. The questions and answers stay with the provider.",
    )
    return Section(
        key="oversight",
        heading="Leadership oversight and challenge",
        paragraphs=tuple(paragraphs),
        tables=(meeting_table, action_table, challenge_table),
    )


def impact_section(
    rates: oversight.ThemeRates, actions: list[oversight.ActionFact], *, first: dt.date, last: dt.date
) -> Section:
    """For each theme with actions closed with evidence, the share of feedback raising it as a concern
    (``rates`` from ``theme_rates(concerns=True)``) before and after: the months before the first
    closure fix the mean and limits, so a change after it shows as special cause, and fewer is better.
    An action that only found out and reported back is not a change, so it is not counted here."""
    closed_by_theme: dict[str, list[oversight.ActionFact]] = defaultdict(list)
    for a in actions:
        if a.impact_on is not None:
            for code in a.theme_codes:
                closed_by_theme[code].append(a)
    rows, figures = [], []
    for number, code in enumerate(sorted(closed_by_theme, key=lambda c: rates.names.get(c, c)), start=1):
        closed = sorted(closed_by_theme[code], key=lambda a: a.impact_on)
        closure = closed[0].closed_on.replace(day=1)
        # Only months tested against the rules count before or after: not the month under way (its few
        # days are no month's worth) nor one with too little feedback to read a change into.
        before = [m for m in rates.tested(months(first, last)) if m < closure]
        after = [m for m in rates.tested(months(first, last)) if m > closure]
        baseline = (before[0], before[-1]) if len(before) >= MIN_BASELINE_MONTHS else None
        notes = [
            Annotation(date=a.closed_on, label=f"Action closed with evidence of impact at {a.service}") for a in closed
        ]
        figure = theme_rate_figure(
            rates, code, first=first, last=last, annotations=notes, baseline_period=baseline,
            sheet=short_sheet_name(f"Impact {number}", rates.names.get(code, code)), concerns=True,
        )  # fmt: skip
        mean_before = _mean([rates.rate(code, m) for m in before])
        mean_after = _mean([rates.rate(code, m) for m in after])
        rows.append(
            [
                rates.names.get(code, code),
                len(closed),
                closed[0].closed_on,
                mean_before,
                mean_after,
                len(after),
                _verdict(
                    xmr(rates.points(code, first, last), baseline_period=baseline, better=Better.LOWER)
                    if baseline
                    else None,
                    after,
                ),
            ]
        )
        if baseline is not None:
            figures.append(figure)
    table = Table(
        caption="Themes with actions closed with evidence of impact: the share of feedback raising each as a "
        "concern, before and after",
        header=[
            "Theme",
            "Actions closed with evidence",
            "First closed",
            "Mean % of feedback raising it as a concern, before",
            "Mean % of feedback raising it as a concern, after",
            "Months after",
            "What the months after show",
        ],
        rows=rows,
        sheet="Impact",
        note=f"The {MIN_BASELINE_MONTHS} or more months before the first action closed fix the mean and limits; "
        "a change after it counts only when the chart's rules show it is beyond normal variation. The quarterly "
        "summary's charts set their limits from every month shown instead, so the two can read differently. The "
        "measure is the share of feedback raising the theme as a concern (a comment not coded as praise), as the "
        "agenda pack counts it, so fewer is better and more is worse. Actions that only found out why and "
        "reported back are not counted here: they changed nothing yet. A month not over yet, or one with fewer than "
        f"{oversight.MIN_FOR_A_SIGNAL} pieces of feedback with comments, is charted but not tested against the "
        "rules, and not counted among the months before or after.",
    )
    paragraphs = [
        f"{words(len(rows), 'theme')} with actions closed with evidence of impact by the end of the period."
        + (" Each chart marks when the actions closed." if figures else "")
    ]
    return Section(
        key="impact",
        heading="Impact over time",
        paragraphs=tuple(paragraphs),
        tables=(table,),
        figures=tuple(figures),
    )


def _mean(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return None if not found else round(sum(found) / len(found), 1)


def _verdict(chart: XmR | None, after: list[dt.date]) -> str:
    """What the months after the first closure show against the baseline before it, in words."""
    if chart is None:
        return f"Too few months before the action to compare with ({MIN_BASELINE_MONTHS} needed)"
    if len(after) < MIN_MONTHS_AFTER:
        return f"Too soon to tell ({MIN_MONTHS_AFTER} months after the action needed)"
    # In the words of the chart's own icon, so the table and the chart say the same thing.
    shown = {variation_of(side=p.side, signal=p.signal) for p in chart.points if p.date in after and p.is_special}
    if len(shown) > 1:
        return BOTH_WAYS_LABEL
    return shown.pop().label if shown else Variation.COMMON_CAUSE.label
