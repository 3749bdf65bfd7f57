import pytest

from accounts.services import api_token_create
from core.models import AuditEvent
from organisations.models import Person, Service
from organisations.roles import Role
from organisations.tests.factories import api_call as call


@pytest.fixture
def admin_token(admin_scope):
    return api_token_create(scope=admin_scope, name="tests")[1]


def test_openapi_describes_every_endpoint_and_its_errors(client, db):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/services", "/api/people", "/api/memberships", "/api/organisations"} <= set(spec["paths"])
    get_service = spec["paths"]["/api/services/{service_id}"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(get_service["responses"])
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_adding_a_service_through_the_api_is_audited(client, org, admin_scope, admin_token):
    response = call(client, "post", "/api/services", admin_token, {"name": "Oak Lodge", "service_type": "home_care"})
    assert response.status_code == 201
    assert response.json()["name"] == "Oak Lodge"
    [event] = AuditEvent.objects.for_org(org).filter(verb="organisations.service.create")
    assert event.actor == admin_scope.user


def test_bad_input_names_the_field(client, admin_token):
    response = call(client, "post", "/api/services", admin_token, {"name": "", "service_type": "castle"})
    assert response.status_code == 422
    body = str(response.json())
    assert "name" in body and "service_type" in body


def test_a_service_rule_broken_is_a_422_with_the_field(client, services, admin_token):
    response = call(client, "post", "/api/services", admin_token, {"name": "Rowan House", "service_type": "care_home"})
    assert response.status_code == 422
    assert "name" in response.json()["fields"]


def test_a_service_phone_number_that_is_not_one_is_a_422_naming_the_field(client, org, admin_token):
    body = {"name": "Oak Lodge", "service_type": "care_home", "phone": "ring reception"}
    response = call(client, "post", "/api/services", admin_token, body)
    assert response.status_code == 422
    assert "phone" in response.json()["fields"]
    assert not Service.objects.for_org(org).filter(name="Oak Lodge").exists()


def test_people_come_with_their_roles_and_no_login_details(client, org, services, admin_token, make_scope):
    make_scope(Role.STAFF, services=[services[0]])
    people = call(client, "get", "/api/people", admin_token).json()
    staff = next(p for p in people if p["roles"][0]["role"] == "staff")
    assert staff["roles"][0]["service_ids"] == [services[0].id]
    assert staff["has_login"] is True and "password" not in str(staff)


def test_giving_and_ending_a_role(client, org, services, admin_token):
    person = call(client, "post", "/api/people", admin_token, {"full_name": "Jean Taylor"}).json()
    role = call(
        client,
        "post",
        f"/api/people/{person['id']}/roles",
        admin_token,
        {"role": "co_production_partner", "service_ids": [services[1].id]},
    )
    assert role.status_code == 201 and role.json()["service_ids"] == [services[1].id]
    assert call(client, "delete", f"/api/memberships/{role.json()['id']}", admin_token).status_code == 204
    assert not Person.objects.for_org(org).get(pk=person["id"]).role_assignments.exists()


def test_a_role_over_another_organisations_service_is_refused(client, org, other_org, admin_token):
    from organisations.tests.factories import ServiceFactory

    theirs = ServiceFactory(organisation=other_org)
    person = call(client, "post", "/api/people", admin_token, {"full_name": "Kim"}).json()
    response = call(
        client, "post", f"/api/people/{person['id']}/roles", admin_token, {"role": "staff", "service_ids": [theirs.id]}
    )
    assert response.status_code == 422
