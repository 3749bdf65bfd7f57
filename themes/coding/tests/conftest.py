import pytest

from organisations.roles import Role
from organisations.scope import system_scope
from themes.services import framework_install


@pytest.fixture
def framework(org):
    """The social-care framework, installed for the organisation and its primary framework."""
    return framework_install(scope=system_scope(organisation=org), key="social-care")


@pytest.fixture
def lead(make_scope):
    return make_scope(Role.QUALITY_LEAD)
