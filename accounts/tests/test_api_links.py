"""The page footer offers the API only to people who may use it: a co-production partner cannot hold
a token, so their footer has neither link."""

import pytest
from django.urls import reverse

from organisations.roles import Role
from organisations.tests.factories import person_with_role


def footer_links(client) -> tuple[bool, bool]:
    page = client.get(reverse("organisations:home")).content.decode()
    return (
        f'href="{reverse("api-1.0.0:openapi-view")}"' in page,
        f'href="{reverse("accounts:tokens")}"' in page,
    )


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.COMMISSIONER, Role.STAFF])
def test_people_who_may_use_the_api_are_offered_it(client, org, services, role):
    client.force_login(person_with_role(org, role, services=[services[0]]).user)
    assert footer_links(client) == (True, True)
    assert client.get(reverse("accounts:tokens")).status_code == 200


def test_a_partner_is_not_offered_the_api(client, org, services):
    client.force_login(person_with_role(org, Role.PARTNER, services=[services[0]]).user)
    assert footer_links(client) == (False, False)
    assert client.get(reverse("accounts:tokens")).status_code == 403


def test_the_sign_in_page_keeps_the_documentation_for_developers(client):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert f'href="{reverse("api-1.0.0:openapi-view")}"' in page
    assert f'href="{reverse("accounts:tokens")}"' not in page
