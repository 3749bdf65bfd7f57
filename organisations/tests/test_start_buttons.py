"""The buttons on list pages that start something new follow the rule of the page they lead to
(`organisations.scope.may_start`): a role held at some other service does not offer them on a list
showing a service where it is not held, nor when every service where it is held is closed."""

import pytest
from django.urls import reverse

from core import clock
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.tests.factories import person_with_role

# (list page, the page its button leads to), for people who manage a service.
MANAGERS = [
    ("governance:actions", "governance:action-new"),
    ("governance:meetings", "governance:meeting-new"),
    ("governance:coproduction", "governance:coproduction-new"),
    ("audits:programme", "audits:plan"),
    ("priorities:list", "priorities:new"),
    ("feedback:list", "imports:upload"),
]


@pytest.fixture
def manager_and_staff(org, services):
    """Manager of Rowan House, staff at Beech Court."""
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.STAFF)
    staff.services.set([services[1]])
    return person


def offered(client, page, target, **query) -> bool:
    response = client.get(reverse(page), query)
    assert response.status_code == 200
    return f'href="{reverse(target)}"' in response.content.decode()


def look_at(client, service):
    client.post(reverse("organisations:switch-service"), {"service": service.id if service else "", "next": "/"})


@pytest.mark.parametrize("page, target", MANAGERS)
def test_a_button_is_offered_for_the_services_where_its_role_is_held(client, services, manager_and_staff, page, target):
    client.force_login(manager_and_staff.user)
    assert offered(client, page, target)
    look_at(client, services[1])  # Beech Court, where they are staff
    assert not offered(client, page, target)
    look_at(client, services[0])  # Rowan House, which they manage
    assert offered(client, page, target)
    # The page it leads to lets them start it.
    assert client.get(reverse(target)).status_code == 200


@pytest.mark.parametrize("page, target", [p for p in MANAGERS if p[0] != "priorities:list"])
def test_a_list_filtered_to_a_service_offers_the_button_only_if_the_role_is_held_there(
    client, services, manager_and_staff, page, target
):
    client.force_login(manager_and_staff.user)
    assert not offered(client, page, target, service=services[1].id)
    assert offered(client, page, target, service=services[0].id)


def test_recording_feedback_is_offered_wherever_they_are_staff_too(client, services, manager_and_staff):
    client.force_login(manager_and_staff.user)
    look_at(client, services[1])
    assert offered(client, "feedback:list", "feedback:capture")
    assert not offered(client, "feedback:list", "imports:upload")
    look_at(client, services[2])  # Home Care: not theirs, so the switch is ignored and all theirs shown
    assert offered(client, "feedback:list", "feedback:capture")


@pytest.mark.parametrize("page, target", MANAGERS)
def test_no_button_when_every_service_where_the_role_is_held_is_closed(client, org, services, page, target):
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.STAFF)
    staff.services.set([services[1]])
    services[0].archived_at = clock.now()
    services[0].save()
    client.force_login(person.user)
    assert not offered(client, page, target)


def test_people_who_manage_every_service_see_every_button(client, org, services):
    leader = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(leader.user)
    for page, target in MANAGERS + [("feedback:list", "feedback:capture")]:
        assert offered(client, page, target), page


def test_a_service_page_offers_its_changes_only_to_its_administrators(client, org, services):
    admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[0]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=admin, role=Role.STAFF)
    staff.services.set([services[1]])
    client.force_login(admin.user)
    theirs = client.get(reverse("organisations:service-detail", args=[services[0].id])).content.decode()
    assert reverse("organisations:service-edit", args=[services[0].id]) in theirs
    other = client.get(reverse("organisations:service-detail", args=[services[1].id])).content.decode()
    assert reverse("organisations:service-edit", args=[services[1].id]) not in other
    assert reverse("organisations:service-archive", args=[services[1].id]) not in other
    # Staff there still record feedback for it.
    assert reverse("feedback:capture") in other


def test_a_persons_page_offers_recording_their_feedback_only_where_the_form_offers_them(client, org, services):
    """A leader of both homes who is staff at Rowan House records feedback only at Rowan House:
    the capture form offers Rowan House's people, not Beech Court's."""
    viewer = person_with_role(org, Role.LEADER, services=[services[0], services[1]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=viewer, role=Role.STAFF)
    staff.services.set([services[0]])
    at_rowan = person_with_role(org, Role.PARTNER, services=[services[0]], login=False)
    at_beech = person_with_role(org, Role.PARTNER, services=[services[1]], login=False)
    client.force_login(viewer.user)
    for person, offer in ((at_rowan, True), (at_beech, False)):
        page = client.get(reverse("organisations:person-detail", args=[person.id]))
        assert page.status_code == 200
        assert (f"?person={person.id}" in page.content.decode()) is offer
