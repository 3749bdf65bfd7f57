"""Writes. Each is atomic, checks permission, changes state and records its audit event."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from core import clock
from core.audit import audit_record, changes_between
from core.forms import full_clean_in_plain_words
from feedback.redaction import as_saved
from organisations.feedback_codes import new_code, shown, unused_code
from organisations.models import Organisation, Person, ReplyTargetChange, RetiredFeedbackCode, RoleAssignment, Service
from organisations.roles import Role
from organisations.rules import Perm, may_add_service, may_change_settings, not_yours_to_change, require, role_within
from organisations.scope import Scope
from organisations.selectors import (
    archive_refusal,
    feedback_code_taken,
    is_last_administrator,
    may_manage_person,
    person_list,
)

SERVICE_FIELDS = ("name", "service_type", "cqc_location_id", "address", "postcode", "phone")
PERSON_FIELDS = ("full_name", "email", "phone", "job_title", "communication_needs")


def _snapshot(obj, fields: Iterable[str]) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _validate_service(service: Service) -> None:
    """Field rules, then the uniqueness rules, checked within the organisation (fail-closed querysets)."""
    full_clean_in_plain_words(service, validate_unique=False, validate_constraints=False)
    same_name = Service.objects.for_org(service.organisation).filter(name__iexact=service.name).exclude(pk=service.pk)
    if same_name.exists():
        raise ValidationError({"name": "This organisation already has a service with this name."})
    if service.cqc_location_id:
        # CQC location IDs are unique nationally, so this check looks across organisations by design.
        taken = (
            Service.objects.unscoped_across_organisations()
            .filter(cqc_location_id=service.cqc_location_id)
            .exclude(pk=service.pk)
        )
        if taken.exists():
            raise ValidationError({"cqc_location_id": "This CQC location ID is already registered in Heard."})


def organisation_create(*, name: str, slug: str = "") -> Organisation:
    """A new tenant. Run by operators from the command line, so there is no scope to check."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug or slugify(name)[:60])
        # Its targets now, the defaults, hold from the beginning (ADR 0004's addendum on reply targets).
        _reply_targets_from(
            organisation,
            day=None,
            now=clock.now(),
            complaint_days=organisation.reply_complaint_days,
            other_days=organisation.reply_other_days,
        )
        from organisations.scope import system_scope

        audit_record(
            scope=system_scope(organisation=organisation),
            verb="organisations.organisation.create",
            obj=organisation,
            changes=changes_between({}, {"name": name, "slug": organisation.slug}),
        )
    return organisation


@transaction.atomic
def service_create(
    *,
    scope: Scope,
    name: str,
    service_type: str,
    cqc_location_id: str = "",
    address: str = "",
    postcode: str = "",
    phone: str = "",
) -> Service:
    scope = require(scope, Perm.MANAGE_SERVICES)
    if not may_add_service(scope):
        raise PermissionDenied("Only an administrator of every service may add a service.")
    service = Service(
        organisation=scope.organisation,
        name=name.strip(),
        service_type=service_type,
        cqc_location_id=cqc_location_id.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
        phone=phone.strip(),
        # Looked for across organisations: the short feedback address alone picks the service.
        feedback_code=unused_code(taken=lambda code: feedback_code_taken(code=code)),
    )
    _validate_service(service)
    service.save()
    audit_record(
        scope=scope,
        verb="organisations.service.create",
        obj=service,
        changes=changes_between({}, _snapshot(service, SERVICE_FIELDS)),
    )
    return service


@transaction.atomic
def service_update(*, scope: Scope, service: Service, **fields) -> Service:
    scope = require(scope, Perm.MANAGE_SERVICES)
    if service.organisation_id != scope.organisation.id:
        raise Service.DoesNotExist
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({f: "This field cannot be changed here." for f in sorted(unknown)})
    # for_scope: an administrator of some services changes only those (ADR 0002).
    service = Service.objects.for_scope(scope).select_for_update().get(pk=service.pk)
    before = _snapshot(service, SERVICE_FIELDS)
    for name, value in fields.items():
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    service.postcode = service.postcode.upper()
    _validate_service(service)
    service.save()
    changes = changes_between(before, _snapshot(service, SERVICE_FIELDS))
    if changes:
        audit_record(scope=scope, verb="organisations.service.update", obj=service, changes=changes)
    return service


@transaction.atomic
def service_archive(*, scope: Scope, service: Service) -> Service:
    """Services are archived, never deleted: their history is evidence."""
    scope = require(scope, Perm.MANAGE_SERVICES)
    service = Service.objects.for_scope(scope).select_for_update().get(pk=service.pk)
    if service.archived_at is None:
        service.archived_at = clock.now()
        service.save(update_fields=["archived_at", "updated_at"])
        audit_record(scope=scope, verb="organisations.service.archive", obj=service)
    return service


NEW_LINK_REASON_LENGTH = 500


def new_feedback_link_problem(*, reason: str) -> str | None:
    """Why a new feedback link cannot be issued with this reason, or None. The page's form asks the same."""
    reason = reason.strip()
    if not reason:
        return "Say why the old link is being replaced, for example that a poster was used to send abuse."
    if len(reason) > NEW_LINK_REASON_LENGTH:
        return f"Keep the reason under {NEW_LINK_REASON_LENGTH} characters."
    return None


def no_link_to_replace(service: Service) -> str:
    return f"{service.name} has been archived: it takes no feedback, so it has no link to replace."


