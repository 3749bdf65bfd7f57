from django.core.management import call_command

from core.models import AuditEvent
from organisations.demo import DEMO_PASSWORD, demo_build
from organisations.models import Organisation, Person, Service
from organisations.roles import Role
from organisations.scope import scope_for


def test_the_demo_has_every_role_and_several_kinds_of_service(db):
    northgate, riverside = demo_build(seed=1)
    org = northgate.organisation
    kinds = set(Service.objects.for_org(org).values_list("service_type", flat=True))
    assert {"care_home", "supported_living", "home_care", "community_mental_health"} <= kinds
    roles = set(Person.objects.for_org(org).values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    assert Person.objects.for_org(org).filter(user=None).exists()  # partners without a login
    assert AuditEvent.objects.for_org(org).filter(verb="organisations.service.create").count() == 6
    for login in northgate.logins + riverside.logins:
        person = Person.objects.unscoped_across_organisations().get(user__email=login.email)
        assert person.user.check_password(DEMO_PASSWORD)
        assert scope_for(user=person.user, organisation=person.organisation) is not None


def test_the_demo_is_the_same_each_time_and_replaces_itself(db):
    first = demo_build(seed=7, extra_services=5, extra_people=10)
    names = sorted(Service.objects.for_org(first[0].organisation).values_list("name", flat=True))
    second = demo_build(seed=7, extra_services=5, extra_people=10)
    assert sorted(Service.objects.for_org(second[0].organisation).values_list("name", flat=True)) == names
    assert Organisation.objects.count() == 2
    assert second[0].services == 11 and second[0].people == 30


def test_the_demo_command_prints_the_logins(db, capsys):
    call_command("demo", "--seed", "3")
    out = capsys.readouterr().out
    assert "priya.shah@northgate.example" in out and DEMO_PASSWORD in out
