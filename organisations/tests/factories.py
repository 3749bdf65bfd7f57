import datetime as dt

import factory

from accounts.models import ApiToken, User, hash_token
from accounts.services import api_token_create
from core import clock
from organisations.models import Organisation, Person, RoleAssignment, Service, ServiceType
from organisations.roles import Role
from organisations.scope import scope_for

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


ONE_SERVICE_ROLES = frozenset({Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER, Role.COMMISSIONER})


def api_token_for(organisation, role, services) -> str:
    """A raw API token of a new person holding `role`: over the first service for roles usually
    tied to one, over all services otherwise. Partners cannot create tokens, so theirs is stored
    directly, to prove the API still refuses it."""
    covers = [services[0]] if role in ONE_SERVICE_ROLES else []
    person = person_with_role(organisation, role, services=covers, all_services=not covers)
    if role == Role.PARTNER:
        raw = f"heard_partner{person.id}"
        ApiToken.objects.for_org(organisation).create(
            organisation=organisation,
            user=person.user,
            name="x",
            prefix="x",
            token_hash=hash_token(raw),
            created_at=clock.now(),
            expires_at=clock.now() + dt.timedelta(days=1),
        )
        return raw
    return api_token_create(scope=scope_for(user=person.user, organisation=organisation), name="tests")[1]


def api_call(client, method: str, path: str, token: str, body=None):
    """Call the JSON API as the holder of `token` (a JSON body for writes)."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, data=body, content_type="application/json", **headers)
