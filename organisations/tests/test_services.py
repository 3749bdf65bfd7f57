import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from organisations import services as svc
from organisations import services_people
from organisations.models import Person, RoleAssignment, Service, ServiceType
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import ServiceFactory, person_with_role


def events(org, verb):
    return list(AuditEvent.objects.for_org(org).filter(verb=verb))


def test_adding_a_service_records_who_did_it(org, admin_scope):
    service = svc.service_create(
        scope=admin_scope,
        name=" Oak Lodge ",
        service_type=ServiceType.CARE_HOME,
        cqc_location_id="1-123456789",
        postcode="hg1 2ab",
    )
    assert (service.name, service.postcode, service.organisation) == ("Oak Lodge", "HG1 2AB", org)
    [event] = events(org, "organisations.service.create")
    assert event.actor == admin_scope.user
    assert event.actor_label == admin_scope.person.full_name
    assert event.changes["name"] == {"from": None, "to": "Oak Lodge"}


def test_a_services_phone_number_is_kept_shown_and_checked(client, org, admin_scope):
    """The number people see on the public pages, for when they need to speak to the service now."""
    from django.urls import reverse

    client.force_login(admin_scope.user)
    form = {"name": "Oak Lodge", "service_type": ServiceType.CARE_HOME}
    refused = client.post(reverse("organisations:service-add"), {**form, "phone": "call reception"})
    assert refused.status_code == 200 and "Enter a phone number using numbers and spaces" in refused.content.decode()
    assert not Service.objects.for_org(org).exists()

    assert client.post(reverse("organisations:service-add"), {**form, "phone": " 01632 960 111 "}).status_code == 302
    service = Service.objects.for_org(org).get()
    assert service.phone == "01632 960 111"
    assert "01632 960 111" in client.get(reverse("organisations:service-detail", args=[service.id])).content.decode()
    svc.service_update(scope=admin_scope, service=service, phone="01632 960 222")
    [event] = events(org, "organisations.service.update")
    assert event.changes["phone"] == {"from": "01632 960 111", "to": "01632 960 222"}


def test_only_administrators_add_services(make_scope, org):
    for role in set(Role) - {Role.ADMINISTRATOR}:
        with pytest.raises(PermissionDenied):
            svc.service_create(scope=make_scope(role), name="X", service_type=ServiceType.CARE_HOME)
    assert Service.objects.for_org(org).count() == 0
    assert events(org, "organisations.service.create") == []


def test_an_administrator_of_some_services_adds_none_and_is_not_offered_to(client, org, services):
    """A service they added would be outside their own role: they could not see it afterwards."""
    some = person_with_role(org, Role.ADMINISTRATOR, services=[services[0]])
    scope = scope_for(user=some.user, organisation=org)
    with pytest.raises(PermissionDenied):
        svc.service_create(scope=scope, name="Oak Lodge", service_type=ServiceType.CARE_HOME)
    client.force_login(some.user)
    assert (
        reverse("organisations:service-add") not in client.get(reverse("organisations:service-list")).content.decode()
    )
    form = {"name": "Oak Lodge", "service_type": ServiceType.CARE_HOME}
    assert client.post(reverse("organisations:service-add"), form).status_code == 403
    assert not Service.objects.for_org(org).filter(name="Oak Lodge").exists()
    # Their own service they still change.
    assert client.get(reverse("organisations:service-edit", args=[services[0].id])).status_code == 200

    every = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(every.user)
    assert reverse("organisations:service-add") in client.get(reverse("organisations:service-list")).content.decode()
    assert client.post(reverse("organisations:service-add"), form).status_code == 302


def test_service_names_are_unique_within_an_organisation_only(org, other_org, admin_scope):
    ServiceFactory(organisation=other_org, name="Oak Lodge")
    svc.service_create(scope=admin_scope, name="Oak Lodge", service_type=ServiceType.CARE_HOME)
    with pytest.raises(ValidationError) as err:
        svc.service_create(scope=admin_scope, name="oak lodge", service_type=ServiceType.CARE_HOME)
    assert "name" in err.value.message_dict


def test_a_cqc_location_id_belongs_to_one_service(admin_scope):
    svc.service_create(scope=admin_scope, name="A", service_type=ServiceType.CARE_HOME, cqc_location_id="1-1111111")
    with pytest.raises(ValidationError) as err:
        svc.service_create(scope=admin_scope, name="B", service_type=ServiceType.CARE_HOME, cqc_location_id="1-1111111")
    assert "cqc_location_id" in err.value.message_dict


