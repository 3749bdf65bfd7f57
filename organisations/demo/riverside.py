"""A second demo organisation, so the demo shows that nothing crosses between tenants."""

from __future__ import annotations

from organisations import services
from organisations.demo._common import DemoLogin, DemoResult, _person
from organisations.models import ServiceType
from organisations.roles import Role
from organisations.scope import system_scope
from themes.services import framework_install


def _build_riverside() -> DemoResult:
    """A second organisation, so the demo shows that nothing crosses between tenants."""
    org = services.organisation_create(name="Riverside Support Trust", slug="riverside-support")
    scope = system_scope(organisation=org, label="Demo set-up")
    result = DemoResult(organisation=org)
    quay = services.service_create(
        scope=scope,
        name="Quayside Supported Living",
        service_type=ServiceType.SUPPORTED_LIVING,
        cqc_location_id="1-209876543",
        postcode="NE1 3JF",
    )
    _person(
        scope,
        name="Owen Price",
        job="Administrator",
        role=Role.ADMINISTRATOR,
        all_services=True,
        email="owen.price@riverside.example",
        login=True,
    )
    _person(scope, name="Nia Edwards", job="Service manager", role=Role.SERVICE_MANAGER, services_=[quay])
    result.logins.append(
        DemoLogin(
            email="owen.price@riverside.example",
            name="Owen Price",
            what="administrator of a second organisation (sees nothing of Northgate)",
        )
    )
    for key in ("social-care", "nhs-pe-v6"):
        framework_install(scope=scope, key=key)
    result.services, result.people = 1, 2
    return result
