import pytest

from core.tenancy import UnscopedQueryError
from organisations.models import Person, Service
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory


def test_a_tenant_query_without_an_organisation_refuses_to_run(services):
    qs = Service.objects.filter(name="Rowan House")
    for run in (
        list,
        lambda q: q.count(),
        lambda q: q.exists(),
        lambda q: q.first(),
        lambda q: q.update(name="x"),
        lambda q: list(q.values_list("id")),
        lambda q: q.delete(),
        lambda q: next(q.iterator()),
    ):
        with pytest.raises(UnscopedQueryError):
            run(qs)


def test_for_org_returns_only_that_organisations_rows(org, other_org, services):
    ServiceFactory(organisation=other_org, name="Rowan House")
    found = list(Service.objects.for_org(org).filter(name="Rowan House"))
    assert [s.organisation_id for s in found] == [org.id]


def test_for_org_refuses_no_organisation(services):
    with pytest.raises(UnscopedQueryError):
        Service.objects.for_org(None)


def test_for_scope_limits_to_the_services_a_person_covers(org, services, make_scope):
    scope = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    assert list(Service.objects.for_scope(scope)) == [services[0]]


def test_scope_survives_chaining(org, services):
    qs = Service.objects.for_org(org).filter(name__startswith="R").exclude(name="x").order_by("name")
    assert [s.name for s in qs] == ["Rowan House"]


def test_related_managers_are_scoped_by_the_object_they_hang_from(org, services, make_scope):
    scope = make_scope(Role.SERVICE_MANAGER, services=[services[1]])
    assignment = scope.person.role_assignments.get()
    assert list(assignment.services.all()) == [services[1]]


def test_the_unsafe_path_is_explicit(org, other_org, services):
    ServiceFactory(organisation=other_org)
    assert Service.objects.unscoped_across_organisations().count() == 4
    assert Person.objects.unscoped_across_organisations().count() == 0
