import factory

from accounts.models import User
from organisations.models import Organisation, Person, RoleAssignment, Service, ServiceType

PASSWORD = "a-long-test-password"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    service_type = ServiceType.CARE_HOME


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Faker("name", locale="en_GB")


def person_with_role(organisation, role, *, services=(), all_services=False, login=True, **fields) -> Person:
    """A person in the organisation with one role, and a login unless told otherwise."""
    user = UserFactory() if login else None
    person = PersonFactory(organisation=organisation, user=user, **fields)
    assignment = RoleAssignment.objects.for_org(organisation).create(
        organisation=organisation, person=person, role=role, all_services=all_services
    )
    assignment.services.set(services)
    return person
