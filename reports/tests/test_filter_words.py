"""A report's filters, read from the address, refuse a service or period the person cannot choose in
plain words naming the filter, never Django's "Select a valid choice. 6 is not one of the available
choices." with the id in it (ADR 0029)."""

import html

from organisations.roles import Role
from organisations.tests.factories import ServiceFactory

NOT_A_SERVICE = "Choose one of the options listed for ‘Service’"


def _refused(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "There is a problem" in body
    assert "Select a valid choice" not in body and "not one of the available choices" not in body
    return body


def test_a_service_outside_the_persons_choices_is_refused_in_plain_words(client, org, other_org, services, make_scope):
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    elsewhere = ServiceFactory(organisation=other_org, name="Far Away")
    for service in (services[1], elsewhere):
        body = _refused(client, f"/reports/monthly/?service={service.id}")
        assert NOT_A_SERVICE in body and 'href="#id_service"' in body
        assert service.name not in body
    assert client.get(f"/reports/monthly/?service={services[0].id}").status_code == 200


def test_a_period_not_offered_is_refused_in_plain_words(client, org, services, admin_scope):
    client.force_login(admin_scope.user)
    assert "Choose one of the options listed for ‘Month’" in _refused(client, "/reports/monthly/?month=2026-13")
    assert "Choose one of the options listed for ‘Quarter’" in _refused(client, "/reports/quarterly/?quarter=2026-Q9")
    assert NOT_A_SERVICE in _refused(client, "/reports/monthly/?service=not-a-number")
