"""Handing someone's part in the loop to another person: an open action's lead or verifier, or the
person an unanswered challenge is addressed to. For when the person named cannot sign in any more
(their login was removed, or they left) and so could never take their step (ADR 0009)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core.audit import audit_record
from governance.models import AWAITING_ANSWER, Action, Challenge, Handover, HandoverPart
from governance.rules import Perm, require
from governance.services._common import (
    _acting_person,
    _now,
    _person_for,
    _raise,
    _text,
    _without_personal_details_but_staff,
)
from governance.services.actions import LEAD_STEP, VERIFIER_STEP
from governance.services.challenges import ANSWER_STEP
from governance.services.rights import answerer_refusal
from organisations.models import Person
from organisations.scope import Scope

ACTION_PARTS = {HandoverPart.LEAD: LEAD_STEP, HandoverPart.VERIFIER: VERIFIER_STEP}
WHY = "Say why it is being handed over."


def _handed(scope, *, part: str, from_person: Person, to_person: Person, reason: str, at, **record) -> Handover:
    return Handover.objects.create(
        organisation=scope.organisation,
        part=part,
        from_person=from_person,
        to_person=to_person,
        reason=reason,
        who=_acting_person(scope),
        at=at,
        **record,
    )


def _challenge_handed(scope, challenge: Challenge, *, to_person: Person, reason: str, at) -> None:
    """A challenge waiting for an answer, given to someone else to answer, with its line in its history."""
    _handed(
        scope,
        part=HandoverPart.ADDRESSED_TO,
        from_person=challenge.addressed_to,
        to_person=to_person,
        reason=reason,
        at=at,
        challenge=challenge,
    )
    challenge.addressed_to = to_person
    challenge.save(update_fields=["addressed_to"])


@transaction.atomic
def action_hand_over(
    *, scope: Scope, action_id: int, part: str, to_person_id: int | None, reason: str, now: dt.datetime | None = None
) -> Action:
    """A quality lead or an administrator gives an open action's lead or verifier to someone else who
        can sign in, saying why. The action's history says who had it, who moved it, when and why. A new
        lead also takes the challenges on the action still waiting for the old lead's answer, each with
        its own line in its history. The reason is saved without personal details (ADR 0016), but for the
    names of the people on the record: who had the part, who has it now and who moved it."""
    scope = require(scope, Perm.HAND_OVER)
    action = (
        Action.objects.for_scope(scope)
        .select_for_update(of=("self",))
        .select_related("service", "lead", "verifier")
        .get(pk=action_id)
    )
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", WHY, errors)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is finished: it is not handed to anyone now.")
    if part not in ACTION_PARTS:
        errors.setdefault("part", []).append("Choose whether to hand over its lead or the person who checks it.")
        _raise(errors)
    to = _person_for(scope, to_person_id, action.service, "to_person", errors, to_do=ACTION_PARTS[part])
    current = action.lead if part == HandoverPart.LEAD else action.verifier
    other_id = action.verifier_id if part == HandoverPart.LEAD else action.lead_id
    if to is not None and to.id == current.id:
        errors.setdefault("to_person", []).append(f"{to.full_name} has this part already: choose someone else.")
    elif to is not None and to.id == other_id:
        errors.setdefault("to_person", []).append("The person who checks an action must not be its lead.")
    _raise(errors)
    reason = _without_personal_details_but_staff(reason, (current, to, scope.person))
    at = _now(now)
    _handed(scope, part=part, from_person=current, to_person=to, reason=reason, at=at, action=action)
    setattr(action, part, to)
    action.save(update_fields=[part])
    moved = []
    if part == HandoverPart.LEAD:
        waiting = Challenge.objects.for_org(scope.organisation).select_for_update()
        for challenge in waiting.filter(action=action, status__in=AWAITING_ANSWER, addressed_to=current):
            _challenge_handed(scope, challenge, to_person=to, reason=reason, at=at)
            moved.append(challenge.id)
    audit_record(
        scope=scope,
        verb="governance.action.hand_over",
        obj=action,
        at=now,
        changes={
            part: {"from": current.full_name, "to": to.full_name},
            **({"challenges": {"from": None, "to": moved}} if moved else {}),
        },
    )
    return action


@transaction.atomic
def challenge_hand_over(
    *, scope: Scope, challenge_id: int, to_person_id: int | None, reason: str, now: dt.datetime | None = None
) -> Challenge:
    """A quality lead or an administrator gives a challenge still waiting for an answer to someone
    else who can sign in to answer it, saying why; its history says so. Only someone who answers for
    the service may be given it (`rights.answerers`): never the leader who asked it, a co-production
    partner or a commissioner. The reason keeps the names of the people it is handed from and to."""
    scope = require(scope, Perm.HAND_OVER)
    challenge = (
        Challenge.objects.for_scope(scope)
        .select_for_update(of=("self",))
        .select_related("service", "addressed_to")
        .get(pk=challenge_id)
    )
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", WHY, errors)
    if challenge.status not in AWAITING_ANSWER:
        errors.setdefault("__all__", []).append(
            "This challenge is not waiting for an answer: it is not handed to anyone now."
        )
    to = _person_for(scope, to_person_id, challenge.service, "to_person", errors, to_do=ANSWER_STEP)
    current = challenge.addressed_to
    if to is not None and to.id == current.id:
        errors.setdefault("to_person", []).append(f"{to.full_name} is asked to answer already: choose someone else.")
    elif to is not None and (refusal := answerer_refusal(scope.organisation, challenge, to)):
        errors.setdefault("to_person", []).append(refusal)
    _raise(errors)
    reason = _without_personal_details_but_staff(reason, (current, to, scope.person))
    _challenge_handed(scope, challenge, to_person=to, reason=reason, at=_now(now))
    audit_record(
        scope=scope,
        verb="governance.challenge.hand_over",
        obj=challenge,
        at=now,
        changes={"addressed_to": {"from": current.full_name, "to": to.full_name}},
    )
    return challenge