def test_updating_a_service_records_what_changed(org, services, admin_scope):
    svc.service_update(scope=admin_scope, service=services[0], name="Rowan House Nursing")
    [event] = events(org, "organisations.service.update")
    assert event.changes == {"name": {"from": "Rowan House", "to": "Rowan House Nursing"}}


def test_a_service_of_another_organisation_cannot_be_changed(other_org, admin_scope):
    theirs = ServiceFactory(organisation=other_org)
    with pytest.raises(Service.DoesNotExist):
        svc.service_update(scope=admin_scope, service=theirs, name="Mine now")
    theirs.refresh_from_db()
    assert theirs.name != "Mine now"


def test_an_unknown_field_is_refused(services, admin_scope):
    with pytest.raises(ValidationError):
        svc.service_update(scope=admin_scope, service=services[0], organisation_id=99)


def test_archiving_keeps_the_service(org, services, admin_scope):
    svc.service_archive(scope=admin_scope, service=services[0])
    assert Service.objects.for_org(org).get(pk=services[0].pk).archived_at is not None
    assert len(events(org, "organisations.service.archive")) == 1


def test_a_person_without_a_login(org, admin_scope):
    person = services_people.person_create(
        scope=admin_scope, full_name="Jean Taylor", communication_needs=["easy_read"]
    )
    assert person.user is None and person.communication_needs == ["easy_read"]
    [event] = events(org, "organisations.person.create")
    assert event.changes["full_name"] == {"from": "(changed)", "to": "(changed)"}
    assert "Jean" not in str(event.changes)


