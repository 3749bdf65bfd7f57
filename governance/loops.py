"""The loop tracker: for each theme at each service, heard, decided, acting or checked, and by whom.

A loop is keyed by the theme's code in the primary framework (so it survives new versions) and a
service. It is:

- heard:   the theme was coded on feedback (not praise) at the service (at least HEARD_LOOP_MIN_MENTIONS pieces in
           the last HEARD_LOOP_WINDOW_DAYS), and no decision has cited it; it was first raised at the
           earliest mention reached back from the window through mentions each within a window's
           length of the next;
- decided: a decision cited the theme, for the service or for the whole organisation;
- acting:  an action on it (from such a decision, raised on the theme, or opened for a quality
           priority's objective measured by the theme) is still open, or an audit commissioned because
           of it (for the theme, or by such a decision), or a re-audit of one, is still to be done and
           has not been withdrawn;
- checked: its actions are all finished and at least one was closed with evidence of impact.

It is stalled when the theme was raised more than HEARD_LOOP_NO_DECISION_DAYS ago with no decision,
when its last decision is older than HEARD_LOOP_WINDOW_DAYS, nothing was done on it and it is still
raised, when it was decided HEARD_LOOP_REPEAT_DECISIONS times or more in the window with nothing done
while the theme is rising (its last HEARD_LOOP_RECENT_DAYS against the rest of the window), when an
action is more than HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS overdue and no leader has challenged it, or
when an action was withdrawn without evidence of impact.

Stalled loops come first, the most pressing first: the most raised in the last HEARD_LOOP_RECENT_DAYS,
then the most raised in the window. A concern people still raise every week outranks one raised three
times last winter, however long ago each was first heard.

The whole tracker is a fixed number of queries, however many themes, services and actions there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q

from audits.models import AuditRun
from audits.themes import run_theme_codes
from core import clock
from core.words import words
from feedback.models import Sentiment
from governance.models import (
    ACTIVE_STATUSES,
    Action,
    ActionStatus,
    Challenge,
    Citation,
    EvidenceKind,
    MeetingType,
    is_overdue,
)
from governance.rules import Perm, require
from governance.selectors.action_themes import action_theme_codes
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.selectors import primary_framework, themes_applied

HEARD, DECIDED, ACTING, CHECKED = "heard", "decided", "acting", "checked"
STATE_LABELS = {HEARD: "Heard", DECIDED: "Decided", ACTING: "Acting", CHECKED: "Checked"}
WHOLE = None  # the service key of a loop about the whole organisation
POSITIVE = (Sentiment.VERY_POSITIVE, Sentiment.POSITIVE)


@dataclass
class LoopAction:
    id: int
    title: str
    status: str
    due_on: dt.date
    lead: str
    checked_by: str
    challenged: bool


@dataclass
class LoopAudit:
    id: int
    planned: bool  # not complete yet (on the loop's day)
    lead: str


@dataclass
class Loop:
    code: str
    name: str
    service_id: int | None
    service_name: str
    mentions: int = 0  # pieces of feedback, not praise, raising the theme in the window
    recent: int = 0  # of those, how many in the last HEARD_LOOP_RECENT_DAYS
    first_heard: dt.date | None = None
    last_decided: dt.date | None = None  # the day of the latest meeting that decided on it
    last_heard: dt.date | None = None
    listened: set[str] = field(default_factory=set)
    decisions: dict[int, str] = field(default_factory=dict)  # decision id -> "meeting, date (chair)"
    decided_on: dict[int, dt.date] = field(default_factory=dict)  # decision id -> the meeting's day
    actions: dict[int, LoopAction] = field(default_factory=dict)
    audits: dict[int, LoopAudit] = field(default_factory=dict)
    state: str = HEARD
    stalls: list[str] = field(default_factory=list)
    # The same, one for one, in a co-production partner's words (``governance.wording``): late, not
    # overdue; stopped before anyone showed it worked, not withdrawn without evidence of impact.
    plain_stalls: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of the loop's row on its theme's page, so a link can lead to this service's loop."""
        return f"loop-{self.code}-{self.service_id or 'whole'}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def acted(self) -> list[str]:
        return sorted({a.lead for a in self.actions.values()} | {a.lead for a in self.audits.values()})

    @property
    def checked(self) -> list[str]:
        return sorted({a.checked_by for a in self.actions.values() if a.checked_by})

    @property
    def decided(self) -> list[str]:
        """The meetings that decided it, each once (one meeting can make two decisions on a theme)."""
        return list(dict.fromkeys(self.decisions.values()))

    @property
    def is_stalled(self) -> bool:
        return bool(self.stalls)

    def stalled_because(self, *, plain: bool) -> list[str]:
        """Why it is stalled, in staff's terms or, for a co-production partner, in plain words."""
        return self.plain_stalls if plain else self.stalls

    def add_stall(self, staff: str, plain: str | None = None) -> None:
        self.stalls.append(staff)
        self.plain_stalls.append(plain if plain is not None else staff)

    @property
    def recent_days(self) -> int:
        """HEARD_LOOP_RECENT_DAYS, for saying what "recent" means."""
        return _days("HEARD_LOOP_RECENT_DAYS")

    @property
    def raised_lately(self) -> str:
        """How often the theme was raised lately, in words: "4 in the last 90 days"."""
        return f"{self.recent or 'none'} in the last {self.recent_days} days"

    @property
    def order(self) -> tuple:
        """Stalled loops first, the most raised lately first; then the rest by theme and service."""
        if self.is_stalled:
            return (0, -self.recent, -self.mentions, self.name, self.service_name)
        return (1, 0, 0, self.name, self.service_name)


