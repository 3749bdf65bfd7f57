"""Writes to the people of an organisation and their roles. Each is atomic, checks permission, changes
state and records its audit event. The organisation and its services are written by `services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import clock
from core.audit import audit_record, changes_between, snapshot
from core.forms import full_clean_in_plain_words
from organisations.models import Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.rules import Perm, not_yours_to_change, require, role_within
from organisations.scope import Scope
from organisations.selectors import archive_refusal, is_last_administrator, may_manage_person, person_list

PERSON_FIELDS = ("full_name", "email", "phone", "job_title", "communication_needs")


def person_login_problem(*, email: str, with_login: bool) -> str | None:
    """Why a new person cannot be given a login with ``email``, or None: a login is an email address.
    The new person form asks the same, to say it with its other problems."""
    if with_login and not email.strip():
        return "Enter an email address to give this person a login."
    return None


def role_services_problem(*, all_services: bool, services: Iterable, may_give_all: bool) -> str | None:
    """Why a role covers no services, or None: it covers some, or all of them. ``may_give_all`` is
    whether the one giving it could give it over all services, so that it is offered only to them.
    The role form asks the same, to say it with its other problems."""
    if all_services or services:
        return None
    choose = "Choose the services this role covers"
    return f"{choose}, or all services." if may_give_all else f"{choose}."


def _login_for(email: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name)
    return user


@transaction.atomic
def person_create(
    *,
    scope: Scope,
    full_name: str,
    email: str = "",
    phone: str = "",
    job_title: str = "",
    communication_needs: Iterable[str] = (),
    with_login: bool = False,
) -> Person:
    scope = require(scope, Perm.MANAGE_PEOPLE)
    email = email.strip().lower()
    if problem := person_login_problem(email=email, with_login=with_login):
        raise ValidationError({"email": problem})
    person = Person(
        organisation=scope.organisation,
        full_name=full_name.strip(),
        email=email,
        phone=phone.strip(),
        job_title=job_title.strip(),
        communication_needs=sorted(set(communication_needs)),
    )
    full_clean_in_plain_words(person, exclude=["user"], validate_unique=False, validate_constraints=False)
    if with_login:
        user = _login_for(email, person.full_name)
        if Person.objects.for_org(scope.organisation).filter(user=user).exists():
            raise ValidationError({"email": "Someone in this organisation already signs in with this email address."})
        person.user = user
    person.save()
    audit_record(
        scope=scope,
        verb="organisations.person.create",
        obj=person,
        changes={
            **changes_between({}, snapshot(person, PERSON_FIELDS), personal=Person.PERSONAL_FIELDS),
            "login": {"from": False, "to": with_login},
        },
    )
    if with_login:
        from accounts.services import login_invite_send

        transaction.on_commit(lambda: login_invite_send(user=person.user, organisation=scope.organisation))
    return person


@transaction.atomic
def person_update(*, scope: Scope, person: Person, **fields) -> Person:
    scope = require(scope, Perm.MANAGE_PEOPLE)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({f: "This field cannot be changed here." for f in sorted(unknown)})
    person = Person.objects.for_org(scope.organisation).select_for_update().get(pk=person.pk)
    if person.archived_at is not None:
        # Their record is what the trail of everything they did refers to: kept as it was.
        raise ValidationError(archived_record(person))
    if not may_manage_person(scope=scope, person=person):
        raise PermissionDenied(not_yours_to_change(person))
    before = snapshot(person, PERSON_FIELDS)
    for name, value in fields.items():
        if name == "communication_needs":
            value = sorted(set(value))
        elif isinstance(value, str):
            value = value.strip()
        setattr(person, name, value)
    person.email = person.email.lower()
    full_clean_in_plain_words(person, exclude=["user"], validate_unique=False, validate_constraints=False)
    person.save()
    changes = changes_between(before, snapshot(person, PERSON_FIELDS), personal=Person.PERSONAL_FIELDS)
    if changes:
        audit_record(scope=scope, verb="organisations.person.update", obj=person, changes=changes)
    return person


def archived_record(person: Person) -> str:
    return f"{person.full_name} has been archived: their record is kept as it was when they left."


@transaction.atomic
def person_archive(*, scope: Scope, person: Person, now: dt.datetime | None = None) -> Person:
    """A person leaves: their login stops working here and their roles end; their record stays."""
    scope = require(scope, Perm.MANAGE_PEOPLE)
    person = Person.objects.for_org(scope.organisation).select_for_update().get(pk=person.pk)
    refused = archive_refusal(scope=scope, person=person)
    if refused:
        raise ValidationError(refused)
    if person.archived_at is None:
        ended = sorted(person.role_assignments.values_list("role", flat=True))
        person.role_assignments.all().delete()
        person.archived_at = now or clock.now()
        person.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            scope=scope,
            verb="organisations.person.archive",
            obj=person,
            at=now,
            changes={"roles": {"from": ended, "to": []}},
        )
    return person


def _check_services(scope: Scope, services: Iterable[Service]) -> list[Service]:
    services = list(services)
    ids = {s.id for s in services}
    found = set(Service.objects.for_scope(scope).filter(id__in=ids).values_list("id", flat=True))
    if found != ids:
        raise ValidationError({"services": "Choose services of this organisation that you manage."})
    return services


def _one_service(*states: dict) -> int | None:
    """The service a role event is about, when the role covered (and now covers) just that one;
    otherwise the event is about the organisation as a whole (ADR 0002, addendum)."""
    if any(state.get("all_services") for state in states):
        return None
    ids = {s.id for state in states for s in state.get("services", ())}
    return ids.pop() if len(ids) == 1 else None


@transaction.atomic
def role_assign(
    *, scope: Scope, person: Person, role: str, all_services: bool = False, services: Iterable[Service] = ()
) -> RoleAssignment:
    """Give a person a role, or change which services an existing role of theirs covers."""
    seen_by = scope
    scope = require(scope, Perm.MANAGE_PEOPLE)
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    # Only someone they can find, as the role page and the API find them (ADR 0002): for an
    # administrator of some services, not someone at other services alone, nor someone with no role
    # yet whom another administrator added.
    person = person_list(scope=seen_by).get(pk=person.pk)
    services = _check_services(scope, services)
    if problem := role_services_problem(all_services=all_services, services=services, may_give_all=scope.all_services):
        raise ValidationError({"services": problem})
    if role == Role.COMMISSIONER and all_services:
        # Commissioners see only the services they commission, named one by one.
        raise ValidationError({"services": "Choose the services this commissioner commissions."})
    if all_services and not scope.all_services:
        raise ValidationError({"all_services": "Only an administrator of every service can give a role over all."})
    assignment, created = RoleAssignment.objects.for_org(scope.organisation).get_or_create(
        organisation=scope.organisation, person=person, role=role, defaults={"all_services": all_services}
    )
    if not created and not role_within(scope, assignment):
        raise ValidationError(
            {"services": "This role covers services you do not manage: ask an administrator of them."}
        )
    before = {} if created else {"all_services": assignment.all_services, "services": list(assignment.services.all())}
    assignment.all_services = all_services
    assignment.save()
    assignment.services.set([] if all_services else services)
    after = {"all_services": all_services, "services": [] if all_services else services}
    audit_record(
        scope=scope,
        verb="organisations.role.assign" if created else "organisations.role.update",
        obj=assignment,
        service_id=_one_service(before, after),
        changes={"person": {"from": None, "to": person.full_name}, **changes_between(before, after)}
        if created
        else changes_between(before, after),
    )
    return assignment


@transaction.atomic
def role_remove(*, scope: Scope, assignment: RoleAssignment) -> None:
    scope = require(scope, Perm.MANAGE_PEOPLE)
    assignment = RoleAssignment.objects.for_org(scope.organisation).select_related("person").get(pk=assignment.pk)
    if not role_within(scope, assignment):
        raise ValidationError("This role covers services you do not manage: ask an administrator of them.")
    if is_last_administrator(scope=scope, assignment=assignment):
        raise ValidationError("An organisation must keep at least one administrator.")
    audit_record(
        scope=scope,
        verb="organisations.role.remove",
        obj=assignment,
        service_id=_one_service({"all_services": assignment.all_services, "services": assignment.services.all()}),
        changes={"role": {"from": assignment.role, "to": None}},
        label=str(assignment),
    )
    assignment.delete()
