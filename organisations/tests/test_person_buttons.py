"""Every button on a person's page is offered exactly when the service would accept it (ADR 0002):
changing their details, giving a role, ending each role and archiving them, for an administrator
of every service, one of some services and a manager, looking at people inside, partly outside
and beyond their services, at themselves, and at someone with no role yet."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from core import clock
from organisations import services_people
from organisations.models import Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.rules import Perm, require
from organisations.scope import scope_for
from organisations.selectors import service_list
from organisations.tests.factories import person_with_role

VIEWERS = [
    "administrator of every service",
    "administrator of Rowan House",
    "manager of Rowan House",
    "administrator of Rowan House and quality lead of every service",
]
PEOPLE = [
    "at Rowan House",
    "at Beech Court",
    "at Rowan House and Beech Court",
    "over all services",
    "themselves",
    "added with no role by Rowan House's administrator",
    "added with no role by an administrator of every service",
]


@pytest.fixture
def world(org, services):
    rowan, beech = services[0], services[1]
    viewers = {
        VIEWERS[0]: person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Ada Every"),
        VIEWERS[1]: person_with_role(org, Role.ADMINISTRATOR, services=[rowan], full_name="Rob Rowan"),
        VIEWERS[2]: person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Meg Rowan"),
        VIEWERS[3]: person_with_role(org, Role.ADMINISTRATOR, services=[rowan], full_name="Quin Both"),
    }
    RoleAssignment.objects.for_org(org).create(
        organisation=org, person=viewers[VIEWERS[3]], role=Role.QUALITY_LEAD, all_services=True
    )
    partly = person_with_role(org, Role.STAFF, services=[rowan], full_name="Pat Partly")
    beech_role = RoleAssignment.objects.for_org(org).create(organisation=org, person=partly, role=Role.LEADER)
    beech_role.services.set([beech])
    added = services_people.person_create(
        scope=scope_for(user=viewers[VIEWERS[1]].user, organisation=org), full_name="Nia New", email="nia@example.org"
    )
    people = {
        PEOPLE[0]: person_with_role(org, Role.STAFF, services=[rowan], full_name="Ian Inside"),
        PEOPLE[1]: person_with_role(org, Role.STAFF, services=[beech], full_name="Bev Beech"),
        PEOPLE[2]: partly,
        PEOPLE[3]: person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Olu Over"),
        PEOPLE[5]: added,
        PEOPLE[6]: services_people.person_create(
            scope=scope_for(user=viewers[VIEWERS[0]].user, organisation=org), full_name="Eve Else"
        ),
    }
    return viewers, people


def offered(client, person) -> set[str]:
    page = client.get(reverse("organisations:person-detail", args=[person.id]))
    if page.status_code == 404:
        return set()
    assert page.status_code == 200
    html = page.content.decode()
    actions = {
        "change details": reverse("organisations:person-edit", args=[person.id]),
        "give a role": reverse("organisations:role-add", args=[person.id]),
        "archive": reverse("organisations:person-archive", args=[person.id]),
    }
    for a in person.role_assignments.all():
        actions[f"end {a.role}"] = reverse("organisations:role-remove", args=[person.id, a.id])
    return {name for name, url in actions.items() if url in html}


def role_page_services(scope) -> list:
    """The services the role page offers: where the viewer manages people."""
    try:
        return list(service_list(scope=require(scope, Perm.MANAGE_PEOPLE)))
    except PermissionDenied:
        return []


def accepted(scope, person) -> set[str]:
    """What the services accept, each tried and undone."""
    attempts = {
        "change details": lambda: services_people.person_update(scope=scope, person=person, job_title="Cook"),
        # A role they do not hold yet, at the first service the role page offers the viewer.
        "give a role": lambda: services_people.role_assign(
            scope=scope, person=person, role=Role.PARTNER, services=role_page_services(scope)[:1]
        ),
        "archive": lambda: services_people.person_archive(scope=scope, person=person),
    }
    for a in person.role_assignments.all():
        attempts[f"end {a.role}"] = lambda a=a: services_people.role_remove(scope=scope, assignment=a)
    done = set()
    for name, attempt in attempts.items():
        try:
            with transaction.atomic():
                attempt()
                transaction.set_rollback(True)
            done.add(name)
        except (PermissionDenied, ValidationError, Person.DoesNotExist, RoleAssignment.DoesNotExist):
            pass
    return done


@pytest.mark.parametrize("looking_at", PEOPLE)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_button_is_offered_exactly_when_the_service_accepts_it(client, org, world, viewer, looking_at):
    viewers, people = world
    me = viewers[viewer]
    person = me if looking_at == "themselves" else people[looking_at]
    person = Person.objects.for_org(org).get(pk=person.pk)
    client.force_login(me.user)
    shown = offered(client, person)
    assert shown == accepted(scope_for(user=me.user, organisation=org), person)
    # And the pages the links lead to open.
    for name, page in (("change details", "organisations:person-edit"), ("give a role", "organisations:role-add")):
        if name in shown:
            assert client.get(reverse(page, args=[person.id])).status_code == 200, name


def test_the_last_administrator_is_not_offered_ending_their_role(client, org, services):
    """Ending the only administrator's role is refused, so it is not offered; with a second
    administrator it is, and is accepted."""
    only = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Sol Only")
    [role] = only.role_assignments.all()
    remove = reverse("organisations:role-remove", args=[only.id, role.id])
    client.force_login(only.user)
    assert remove not in client.get(reverse("organisations:person-detail", args=[only.id])).content.decode()
    refused = client.post(remove, follow=True).content.decode()
    assert "An organisation must keep at least one administrator." in refused
    assert RoleAssignment.objects.for_org(org).filter(pk=role.pk).exists()
    person_with_role(org, Role.ADMINISTRATOR, services=[services[0]], full_name="Sam Second")
    assert remove in client.get(reverse("organisations:person-detail", args=[only.id])).content.decode()


def test_after_ending_a_role_they_are_taken_where_they_can_still_look(client, org, services, world):
    """Ending someone's last role at Rowan House leaves them with no role: its administrator, who ended
    it, still finds them (ADR 0002) and goes back to their page to give them another. One who ends
    their own administrator role can no longer see people and goes home."""
    viewers, people = world
    rowan_admin, inside = viewers[VIEWERS[1]], people["at Rowan House"]
    client.force_login(rowan_admin.user)
    [staff] = inside.role_assignments.all()
    done = client.post(reverse("organisations:role-remove", args=[inside.id, staff.id]), follow=True)
    assert done.status_code == 200
    assert done.redirect_chain == [(reverse("organisations:person-detail", args=[inside.id]), 302)]
    page = done.content.decode()
    assert "Staff role removed from Ian Inside." in page
    assert reverse("organisations:role-add", args=[inside.id]) in page
    # Someone whose other role is at Beech Court alone is out of its reach: to the people list.
    partly = people["at Rowan House and Beech Court"]
    [here] = partly.role_assignments.filter(role=Role.STAFF)
    done = client.post(reverse("organisations:role-remove", args=[partly.id, here.id]), follow=True)
    assert done.redirect_chain == [(reverse("organisations:person-list"), 302)]
    assert "Staff role removed from Pat Partly." in done.content.decode()
    # An administrator of every service still finds everyone: back to their page.
    beech = people["at Beech Court"]
    client.force_login(viewers[VIEWERS[0]].user)
    done = client.post(reverse("organisations:role-remove", args=[beech.id, beech.role_assignments.get().id]))
    assert done.url == reverse("organisations:person-detail", args=[beech.id])
    # Their own administrator role (someone else still administers): they can no longer see people.
    client.force_login(rowan_admin.user)
    staff_too = RoleAssignment.objects.for_org(org).create(organisation=org, person=rowan_admin, role=Role.STAFF)
    staff_too.services.set([services[0]])
    [admin_role] = rowan_admin.role_assignments.filter(role=Role.ADMINISTRATOR)
    done = client.post(reverse("organisations:role-remove", args=[rowan_admin.id, admin_role.id]), follow=True)
    assert done.redirect_chain == [(reverse("organisations:home"), 302)]
    assert done.status_code == 200


def test_the_page_says_why_someone_with_no_role_is_not_theirs_to_change(client, org, world):
    """Someone who reads every service's people but administers only Rowan House finds a person
    another administrator added and gave no role yet; the page says why they cannot change them."""
    viewers, people = world
    client.force_login(viewers[VIEWERS[3]].user)
    person = people["added with no role by an administrator of every service"]
    page = client.get(reverse("organisations:person-detail", args=[person.id])).content.decode()
    assert reverse("organisations:person-edit", args=[person.id]) not in page
    assert "Eve Else has no role yet and another administrator added them" in page
    assert "has roles at services you do not manage" not in page


def test_an_administrator_whose_services_are_all_archived_is_not_offered_adding_or_giving_roles(client, org, services):
    """A role must cover an open service, so with none left neither "Add a person" nor "Give a role"
    leads anywhere that can be finished; an administrator of every service is still offered both."""
    rowan = services[0]
    rowan_admin = person_with_role(org, Role.ADMINISTRATOR, services=[rowan], full_name="Rita Rowan")
    colleague = person_with_role(org, Role.STAFF, services=[rowan], full_name="Cal Colleague")
    Service.objects.for_org(org).filter(pk=rowan.pk).update(archived_at=clock.now())
    everyone = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Eve Every")
    for viewer, offered_here in ((rowan_admin, False), (everyone, True)):
        client.force_login(viewer.user)
        listed = client.get(reverse("organisations:person-list")).content.decode()
        page = client.get(reverse("organisations:person-detail", args=[colleague.id])).content.decode()
        assert ("Add a person" in listed, "Give a role" in page) == (offered_here, offered_here), viewer.full_name
