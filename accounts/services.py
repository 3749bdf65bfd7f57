"""Logins and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ApiToken, User, hash_token
from core import clock
from core.audit import audit_record
from organisations.rules import Perm, require
from organisations.scope import Scope

TOKEN_PREFIX = "heard_"  # noqa: S105 - a label, not a secret
MAX_TOKEN_DAYS = 365


def login_invite_send(*, user: User, organisation) -> None:
    """Email a new login a link to choose a password. Sent after the transaction commits."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set-password", kwargs={"uidb64": uid, "token": token})
    base = settings.HEARD_SITE_URL
    send_mail(
        subject=f"Your Heard login for {organisation.name}",
        message=(
            f"Hello {user.full_name},\n\n"
            f"{organisation.name} has given you a login to Heard.\n"
            f"Choose your password here: {base}{path}\n\n"
            "The link works once and expires in a few days."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def api_token_create(
    *, scope: Scope, name: str, days: int = 90, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for the acting login in this organisation. The raw token is shown once."""
    scope = require(scope, Perm.USE_API)
    if scope.user is None:
        raise PermissionDenied("Only a person with a login can hold an API token.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as the system that will use it."})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": f"Choose between 1 and {MAX_TOKEN_DAYS} days."})
    now = now or clock.now()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=scope.organisation,
        user=scope.user,
        name=name,
        prefix=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + ApiToken.PREFIX_LENGTH],
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    audit_record(
        scope=scope,
        verb="accounts.api_token.create",
        obj=token,
        changes={"expires_at": {"from": None, "to": token.expires_at.isoformat()}},
    )
    return token, raw


def api_token_list(*, scope: Scope):
    scope = require(scope, Perm.USE_API)
    return ApiToken.objects.for_org(scope.organisation).filter(user=scope.user).order_by("-created_at")


@transaction.atomic
def api_token_revoke(*, scope: Scope, token_id: int, now: dt.datetime | None = None) -> ApiToken:
    token = api_token_list(scope=scope).select_for_update().get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = now or clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(scope=scope, verb="accounts.api_token.revoke", obj=token)
    return token


def api_token_authenticate(*, raw: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token matching `raw`, or None. Expired and revoked tokens never match."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    now = now or clock.now()
    token = (
        ApiToken.objects.unscoped_across_organisations()
        .select_related("user", "organisation")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is None or not token.is_live(now=now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.for_org(token.organisation).filter(pk=token.pk).update(last_used_at=now)
    return token
