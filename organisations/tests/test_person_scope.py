"""Who an administrator of some services may change (ADR 0002, addenda): people whose every role is
within their services, and people with no role yet whom they added. Others are read-only to them,
and people with no role whom someone else added are not found at all."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from organisations import services_people
from organisations.models import Person
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import api_call, person_with_role


@pytest.fixture
def rowan_admin(org, services):
    """An administrator of Rowan House only."""
    return person_with_role(org, Role.ADMINISTRATOR, services=[services[0]])


def scope_of(org, person):
    return scope_for(user=person.user, organisation=org)


def reload(person):
    return Person.objects.for_org(person.organisation).get(pk=person.pk)


def test_an_administrator_of_some_services_changes_people_whose_roles_are_all_theirs(org, services, rowan_admin):
    scope = scope_of(org, rowan_admin)
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Ann Lee")
    services_people.person_update(scope=scope, person=staff, full_name="Ann Leigh", email="ann@example.org")
    assert (reload(staff).full_name, reload(staff).email) == ("Ann Leigh", "ann@example.org")
    services_people.person_update(scope=scope, person=rowan_admin, job_title="Home administrator")
    assert reload(rowan_admin).job_title == "Home administrator"


def test_and_people_they_added_who_have_no_role_yet(org, services, rowan_admin, client):
    scope = scope_of(org, rowan_admin)
    new = services_people.person_create(scope=scope, full_name="Bo Green")
    services_people.person_update(scope=scope, person=new, phone="01632 960 333")
    assert reload(new).phone == "01632 960 333"
    # They find the person to give them a role, as the page that added them asks.
    client.force_login(rowan_admin.user)
    assert client.get(reverse("organisations:role-add", args=[new.id])).status_code == 200
    assert client.get(reverse("organisations:person-edit", args=[new.id])).status_code == 200


@pytest.mark.parametrize("elsewhere", ["another service", "rowan and another", "all services"])
def test_people_with_a_role_beyond_their_services_are_read_only_to_them(org, services, rowan_admin, elsewhere):
    scope = scope_of(org, rowan_admin)
    if elsewhere == "all services":
        other = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Cy Hall")
    else:
        covers = [services[1]] if elsewhere == "another service" else [services[0], services[1]]
        other = person_with_role(org, Role.SERVICE_MANAGER, services=covers, full_name="Cy Hall")
    email = other.email
    with pytest.raises(PermissionDenied):
        services_people.person_update(scope=scope, person=other, full_name="Someone Else", email="taken@example.org")
    with pytest.raises(ValidationError):
        services_people.person_archive(scope=scope, person=other)
    other = reload(other)
    assert (other.full_name, other.email, other.archived_at) == ("Cy Hall", email, None)
    assert not AuditEvent.objects.for_org(org).filter(object_type="organisations.person").exists()


def test_an_administrator_of_every_service_changes_anyone(org, services, admin_scope):
    other = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]], full_name="Di Ross")
    services_people.person_update(scope=admin_scope, person=other, full_name="Diana Ross")
    assert reload(other).full_name == "Diana Ross"


def test_the_person_page_offers_changes_only_where_they_would_be_accepted(
    client, org, services, rowan_admin, admin_scope
):
    mixed = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]], full_name="Ed Moss")
    # Given a role at Rowan House too, by an administrator who can find them (ADR 0002).
    here = services_people.role_assign(scope=admin_scope, person=mixed, role=Role.STAFF, services=[services[0]])
    client.force_login(rowan_admin.user)
    page = client.get(reverse("organisations:person-detail", args=[mixed.id])).content.decode()
    assert reverse("organisations:person-edit", args=[mixed.id]) not in page
    assert reverse("organisations:person-archive", args=[mixed.id]) not in page
    assert "Ed Moss has roles at services you do not manage" in page
    # Their own role there can still be ended; the one at Beech Court cannot.
    assert reverse("organisations:role-remove", args=[mixed.id, here.id]) in page
    [beech] = [a for a in mixed.role_assignments.all() if a.id != here.id]
    assert reverse("organisations:role-remove", args=[mixed.id, beech.id]) not in page
    # Followed anyway, the change page and the form are refused.
    edit = reverse("organisations:person-edit", args=[mixed.id])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"full_name": "Renamed"}).status_code == 403
    assert reload(mixed).full_name == "Ed Moss"

    own = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Fay Khan")
    page = client.get(reverse("organisations:person-detail", args=[own.id])).content.decode()
    assert reverse("organisations:person-edit", args=[own.id]) in page
    assert reverse("organisations:person-archive", args=[own.id]) in page
    assert "services you do not manage" not in page


def test_a_link_to_change_someone_they_see_only_as_a_manager_says_why_it_is_refused(client, org, services, rowan_admin):
    # Administrator at Rowan House and manager at Beech Court: they see Beech Court's people, and a
    # link to change one (an old bookmark, a colleague's link) is refused, not "Page not found".
    services_people.role_assign(
        scope=scope_of(org, person_with_role(org, Role.ADMINISTRATOR, all_services=True)),
        person=rowan_admin,
        role=Role.SERVICE_MANAGER,
        services=[services[1]],
    )
    beech = person_with_role(org, Role.STAFF, services=[services[1]], full_name="Ida Bell")
    client.force_login(rowan_admin.user)
    assert client.get(reverse("organisations:person-detail", args=[beech.id])).status_code == 200
    edit = reverse("organisations:person-edit", args=[beech.id])
    for response in (client.get(edit), client.post(edit, {"full_name": "Renamed"})):
        assert response.status_code == 403
        assert "<title>You cannot see this page" in response.content.decode()
    assert reload(beech).full_name == "Ida Bell"
    # Someone they cannot see at all is still not found.
    hidden = person_with_role(org, Role.STAFF, services=[services[2]], full_name="Jo Pike")
    assert client.get(reverse("organisations:person-edit", args=[hidden.id])).status_code == 404


def test_the_api_refuses_the_same_change(client, org, services, rowan_admin):
    from accounts.services import api_token_create

    token = api_token_create(scope=scope_of(org, rowan_admin), name="tests")[1]
    other = person_with_role(org, Role.STAFF, services=[services[0], services[1]], full_name="Gil Ward")
    response = api_call(client, "patch", f"/api/people/{other.id}", token, {"full_name": "Renamed"})
    assert response.status_code == 403
    assert reload(other).full_name == "Gil Ward"
    own = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Hal Ng")
    assert api_call(client, "patch", f"/api/people/{own.id}", token, {"full_name": "Hal Ngo"}).status_code == 200


def test_the_role_page_offers_an_administrator_of_some_services_only_their_services(client, org, services, rowan_admin):
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Ann Lee")
    url = reverse("organisations:role-add", args=[staff.pk])
    client.force_login(rowan_admin.user)
    page = client.get(url).content.decode()
    # "All services" would always be refused for them, so it is not offered.
    assert "Covers all services" not in page and 'name="all_services"' not in page
    assert "The services it covers" in page and services[0].name in page
    refused = client.post(url, {"role": Role.QUALITY_LEAD})
    assert refused.status_code == 200 and "Choose the services this role covers" in refused.content.decode()
    assert "or all services" not in refused.content.decode()
    saved = client.post(url, {"role": Role.QUALITY_LEAD, "services": [services[0].pk]})
    assert saved.status_code == 302
    assert staff.role_assignments.get(role=Role.QUALITY_LEAD).services.get() == services[0]
    # An administrator of every service is still offered it.
    client.force_login(person_with_role(org, Role.ADMINISTRATOR, all_services=True).user)
    assert 'name="all_services"' in client.get(url).content.decode()


def found_by(client, person, login, token):
    """Where ``login`` finds ``person``: the people list, a search, the person's page, the API's list
    and record, the audit log and its export."""
    client.force_login(login.user)
    surname = person.full_name.split()[-1]
    export = client.get(reverse("organisations:audit-log-export"))
    return {
        "list": person.full_name in client.get(reverse("organisations:person-list")).content.decode(),
        "search": person.full_name in client.get(reverse("organisations:person-list"), {"q": surname}).content.decode(),
        "page": client.get(reverse("organisations:person-detail", args=[person.id])).status_code == 200,
        "api list": person.full_name in api_call(client, "get", "/api/people", token).content.decode(),
        "api record": api_call(client, "get", f"/api/people/{person.id}", token).status_code == 200,
        "audit log": person.full_name in client.get(reverse("organisations:audit-log")).content.decode(),
        "export": person.full_name in b"".join(export.streaming_content).decode(),
    }


def test_someone_with_no_role_yet_is_found_only_by_who_added_them_and_administrators_of_every_service(
    client, org, services, rowan_admin, admin_scope
):
    """Adding someone does not say where they work, so until they have a role they are the whole
    organisation's: an administrator of another home does not find them anywhere. The administrator
    of some services who added them finds them, to give them a role."""
    from accounts.services import api_token_create

    beech_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]], full_name="Beech Admin")
    everyone = admin_scope.person
    tokens = {p.pk: api_token_create(scope=scope_of(org, p), name="tests")[1] for p in (rowan_admin, beech_admin)}
    tokens[everyone.pk] = api_token_create(scope=admin_scope, name="tests")[1]
    by_rowan = services_people.person_create(
        scope=scope_of(org, rowan_admin), full_name="Bo Green", email="bo@example.org"
    )
    by_everyone = services_people.person_create(scope=admin_scope, full_name="Cat Green", email="cat@example.org")

    def found(person, login):
        return found_by(client, person, login, tokens[login.pk])

    nowhere = dict.fromkeys(found(by_rowan, everyone), False)
    everywhere = dict.fromkeys(nowhere, True)
    assert found(by_rowan, beech_admin) == nowhere
    assert found(by_everyone, beech_admin) == nowhere
    assert found(by_everyone, rowan_admin) == nowhere
    assert found(by_rowan, rowan_admin) == everywhere
    assert found(by_rowan, everyone) == found(by_everyone, everyone) == everywhere
    # Nor can another home's administrator change them or give them a role there.
    beech = scope_of(org, beech_admin)
    with pytest.raises(PermissionDenied):
        services_people.person_update(scope=beech, person=by_rowan, email="someone.else@example.org")
    with pytest.raises(Person.DoesNotExist):
        services_people.role_assign(scope=beech, person=by_rowan, role=Role.STAFF, services=[services[1]])
    assert reload(by_rowan).email == "bo@example.org" and not by_rowan.role_assignments.exists()


def test_who_ends_someones_last_role_still_finds_them_to_give_another(client, org, services, rowan_admin, admin_scope):
    """Ending someone's last role leaves them the whole organisation's. The administrator of some
    services who ended it still finds them, as the one who added them would, to give them another
    role; nobody else at some services does, and only the latest ending counts."""
    from accounts.services import api_token_create

    beech_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]], full_name="Beech Admin")
    tokens = {p.pk: api_token_create(scope=scope_of(org, p), name="tests")[1] for p in (rowan_admin, beech_admin)}
    leaver = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Dee Moss")
    services_people.role_remove(scope=scope_of(org, rowan_admin), assignment=leaver.role_assignments.get())

    def found(login):
        return found_by(client, leaver, login, tokens[login.pk])

    assert set(found(rowan_admin).values()) == {True}
    assert not any(found(beech_admin).values())
    client.force_login(rowan_admin.user)
    assert client.get(reverse("organisations:role-add", args=[leaver.id])).status_code == 200
    services_people.role_assign(
        scope=scope_of(org, rowan_admin), person=leaver, role=Role.STAFF, services=[services[0]]
    )

    # Moved to Beech Court by someone over every service, then ended there by its administrator:
    # now it is Beech Court's administrator who finds them, not Rowan House's.
    services_people.role_remove(scope=scope_of(org, rowan_admin), assignment=leaver.role_assignments.get())
    services_people.role_assign(scope=admin_scope, person=leaver, role=Role.STAFF, services=[services[1]])
    services_people.role_remove(scope=scope_of(org, beech_admin), assignment=leaver.role_assignments.get())
    # (Rowan House's audit log still names them in the events that happened there.)
    assert found(rowan_admin) == {**dict.fromkeys(found(rowan_admin), False), "audit log": True, "export": True}
    assert set(found(beech_admin).values()) == {True}


@pytest.mark.parametrize("who", ["every service", "some services"])
def test_nobody_is_offered_archiving_themselves_and_a_forced_request_is_refused(
    client, org, services, admin_scope, rowan_admin, who
):
    me = admin_scope.person if who == "every service" else rowan_admin
    colleague = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Jo Marsh")
    client.force_login(me.user)
    own = client.get(reverse("organisations:person-detail", args=[me.id])).content.decode()
    assert reverse("organisations:person-archive", args=[me.id]) not in own
    assert f"Archive {me.full_name}" not in own
    # A colleague they may archive is still offered it.
    theirs = client.get(reverse("organisations:person-detail", args=[colleague.id])).content.decode()
    assert reverse("organisations:person-archive", args=[colleague.id]) in theirs
    # Sent anyway, the request is refused with the reason, and nothing changes.
    refused = client.post(reverse("organisations:person-archive", args=[me.id]), follow=True)
    assert "You cannot archive yourself." in refused.content.decode()
    assert reload(me).archived_at is None and me.role_assignments.exists()


def test_someone_added_through_the_api_is_found_by_who_added_them_to_give_a_role(client, org, services, rowan_admin):
    from accounts.services import api_token_create

    token = api_token_create(scope=scope_of(org, rowan_admin), name="tests")[1]
    beech_admin = person_with_role(org, Role.ADMINISTRATOR, services=[services[1]])
    beech_token = api_token_create(scope=scope_of(org, beech_admin), name="tests")[1]
    added = api_call(client, "post", "/api/people", token, {"full_name": "Di Fox"})
    assert added.status_code == 201 and added.json()["roles"] == []
    record = f"/api/people/{added.json()['id']}"
    assert api_call(client, "get", record, token).status_code == 200
    assert api_call(client, "get", record, beech_token).status_code == 404
    assert "Di Fox" not in api_call(client, "get", "/api/people", beech_token).content.decode()
    role = api_call(client, "post", f"{record}/roles", token, {"role": "staff", "service_ids": [services[0].id]})
    assert role.status_code == 201
