"""Sharing the CQC well-led evidence pack with an inspector: a read-only link that stops working.

The token is 32 random bytes (URL-safe); only its SHA-256 is stored, so the database cannot give
a working link away. A link lives for at most MAX_DAYS; it is revoked by anyone who may share the
pack. Making, opening and revoking a link are audited. Opening an expired, revoked or unknown
link tells nothing about which of the three it was, and shows no data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet

from accounts.models import hash_token
from core import clock
from core.audit import audit_record
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from reports.models import InspectorLink
from reports.rules import Perm, require

MAX_DAYS = 90
DEFAULT_DAYS = 14


class LinkGone(Exception):
    """The link is unknown, expired or revoked: show nothing."""


def _require_whole_organisation(scope: Scope) -> None:
    scope = require(scope, Perm.SHARE_WITH_INSPECTOR)
    if not scope.all_services:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(
            "The pack shared with an inspector covers every service: only people who see them all may share it."
        )


@dataclass(frozen=True)
class NewLink:
    link: InspectorLink
    token: str  # shown once, to the person who made it


def inspector_link_create(*, scope: Scope, label: str, days: int, now: dt.datetime | None = None) -> NewLink:
    _require_whole_organisation(scope)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": "Say who the link is for, for example 'CQC inspection, March 2027'."})
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A link can last from 1 to {MAX_DAYS} days, not {days!r}."})
    now = now or clock.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = InspectorLink.objects.create(
            organisation=scope.organisation,
            token_hash=hash_token(token),
            label=label[:200],
            created_by=scope.person,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        audit_record(
            scope=scope,
            verb="report.inspector_link.created",
            obj=link,
            changes={"expires_at": link.expires_at.isoformat()},
            at=now,
        )
    return NewLink(link=link, token=token)


def inspector_link_revoke(*, scope: Scope, link_id: int, now: dt.datetime | None = None) -> InspectorLink:
    _require_whole_organisation(scope)
    now = now or clock.now()
    with transaction.atomic():
        link = InspectorLink.objects.for_org(scope.organisation).select_for_update().get(pk=link_id)
        if link.revoked_at is None:
            link.revoked_at, link.revoked_by = now, scope.person
            link.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(scope=scope, verb="report.inspector_link.revoked", obj=link, at=now)
    return link


def inspector_link_extend(*, scope: Scope, link_id: int, days: int, now: dt.datetime | None = None) -> InspectorLink:
    """Keep a working link open until ``days`` from now, so an inspector keeps the address they have.

    Only a link that still works can be extended (a stopped or expired one stays gone), and only to
    a later end, at most ``MAX_DAYS`` from now."""
    _require_whole_organisation(scope)
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A link can last from 1 to {MAX_DAYS} days, not {days!r}."})
    now = now or clock.now()
    with transaction.atomic():
        link = InspectorLink.objects.for_org(scope.organisation).select_for_update().get(pk=link_id)
        if not link.is_live(at=now):
            raise ValidationError({"days": "This link has stopped working: make a new one instead."})
        until = now + dt.timedelta(days=days)
        if until <= link.expires_at:
            raise ValidationError({"days": f"The link already works until {link.expires_at:%-d %B %Y}."})
        before = link.expires_at
        link.expires_at = until
        link.save(update_fields=["expires_at"])
        audit_record(
            scope=scope,
            verb="report.inspector_link.extended",
            obj=link,
            changes={"expires_at": {"from": before.isoformat(), "to": until.isoformat()}},
            at=now,
        )
    return link


def inspector_link_list(*, scope: Scope) -> QuerySet[InspectorLink]:
    _require_whole_organisation(scope)
    return InspectorLink.objects.for_org(scope.organisation).select_related("created_by", "revoked_by")


def inspector_link_open(*, token: str, now: dt.datetime | None = None) -> tuple[Organisation, Scope]:
    """The organisation whose pack the link opens, and the scope to read it with; LinkGone otherwise.

    The only unscoped read in reports: the token is the key, and it names its organisation.
    """
    now = now or clock.now()
    if not token or len(token) > 100:
        raise LinkGone
    link = (
        InspectorLink.objects.unscoped_across_organisations()
        .select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or not link.is_live(at=now):
        raise LinkGone
    scope = system_scope(organisation=link.organisation, label=f"Inspector link: {link.label}")
    with transaction.atomic():
        InspectorLink.objects.for_org(link.organisation).filter(pk=link.pk).update(
            times_opened=F("times_opened") + 1, last_opened_at=now
        )
        audit_record(scope=scope, verb="report.inspector_link.opened", obj=link, at=now)
    return link.organisation, scope
