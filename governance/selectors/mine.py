"""What in the governance record waits on the person signed in: actions they lead that are not done,
actions they are to check, challenges put to them, and challenges they asked that are not closed.

Read from the acting scope, as the action log and the challenge list read it (the service being
looked at, or all of theirs), so nothing shows here that those pages would not show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from governance.models import AWAITING_ANSWER, LEAD_STATUSES, Action, ActionStatus, Challenge
from governance.rules import Perm, require
from governance.selectors.actions import ActionFilters, action_list, challenge_list
from organisations.scope import Scope

# An answer that has waited longer than this for the leader who asked is marked on their home page:
# the leader's own delay shows as an answerer's does (two weeks, the span of the loop's reminders).
LEADER_WAIT_DAYS = 14


@dataclass
class MyGovernanceWork:
    leading: list[Action] = field(default_factory=list)  # overdue first, then by due date
    leading_overdue: int = 0
    to_check: list[Action] = field(default_factory=list)  # oldest due first
    # Of those, the ids of actions with a challenge still waiting for an answer: not closed until it is.
    unanswered_on: set[int] = field(default_factory=set)
    to_answer: list[Challenge] = field(default_factory=list)  # longest waiting first
    asked: list[Challenge] = field(default_factory=list)  # not closed, longest waiting first
    # Of those, the ids of the answered ones that have waited for them over `LEADER_WAIT_DAYS`.
    answered_long_ago: set[int] = field(default_factory=set)
    leader_wait_days: int = LEADER_WAIT_DAYS

    def __bool__(self) -> bool:
        return bool(self.leading or self.to_check or self.to_answer or self.asked)


def my_governance_work(*, scope: Scope, today: dt.date) -> MyGovernanceWork:
    """Everything of the governance record that waits on ``scope.person``, whole lists (the page
    decides how much to show)."""
    scope = require(scope, Perm.VIEW)
    work = MyGovernanceWork()
    me = scope.person
    if me is None:
        return work
    for action in action_list(scope=scope, today=today, filters=ActionFilters(status="active", mine=True)):
        # The lead's part (the statuses overdue is judged in): once done, it waits on its verifier.
        if action.lead_id == me.id and action.status in LEAD_STATUSES:
            work.leading.append(action)
        elif action.verifier_id == me.id and action.status == ActionStatus.AWAITING_CHECK:
            work.to_check.append(action)
    work.leading.sort(key=lambda a: (not a.is_overdue(on=today), a.due_on, a.id))
    work.leading_overdue = sum(a.is_overdue(on=today) for a in work.leading)
    # One read for both: the challenges put to them that wait for their answer, and those they asked
    # that are not closed (waiting for an answer, or for them to close or escalate it).
    challenges = list(challenge_list(scope=scope, unresolved_only=True).filter(Q(addressed_to=me) | Q(raised_by=me)))
    challenges.sort(key=lambda c: (c.waiting_since, c.id))
    work.to_answer = [c for c in challenges if c.addressed_to_id == me.id and c.is_awaiting_answer]
    work.asked = [c for c in challenges if c.raised_by_id == me.id]
    work.answered_long_ago = {
        c.id for c in work.asked if not c.is_awaiting_answer and c.days_waiting(on=today) > LEADER_WAIT_DAYS
    }
    if work.to_check:
        work.unanswered_on = set(
            challenge_list(scope=scope)
            .filter(action_id__in=[a.id for a in work.to_check], status__in=AWAITING_ANSWER)
            .values_list("action_id", flat=True)
        )
    return work
