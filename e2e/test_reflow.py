"""End to end: on a 320px-wide screen (WCAG 2.2 1.4.10, reflow) the header and the service chooser
never make a page scroll sideways, however long the organisation's and services' names, and a list
table wider than the screen scrolls on its own."""

import pytest

from organisations.models import Organisation
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/feedback/",
    "/governance/actions/",
    "/governance/meetings/",
    "/audits/",
    "/evidence/",
    "/priorities/",
    "/people/",
    "/services/",
    "/audit/",
]


def test_pages_fit_a_small_screen_with_long_names(visit, org):
    Organisation.objects.filter(pk=org.pk).update(name="Northgate Community Health and Social Care Partnership")
    ServiceFactory(organisation=org, name="Northgate Community Mental Health Team for Older Adults (North)")
    ServiceFactory(organisation=org, name="Rowan House")
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")

    visit.page.set_viewport_size({"width": 320, "height": 800})
    page = visit.sign_in(admin.user.email)
    wider = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.ok, path
        page.get_by_label("Service you are looking at").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wider[path] = width
        visit.check_accessibility()
    assert wider == {}
