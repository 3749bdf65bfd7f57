"""Who is acting, for which organisation, over which services.

The scope is built once per request from the login and the organisation chosen in the
session. Without a scope there is nothing to read: every selector takes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from organisations.models import Organisation, Person, RoleAssignment, Service
from organisations.roles import Role

SESSION_ORG = "heard_organisation_id"
SESSION_SERVICE = "heard_service_id"


@dataclass(frozen=True)
class Scope:
    user: object | None
    organisation: Organisation
    person: Person | None
    roles: frozenset[str]
    all_services: bool
    service_ids: frozenset[int] = field(default_factory=frozenset)
    current_service_id: int | None = None

    @property
    def actor_label(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return str(self.user) if self.user is not None else "Heard (system)"

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def covers_service(self, service_id: int) -> bool:
        return self.all_services or service_id in self.service_ids

    @property
    def is_commissioner_only(self) -> bool:
        return self.roles == {Role.COMMISSIONER}


def scope_for(*, user, organisation: Organisation, current_service_id: int | None = None) -> Scope | None:
    """The scope of a login in an organisation, or None if it holds no role there (fail closed)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    person = Person.objects.for_org(organisation).filter(user=user, archived_at__isnull=True).first()
    if person is None:
        return None
    assignments = list(RoleAssignment.objects.for_org(organisation).filter(person=person).prefetch_related("services"))
    if not assignments:
        return None
    all_services = any(a.all_services for a in assignments)
    service_ids = frozenset(s.id for a in assignments for s in a.services.all() if s.organisation_id == organisation.id)
    scope = Scope(
        user=user,
        organisation=organisation,
        person=person,
        roles=frozenset(a.role for a in assignments),
        all_services=all_services,
        service_ids=service_ids,
    )
    if (
        current_service_id is not None
        and scope.covers_service(current_service_id)
        and Service.objects.for_scope(scope).filter(id=current_service_id).exists()
    ):
        scope = Scope(**{**scope.__dict__, "current_service_id": current_service_id})
    return scope


def system_scope(*, organisation: Organisation, label: str = "Heard (system)") -> Scope:
    """For commands and background tasks acting for an organisation as a whole."""
    return _SystemScope(
        user=None,
        organisation=organisation,
        person=None,
        roles=frozenset({Role.ADMINISTRATOR}),
        all_services=True,
        label=label,
    )


@dataclass(frozen=True)
class _SystemScope(Scope):
    label: str = "Heard (system)"

    @property
    def actor_label(self) -> str:
        return self.label


def _scope_from_session(request) -> Scope | None:
    org_id = request.session.get(SESSION_ORG)
    user = request.user
    if not user.is_authenticated:
        return None
    orgs = Organisation.objects.for_user(user)
    organisation = orgs.filter(id=org_id).first() if org_id else None
    if organisation is None:
        only = list(orgs[:2])
        if len(only) != 1:
            return None
        organisation = only[0]
        request.session[SESSION_ORG] = organisation.id
    return scope_for(user=user, organisation=organisation, current_service_id=request.session.get(SESSION_SERVICE))


_UNSET = object()


def current_scope(request) -> Scope | None:
    """The acting scope for this request, worked out once; None if there is none (fail closed)."""
    cached = getattr(request, "_heard_scope", _UNSET)
    if cached is _UNSET:
        cached = _scope_from_session(request)
        request._heard_scope = cached
    return cached
