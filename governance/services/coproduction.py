"""The co-production ledger: activities with who took part, their rung on the ladder, how people were
recognised, and what each activity went on to influence. A wrong entry is withdrawn or corrected
(ADR 0019's pattern), never edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from core import clock
from core.audit import audit_record
from governance.models import (
    ActivityKind,
    ActivityWithdrawal,
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Decision,
    Meeting,
    Recognition,
    Rung,
)
from governance.rules import Perm, require
from governance.selectors.people import attendee_roles
from governance.services._common import (
    _acting_person,
    _now,
    _raise,
    _service_in_scope,
    _text,
    _withdrawal_record,
    _without_personal_details,
)
from governance.services.coproduction_citations import (
    _check_what_rests_on_it,
    _move_citations,
    activity_cited_by,
)
from organisations.closed import service_refusal
from organisations.models import Person, Service
from organisations.scope import Scope
from organisations.selectors import partners_among

MAX_OTHERS = 10_000


@dataclass(frozen=True)
class ActivityInput:
    """What the ledger form (or the API) says about an activity."""

    kind: str
    service_id: int | None
    held_on: dt.date | None
    title: str
    rung: str
    recognition: str
    participant_ids: Sequence[int] = ()
    others_count: int = 0
    others_description: str = ""
    summary: str = ""
    recognition_note: str = ""
    meeting_id: int | None = None


@transaction.atomic
def coproduction_record(*, scope: Scope, now: dt.datetime | None = None, **fields) -> CoproductionActivity:
    """Add an activity to the ledger with the people in Heard who took part (those with a role at its
    service or over every service, as at a meeting) and how many others did. Nothing is saved unless
    all of it is right. ``fields`` are those of ``ActivityInput``."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    at = _now(now)
    data = ActivityInput(**fields)
    errors: dict[str, list[str]] = {}
    checked = _activity_checked(scope, data, at, errors)
    _refuse_closed_entry(scope, checked["service"], errors)
    _raise(errors)
    activity = _activity_save(scope, checked, at)
    audit_record(
        scope=scope,
        verb="governance.coproduction.record",
        obj=activity,
        at=at,
        changes={
            "kind": {"from": None, "to": activity.kind},
            "rung": {"from": None, "to": activity.rung},
            "service": {"from": None, "to": activity.scope_label},
            "participants": {"from": None, "to": len(checked["people"]) + activity.others_count},
        },
    )
    return activity


