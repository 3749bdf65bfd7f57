"""Rules the people pages and the service both check are one function each, so the page, the API and
the service say the same thing: a login needs an email address; a role covers some services, or all."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisations import services_people
from organisations.models import Person
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import api_call, api_token_for, person_with_role

NO_EMAIL = "Enter an email address to give this person a login."
CHOOSE = "Choose the services this role covers"


@pytest.mark.parametrize(
    ("email", "with_login", "problem"),
    [("", True, NO_EMAIL), ("  ", True, NO_EMAIL), ("", False, None), ("ann@example.org", True, None)],
)
def test_a_login_needs_an_email_address(email, with_login, problem):
    assert services_people.person_login_problem(email=email, with_login=with_login) == problem


@pytest.mark.parametrize(
    ("all_services", "services", "may_give_all", "problem"),
    [
        (False, [], True, f"{CHOOSE}, or all services."),
        (False, None, False, f"{CHOOSE}."),
        (True, [], True, None),
        (False, ["1"], False, None),
    ],
)
def test_a_role_covers_some_services_or_all(all_services, services, may_give_all, problem):
    assert (
        services_people.role_services_problem(all_services=all_services, services=services, may_give_all=may_give_all)
        == problem
    )


def test_the_new_person_page_and_the_service_say_the_same(client, org, services, admin_scope):
    with pytest.raises(ValidationError) as refused:
        services_people.person_create(scope=admin_scope, full_name="No Email", with_login=True)
    assert refused.value.message_dict == {"email": [NO_EMAIL]}
    client.force_login(admin_scope.user)
    page = client.post(reverse("organisations:person-add"), {"full_name": "No Email", "with_login": "on"})
    assert NO_EMAIL in page.content.decode()
    assert not Person.objects.for_org(org).filter(full_name="No Email").exists()


def test_an_address_that_is_not_one_is_not_also_told_as_missing(client, org, services, admin_scope):
    client.force_login(admin_scope.user)
    page = client.post(
        reverse("organisations:person-add"), {"full_name": "Ann Lee", "email": "ann at home", "with_login": "on"}
    ).content.decode()
    assert "Enter an email address in the right format for ‘Email address’, like name@example.com" in page
    assert NO_EMAIL not in page
    assert not Person.objects.for_org(org).filter(full_name="Ann Lee").exists()


def test_the_api_is_told_a_login_needs_an_email_address(client, org, services):
    token = api_token_for(org, Role.ADMINISTRATOR, services)
    response = api_call(client, "post", "/api/people", token, {"full_name": "No Email", "with_login": True})
    assert response.status_code == 422 and response.json()["fields"]["email"] == [NO_EMAIL]


def test_the_role_page_and_the_service_say_the_same(client, org, services, admin_scope):
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Ann Lee")
    with pytest.raises(ValidationError) as refused:
        services_people.role_assign(scope=admin_scope, person=staff, role=Role.QUALITY_LEAD)
    assert refused.value.message_dict == {"services": [f"{CHOOSE}, or all services."]}
    client.force_login(admin_scope.user)
    page = client.post(reverse("organisations:role-add", args=[staff.pk]), {"role": Role.QUALITY_LEAD})
    assert f"{CHOOSE}, or all services." in page.content.decode()
    assert not staff.role_assignments.filter(role=Role.QUALITY_LEAD).exists()


def test_an_administrator_of_some_services_is_not_told_to_choose_all(org, services):
    """They could never give a role over all services: the service no longer offers it to them."""
    rowan_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[0]])
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Ann Lee")
    scope = scope_for(user=rowan_admin.user, organisation=org)
    with pytest.raises(ValidationError) as refused:
        services_people.role_assign(scope=scope, person=staff, role=Role.QUALITY_LEAD)
    assert refused.value.message_dict == {"services": [f"{CHOOSE}."]}