@transaction.atomic
def service_new_feedback_link(
    *,
    scope: Scope,
    service: Service,
    reason: str,
    draw: Callable[[], str] = new_code,
    now: dt.datetime | None = None,
) -> Service:
    """Replace a service's public feedback link and short address, for a poster that was misused or
    leaflets that went to the wrong place. The old ones stop working at once, as an address that
    never existed; feedback already given through them stays as it was (ADR 0024's addendum).
    ``now``: when it was done (the demo's past), or the clock's time."""
    scope = require(scope, Perm.NEW_FEEDBACK_LINK)
    # for_scope: a manager replaces the links of the services they manage, and no others.
    service = Service.objects.for_scope(scope).select_for_update().get(pk=service.pk)
    if problem := new_feedback_link_problem(reason=reason):
        raise ValidationError({"reason": problem})
    if service.archived_at is not None:
        raise ValidationError(no_link_to_replace(service))
    now = now or clock.now()
    old_code = service.feedback_code
    service.feedback_link_id = uuid.uuid4()
    service.feedback_code = unused_code(taken=lambda code: feedback_code_taken(code=code), draw=draw)
    service.save(update_fields=["feedback_link_id", "feedback_code", "updated_at"])
    # Kept, so that the old code is never drawn again (`feedback_code_taken`).
    RetiredFeedbackCode.objects.create(
        organisation=service.organisation, service=service, code=old_code, retired_at=now
    )
    # The short addresses are what posters print, not personal: recorded, so that a poster that no
    # longer works can be traced to the day its address was replaced. The reason is saved without
    # personal details, as other reasons are (ADR 0016).
    audit_record(
        scope=scope,
        verb="organisations.service.new_feedback_link",
        obj=service,
        at=now,
        changes={
            "short address": {"from": shown(old_code), "to": shown(service.feedback_code)},
            "reason": {"from": None, "to": as_saved(reason.strip(), NEW_LINK_REASON_LENGTH)},
        },
    )
    return service


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
            **changes_between({}, _snapshot(person, PERSON_FIELDS), personal=Person.PERSONAL_FIELDS),
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
    before = _snapshot(person, PERSON_FIELDS)
    for name, value in fields.items():
        if name == "communication_needs":
            value = sorted(set(value))
        elif isinstance(value, str):
            value = value.strip()
        setattr(person, name, value)
    person.email = person.email.lower()
    full_clean_in_plain_words(person, exclude=["user"], validate_unique=False, validate_constraints=False)
    person.save()
    changes = changes_between(before, _snapshot(person, PERSON_FIELDS), personal=Person.PERSONAL_FIELDS)
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


# --- the organisation's settings ---------------------------------------------------------------

SETTINGS_FIELDS = ("reply_contact_keep_days", "reply_complaint_days", "reply_other_days")
MAX_KEEP_DAYS = 3650
MAX_REPLY_DAYS = 60


@transaction.atomic
def organisation_settings_update(
    *,
    scope: Scope,
    reply_contact_keep_days: int | None,
    reply_complaint_days: int,
    reply_other_days: int | None,
    now: dt.datetime | None = None,
) -> Organisation:
    """Change the organisation's settings: how many days after the reply contact details given for
    one are kept (None keeps them; ADR 0025), and within how many working days a reply to a complaint
    and to other feedback (None: no target) is due (ADR 0004). A change of target holds for feedback
    given from the day of ``now`` on: feedback given before keeps the target it had, so its history is
    kept beside the targets in force now. By an administrator of every service."""
    if not may_change_settings(scope):
        raise PermissionDenied("Only an administrator of every service changes the organisation's settings.")
    problems = {}
    if reply_contact_keep_days is not None and not 0 <= reply_contact_keep_days <= MAX_KEEP_DAYS:
        problems["reply_contact_keep_days"] = f"Enter a number of days from 0 to {MAX_KEEP_DAYS:,}, or leave it blank"
    if reply_complaint_days is None or not 1 <= reply_complaint_days <= MAX_REPLY_DAYS:
        problems["reply_complaint_days"] = f"Enter a number of working days from 1 to {MAX_REPLY_DAYS}, like 3"
    if reply_other_days is not None and not 1 <= reply_other_days <= MAX_REPLY_DAYS:
        problems["reply_other_days"] = f"Enter a number of working days from 1 to {MAX_REPLY_DAYS}, or leave it blank"
    if problems:
        raise ValidationError(problems)
    now = now or clock.now()
    organisation = Organisation.objects.select_for_update().get(pk=scope.organisation.pk)
    before = _snapshot(organisation, SETTINGS_FIELDS)
    organisation.reply_contact_keep_days = reply_contact_keep_days
    organisation.reply_complaint_days = reply_complaint_days
    organisation.reply_other_days = reply_other_days
    organisation.save(update_fields=list(SETTINGS_FIELDS))
    changes = changes_between(before, _snapshot(organisation, SETTINGS_FIELDS))
    if changes.keys() & {"reply_complaint_days", "reply_other_days"}:
        history = ReplyTargetChange.objects.for_org(organisation)
        if not history.exists():
            # An organisation made before its history was kept: the targets it had held from the beginning.
            _reply_targets_from(
                organisation,
                day=None,
                now=now,
                complaint_days=before["reply_complaint_days"],
                other_days=before["reply_other_days"],
            )
        _reply_targets_from(
            organisation,
            day=clock.day_of(now),
            now=now,
            complaint_days=reply_complaint_days,
            other_days=reply_other_days,
        )
    if changes:
        audit_record(scope=scope, verb="organisations.organisation.update", obj=organisation, changes=changes)
    return organisation


def _reply_targets_from(
    organisation: Organisation, *, day: dt.date | None, now: dt.datetime, complaint_days: int, other_days: int | None
) -> ReplyTargetChange:
    """Record the targets in force for feedback given from ``day`` on (None: from the beginning)."""
    return ReplyTargetChange.objects.create(
        organisation=organisation,
        applies_from=day,
        complaint_days=complaint_days,
        other_days=other_days,
        changed_at=now,
    )
