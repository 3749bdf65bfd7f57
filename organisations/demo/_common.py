"""What the demo's parts share: the demo login's password, the organisations' slugs, what a build
returns, and adding a person with a role (and, for some, a login)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from organisations import services_people
from organisations.models import Organisation

DEMO_PASSWORD = "heard-demo-2026"  # noqa: S105 - the public demo login, refused by production settings
DEMO_SLUGS = ("northgate-care", "riverside-support")


@dataclass
class DemoLogin:
    email: str
    name: str
    what: str


@dataclass
class DemoResult:
    organisation: Organisation
    logins: list[DemoLogin] = field(default_factory=list)
    services: int = 0
    people: int = 0


def _login(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, full_name=name)
    user.full_name = name
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _person(scope, *, name, job, role, services_=(), all_services=False, email="", login=False, needs=()):
    person = services_people.person_create(
        scope=scope, full_name=name, job_title=job, email=email, communication_needs=needs
    )
    if login:
        person.user = _login(email, name)
        person.save(update_fields=["user"])
    services_people.role_assign(scope=scope, person=person, role=role, all_services=all_services, services=services_)
    return person
