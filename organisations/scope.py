"""Who is acting, for which organisation, over which services.

The scope is built once per request from the login and the organisation chosen in the
session. Without a scope there is nothing to read: every selector takes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied

from organisations.models import Organisation, Person, RoleAssignment, Service
from organisations.roles import Role

SESSION_ORG = "heard_organisation_id"
SESSION_SERVICE = "heard_service_id"


ANYWHERE = object()  # for `Scope.may`: a role held at any service will do


@dataclass(frozen=True)
class Grant:
    """One role assignment: a role over some services (or all of them)."""

    role: str
    all_services: bool
    service_ids: frozenset[int]

    def covers(self, service_id: int | None) -> bool:
        # A record with no service belongs to the whole organisation: only a role over every
        # service reaches it.
        return self.all_services or (service_id is not None and service_id in self.service_ids)


@dataclass(frozen=True)
class Scope:
    user: object | None
    organisation: Organisation
    person: Person | None
    roles: frozenset[str]
    all_services: bool
    service_ids: frozenset[int] = field(default_factory=frozenset)
    current_service_id: int | None = None
    # Each role with the services it covers. A person may manage one service and be staff at
    # another; permissions are then checked against the role held where the record is. Empty for
    # system scopes, whose roles cover all their services.
    grants: tuple[Grant, ...] = ()

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

    @property
    def plain_words(self) -> bool:
        """Whether pages speak to this person in plain words only, without the terms staff use
        among themselves (a loop, stalled): a co-production partner is a person who uses the
        services, or a family carer or advocate, not a member of staff (ADR 0009)."""
        return Role.PARTNER in self.roles

    def _grants(self) -> tuple[Grant, ...]:
        if self.grants:
            return self.grants
        return tuple(Grant(role, self.all_services, self.service_ids) for role in sorted(self.roles))

    def may(self, roles: frozenset[str], service_id=ANYWHERE) -> bool:
        """Whether the person holds one of ``roles``: anywhere, or over ``service_id`` (``None``
        for a record of the whole organisation)."""
        return any(
            grant.role in roles and (service_id is ANYWHERE or grant.covers(service_id)) for grant in self._grants()
        )

    def within(self, roles: frozenset[str]) -> Scope | None:
        """The part of this scope where one of ``roles`` is held: those roles over the services
        they cover. ``None`` if none of them is held. Selectors and services given this scope read
        and change only records at services where the permission's role applies."""
        grants = tuple(grant for grant in self._grants() if grant.role in roles)
        if not grants:
            return None
        if not self.grants:
            return replace(self, roles=frozenset(grant.role for grant in grants))
        current = self.current_service_id
        if current is not None and not any(grant.covers(current) for grant in grants):
            # The service being looked at is not one where this permission applies: the work is
            # over the services where it does (the page says which), not over nothing.
            current = None
        return replace(self, **_held(grants), current_service_id=current)


def scope_for(*, user, organisation: Organisation, current_service_id: int | None = None) -> Scope | None:
    """The scope of a login in an organisation, or None if it holds no role there (fail closed)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    person = Person.objects.for_org(organisation).filter(user=user, archived_at__isnull=True).first()
    if person is None:
        return None
    scope = scope_of_person(person, user=user, organisation=organisation)
    if scope is None:
        return None
    if (
        current_service_id is not None
        and scope.covers_service(current_service_id)
        and Service.objects.for_scope(scope).filter(id=current_service_id).exists()
    ):
        scope = replace(scope, current_service_id=current_service_id)
    return scope


def scope_of_person(person: Person, *, user=None, organisation: Organisation | None = None) -> Scope | None:
    """A person's scope from their role assignments, or None if they hold no role."""
    organisation = organisation or person.organisation
    assignments = list(RoleAssignment.objects.for_org(organisation).filter(person=person).prefetch_related("services"))
    if not assignments:
        return None
    grants = tuple(
        Grant(
            role=a.role,
            all_services=a.all_services,
            service_ids=frozenset(s.id for s in a.services.all() if s.organisation_id == organisation.id),
        )
        for a in assignments
    )
    return Scope(user=user, organisation=organisation, person=person, **_held(grants))


def _held(grants: tuple[Grant, ...]) -> dict:
    """A scope's roles and services, from its grants (one place, so the two always agree)."""
    return {
        "roles": frozenset(grant.role for grant in grants),
        "all_services": any(grant.all_services for grant in grants),
        "service_ids": frozenset(i for grant in grants for i in grant.service_ids),
        "grants": grants,
    }


def allowed(scope: Scope | None, roles: frozenset[str], service_id=ANYWHERE) -> bool:
    """For the rules modules: whether the scope holds one of ``roles`` (over ``service_id``)."""
    return scope is not None and scope.may(roles, service_id)


def may_start(scope: Scope | None, roles: frozenset[str], service_id: int | None = None) -> bool:
    """For the rules modules: whether a button that starts something new (record feedback, add a
    meeting) leads somewhere it can be started. The pages it leads to work over the open services
    where one of ``roles`` is held (``require_roles``, then the services they offer), so: when the
    list shows one service (``service_id``: its filter or the service switcher), the role must be
    held there, so the button never leads from one service to a form for others; otherwise, over
    all services or over at least one open service."""
    if scope is None:
        return False
    if service_id is not None:
        return scope.may(roles, service_id)
    narrowed = scope.within(roles)
    if narrowed is None:
        return False
    return narrowed.all_services or Service.objects.for_scope(narrowed).filter(archived_at__isnull=True).exists()


def require_roles(scope: Scope | None, roles: frozenset[str], permission: str) -> Scope:
    """For the rules modules: the part of the scope where one of ``roles`` is held, or
    PermissionDenied. Callers go on with the scope returned, so what they read and change is
    limited to the services where the permission applies."""
    narrowed = None if scope is None else scope.within(roles)
    if narrowed is None:
        raise PermissionDenied(f"Your role does not allow this ({permission}).")
    return narrowed


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