@transaction.atomic
def coproduction_correct(
    *, scope: Scope, activity_id: int, reason: str, now: dt.datetime | None = None, **fields
) -> CoproductionActivity:
    """Correct a ledger entry: in one transaction the old entry is withdrawn with what was wrong, and
    the corrected one replaces it, keeping what the activity was recorded to have influenced.

    An entry that audits or quality priorities name as their session can be corrected too (a
    misspelt title, a participant left out), as long as what they rest on stays: its kind, service and
    date, and for an audit designed there, people who use services among those who took part. They
    then name the corrected entry."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    at = _now(now)
    old = _open_activity(scope, activity_id)
    cited = activity_cited_by(old)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say what was wrong with the entry.", errors)
    took_part = {p.person_id: p.lived_experience for p in old.participants.all()}
    data = ActivityInput(**fields)
    if data.service_id != old.service_id:  # moved: everyone is checked against where it now is
        took_part = {}
    checked = _activity_checked(scope, data, at, errors, took_part=took_part)
    _refuse_closed_entry(scope, checked["service"], errors, keeping=old.service_id)
    if cited:
        _check_what_rests_on_it(old, checked, cited, errors)
    _raise(errors)
    _withdrawal_record(ActivityWithdrawal, scope, reason, at, activity=old)
    new = _activity_save(scope, checked, at, replaces=old)
    if cited:
        _move_citations(old, new)
    CoproductionInfluence.objects.bulk_create(
        CoproductionInfluence(
            organisation=scope.organisation,
            activity=new,
            decision_id=i.decision_id,
            text=i.text,
            recorded_by_id=i.recorded_by_id,
            recorded_at=i.recorded_at,
        )
        for i in CoproductionInfluence.objects.for_org(scope.organisation).filter(activity=old).order_by("id")
    )
    changed = {
        name: {"from": str(getattr(old, name)), "to": str(getattr(new, name))}
        for name in ("kind", "held_on", "rung", "recognition", "others_count")
        if getattr(old, name) != getattr(new, name)
    }
    if old.service_id != new.service_id:
        changed["service"] = {"from": old.scope_label, "to": new.scope_label}
    before = set(old.participants.values_list("person_id", flat=True))
    if before != {p.id for p in checked["people"]}:
        changed["participants"] = {"from": len(before), "to": len(checked["people"])}
    for name in ("title", "summary", "others_description", "recognition_note"):
        if getattr(old, name) != getattr(new, name):
            changed[name] = {"from": "(changed)", "to": "(changed)"}
    if cited:
        changed["cited_by"] = {"from": None, "to": " and ".join(cited)}
    audit_record(scope=scope, verb="governance.coproduction.correct", obj=new, at=at, changes=changed)
    return new


@transaction.atomic
def coproduction_withdraw(
    *, scope: Scope, activity_id: int, reason: str, now: dt.datetime | None = None
) -> ActivityWithdrawal:
    """Take an entry out of the ledger's counts (recorded twice, or it did not happen), saying why. It
    is kept, marked as withdrawn."""
    scope = require(scope, Perm.RECORD_COPRODUCTION)
    at = _now(now)
    activity = _changeable_activity(scope, activity_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the entry is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(ActivityWithdrawal, scope, reason, at, activity=activity)
    audit_record(
        scope=scope,
        verb="governance.coproduction.withdraw",
        obj=activity,
        at=at,
        changes={"withdrawn": {"from": False, "to": True}},
    )
    return withdrawal


def _open_activity(scope: Scope, activity_id: int) -> CoproductionActivity:
    """An entry not yet withdrawn, at a service where the person may record, locked until the end."""
    activity = CoproductionActivity.objects.for_scope(scope).select_for_update(of=("self",)).get(pk=activity_id)
    if ActivityWithdrawal.objects.for_org(scope.organisation).filter(activity=activity).exists():
        _raise({"__all__": ["This entry has already been withdrawn; correct the entry that replaced it."]})
    return activity


def _changeable_activity(scope: Scope, activity_id: int) -> CoproductionActivity:
    """An open entry that nothing rests on."""
    activity = _open_activity(scope, activity_id)
    cited = activity_cited_by(activity)
    if cited:
        _raise({"__all__": [f"This entry cannot be withdrawn: {' and '.join(cited)}."]})
    return activity


def coproduction_closed_refusal(*, scope: Scope, service: Service | None, keeping: int | None = None) -> str | None:
    """Why no activity is recorded at ``service`` now that it has closed, or no entry moved there, or
    None (ADR 0009). An entry already there stays there when it is corrected (``keeping`` is its
    service): the activity happened while the service was open, and its record may be put right. The
    ledger's forms say it beside their other problems."""
    if service is None or service.id == keeping:
        return None
    not_done = "no activity is recorded there now" if keeping is None else "no entry is moved there now"
    return service_refusal(scope=scope, service=service, not_done=not_done, whole=True)


def _refuse_closed_entry(scope: Scope, service: Service | None, errors: dict, keeping: int | None = None) -> None:
    refusal = coproduction_closed_refusal(scope=scope, service=service, keeping=keeping)
    if refusal and "service" not in errors:
        errors["service"] = [refusal]


def activity_plan_problems(
    *, held_on: dt.date | None, others_count: int | None, others_description: str, today: dt.date
) -> dict[str, list[str]]:
    """What is wrong with an entry's date and the other people counted in it, by field: a date after
    ``today`` (an activity is recorded once it has happened), other people counted but not said who
    they were. Whatever is not known (None) is not checked: a form that could not read a field says so
    itself. The ledger's services check with it, and its forms say these beside their own problems."""
    errors: dict[str, list[str]] = {}
    if held_on is not None and held_on > today:
        errors["held_on"] = ["The date cannot be in the future: record an activity once it has happened."]
    if others_count and not (others_description or "").strip():
        errors["others_description"] = ["Say who the other people were, for example “4 residents of Oak House”."]
    return errors