def _days(name: str) -> int:
    return int(getattr(settings, name))


def loop_tracker(*, scope: Scope, today: dt.date, service_id: int | None = None, code: str = "") -> list[Loop]:
    """Every loop this person may see, stalled ones first, then by theme and service.

    ``today`` may be a past day (a report's last day): then only what had happened by that day
    counts (feedback, decisions, actions, challenges) and each action has the status it had then.
    """
    scope = require(scope, Perm.VIEW)
    framework = primary_framework(scope=scope)
    if framework is None:
        return []
    service_id = service_id or scope.current_service_id
    from governance.selectors import theme_names

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
    since = today - dt.timedelta(days=_days("HEARD_LOOP_WINDOW_DAYS"))
    lately = today - dt.timedelta(days=_days("HEARD_LOOP_RECENT_DAYS"))
    # A loop is about a concern: praise for a theme does not open one (comments coded positive are left out).
    raised = themes_applied(scope=scope, framework=framework).exclude(comment__sentiment__in=POSITIVE)
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
        if row["n"] >= _days("HEARD_LOOP_MIN_MENTIONS"):
            found = loop(row["theme__code"], row["comment__feedback__service_id"])
            found.mentions, found.recent = row["n"], row["recent"]
            found.first_heard, found.last_heard = row["first"], row["last"]
    _first_raised(loops, raised.filter(comment__feedback__received_on__lt=since))
    for field_ in ("made_by__full_name", "comment__feedback__recorded_by__full_name"):
        for tcode, sid, name in (
            applied.exclude(**{field_: None})
            .values_list("theme__code", "comment__feedback__service_id", field_)
            .distinct()
            .order_by()
        ):
            if (tcode, sid) in loops:
                loops[(tcode, sid)].listened.add(name)

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
            _decided(loop(tcode, sid), did, label, held_on)

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
        from governance.selectors import action_statuses_until

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
            _decided(loop(tcode, WHOLE), did, label, held_on)
        for lp in undecided:
            if lp.code == tcode:
                _decided(lp, did, label, held_on)
    for tcode, item in whole_actions:
        loop(tcode, WHOLE).actions[item.id] = item

    for lp in loops.values():
        _settle(lp, today=today)
    return sorted(loops.values(), key=lambda lp: lp.order)


def _first_raised(loops: dict, earlier) -> None:
    """When each loop's concern was first raised, looking back before the window.

    A theme raised on and off for longer than the window was first raised before it: from the first
    mention in the window, walk back through earlier ones while each lies within a window's length
    of the next. So "raised N days ago" keeps growing while people keep raising it, rather than
    stopping at the window's length and falling back as old mentions leave it; a concern that went
    quiet for a whole window and came back starts again.
    """
    window = _days("HEARD_LOOP_WINDOW_DAYS")
    heard = {key for key, lp in loops.items() if lp.first_heard}
    if not heard:
        return
    done = set()
    rows = (
        earlier.filter(theme__code__in={code for code, _ in heard})
        .values_list("theme__code", "comment__feedback__service_id", "comment__feedback__received_on")
        .distinct()
        .order_by("-comment__feedback__received_on")
    )
    for key_code, sid, day in rows:
        key = (key_code, sid)
        if key not in heard or key in done:
            continue
        lp = loops[key]
        if (lp.first_heard - day).days <= window:
            lp.first_heard = day
        else:
            done.add(key)


