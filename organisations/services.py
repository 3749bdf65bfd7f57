"""Writes to the organisation, its settings and its services. Each is atomic, checks permission, changes
state and records its audit event. The people and their roles are written by `services_people`;
what Heard holds about a person, by `services_removal`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from core import clock
from core.audit import audit_record, changes_between, snapshot
from core.forms import full_clean_in_plain_words
from feedback.redaction import as_saved
from organisations.feedback_codes import new_code, shown, unused_code
from organisations.models import Organisation, ReplyTargetChange, RetiredFeedbackCode, Service
from organisations.rules import Perm, may_add_service, may_change_settings, require
from organisations.scope import Scope
from organisations.selectors import feedback_code_taken

SERVICE_FIELDS = ("name", "service_type", "cqc_location_id", "address", "postcode", "phone")


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
        changes=changes_between({}, snapshot(service, SERVICE_FIELDS)),
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
    before = snapshot(service, SERVICE_FIELDS)
    for name, value in fields.items():
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    service.postcode = service.postcode.upper()
    _validate_service(service)
    service.save()
    changes = changes_between(before, snapshot(service, SERVICE_FIELDS))
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
    before = snapshot(organisation, SETTINGS_FIELDS)
    organisation.reply_contact_keep_days = reply_contact_keep_days
    organisation.reply_complaint_days = reply_complaint_days
    organisation.reply_other_days = reply_other_days
    organisation.save(update_fields=list(SETTINGS_FIELDS))
    changes = changes_between(before, snapshot(organisation, SETTINGS_FIELDS))
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
