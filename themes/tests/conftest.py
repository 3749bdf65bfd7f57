import pytest

from organisations.models import Organisation
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from themes.tests.taxonomy_fixture import new_taxonomy  # noqa: F401


@pytest.fixture
def lead(org):
    """Grace, a quality lead with a login, named as the organisation's safeguarding lead."""
    person = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=person)
    org.refresh_from_db()
    return person
