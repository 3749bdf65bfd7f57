"""The loop tracker: for each theme at each service, heard, decided, acting or checked, and by whom.

A loop is keyed by the theme's code in the primary framework (so it survives new versions) and a
service. The tracker reads what happened for each: the feedback that raised the theme, the decisions
that cited it, the actions and audits on it, and the challenges of those actions; what that makes
the loop, and when it is stalled, is worked out in ``governance.loop_states``.

The whole tracker is a fixed number of queries, however many themes, services and actions there are.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Func, IntegerField, Max, Min, Q

from audits.models import AuditRun
from audits.themes import run_theme_codes
from core import clock
from feedback.models import Sentiment
from feedback.selectors import readable_q
from feedback.shared import reads_shared_only
from governance.loop_states import Loop, LoopAction, LoopAudit, loop_setting, settle
from governance.models import Action, ActionStatus, Challenge, Citation, EvidenceKind, MeetingType
from governance.rules import Perm, require
from governance.selectors import action_statuses_until, theme_names
from governance.selectors.action_themes import action_theme_codes
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.selectors import primary_framework, themes_applied

WHOLE = None  # the service key of a loop about the whole organisation
POSITIVE = (Sentiment.VERY_POSITIVE, Sentiment.POSITIVE)


def loop_tracker(
    *, scope: Scope, today: dt.date, service_id: int | None = None, code: str = "", readable_only: bool = False
) -> list[Loop]:
    """Every loop this person may see, stalled ones first, then by theme and service.

    ``today`` may be a past day (a report's last day): then only what had happened by that day
    counts (feedback, decisions, actions, challenges) and each action has the status it had then.
    With ``readable_only``, a loop is heard only in the feedback this person may open (a partner's
    home page: shared by consent, not held back for an urgent flag), so no figure counts more than
    they can open.
    """
    scope = require(scope, Perm.VIEW)
    framework = primary_framework(scope=scope)
    if framework is None:
        return []
    service_id = service_id or scope.current_service_id
    names = theme_names(scope=scope)
    services = {s.id: s.name for s in Service.objects.for_scope(scope).only("id", "name")}
    loops: dict[tuple[str, int | None], Loop] = {}

    def loop(code_: str, sid: int | None) -> Loop:
        key = (code_, sid)
        if key not in loops:
            loops[key] = Loop(
                code=code_,
                name=names.get(code_, code_),
                service_id=sid,
                service_name=services.get(sid, "Whole organisation") if sid else "Whole organisation",
            )
        return loops[key]

    # Heard: coded feedback in the window, and who listened (recorded it or coded it).
    since = today - dt.timedelta(days=loop_setting("HEARD_LOOP_WINDOW_DAYS"))
    lately = today - dt.timedelta(days=loop_setting("HEARD_LOOP_RECENT_DAYS"))
    # A loop is about a concern: praise for a theme does not open one (comments coded positive are left out).
    raised = themes_applied(scope=scope, framework=framework).exclude(comment__sentiment__in=POSITIVE)
    if readable_only:
        raised = raised.filter(readable_q(scope, feedback="comment__feedback"))
    if service_id:
        raised = raised.filter(comment__feedback__service_id=service_id)
    if code:
        raised = raised.filter(theme__code=code)
    applied = raised.filter(comment__feedback__received_on__gte=since, comment__feedback__received_on__lte=today)
    heard = (
        applied.values("theme__code", "comment__feedback__service_id")
        .annotate(
            n=Count("comment__feedback", distinct=True),
            recent=Count("comment__feedback", distinct=True, filter=Q(comment__feedback__received_on__gt=lately)),
            first=Min("comment__feedback__received_on"),
            last=Max("comment__feedback__received_on"),
        )
        .order_by()
    )
    for row in heard:
        if row["n"] >= loop_setting("HEARD_LOOP_MIN_MENTIONS"):
            found = loop(row["theme__code"], row["comment__feedback__service_id"])
            found.mentions, found.recent = row["n"], row["recent"]
            found.first_heard, found.last_heard = row["first"], row["last"]
    _first_raised(loops, raised.filter(comment__feedback__received_on__lt=since))
    # Who coded it and who recorded it, in one pass over the window's coding rather than one each.
    for tcode, sid, coder, recorder in (
        applied.values_list(
            "theme__code",
            "comment__feedback__service_id",
            "made_by__full_name",
            "comment__feedback__recorded_by__full_name",
        )
        .distinct()
        .order_by()
    ):
        if (tcode, sid) in loops:
            loops[(tcode, sid)].listened.update(name for name in (coder, recorder) if name is not None)

    # Decided: decisions citing the theme.
    cited = Citation.objects.for_scope(scope).filter(
        kind=EvidenceKind.THEME, theme__version__framework=framework, decision__meeting__held_on__lte=today
    )
    if code:
        cited = cited.filter(theme__code=code)
    if service_id:
        cited = cited.filter(Q(decision__service_id=service_id) | Q(decision__service__isnull=True))
    decision_fields = (
        "theme__code",
        "decision_id",
        "decision__service_id",
        "decision__meeting__meeting_type",
        "decision__meeting__held_on",
        "decision__meeting__chair__full_name",
    )
    decisions = list(cited.values_list(*decision_fields).distinct().order_by("decision__meeting__held_on"))
    if not scope.all_services:
        # People who cover only some services never read whole-organisation records (ADR 0009), but
        # such a decision still decides the theme at their services: a loop's state must not depend
        # on who looks at it. Only the meeting's kind, day and chair are taken, to name it.
        decisions += list(
            Citation.objects.for_org(scope.organisation)
            .filter(kind=EvidenceKind.THEME, theme__version__framework=framework, decision__service__isnull=True)
            .filter(decision__meeting__held_on__lte=today, **({"theme__code": code} if code else {}))
            .values_list(*decision_fields)
            .distinct()
            .order_by("decision__meeting__held_on")
        )
    whole_decisions = []
    for tcode, did, sid, mtype, held_on, chair in decisions:
        label = f"{MeetingType(mtype).label}, {held_on:%-d %b %Y}" + (f" (chaired by {chair})" if chair else "")
        if sid is None:
            whole_decisions.append((tcode, did, label, held_on))
        else:
            loop(tcode, sid).add_decision(did, label, held_on)

    # Acting and checked: actions about the theme (raised on it, from a decision that cited it, opened for an
    # objective measured by it, or from a finding of an audit planned for it).
    actions = Action.objects.for_scope(scope).filter(created_at__date__lte=today)
    if service_id:
        actions = actions.filter(Q(service_id=service_id) | Q(service__isnull=True))
    about = action_theme_codes(actions, framework=framework)
    fields = ("id", "title", "status", "due_on", "lead__full_name", "checked_by__full_name", "service_id")
    rows = [
        (tcode, *row)
        for row in actions.filter(id__in=list(about)).values_list(*fields).order_by("id")
        for tcode in about[row[0]]
    ]
    challenged = set(
        Challenge.objects.for_scope(scope)
        .filter(action__isnull=False, raised_at__date__lte=today)
        .values_list("action_id", flat=True)
    )
    then = {}
    if today < clock.today():
        then = action_statuses_until(scope=scope, action_ids={row[1] for row in rows}, end=clock.end_of_day(today))
    whole_actions = []
    for tcode, aid, title, status, due_on, lead, checker, sid in rows:
        if code and tcode != code:
            continue
        if aid in then:
            status = then[aid].status
            checker = checker if status == ActionStatus.CLOSED else None
        item = LoopAction(aid, title, status, due_on, lead, checker or "", aid in challenged)
        if sid is None:
            whole_actions.append((tcode, item))
        else:
            loop(tcode, sid).actions[aid] = item

    # Audits about the theme (audits.themes: commissioned because of it or by a decision that cited it,
    # and their re-audits), always at one service. One withdrawn by the loop's day was planned by
    # mistake: it neither acts on the theme nor decides it.
    audits = AuditRun.objects.for_scope(scope).filter(
        Q(withdrawal__isnull=True) | Q(withdrawal__withdrawn_at__date__gt=today), created_at__date__lte=today
    )
    if service_id:
        audits = audits.filter(service_id=service_id)
    audit_about = run_theme_codes(organisation=scope.organisation, framework=framework)
    for rid, completed_at, lead, sid in audits.filter(id__in=list(audit_about)).values_list(
        "id", "completed_at", "lead__full_name", "service_id"
    ):
        planned = completed_at is None or clock.day_of(completed_at) > today
        for tcode in audit_about[rid]:
            if not code or tcode == code:
                loop(tcode, sid).audits[rid] = LoopAudit(rid, planned, lead)

    # Whole-organisation decisions and actions make their own loop. A whole-organisation decision also
    # answers, at each service, a theme that service has not decided on itself.
    undecided = [lp for lp in loops.values() if not lp.decisions and not lp.actions]
    for tcode, did, label, held_on in whole_decisions:
        if scope.all_services:  # the whole organisation's own loop, only for those who may read it
            loop(tcode, WHOLE).add_decision(did, label, held_on)
        for lp in undecided:
            if lp.code == tcode:
                lp.add_decision(did, label, held_on)
    for tcode, item in whole_actions:
        loop(tcode, WHOLE).actions[item.id] = item

    for lp in loops.values():
        settle(lp, today=today)
    return sorted(loops.values(), key=lambda lp: lp.order)


def loops_as_read(*, scope: Scope, today: dt.date, service_id: int | None = None, code: str = "") -> list[Loop]:
    """The loops as a person reads them on their pages (the home page, the tracker, a theme's page):
    someone who reads only the feedback people agreed could be shared (a co-production partner) hears
    a loop only in what they can open (``readable_only``), so no figure on any of them counts feedback
    they cannot open, and a loop heard only in such feedback is not shown to them at all."""
    return loop_tracker(
        scope=scope, today=today, service_id=service_id, code=code, readable_only=reads_shared_only(scope=scope)
    )


class DayNumber(Func):
    """A date as a whole number of days (since a day long before any feedback), so days can be put in
    spans of a number of days by the database: SQLite and PostgreSQL, the two Heard runs on."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1900-01-01')", **extra)


def _first_raised(loops: dict, earlier) -> None:
    """When each loop's concern was first raised, looking back before the window.

    A theme raised on and off for longer than the window was first raised before it: from the first
    mention in the window, walk back through earlier ones while each lies within a window's length
    of the next. So "raised N days ago" keeps growing while people keep raising it, rather than
    stopping at the window's length and falling back as old mentions leave it; a concern that went
    quiet for a whole window and came back starts again.

    The walk goes span by span rather than day by day, as days grow with the years of history: the
    database puts the earlier mentions in spans of a window's length and gives the first and last
    day of each. Two mentions in one span are less than a window apart, so the walk never stops
    inside one: it goes from a span's last day to its first, and stops only between spans.
    """
    window = loop_setting("HEARD_LOOP_WINDOW_DAYS")
    heard = {key for key, lp in loops.items() if lp.first_heard}
    if not heard:
        return
    day = "comment__feedback__received_on"
    done = set()
    rows = (
        earlier.filter(theme__code__in={code for code, _ in heard})
        .annotate(span=DayNumber(day) / window)
        .values("theme__code", "comment__feedback__service_id", "span")
        .annotate(first=Min(day), last=Max(day))
        .values_list("theme__code", "comment__feedback__service_id", "first", "last")
        .order_by("-last")
    )
    for key_code, sid, first, last in rows:
        key = (key_code, sid)
        if key not in heard or key in done:
            continue
        lp = loops[key]
        if (lp.first_heard - last).days <= window:
            lp.first_heard = first
        else:
            done.add(key)
