"""A section's own address (a link shortened by hand, or typed) leads to its first page, not to
"Page not found"; it still asks a visitor to sign in first."""

import pytest
from django.urls import reverse

from organisations.roles import Role
from organisations.tests.factories import person_with_role


@pytest.mark.parametrize(
    ("address", "first_page"), [("/themes/", "themes:frameworks"), ("/governance/", "governance:meetings")]
)
def test_a_section_address_leads_to_its_first_page(client, org, services, address, first_page):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    response = client.get(address, follow=True)
    assert response.redirect_chain == [(reverse(first_page), 302)]
    assert response.status_code == 200
    client.logout()
    assert reverse("accounts:sign-in") in client.get(address, follow=True).redirect_chain[-1][0]