def test_a_person_with_a_login_is_sent_a_link_to_choose_a_password(
    org, admin_scope, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = services_people.person_create(
            scope=admin_scope, full_name="Ann Lee", email="Ann@Example.org", with_login=True
        )
    assert person.user.email == "ann@example.org"
    assert not person.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["ann@example.org"] and "/set-password/" in message.body


def test_a_login_needs_an_email(admin_scope):
    with pytest.raises(ValidationError) as err:
        services_people.person_create(scope=admin_scope, full_name="No Email", with_login=True)
    assert "email" in err.value.message_dict


def test_roles_cover_named_services_or_all(org, services, admin_scope):
    person = services_people.person_create(scope=admin_scope, full_name="Kim")
    assignment = services_people.role_assign(scope=admin_scope, person=person, role=Role.STAFF, services=[services[0]])
    assert list(assignment.services.all()) == [services[0]]
    assignment = services_people.role_assign(scope=admin_scope, person=person, role=Role.STAFF, all_services=True)
    assert assignment.all_services and not assignment.services.exists()
    assert RoleAssignment.objects.for_org(org).filter(person=person).count() == 1
    assert [e.verb for e in AuditEvent.objects.for_org(org).filter(verb__startswith="organisations.role")] == [
        "organisations.role.update",
        "organisations.role.assign",
    ]


def test_a_role_cannot_cover_another_organisations_service(org, other_org, admin_scope):
    person = services_people.person_create(scope=admin_scope, full_name="Kim")
    with pytest.raises(ValidationError):
        services_people.role_assign(
            scope=admin_scope, person=person, role=Role.STAFF, services=[ServiceFactory(organisation=other_org)]
        )


def test_commissioners_are_given_named_services_only(services, admin_scope):
    person = services_people.person_create(scope=admin_scope, full_name="Helen")
    with pytest.raises(ValidationError):
        services_people.role_assign(scope=admin_scope, person=person, role=Role.COMMISSIONER, all_services=True)


def test_the_last_administrator_cannot_be_removed(org, admin_scope):
    [assignment] = admin_scope.person.role_assignments.all()
    with pytest.raises(ValidationError):
        services_people.role_remove(scope=admin_scope, assignment=assignment)
    assert RoleAssignment.objects.for_org(org).filter(pk=assignment.pk).exists()


def test_archiving_a_person_ends_their_roles_and_keeps_them(org, services, admin_scope, make_scope):
    leaver = make_scope(Role.STAFF, services=[services[0]]).person
    services_people.person_archive(scope=admin_scope, person=leaver)
    leaver = Person.objects.for_org(org).get(pk=leaver.pk)
    assert leaver.archived_at is not None and not leaver.role_assignments.exists()
    [event] = events(org, "organisations.person.archive")
    assert event.changes == {"roles": {"from": ["staff"], "to": []}}


def test_an_archived_person_s_record_is_kept_as_it_was(client, org, services, admin_scope, make_scope):
    leaver = make_scope(Role.STAFF, services=[services[0]]).person
    services_people.person_archive(scope=admin_scope, person=leaver)
    with pytest.raises(ValidationError) as refused:
        services_people.person_update(scope=admin_scope, person=leaver, full_name="Someone Else")
    assert refused.value.messages == [
        f"{leaver.full_name} has been archived: their record is kept as it was when they left."
    ]
    assert Person.objects.for_org(org).get(pk=leaver.pk).full_name == leaver.full_name
    assert not events(org, "organisations.person.update")
    # The page that would change them says so rather than offering a form the service refuses.
    client.force_login(admin_scope.user)
    page = client.get(reverse("organisations:person-edit", args=[leaver.id]), follow=True)
    assert page.redirect_chain == [(reverse("organisations:person-detail", args=[leaver.id]), 302)]
    assert "their record is kept as it was" in page.content.decode()


def test_nobody_archives_themselves(org, admin_scope):
    with pytest.raises(ValidationError) as refused:
        services_people.person_archive(scope=admin_scope, person=admin_scope.person)
    assert refused.value.messages == ["You cannot archive yourself."]
    me = Person.objects.for_org(org).get(pk=admin_scope.person.pk)
    assert me.archived_at is None and me.role_assignments.exists()
    assert not events(org, "organisations.person.archive")


def test_a_failed_write_leaves_nothing_behind(org, admin_scope):
    with pytest.raises(ValidationError):
        svc.service_create(scope=admin_scope, name="", service_type="not-a-type")
    assert Service.objects.for_org(org).count() == 0
    assert AuditEvent.objects.for_org(org).count() == 0


def test_a_phone_number_is_checked_in_the_service_layer_too(org, admin_scope):
    """The API and every other caller are held to the form's rule: the number goes on public pages."""
    with pytest.raises(ValidationError) as refused:
        svc.service_create(scope=admin_scope, name="Oak Lodge", service_type=ServiceType.CARE_HOME, phone="ring me")
    assert "Enter a phone number using numbers and spaces" in str(refused.value.message_dict["phone"])
    assert not Service.objects.for_org(org).exists()
    service = svc.service_create(scope=admin_scope, name="Oak Lodge", service_type=ServiceType.CARE_HOME)
    with pytest.raises(ValidationError):
        svc.service_update(scope=admin_scope, service=service, phone="javascript:alert(1)")
    assert Service.objects.for_org(org).get().phone == ""


def test_an_administrator_of_some_services_changes_only_those(org, services, make_scope):
    """A permission counts only where the role granting it is held (ADR 0002): an administrator of
    one home can neither archive another nor give anyone, themselves included, a role over all."""
    admin = make_scope(Role.ADMINISTRATOR, services=[services[0]], all_services=False)
    with pytest.raises(Service.DoesNotExist):
        svc.service_archive(scope=admin, service=services[1])
    with pytest.raises(Service.DoesNotExist):
        svc.service_update(scope=admin, service=services[1], name="Renamed")
    with pytest.raises(ValidationError):
        services_people.role_assign(scope=admin, person=admin.person, role=Role.ADMINISTRATOR, all_services=True)
    with pytest.raises(ValidationError):
        services_people.role_assign(scope=admin, person=admin.person, role=Role.QUALITY_LEAD, services=[services[1]])
    elsewhere = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    [role] = elsewhere.role_assignments.all()
    # Someone at Beech Court alone is not found at Rowan House at all (ADR 0002): not given a role.
    with pytest.raises(Person.DoesNotExist):
        services_people.role_assign(scope=admin, person=elsewhere, role=Role.STAFF, services=[services[0]])
    # Someone who also works at Rowan House is found there, and read-only beyond it.
    partner = RoleAssignment.objects.for_org(org).create(organisation=org, person=elsewhere, role=Role.PARTNER)
    partner.services.set([services[0]])
    with pytest.raises(ValidationError):
        services_people.role_assign(scope=admin, person=elsewhere, role=Role.SERVICE_MANAGER, services=[services[0]])
    with pytest.raises(ValidationError):
        services_people.role_remove(scope=admin, assignment=role)
    with pytest.raises(ValidationError):
        services_people.person_archive(scope=admin, person=elsewhere)
    services[1].refresh_from_db()
    assert services[1].archived_at is None and services[1].name == "Beech Court"
    assert not admin.person.role_assignments.filter(all_services=True).exists()
    assert sorted(elsewhere.role_assignments.values_list("role", flat=True)) == [Role.PARTNER, Role.SERVICE_MANAGER]
    assert [s.id for s in role.services.all()] == [services[1].id]
    # At their own home they still manage services and roles.
    here = services_people.role_assign(scope=admin, person=elsewhere, role=Role.STAFF, services=[services[0]])
    services_people.role_remove(scope=admin, assignment=here)
    svc.service_update(scope=admin, service=services[0], phone="01632 960 111")
