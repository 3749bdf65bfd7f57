"""Leadership challenge: a leader asks, the person addressed answers, the leader closes or escalates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core import clock
from core.audit import audit_record
from governance.models import (
    AWAITING_ANSWER,
    Action,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
    Decision,
)
from governance.rules import Perm, require, require_person
from governance.services._common import (
    _acting_person,
    _now,
    _person_for,
    _raise,
    _refuse_closed,
    _service_in_scope,
    _text,
    _without_personal_details,
)
from governance.services.due_dates import due_date_problems, due_date_set
from governance.services.rights import escalation_refusal, escalation_targets
from organisations.models import Person
from organisations.scope import Scope
from organisations.signin import can_sign_in, cannot_sign_in
from themes.models import Theme

# The step only the person a challenge is addressed to takes.
ANSWER_STEP = "answer this challenge"

# --- leadership challenge ----------------------------------------------------------------------


@transaction.atomic
def challenge_raise(
    *,
    scope: Scope,
    subject: str,
    question: str,
    action_id: int | None = None,
    decision_id: int | None = None,
    theme_id: int | None = None,
    service_id: int | None = None,
    addressed_to_id: int | None = None,
    now: dt.datetime | None = None,
) -> Challenge:
    """A leader asks "why is this late?" or "show me the impact". On an action it goes to the lead;
    on a decision, to the meeting's chair (or whoever recorded it, if there is no chair or the chair
    cannot sign in); on a theme, to the person named. Only that person may answer, so they must be
    able to sign in (ADR 0009): a challenge nobody can answer is refused, naming them.
    The question, and every answer and conclusion after it, is saved without personal details
    (ADR 0016): the person it is addressed to is named on the challenge, and who else it is about
    belongs in the care or complaint record."""
    scope = require(scope, Perm.CHALLENGE)
    errors: dict[str, list[str]] = {}
    question = _text(question, "question", "Enter the question you are asking.", errors)
    action = decision = theme = None
    addressed_to = None
    if subject == ChallengeSubject.ACTION:
        # Locked as the verifier's check locks it: an action is not closed over a question just asked (ADR 0009).
        action = (
            Action.objects.for_scope(scope).select_for_update(of=("self",)).select_related("lead").get(pk=action_id)
        )
        service_id, addressed_to = action.service_id, action.lead
        if refusal := cannot_sign_in(
            action.lead, ANSWER_STEP, then="Ask a quality lead to hand the action to someone who can"
        ):
            errors.setdefault("__all__", []).append(refusal)
        # Read under the action's lock, which every challenge raised on it takes first: of two asked
        # at once, the second waits for the first and then reads it here.
        if waiting := challenge_waiting_on(scope=scope, action=action):
            errors.setdefault("__all__", []).append(challenge_waiting_refusal(waiting))
    elif subject == ChallengeSubject.DECISION:
        decision = Decision.objects.for_scope(scope).select_related("meeting__chair", "recorded_by").get(pk=decision_id)
        chair = decision.meeting.chair
        service_id = decision.service_id
        addressed_to = chair if chair is not None and can_sign_in(chair) else decision.recorded_by
        if refusal := cannot_sign_in(
            addressed_to, ANSWER_STEP, then="Challenge the theme it was about instead, naming someone who can answer"
        ):
            errors.setdefault("__all__", []).append(refusal)
    elif subject == ChallengeSubject.THEME:
        theme = Theme.objects.for_org(scope.organisation).get(pk=theme_id)
    else:
        errors.setdefault("subject", []).append("Choose what the challenge is about.")
    service = _service_in_scope(scope, service_id)
    if subject == ChallengeSubject.THEME:
        # A theme at a service that has closed has no one left to act on it; a challenge on an action
        # or a decision there still holds to account the work that was started.
        _refuse_closed(scope, service, errors, "service", "no theme is challenged there now", whole=True)
        addressed_to = _person_for(scope, addressed_to_id, service, "addressed_to", errors, to_do=ANSWER_STEP)
    _raise(errors)
    question = _without_personal_details(question)
    at = _now(now)
    challenge = Challenge.objects.create(
        organisation=scope.organisation,
        service=service,
        subject=subject,
        action=action,
        decision=decision,
        theme=theme,
        question=question,
        raised_by=_acting_person(scope),
        raised_at=at,
        addressed_to=addressed_to,
    )
    audit_record(
        scope=scope,
        verb="governance.challenge.raise",
        obj=challenge,
        at=now,
        changes={
            "subject": {"from": None, "to": subject},
            "addressed_to": {"from": None, "to": addressed_to.full_name},
        },
    )
    return challenge


def challenge_waiting_on(*, scope: Scope, action: Action) -> Challenge | None:
    """The challenge on the action that waits for an answer (asked and not answered, or taken further
    and so asked again), the longest waiting first; None if none waits. While one waits no other is
    raised on the action (ADR 0009's addendum on one question at a time)."""
    return (
        Challenge.objects.for_org(scope.organisation)
        .filter(action_id=action.id, status__in=AWAITING_ANSWER)
        .select_related("raised_by", "addressed_to")
        .order_by("raised_at", "id")
        .first()
    )


def challenge_waiting_refusal(challenge: Challenge) -> str:
    """Why a new challenge on the action is not sent: who asked the one that waits, when, and who is to
    answer it. The question is already put: asking it again would only stack questions on the lead."""
    asked = clock.day_of(challenge.raised_at).strftime("%-d %B %Y")
    return (
        f"A challenge on this action is already waiting for an answer: {challenge.raised_by.full_name} asked "
        f"it on {asked}, and {challenge.addressed_to.full_name} is to answer it. Read that challenge: once it "
        "has been answered you can take it further, or ask a new one."
    )


def challenge_waiting_besides(*, scope: Scope, challenge: Challenge) -> Challenge | None:
    """Another challenge on the same action that waits for an answer, the longest waiting first; None
    if none does, or if the challenge is not about an action. While it waits, this one is not taken
    further: escalating asks the lead again, and the lead would have two questions at once (ADR
    0009's addendum on escalating while a newer challenge waits)."""
    if challenge.action_id is None:
        return None
    return (
        Challenge.objects.for_org(scope.organisation)
        .filter(action_id=challenge.action_id, status__in=AWAITING_ANSWER)
        .exclude(pk=challenge.pk)
        .select_related("raised_by", "addressed_to")
        .order_by("raised_at", "id")
        .first()
    )


def escalation_waiting_refusal(waiting: Challenge) -> str:
    """Why an answered challenge is not taken further while another on its action waits for an answer:
    who asked that one, when, and who is to answer it."""
    asked = clock.day_of(waiting.raised_at).strftime("%-d %B %Y")
    return (
        f"Another challenge on this action is waiting for an answer: {waiting.raised_by.full_name} asked it on "
        f"{asked}, and {waiting.addressed_to.full_name} is to answer it. You can take this one further once "
        "that one has been answered, or close this one now if you are satisfied."
    )


def _challenge(scope: Scope, challenge_id: int, *, lock_action: bool = False) -> Challenge:
    """The challenge, locked. With ``lock_action``, the row of the action it is about is locked first,
    as the verifier's check and a new challenge on the action lock it (ADR 0009): whatever makes a
    challenge wait for an answer again is then either seen by a check under way or waits for it."""
    if lock_action:
        action_id = Challenge.objects.for_scope(scope).values_list("action_id", flat=True).get(pk=challenge_id)
        if action_id is not None:
            Action.objects.for_org(scope.organisation).select_for_update().only("id").get(pk=action_id)
    # Read (again) under the lock: its status may have changed while the action's lock was awaited.
    return Challenge.objects.for_scope(scope).select_for_update().get(pk=challenge_id)


def _entry(scope: Scope, challenge: Challenge, kind: str, text: str, at, **more) -> ChallengeEntry:
    return ChallengeEntry.objects.create(
        organisation=scope.organisation,
        challenge=challenge,
        kind=kind,
        text=_without_personal_details(text),
        who=_acting_person(scope),
        at=at,
        **more,
    )


def _escalated_to(scope: Scope, challenge: Challenge, person_id: int | None, errors: dict) -> Person | None:
    """Whom a challenge is taken further to: the person the leader chose, who must stand above the
    person asked (`rights.escalation_targets`); if none is chosen, the first of those, the nearest
    rank up (a quality lead above a service manager, a leader above a quality lead). None, with the
    reason under ``escalate_to``, if there is no one (ADR 0009's addendum on taking a challenge further)."""
    org = scope.organisation
    if not person_id:
        targets = escalation_targets(org, challenge)
        if not targets:
            errors.setdefault("escalate_to", []).append(
                f"There is no one above {challenge.addressed_to.full_name} who can sign in to answer it: ask an "
                "administrator to give a quality lead or a leader a login, or close the challenge."
            )
            return None
        return targets[0]
    person = Person.objects.for_org(org).select_related("user").filter(pk=person_id).first()
    if person is None:
        errors.setdefault("escalate_to", []).append("Choose a person from the list.")
    elif refusal := escalation_refusal(org, challenge, person):
        errors.setdefault("escalate_to", []).append(refusal)
    else:
        return person
    return None


@transaction.atomic
def challenge_respond(
    *,
    scope: Scope,
    challenge_id: int,
    text: str,
    new_due_on: dt.date | None = None,
    due_reason: str = "",
    now: dt.datetime | None = None,
) -> Challenge:
    """The person asked answers. On an action that is not finished, the answer may agree a new due
    date for it, with why (``new_due_on``, ``due_reason``; ADR 0009's addendum on due dates): the row
    and the audit log keep the date before."""
    scope = require(scope, Perm.VIEW)
    wants_date = new_due_on is not None or bool((due_reason or "").strip())
    challenge = _challenge(scope, challenge_id, lock_action=wants_date)
    require_person(scope, challenge.addressed_to_id, "the person the challenge is addressed to")
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Enter your answer.", errors)
    if challenge.status not in (ChallengeStatus.OPEN, ChallengeStatus.ESCALATED):
        errors.setdefault("__all__", []).append("This challenge is not waiting for an answer.")
    at = _now(now)
    if wants_date:
        if challenge.action_id is None:
            errors.setdefault("new_due_on", []).append("Only a challenge on an action can agree a new due date.")
        else:
            due_errors, due_reason = due_date_problems(
                challenge.action, due_on=new_due_on, reason=due_reason, today=clock.day_of(at), prefix="new_"
            )
            for name, messages in due_errors.items():
                errors.setdefault(name, []).extend(messages)
    _raise(errors)
    before = challenge.status
    _entry(scope, challenge, ChallengeEntryKind.RESPONSE, text, at)
    if wants_date:
        due_date_set(scope, challenge.action, due_on=new_due_on, reason=due_reason, at=at)
    challenge.status = ChallengeStatus.ANSWERED
    challenge.save(update_fields=["status"])
    audit_record(
        scope=scope,
        verb="governance.challenge.respond",
        obj=challenge,
        at=now,
        changes={"status": {"from": before, "to": challenge.status}},
    )
    return challenge


@transaction.atomic
def challenge_conclude(
    *,
    scope: Scope,
    challenge_id: int,
    satisfied: bool,
    text: str,
    escalate_to_id: int | None = None,
    now: dt.datetime | None = None,
) -> Challenge:
    """A leader closes the challenge as satisfied, or escalates it, with why. Escalating takes it
    upward: to ``escalate_to_id``, someone above the person who was asked, or if no one is named, to
    the nearest rank up (`_escalated_to`), who is asked it now. While that answer waits, it is neither
    closed nor escalated again: there is nothing new to conclude on."""
    scope = require(scope, Perm.CHALLENGE)
    # Escalating asks again, and an action is not closed over a question waiting for an answer: the
    # verifier's check must see it, or be seen by it (ADR 0009).
    challenge = _challenge(scope, challenge_id, lock_action=not satisfied)
    errors: dict[str, list[str]] = {}
    text = _text(
        text,
        "text",
        "Say why you are satisfied." if satisfied else "Say why you are escalating it.",
        errors,
    )
    if challenge.status == ChallengeStatus.ESCALATED:
        errors.setdefault("__all__", []).append(
            f"This challenge has been taken further to {challenge.addressed_to.full_name} and is waiting for "
            "their answer: close it or take it further once they have answered."
        )
    elif satisfied and challenge.status != ChallengeStatus.ANSWERED:
        errors.setdefault("__all__", []).append(
            "A challenge can be closed as satisfied only once it has been answered."
        )
    elif not satisfied and challenge.status not in (ChallengeStatus.OPEN, ChallengeStatus.ANSWERED):
        errors.setdefault("__all__", []).append("This challenge cannot be escalated now.")
    elif not satisfied and (other := challenge_waiting_besides(scope=scope, challenge=challenge)):
        # Read under the action's lock, as a new challenge reads it: one question at a time (ADR 0009).
        errors.setdefault("__all__", []).append(escalation_waiting_refusal(other))
    to = None if satisfied or errors else _escalated_to(scope, challenge, escalate_to_id, errors)
    _raise(errors)
    before, asked = challenge.status, challenge.addressed_to
    kind = ChallengeEntryKind.SATISFIED if satisfied else ChallengeEntryKind.ESCALATED
    _entry(scope, challenge, kind, text, _now(now), escalated_to=to)
    challenge.status = ChallengeStatus.SATISFIED if satisfied else ChallengeStatus.ESCALATED
    if to is not None:
        challenge.addressed_to = to
    challenge.save(update_fields=["status", "addressed_to"])
    audit_record(
        scope=scope,
        verb="governance.challenge.conclude",
        obj=challenge,
        at=now,
        changes={
            "status": {"from": before, "to": challenge.status},
            **({"addressed_to": {"from": asked.full_name, "to": to.full_name}} if to else {}),
        },
    )
    return challenge