def _decided(lp: Loop, decision_id: int, label: str, held_on: dt.date) -> None:
    lp.decisions[decision_id] = label
    lp.decided_on[decision_id] = held_on
    lp.last_decided = max(held_on, lp.last_decided or held_on)


def _settle(lp: Loop, *, today: dt.date) -> None:
    actions = list(lp.actions.values())
    active = [a for a in actions if a.status in ACTIVE_STATUSES]
    closed = [a for a in actions if a.status == ActionStatus.CLOSED]
    if active or any(a.planned for a in lp.audits.values()):
        lp.state = ACTING
    elif closed:
        lp.state = CHECKED
    elif lp.decisions or actions or lp.audits:
        lp.state = DECIDED
    else:
        lp.state = HEARD
    no_decision = _days("HEARD_LOOP_NO_DECISION_DAYS")
    if lp.state == HEARD and lp.first_heard and (today - lp.first_heard).days > no_decision:
        lp.add_stall(f"Raised {words((today - lp.first_heard).days, 'day')} ago with no decision")
    # A decision answers a concern for a window's length: decided longer ago than that, with nothing
    # done on it, and still raised (every mention counted is then after the decision), it needs deciding again.
    since_decided = (today - lp.last_decided).days if lp.last_decided else 0
    nothing_done = not lp.actions and not lp.audits
    if lp.state == DECIDED and nothing_done and lp.mentions and since_decided > _days("HEARD_LOOP_WINDOW_DAYS"):
        lp.add_stall(
            f"Decided {words(since_decided, 'day')} ago and raised {words(lp.mentions, 'time')} since, "
            "with no new decision"
        )
    if lp.state == DECIDED and nothing_done:
        _noted_again(lp, today=today)
    grace = _days("HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS")
    for a in active:
        late = (today - a.due_on).days
        if is_overdue(status=a.status, due_on=a.due_on, on=today) and late > grace and not a.challenged:
            lp.add_stall(
                f"“{a.title}” is {words(late, 'day')} overdue and nobody has challenged it",
                f"“{a.title}” is {words(late, 'day')} late and no leader has asked about it",
            )
    for a in actions:
        if a.status == ActionStatus.WITHDRAWN:
            lp.add_stall(
                f"“{a.title}” was withdrawn without evidence of impact",
                f"“{a.title}” was stopped before anyone showed it worked",
            )


def rising(now: float, before: float) -> bool:
    """Whether a theme raised ``now`` times is rising against ``before`` times in a span as long: up by
    HEARD_PACK_RISING_BY pieces of feedback or more, and by half. The agenda pack and the loop tracker
    both call a theme rising by this rule."""
    return now - before >= int(settings.HEARD_PACK_RISING_BY) and now >= 1.5 * before


def _noted_again(lp: Loop, *, today: dt.date) -> None:
    """A concern decided on again and again, with nothing done, while people raise it more and more.

    Deciding to keep watching a concern that is falling or steady is a fair answer; deciding so a third
    time in a year while it is rising, with no action or audit, is the loop going round without
    closing. Rising compares the last HEARD_LOOP_RECENT_DAYS with the rest of the window, scaled to
    the same length (see ``rising``).
    """
    window, recent_days = _days("HEARD_LOOP_WINDOW_DAYS"), _days("HEARD_LOOP_RECENT_DAYS")
    since = today - dt.timedelta(days=window)
    times = sum(1 for day in lp.decided_on.values() if day > since)
    before, rest_days = lp.mentions - lp.recent, window - recent_days
    if times >= _days("HEARD_LOOP_REPEAT_DECISIONS") and rising(lp.recent, before * recent_days / rest_days):
        lp.add_stall(
            f"Decided {times} times in the last {window} days with nothing done, while raised more often: "
            f"{lp.recent} times in the last {recent_days} days, {before} in the {rest_days} days before"
        )


def loop_counts(loops: list[Loop]) -> dict[str, int]:
    counts = defaultdict(int)
    counts["all"] = len(loops)
    for lp in loops:
        counts[lp.state] += 1
        counts["stalled"] += lp.is_stalled
    return dict(counts)
