"""What every governance service shares: the clock, plain-words checks, people and services in scope,
and no new record at a service that has closed."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from core import clock
from feedback.redaction import as_saved, redact
from feedback.redaction.base import PLACEHOLDERS
from governance.models import Decision
from organisations.closed import service_refusal
from organisations.models import Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope
from organisations.signin import cannot_sign_in

MAX_TEXT = 10_000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or clock.now()


def _withdrawal_record(model, scope, reason: str, now: dt.datetime | None, **record):
    """A row of one of the ``Withdrawal`` tables (ADR 0019) for ``record`` (``item=``, ``case=``,
    ``activity=``), by the acting person. The reason is saved without personal details (ADR 0016):
    it is shown wherever the withdrawn record is."""
    return model.objects.create(
        organisation=scope.organisation,
        reason=_without_personal_details(reason),
        withdrawn_by=_acting_person(scope),
        withdrawn_at=_now(now),
        **record,
    )


def _text(value: str, field_: str, message: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field_, []).append(message)
    elif len(value) > MAX_TEXT:
        errors.setdefault(field_, []).append(f"Keep this under {MAX_TEXT:,} characters.")
    return value


def _without_personal_details(value: str, limit: int = MAX_TEXT) -> str:
    """Free text as it is saved in the governance record: names, phone numbers, NHS numbers, emails,
    postcodes and addresses replaced by placeholders ("Spoke to Mrs [name]'s daughter"), as feedback is
    before it is quoted (ADR 0016). The record is read by co-production partners and goes into packs;
    who it is about belongs in the care or complaint record. Cut to ``limit``, as a placeholder may be
    longer than what it replaces."""
    return as_saved(value, limit)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev"})


def _without_personal_details_but_staff(value: str, staff, limit: int = MAX_TEXT) -> str:
    """Free text about named colleagues (why work is handed from one to another), saved as
    `_without_personal_details` saves it, except that the names of ``staff`` (the people on the
    record already: who had the work, who has it now, who moved it) are kept: "Olivia has left
    Beech Court" reads as written beside "Handed from Olivia Owen". A name kept is one whose every
    word, a title apart, is a word of one of their names ("Olivia", "Mrs Owen", "Olivia Owen");
    every other name, and every other personal detail, is still replaced (ADR 0016)."""
    known = {w.lower() for person in staff if person is not None for w in _WORD.findall(person.full_name)}
    found = redact(value)
    parts, pos = [], 0
    for start, end, kind in found.spans:
        parts.append(value[pos:start])
        words = [w.lower() for w in _WORD.findall(value[start:end])]
        named = [w for w in words if w not in _TITLES]
        ours = kind == "name" and named and all(w in known for w in named)
        parts.append(value[start:end] if ours else PLACEHOLDERS[kind])
        pos = end
    parts.append(value[pos:])
    return "".join(parts)[:limit]


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _service_in_scope(scope: Scope, service_id: int | None) -> Service | None:
    """The service, which must be in the scope; no service means the whole organisation, which only
    someone covering every service may record for."""
    if service_id is None:
        if not scope.all_services:
            raise PermissionDenied("Only someone who covers every service can record for the whole organisation.")
        return None
    return Service.objects.for_scope(scope).get(pk=service_id)


def _refuse_closed(
    scope: Scope,
    service: Service | None,
    errors: dict,
    key: str,
    not_done: str,
    *,
    choose: bool = True,
    whole: bool = False,
) -> None:
    """Nothing new happens at a service that has closed (ADR 0009): no meeting, decision, action or
    challenge of a theme is recorded there. Work already started there may be finished, and what was
    recorded stays readable. The words are every app's (``organisations.closed``), under ``key``."""
    refusal = service_refusal(scope=scope, service=service, not_done=not_done, choose=choose, whole=whole)
    if refusal and key not in errors:
        errors[key] = [refusal]


def _person_for(
    scope: Scope,
    person_id: int | None,
    service: Service | None,
    field_: str,
    errors: dict,
    *,
    to_do: str = "",
):
    """A current person of the organisation with a role over the service (or over all services). A
    commissioner's role does not count: commissioners are outside the provider and read its record
    only through reports, so they cannot lead, check, chair, answer a challenge or carry out an audit.
    (Who may take part in a meeting or a co-production activity is `attendee_roles`'s rule.)

    With `to_do`, the person is named to take a step in Heard that no one else may take for them
    ("mark this action done"), so they must be able to sign in (`organisations.signin`); the refusal
    names them and the step, on `field_`."""
    if not person_id:
        errors.setdefault(field_, []).append("Choose a person.")
        return None
    covers = Q(all_services=True)
    if service is not None:
        covers |= Q(services=service)
    roles = (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(covers, person_id=person_id)
        .exclude(role=Role.COMMISSIONER)
    )
    person = Person.objects.for_org(scope.organisation).filter(pk=person_id, archived_at__isnull=True).first()
    if person is None or not roles.exists():
        where = service.name if service else "every service"
        commissioner = (
            person is not None
            and RoleAssignment.objects.for_org(scope.organisation)
            .filter(covers, person_id=person_id, role=Role.COMMISSIONER)
            .exists()
        )
        why = ": a commissioner cannot be named for this" if commissioner else ""
        errors.setdefault(field_, []).append(f"Choose someone who has a role at {where}{why}.")
        return None
    if to_do and (refusal := cannot_sign_in(person, to_do)):
        errors.setdefault(field_, []).append(refusal)
        return None
    return person


def _decision_for(scope: Scope, decision_id: int | None, service: Service | None, at: dt.date, errors: dict):
    """The decision that commissioned or adopted something (optional): one this person can see, made at
    a meeting held by `at`, about the same service or about the whole organisation."""
    if not decision_id:
        return None
    decision = Decision.objects.for_scope(scope).select_related("meeting", "service").filter(pk=decision_id).first()
    if decision is None:
        errors.setdefault("decision", []).append("Choose a decision you can see.")
    elif decision.meeting.held_on > at:
        errors.setdefault("decision", []).append("Choose a decision of a meeting that has been held.")
    elif decision.service_id and (service is None or decision.service_id != service.id):
        errors.setdefault("decision", []).append(
            f"That decision was about {decision.service.name}: choose one about "
            f"{service.name if service else 'the whole organisation'} or about the whole organisation."
        )
    else:
        return decision
    return None


def _acting_person(scope: Scope) -> Person:
    if scope.person is None:
        raise PermissionDenied("This has to be done by a named person.")
    return scope.person