def _activity_checked(
    scope: Scope, data: ActivityInput, at: dt.datetime, errors: dict, took_part: dict[int, bool] | None = None
) -> dict:
    """The checked fields of an entry. ``took_part`` (for a correction) holds the people the entry
    already names, with whether each had lived experience then: they stay as they were recorded, even
    if they have left or their roles have changed since, because the activity happened with them. The
    words are kept without personal details (ADR 0016); who took part in Heard is named by the rows."""
    took_part = took_part or {}
    counted = data.others_count is not None and 0 <= data.others_count <= MAX_OTHERS
    plan = activity_plan_problems(
        held_on=data.held_on,
        others_count=data.others_count if counted else None,
        others_description=data.others_description,
        today=clock.day_of(at),
    )
    if data.kind not in ActivityKind.values:
        errors["kind"] = ["Choose what kind of activity it was."]
    title = _text(data.title, "title", "Enter a short title for the activity.", errors)[:200]
    if data.held_on is None:
        errors["held_on"] = ["Enter the date of the activity."]
    elif "held_on" in plan:
        errors["held_on"] = plan["held_on"]
    if data.rung not in Rung.values:
        errors["rung"] = ["Choose how far people shared power in this activity."]
    if data.recognition not in Recognition.values:
        errors["recognition"] = ["Choose how the people who took part were recognised."]
    others_count = data.others_count
    if others_count is None or others_count < 0 or others_count > MAX_OTHERS:
        errors["others_count"] = [f"Enter a whole number from 0 to {MAX_OTHERS:,}."]
        others_count = 0
    others_description = (data.others_description or "").strip()
    if "others_description" in plan:
        errors["others_description"] = plan["others_description"]
    service = _service_in_scope(scope, data.service_id)
    people = []
    named = Person.objects.for_org(scope.organisation).in_bulk(list(took_part))
    for person_id in dict.fromkeys(data.participant_ids or ()):
        person = named[person_id] if person_id in took_part else _participant_for(scope, person_id, service, errors)
        if person is not None:
            people.append(person)
    partners = partners_among(organisation=scope.organisation, people=[p for p in people if p.id not in took_part])
    lived = {p.id: took_part.get(p.id, p.id in partners) for p in people}
    if not people and not others_count and "participants" not in errors:
        errors["participants"] = ["Choose who took part, or say how many other people did."]
    meeting = None
    if data.meeting_id:
        meeting = Meeting.objects.for_scope(scope).filter(pk=data.meeting_id).first()
        if meeting is None or meeting.service_id != (service.id if service else None):
            errors["meeting"] = ["Choose a meeting about the same service, or none."]
    return {
        "service": service,
        "kind": data.kind,
        "title": _without_personal_details(title, 200),
        "held_on": data.held_on,
        "rung": data.rung,
        "summary": _without_personal_details((data.summary or "").strip()),
        "meeting": meeting,
        "others_count": others_count,
        "others_description": _without_personal_details(others_description, 300),
        "recognition": data.recognition,
        "recognition_note": _without_personal_details((data.recognition_note or "").strip(), 300),
        "people": people,
        "lived": lived,
    }


def _participant_for(scope: Scope, person_id: int, service: Service | None, errors: dict) -> Person | None:
    """A current person who may be named as taking part in an activity about ``service``: the rule for
    a meeting's attendees (`attendee_roles` says who and why), as who uses which service is personal
    data. The refusal says only where to choose from, not where the person sent has a role."""
    roles = attendee_roles(organisation=scope.organisation, service_id=service.id if service else None)
    person = (
        Person.objects.for_org(scope.organisation)
        .filter(pk=person_id, archived_at__isnull=True, pk__in=roles.values("person_id"))
        .first()
    )
    refusal = f"Choose people who have a role at {service.name if service else scope.organisation.name}"
    refusal += " or across the whole organisation." if service else "."
    if person is None and refusal not in errors.get("participants", []):
        errors.setdefault("participants", []).append(refusal)
    return person


def _activity_save(scope: Scope, checked: dict, at: dt.datetime, replaces=None) -> CoproductionActivity:
    fields = dict(checked)
    people = fields.pop("people")
    lived = fields.pop("lived")
    activity = CoproductionActivity.objects.create(
        organisation=scope.organisation,
        replaces=replaces,
        recorded_by=_acting_person(scope),
        recorded_at=at,
        **fields,
    )
    CoproductionParticipant.objects.bulk_create(
        CoproductionParticipant(
            organisation=scope.organisation, activity=activity, person=person, lived_experience=lived[person.id]
        )
        for person in people
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
    # Locked, as a correction locks it: an influence added while the entry is corrected would
    # otherwise stay behind on the withdrawn entry, counted nowhere.
    activity = CoproductionActivity.objects.for_scope(scope).select_for_update(of=("self",)).get(pk=activity_id)
    if ActivityWithdrawal.objects.for_org(scope.organisation).filter(activity=activity).exists():
        _raise({"__all__": ["This entry has been withdrawn: record what it influenced on the entry that replaced it."]})
    errors: dict[str, list[str]] = {}
    text = _without_personal_details(_text(text, "text", "Say what the activity influenced.", errors))
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
