"""The agenda pack: what a meeting should look at, built from the evidence since the last meeting of
the same type about the same service (or the whole organisation).

Stalled loops at the meeting's service (or at every service the person covers, for a meeting of the
whole organisation) are listed as the loop tracker saw them on the meeting's day, the most raised
lately first, so a theme people keep raising with no decision reaches the meeting that should make one.

People who asked for a reply and are still waiting at the meeting's service are counted, with the
longest wait in days: counts only, never who or what they said, since a pack may be shared more
widely; the link to who is waiting is offered to those who may reply to them.

Audits completed in the period are listed with their findings and, for re-audits, how many questions
changed by more than noise. It is worked out when it is opened, not stored: the themes and urgent flags come from a fixed date
range, so they read the same later. Overdue actions, unresolved challenges and actions waiting for a
check are as they stand today for a meeting still to come, which is what it needs to act on, and as
they stood on the day for a meeting that has been held (read from the status history), so the
record shows what the meeting had before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, Prefetch, Q

from audits.selectors import completed_between
from core import clock
from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from feedback.selectors import RepliesOwed, replies_owed, reply_scope
from governance.loop_states import Loop, rising
from governance.loops import POSITIVE, loop_tracker
from governance.models import (
    Action,
    ActionStatus,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    Citation,
    EvidenceKind,
    Meeting,
    MeetingType,
    is_overdue,
)
from governance.selectors import action_statuses_until, lived_experience_took_part, previous_meeting, theme_names
from organisations.scope import Scope
from themes.coding.rules import Perm as CodingPerm
from themes.coding.rules import has_perm as has_coding_perm
from themes.coding.selectors import themes_applied
from themes.models import UrgentFlag, UrgentFlagAction
from themes.rules import Perm as ThemesPerm
from themes.rules import has_perm as has_themes_perm
from themes.selectors import urgent_flags_visible

# The pack lists this many stalled loops, and links to the rest.
PACK_STALLED = 10

# Without an earlier meeting in the series, look back this far.
DEFAULT_LOOKBACK_DAYS = {
    MeetingType.QUALITY_SAFETY: 31,
    MeetingType.COPRODUCTION_FORUM: 61,
    MeetingType.LEADERSHIP: 92,
    MeetingType.ANNUAL_PLANNING: 365,
    MeetingType.OTHER: 31,
}


@dataclass(frozen=True)
class ThemeMovement:
    code: str
    name: str
    now: int  # pieces of feedback with the theme in the pack's period, praise and concerns alike
    before: int
    # For a theme a decision at this meeting cited: the pieces of feedback raising it as a concern (not
    # praise) since the meeting of this kind that last decided on themes, which the decision weighed.
    concerns: int | None = None

    @property
    def is_new(self) -> bool:
        return self.before == 0


@dataclass(frozen=True)
class AgendaPack:
    meeting: Meeting
    previous: Meeting | None
    since: dt.date
    until: dt.date
    themes: list[ThemeMovement]
    top_themes: list[ThemeMovement]  # the most mentioned, then any other theme decided on at the meeting
    concerns_since: dt.date | None  # the first day the decided themes' concerns are counted from
    flags: list[UrgentFlag] | None  # None: this person may not see urgent flags
    overdue: list[Action]
    challenges: list[Challenge]
    awaiting_check: list[Action]
    audits: list  # audits.selectors.RunSummary: audits completed in the period
    stalled: list[Loop]  # the most raised lately first, at most PACK_STALLED
    stalled_total: int
    as_of: dt.date  # actions and challenges as they stood on this day: the meeting's, once it is past
    # Whether anyone who uses services took part (``lived_experience_took_part``): False is said at the
    # top of the pack, as a note, never a bar to the meeting; None while no one has been recorded.
    lived_experience: bool | None = None
    # People waiting on ``as_of`` for a reply they asked for, at the meeting's service (or all the
    # reader's services for the whole organisation): counts and days only.
    replies: RepliesOwed = RepliesOwed(waiting=0, longest_days=None)
    replies_who: bool = False  # whether the reader may see who is waiting (the link to them)


def agenda_pack(*, scope: Scope, meeting: Meeting, today: dt.date) -> AgendaPack:
    previous = previous_meeting(scope=scope, meeting=meeting)
    until = meeting.held_on
    since = previous.held_on if previous else until - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS[meeting.meeting_type])
    return AgendaPack(
        meeting=meeting,
        previous=previous,
        since=since,
        until=until,
        **_themes(scope=scope, meeting=meeting, since=since, until=until),
        flags=_flags(scope=scope, meeting=meeting, since=since, until=until),
        **_actions(scope=scope, meeting=meeting, as_of=min(today, meeting.held_on)),
        audits=completed_between(scope=scope, since=since, until=until, service_id=meeting.service_id),
        **_stalled(scope=scope, meeting=meeting, as_of=min(today, meeting.held_on)),
        as_of=min(today, meeting.held_on),
        lived_experience=lived_experience_took_part(scope=scope, meeting=meeting),
        **_replies(scope=scope, meeting=meeting, as_of=min(today, meeting.held_on)),
    )


def _replies(*, scope: Scope, meeting: Meeting, as_of: dt.date) -> dict:
    """People waiting for a reply they asked for, as they stood on ``as_of``, counted for everyone who
    reads the pack alike; who they are is for those who may reply to them at the meeting's service
    (or at any of theirs, for a meeting of the whole organisation)."""
    if meeting.service_id:
        who = has_feedback_perm(scope, FeedbackPerm.VIEW_PERSONAL, meeting.service_id)
    else:
        who = reply_scope(scope=scope) is not None
    return {"replies": replies_owed(scope=scope, on=as_of, service_id=meeting.service_id), "replies_who": who}


def _stalled(*, scope: Scope, meeting: Meeting, as_of: dt.date) -> dict:
    """Stalled loops at the meeting's service, or at all the person's services for the whole organisation."""
    # The service being looked at in the switcher must not narrow a whole-organisation meeting's pack.
    loops = loop_tracker(scope=replace(scope, current_service_id=None), today=as_of, service_id=meeting.service_id)
    stalled = [lp for lp in loops if lp.is_stalled]
    return {"stalled": stalled[:PACK_STALLED], "stalled_total": len(stalled)}


def _themes(*, scope: Scope, meeting: Meeting, since: dt.date, until: dt.date) -> dict:
    """New and rising themes: this period against the one of the same length before it. The most
    mentioned, and beside each theme the meeting decided on, the concerns its decision weighed."""
    if not has_coding_perm(scope, CodingPerm.VIEW_CODING):
        return {"themes": [], "top_themes": [], "concerns_since": None}
    before_start = since - (until - since)
    rows = themes_applied(scope=scope).filter(
        comment__feedback__received_on__gte=before_start, comment__feedback__received_on__lt=until
    )
    if meeting.service_id:
        rows = rows.filter(comment__feedback__service_id=meeting.service_id)
    counted = (
        rows.values("theme__code")
        .annotate(
            now=Count("comment__feedback", filter=Q(comment__feedback__received_on__gte=since), distinct=True),
            before=Count("comment__feedback", filter=Q(comment__feedback__received_on__lt=since), distinct=True),
        )
        .order_by()
    )
    names = theme_names(scope=scope)
    movements = [
        ThemeMovement(r["theme__code"], names.get(r["theme__code"], r["theme__code"]), r["now"], r["before"])
        for r in counted
        if r["now"]
    ]
    # New or rising by the one rule: a theme met once or twice in the period, after none before, is not
    # "New" to a meeting (it would fill the list with noise); it is still in the most-mentioned table.
    moving = [m for m in movements if rising(m.now, m.before)]
    moving.sort(key=lambda m: (-(m.now - m.before), m.name))
    top = sorted(movements, key=lambda m: (-m.now, m.name))[:5]
    concerns_since, concerns = _decided_concerns(scope=scope, meeting=meeting, since=since, until=until)
    if concerns:
        listed = {m.code for m in top}
        now = {m.code: m for m in movements}
        top += sorted(
            (
                now.get(code) or ThemeMovement(code, names.get(code, code), 0, 0)
                for code in concerns
                if code not in listed
            ),
            key=lambda m: (-m.now, m.name),
        )
        top = [replace(m, concerns=concerns[m.code]) if m.code in concerns else m for m in top]
    return {"themes": moving, "top_themes": top, "concerns_since": concerns_since if concerns else None}


def _decided_concerns(
    *, scope: Scope, meeting: Meeting, since: dt.date, until: dt.date
) -> tuple[dt.date, dict[str, int]]:
    """For each theme a decision at the meeting cited, the pieces of feedback raising it as a concern
    (praise left out, as the loop tracker counts) from the day after the last meeting of this kind that
    decided on themes (a quarterly review's last review) to the meeting's day, both counted; with no
    such meeting, from the pack's first day. A decision weighs what was raised up to the day it is made."""
    codes = set(
        Citation.objects.for_org(scope.organisation)
        .filter(decision__meeting=meeting, kind=EvidenceKind.THEME)
        .values_list("theme__code", flat=True)
    )
    if not codes:
        return since, {}
    last = (
        Meeting.objects.for_scope(scope)
        .filter(
            meeting_type=meeting.meeting_type,
            service_id=meeting.service_id,
            held_on__lt=meeting.held_on,
            decisions__citations__kind=EvidenceKind.THEME,
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    start = last + dt.timedelta(days=1) if last else since
    rows = (
        themes_applied(scope=scope)
        .filter(
            theme__code__in=codes,
            comment__feedback__received_on__gte=start,
            comment__feedback__received_on__lte=until,
        )
        .exclude(comment__sentiment__in=POSITIVE)
    )
    if meeting.service_id:
        rows = rows.filter(comment__feedback__service_id=meeting.service_id)
    counted = dict.fromkeys(codes, 0)
    for row in rows.values("theme__code").annotate(n=Count("comment__feedback", distinct=True)).order_by():
        counted[row["theme__code"]] = row["n"]
    return start, counted


def _flags(*, scope: Scope, meeting: Meeting, since: dt.date, until: dt.date) -> list[UrgentFlag] | None:
    if not has_themes_perm(scope, ThemesPerm.VIEW_URGENT):
        return None
    flags = urgent_flags_visible(scope=scope).filter(
        detected_at__date__gte=since, detected_at__date__lt=until + dt.timedelta(days=1)
    )
    if meeting.service_id:
        flags = flags.filter(comment__feedback__service_id=meeting.service_id)
    actions = UrgentFlagAction.objects.for_org(scope.organisation).select_related("who").order_by("at", "id")
    return list(
        flags.select_related("comment__feedback__service")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("detected_at", "id")
    )


def _actions(*, scope: Scope, meeting: Meeting, as_of: dt.date) -> dict:
    """Overdue actions, actions waiting for a check and unresolved challenges as they stood on
    ``as_of``, read from the status history, so a past meeting's pack shows what was before it.

    Each action carries ``status_then``, its status that day.
    """
    org = scope.organisation
    actions = (
        Action.objects.for_scope(scope)
        .filter(created_at__date__lte=as_of)
        .select_related("service", "lead__user", "verifier__user")
    )
    closing = ChallengeEntry.objects.for_org(org).filter(kind=ChallengeEntryKind.SATISFIED, at__date__lte=as_of)
    challenges = (
        Challenge.objects.for_scope(scope)
        .filter(raised_at__date__lte=as_of)
        .exclude(pk__in=closing.values("challenge_id"))
        .select_related("raised_by", "addressed_to__user", "service")
    )
    if meeting.service_id:
        actions = actions.filter(service_id=meeting.service_id)
        challenges = challenges.filter(service_id=meeting.service_id)
    then = list(actions.order_by("due_on", "id"))
    statuses = action_statuses_until(scope=scope, action_ids=[a.id for a in then], end=clock.end_of_day(as_of))
    for action in then:
        action.status_then = statuses[action.id].status if action.id in statuses else ActionStatus.OPEN
    return {
        "overdue": [a for a in then if is_overdue(status=a.status_then, due_on=a.due_on, on=as_of)],
        "awaiting_check": [a for a in then if a.status_then == ActionStatus.AWAITING_CHECK],
        "challenges": list(challenges.order_by("raised_at", "id")),
    }
