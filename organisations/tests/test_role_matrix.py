"""For every role, every page and API endpoint built so far: allowed, refused (403) or not found (404).

Refusals by role are 403. Anything outside the person's services or organisation is 404, so
nobody can learn whether another organisation's record exists.
"""

import pytest
from django.urls import reverse

from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, api_token_for, person_with_role

ALL = set(Role)
PEOPLE_READERS = {Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER}
ADMIN = {Role.ADMINISTRATOR}
SERVICE_MANAGERS = {Role.ADMINISTRATOR, Role.SERVICE_MANAGER}
API_USERS = ALL - {Role.PARTNER}

# (url name, kwargs built from the world, roles allowed)
PAGES = [
    ("organisations:home", {}, ALL),
    ("organisations:service-list", {}, ALL),
    ("organisations:service-detail", {"service_id": "own_service"}, ALL),
    ("organisations:service-add", {}, ADMIN),
    ("organisations:service-edit", {"service_id": "own_service"}, ADMIN),
    ("organisations:service-new-feedback-link", {"service_id": "own_service"}, SERVICE_MANAGERS),
    ("organisations:person-list", {}, PEOPLE_READERS),
    ("organisations:person-detail", {"person_id": "colleague"}, PEOPLE_READERS),
    ("organisations:person-add", {}, ADMIN),
    ("organisations:person-edit", {"person_id": "colleague"}, ADMIN),
    ("organisations:role-add", {"person_id": "colleague"}, ADMIN),
    ("organisations:audit-log", {}, ADMIN),
    ("organisations:audit-log-export", {}, ADMIN),
    ("accounts:tokens", {}, API_USERS),
]
POSTS = [
    ("organisations:service-archive", {"service_id": "own_service"}, ADMIN),
    ("organisations:person-archive", {"person_id": "colleague"}, ADMIN),
]
API = [
    ("get", "/api/organisations", ALL),
    ("get", "/api/services", ALL),
    ("get", "/api/services/{own_service}", ALL),
    ("get", "/api/people", PEOPLE_READERS),
    ("get", "/api/people/{colleague}", PEOPLE_READERS),
    ("get", "/api/memberships", PEOPLE_READERS),
    ("post", "/api/services", ADMIN),
    ("patch", "/api/services/{own_service}", ADMIN),
    ("post", "/api/people", ADMIN),
    ("patch", "/api/people/{colleague}", ADMIN),
    ("post", "/api/people/{colleague}/roles", ADMIN),
]
API_BODIES = {
    ("post", "/api/services"): {"name": "New place", "service_type": "care_home"},
    ("patch", "/api/services/{own_service}"): {"address": "1 New Road"},
    ("post", "/api/people"): {"full_name": "New Person"},
    ("patch", "/api/people/{colleague}"): {"job_title": "Cook"},
    ("post", "/api/people/{colleague}/roles"): {"role": "staff", "all_services": True},
}


@pytest.fixture
def world(org, other_org, services):
    """Two organisations. In ours, a colleague at Rowan House; in theirs, a service and a person."""
    colleague = person_with_role(org, Role.STAFF, services=[services[0]], login=False)
    their_service = ServiceFactory(organisation=other_org, name="Their House")
    their_person = person_with_role(other_org, Role.STAFF, services=[their_service], login=False)
    return {
        "own_service": services[0].id,
        "other_service": services[2].id,
        "colleague": colleague.id,
        "their_service": their_service.id,
        "their_person": their_person.id,
    }


def signed_in(client, org, role, services):
    covers = [services[0]] if role in (Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER, Role.COMMISSIONER) else []
    person = person_with_role(org, role, services=covers, all_services=not covers)
    client.force_login(person.user)
    return person


def resolve(kwargs, world):
    return {k: world[v] for k, v in kwargs.items()}


@pytest.mark.parametrize("role", list(Role))
def test_pages_by_role(client, org, services, world, role):
    signed_in(client, org, role, services)
    for name, kwargs, allowed in PAGES:
        response = client.get(reverse(name, kwargs=resolve(kwargs, world)))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize("role", list(Role))
def test_actions_by_role(client, org, services, world, role):
    signed_in(client, org, role, services)
    for name, kwargs, allowed in POSTS:
        response = client.post(reverse(name, kwargs=resolve(kwargs, world)))
        expected = 302 if role in allowed else 403
        assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize("role", list(Role))
def test_another_organisations_records_are_not_found(client, org, services, world, role):
    signed_in(client, org, role, services)
    for name, key in [
        ("organisations:service-detail", {"service_id": "their_service"}),
        ("organisations:service-edit", {"service_id": "their_service"}),
        ("organisations:service-new-feedback-link", {"service_id": "their_service"}),
        ("organisations:person-detail", {"person_id": "their_person"}),
        ("organisations:person-edit", {"person_id": "their_person"}),
        ("organisations:role-add", {"person_id": "their_person"}),
    ]:
        response = client.get(reverse(name, kwargs=resolve(key, world)))
        assert response.status_code in (404, 403), (role, name)
        if role in ADMIN:
            assert response.status_code == 404
    response = client.post(reverse("organisations:service-archive", kwargs={"service_id": world["their_service"]}))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.STAFF, Role.COMMISSIONER, Role.PARTNER])
def test_services_outside_a_persons_scope_are_not_found(client, org, services, world, role):
    signed_in(client, org, role, services)
    assert client.get(reverse("organisations:service-detail", args=[world["other_service"]])).status_code == 404
    listed = client.get(reverse("organisations:service-list")).content.decode()
    assert "Rowan House" in listed and "Home Care" not in listed


def api_call(client, method, path, token, body=None):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        return getattr(client, method)(path, data=body, content_type="application/json", **kwargs)
    return getattr(client, method)(path, **kwargs)


@pytest.mark.parametrize("role", list(Role))
def test_api_by_role(client, org, services, world, role):
    token = api_token_for(org, role, services)
    for method, template, allowed in API:
        path = template.format(**world)
        response = api_call(client, method, path, token, API_BODIES.get((method, template)))
        if role == Role.PARTNER:
            assert response.status_code == 403, (role, path)
            continue
        ok = {"get": 200, "patch": 200, "post": 201}[method]
        expected = ok if role in allowed else 403
        assert response.status_code == expected, (role, method, path, response.status_code, response.content[:200])


@pytest.mark.parametrize("role", sorted(API_USERS))
def test_api_never_shows_another_organisation(client, org, services, world, role):
    token = api_token_for(org, role, services)
    for path in (f"/api/services/{world['their_service']}", f"/api/people/{world['their_person']}"):
        assert api_call(client, "get", path, token).status_code in (
            {404} if role in PEOPLE_READERS or "services" in path else {403}
        )
    listed = api_call(client, "get", "/api/services", token).json()
    assert "Their House" not in {s["name"] for s in listed}


def test_api_without_a_token_is_401(client, world):
    assert client.get("/api/services").status_code == 401
    assert client.get("/api/services", HTTP_AUTHORIZATION="Bearer heard_nonsense").status_code == 401


def test_commissioners_never_see_personal_data(client, org, services, world):
    token = api_token_for(org, Role.COMMISSIONER, services)
    assert api_call(client, "get", "/api/people", token).status_code == 403
    assert api_call(client, "get", "/api/memberships", token).status_code == 403
    signed_in(client, org, Role.COMMISSIONER, services)
    for name in ("organisations:person-list", "organisations:audit-log"):
        assert client.get(reverse(name)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    for name, kwargs, _ in PAGES:
        response = client.get(reverse(name, kwargs=resolve(kwargs, world)))
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), name
