import pytest

from governance.tests.conftest import framework, team  # noqa: F401
from organisations.roles import Role
from organisations.tests.factories import person_with_role


@pytest.fixture
def margaret(org, services):
    """A co-production partner at Rowan House who uses the service, with no login."""
    return person_with_role(
        org,
        Role.PARTNER,
        services=[services[0]],
        login=False,
        full_name="Margaret Wilson",
        email="margaret@example.org",
        phone="01632 960 001",
    )
