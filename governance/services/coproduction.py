"""The co-production ledger: activities with who took part, their rung on the ladder, how people were
recognised, and what each activity went on to influence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from core.audit import audit_record
from governance.models import (
    ActivityKind,
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Decision,
    Meeting,
    Recognition,
    Rung,
)
from governance.rules import Perm, require
from governance.services._common import MAX_TEXT, _acting_person, _now, _person_for, _raise, _service_in_scope, _text
from organisations.scope import Scope
from organisations.selectors import partners_among

MAX_OTHERS = 10_000


@transaction.atomic
def coproduction_record(
    *,
    scope: Scope,
    kind: str,
    service_id: int | None,
    held_on: dt.date | None,
    title: str,
    rung: str,
    recognition: str,
    participant_ids: Sequence[int] = (),
    others_count: int = 0,
    others_description: str = "",
    summary: str = "",
    recognition_note: str = "",
    meeting_id: int | None = None,
    now: dt.datetime | None = None,
) -> CoproductionActivity:
    """Add an activity to the ledger with the people in Heard who took part (anyone with a role in the
    organisation) and how many others did. Nothing is saved unless all of it is right."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    at = _now(now)
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = ["Choose what kind of activity it was."]
    title = _text(title, "title", "Enter a short title for the activity.", errors)[:200]
    if held_on is None:
        errors["held_on"] = ["Enter the date of the activity."]
    elif held_on > at.date():
        errors["held_on"] = ["The date cannot be in the future: record an activity once it has happened."]
    if rung not in Rung.values:
        errors["rung"] = ["Choose how far people shared power in this activity."]
    if recognition not in Recognition.values:
        errors["recognition"] = ["Choose how the people who took part were recognised."]
    if others_count is None or others_count < 0 or others_count > MAX_OTHERS:
        errors["others_count"] = [f"Enter a whole number from 0 to {MAX_OTHERS:,}."]
        others_count = 0
    others_description = (others_description or "").strip()
    if others_count and not others_description:
        errors["others_description"] = ["Say who the other people were, for example “4 residents of Oak House”."]
    service = _service_in_scope(scope, service_id)
    people = []
    for person_id in dict.fromkeys(participant_ids or ()):
        person = _person_for(scope, person_id, service, "participants", errors, anywhere=True)
        if person is not None:
            people.append(person)
    if not people and not others_count and "participants" not in errors:
        errors["participants"] = ["Choose who took part, or say how many other people did."]
    meeting = None
    if meeting_id:
        meeting = Meeting.objects.for_scope(scope).filter(pk=meeting_id).first()
        if meeting is None or meeting.service_id != (service.id if service else None):
            errors["meeting"] = ["Choose a meeting about the same service, or none."]
    _raise(errors)
    partners = partners_among(organisation=scope.organisation, people=people)
    activity = CoproductionActivity.objects.create(
        organisation=scope.organisation,
        service=service,
        kind=kind,
        title=title,
        held_on=held_on,
        rung=rung,
        summary=(summary or "").strip()[:MAX_TEXT],
        meeting=meeting,
        others_count=others_count,
        others_description=others_description[:300],
        recognition=recognition,
        recognition_note=(recognition_note or "").strip()[:300],
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    CoproductionParticipant.objects.bulk_create(
        CoproductionParticipant(
            organisation=scope.organisation, activity=activity, person=person, lived_experience=person.id in partners
        )
        for person in people
    )
    audit_record(
        scope=scope,
        verb="governance.coproduction.record",
        obj=activity,
        at=at,
        changes={
            "kind": {"from": None, "to": kind},
            "rung": {"from": None, "to": rung},
            "service": {"from": None, "to": activity.scope_label},
            "participants": {"from": None, "to": len(people) + others_count},
        },
    )
    return activity


@transaction.atomic
def coproduction_influence_add(
    *, scope: Scope, activity_id: int, text: str, decision_id: int | None = None, now: dt.datetime | None = None
) -> CoproductionInfluence:
    """Record what an activity went on to influence, citing a decision in the governance record when
    there is one: one the person can see, about the same service or the whole organisation, made on or
    after the day of the activity."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    activity = CoproductionActivity.objects.for_scope(scope).get(pk=activity_id)
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Say what the activity influenced.", errors)
    decision = None
    if decision_id:
        decision = Decision.objects.for_scope(scope).select_related("meeting").filter(pk=decision_id).first()
        if decision is None or decision.service_id not in (activity.service_id, None):
            errors["decision"] = ["Choose a decision about the same service or the whole organisation."]
        elif decision.meeting.held_on < activity.held_on:
            errors["decision"] = ["Choose a decision made on or after the day of the activity."]
    _raise(errors)
    influence = CoproductionInfluence.objects.create(
        organisation=scope.organisation,
        activity=activity,
        decision=decision,
        text=text,
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    audit_record(
        scope=scope,
        verb="governance.coproduction.influence",
        obj=activity,
        at=now,
        changes={"influenced": {"from": None, "to": text[:200]}, "decision": {"from": None, "to": decision_id}},
    )
    return influence
