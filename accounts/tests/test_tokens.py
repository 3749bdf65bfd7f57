import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import ApiToken, hash_token
from accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from core.models import AuditEvent
from organisations.roles import Role

NOW = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def test_only_the_hash_is_stored(org, admin_scope):
    token, raw = api_token_create(scope=admin_scope, name="Rota system", days=30, now=NOW)
    stored = ApiToken.objects.for_org(org).get(pk=token.pk)
    assert raw.startswith("heard_") and raw not in (stored.token_hash, stored.prefix)
    assert stored.token_hash == hash_token(raw)
    assert stored.expires_at == NOW + dt.timedelta(days=30)
    assert AuditEvent.objects.for_org(org).filter(verb="accounts.api_token.create").count() == 1


def test_a_token_works_until_it_expires(admin_scope):
    token, raw = api_token_create(scope=admin_scope, name="x", days=1, now=NOW)
    assert api_token_authenticate(raw=raw, now=NOW + dt.timedelta(hours=23)) == token
    assert api_token_authenticate(raw=raw, now=NOW + dt.timedelta(days=1, seconds=1)) is None


def test_a_revoked_token_stops_working(admin_scope):
    token, raw = api_token_create(scope=admin_scope, name="x", now=NOW)
    api_token_revoke(scope=admin_scope, token_id=token.id, now=NOW)
    assert api_token_authenticate(raw=raw, now=NOW) is None


def test_people_revoke_only_their_own_tokens(admin_scope, make_scope):
    token, _ = api_token_create(scope=admin_scope, name="x", now=NOW)
    with pytest.raises(ApiToken.DoesNotExist):
        api_token_revoke(scope=make_scope(Role.QUALITY_LEAD), token_id=token.id)


def test_a_token_needs_a_name_and_a_sensible_life(admin_scope):
    with pytest.raises(ValidationError):
        api_token_create(scope=admin_scope, name=" ")
    with pytest.raises(ValidationError):
        api_token_create(scope=admin_scope, name="x", days=1000)


def test_partners_cannot_hold_tokens(make_scope):
    with pytest.raises(PermissionDenied):
        api_token_create(scope=make_scope(Role.PARTNER), name="x")


def test_a_token_of_a_person_who_left_stops_working(org, admin_scope, make_scope):
    from organisations.services_people import person_archive

    staff = make_scope(Role.QUALITY_LEAD)
    _, raw = api_token_create(scope=staff, name="x")
    person_archive(scope=admin_scope, person=staff.person)
    assert api_token_authenticate(raw=raw) is not None  # the token itself is live...
    from django.test import Client

    response = Client().get("/api/services", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401  # ...but the person no longer has a role here.
