"""End to end: a filter bar's checkbox sits just below the lists it follows when it wraps to a row of
its own, on a desktop screen and on a phone, with no empty row above it."""

import pytest

from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_action_logs_checkbox_follows_the_lists_without_a_gap(visit, org, services, width):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    visit.page.set_viewport_size({"width": width, "height": 900})
    page = visit.sign_in(lead.user.email)
    page.goto("/governance/actions/")
    service = page.get_by_label("Service", exact=True).bounding_box()
    mine = page.get_by_label("Only mine to lead or check").bounding_box()
    # Below the list, by no more than a form group's own spacing (it was 72 pixels and more).
    assert 0 < mine["y"] - (service["y"] + service["height"]) < 48
    visit.check_accessibility()
