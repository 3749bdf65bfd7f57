"""What a loop is and how its state is settled: heard, decided, acting or checked, and whether it is
stalled. The loop tracker (``governance.loops``) finds what happened for each theme at each service;
this works out what that makes the loop. A loop is:

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
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from core.words import words
from governance.models import ACTIVE_STATUSES, ActionStatus, is_overdue

HEARD, DECIDED, ACTING, CHECKED = "heard", "decided", "acting", "checked"
STATE_LABELS = {HEARD: "Heard", DECIDED: "Decided", ACTING: "Acting", CHECKED: "Checked"}


def loop_setting(name: str) -> int:
    """One of the HEARD_LOOP_* settings the states are worked out with."""
    return int(getattr(settings, name))


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

    def add_decision(self, decision_id: int, label: str, held_on: dt.date) -> None:
        self.decisions[decision_id] = label
        self.decided_on[decision_id] = held_on
        self.last_decided = max(held_on, self.last_decided or held_on)

    @property
    def recent_days(self) -> int:
        """HEARD_LOOP_RECENT_DAYS, for saying what "recent" means."""
        return loop_setting("HEARD_LOOP_RECENT_DAYS")

    @property
    def raised_lately(self) -> str:
        """How often the theme was raised lately, in words: "4 in the last 90 days"."""
        return f"{self.recent or 'none'} in the last {self.recent_days} days"

    @property
    def raised_in_window(self) -> str:
        """How often the theme was raised, naming the span the count covers, which is not the span of
        "raised N days ago": "5 pieces of feedback raised it in the last 365 days, 2 in the last 90 days"."""
        window = loop_setting("HEARD_LOOP_WINDOW_DAYS")
        return f"{words(self.mentions, 'piece')} of feedback raised it in the last {window} days, {self.raised_lately}"

    @property
    def order(self) -> tuple:
        """Stalled loops first, the most raised lately first; then the rest by theme and service."""
        if self.is_stalled:
            return (0, -self.recent, -self.mentions, self.name, self.service_name)
        return (1, 0, 0, self.name, self.service_name)


def settle(lp: Loop, *, today: dt.date) -> None:
    """The loop's state from what was found for it, and why it is stalled, if it is, on ``today``."""
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
    no_decision = loop_setting("HEARD_LOOP_NO_DECISION_DAYS")
    if lp.state == HEARD and lp.first_heard and (today - lp.first_heard).days > no_decision:
        lp.add_stall(f"Raised {words((today - lp.first_heard).days, 'day')} ago with no decision")
    # A decision answers a concern for a window's length: decided longer ago than that, with nothing
    # done on it, and still raised (every mention counted is then after the decision), it needs deciding again.
    since_decided = (today - lp.last_decided).days if lp.last_decided else 0
    nothing_done = not lp.actions and not lp.audits
    if lp.state == DECIDED and nothing_done and lp.mentions and since_decided > loop_setting("HEARD_LOOP_WINDOW_DAYS"):
        lp.add_stall(
            f"Decided {words(since_decided, 'day')} ago and raised {words(lp.mentions, 'time')} since, "
            "with no new decision"
        )
    if lp.state == DECIDED and nothing_done:
        _noted_again(lp, today=today)
    grace = loop_setting("HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS")
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
    window, recent_days = loop_setting("HEARD_LOOP_WINDOW_DAYS"), loop_setting("HEARD_LOOP_RECENT_DAYS")
    since = today - dt.timedelta(days=window)
    times = sum(1 for day in lp.decided_on.values() if day > since)
    before, rest_days = lp.mentions - lp.recent, window - recent_days
    if times >= loop_setting("HEARD_LOOP_REPEAT_DECISIONS") and rising(lp.recent, before * recent_days / rest_days):
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
