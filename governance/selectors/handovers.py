"""Open work held by people who cannot sign in (they left, or their login was removed): open actions
they lead, actions not finished that they are to check (done or not: the check needs a holder before
the work is done), and challenges waiting for their answer. Nobody else may take those steps for
them, so each waits until a quality lead or an administrator hands it to someone who can
(`governance.services.handovers`, ADR 0009).

Read only by those who may hand work over, over the services where they may (`Perm.HAND_OVER`), and
the service being looked at if there is one, as the action log reads. A challenge waiting for the answer
of an action's lead who cannot sign in is listed once, under the action: handing the lead over hands
it too. Two reads whatever the
length of the lists; the home page and the daily reminder count with one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from governance.models import ACTIVE_STATUSES, AWAITING_ANSWER, LEAD_STATUSES, Action, Challenge
from governance.rules import Perm, has_perm, require
from organisations.scope import Scope
from organisations.signin import can_sign_in, cannot_sign_in_through

# Whose part needs a new holder: the lead's while the work is not done; the verifier's as soon as the
# verifier cannot sign in, done or not, so the check has a holder by the time the lead asks for it
# (ADR 0009's addendum on the check's holder). An action may wait on both.
LEAD_WAITING = Q(status__in=LEAD_STATUSES) & cannot_sign_in_through("lead")
CHECK_WAITING = Q(status__in=ACTIVE_STATUSES) & cannot_sign_in_through("verifier")
# Who holds a challenge that needs handing over: only the person who must answer it, the one it is
# addressed to, while it waits for their answer (asked, or escalated and so asked again), whatever
# their role: a co-production partner who leads an action answers the challenges on it, a leader who
# chaired a meeting answers for its decision. Never the person who raised it: an answered challenge is
# closed or escalated by any leader over its service, so a leader (or a lay board member who is also a
# partner) who left holds nothing (ADR 0009's addendum on who holds a challenge).
ANSWER_WAITING = Q(status__in=AWAITING_ANSWER) & cannot_sign_in_through("addressed_to")
# A challenge on an action, waiting for the answer of its lead while the action is the lead's to do:
# handing the action's lead over hands the challenge with it (`action_hand_over`), so it is one piece
# of work, listed and counted under the action, not again among the challenges.
WITH_THE_LEAD = Q(action__isnull=False, action__status__in=LEAD_STATUSES, addressed_to=F("action__lead"))


@dataclass
class HeldWork:
    leading: list[Action] = field(default_factory=list)  # not done, their lead cannot sign in; due first
    to_check: list[Action] = field(default_factory=list)  # not finished, whoever checks it cannot sign in
    to_answer: list[Challenge] = field(default_factory=list)  # waiting for an answer, oldest first
    # Challenges waiting for the answer of the lead of an action in ``leading``, by the action's id:
    # handed over with its lead, so not in ``to_answer`` nor counted apart (``WITH_THE_LEAD``).
    with_the_lead: dict[int, list[Challenge]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.leading) + len(self.to_check) + len(self.to_answer)


def _actions(scope: Scope) -> QuerySet[Action]:
    qs = Action.objects.for_scope(scope)
    return qs.filter(service_id=scope.current_service_id) if scope.current_service_id else qs


def _challenges(scope: Scope) -> QuerySet[Challenge]:
    qs = Challenge.objects.for_scope(scope)
    return qs.filter(service_id=scope.current_service_id) if scope.current_service_id else qs


def held_by_people_who_cannot_sign_in(*, scope: Scope) -> HeldWork:
    """The whole lists, each with the person it waits on and their login read with it."""
    scope = require(scope, Perm.HAND_OVER)
    actions = list(
        _actions(scope)
        .filter(LEAD_WAITING | CHECK_WAITING)
        .select_related("service", "lead__user", "verifier__user")
        .order_by("due_on", "id")
    )
    held = HeldWork(
        leading=[a for a in actions if a.status in LEAD_STATUSES and not can_sign_in(a.lead)],
        to_check=[a for a in actions if not can_sign_in(a.verifier)],
    )
    for challenge in (
        _challenges(scope)
        .filter(ANSWER_WAITING)
        .annotate(is_with_the_lead=ExpressionWrapper(WITH_THE_LEAD, output_field=BooleanField()))
        .select_related("service", "addressed_to__user", "action")
        .order_by("raised_at", "id")
    ):
        # The count's rule, read by the database: waiting on the action's lead, who cannot sign in
        # (``ANSWER_WAITING``), while the action is the lead's to do, so the action is in ``leading``.
        if challenge.is_with_the_lead:
            held.with_the_lead.setdefault(challenge.action_id, []).append(challenge)
        else:
            held.to_answer.append(challenge)
    return held


def held_count(*, scope: Scope) -> int:
    """How many such pieces of work wait, for the home page and the daily reminder; 0 for people who
    may not hand work over (they are not shown the count, nor the page it leads to)."""
    if not has_perm(scope, Perm.HAND_OVER):
        return 0
    scope = require(scope, Perm.HAND_OVER)
    # One read, as the home page's budget of reads wants: the rows counted together, an action whose
    # lead and verifier both cannot sign in twice, as the page lists it twice; a challenge waiting for
    # such a lead's answer not at all, as the page lists it under the action.
    leading = _actions(scope).filter(LEAD_WAITING).values("id")
    to_check = _actions(scope).filter(CHECK_WAITING).values("id")
    answering = _challenges(scope).filter(ANSWER_WAITING).exclude(WITH_THE_LEAD).values("id")
    return leading.union(to_check, answering, all=True).count()
