"""Reads. Every one starts from the scope, so nothing outside it can be found."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from core.models import AuditEvent
from organisations.models import Organisation, Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.rules import Perm, has_perm, require
from organisations.scope import Scope


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(user)


def service_list(*, scope: Scope, include_archived: bool = False) -> QuerySet[Service]:
    scope = require(scope, Perm.VIEW_SERVICES)
    qs = Service.objects.for_scope(scope)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.order_by("name")


def service_get(*, scope: Scope, service_id: int) -> Service:
    """The service, or Service.DoesNotExist if it is not within the scope (shown as 404)."""
    return service_list(scope=scope, include_archived=True).get(id=service_id)


def _role_prefetch(scope: Scope) -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.for_org(scope.organisation).prefetch_related(
            Prefetch("services", queryset=Service.objects.for_org(scope.organisation).order_by("name"))
        ),
    )


def person_list(*, scope: Scope, search: str = "", include_archived: bool = False) -> QuerySet[Person]:
    scope = require(scope, Perm.VIEW_PEOPLE)
    qs = Person.objects.for_org(scope.organisation)
    if not scope.all_services:
        # A person is visible to a manager if one of their roles covers a service the manager covers.
        visible = Q(role_assignments__all_services=True) | Q(role_assignments__services__in=scope.service_ids)
        if has_perm(scope, Perm.MANAGE_PEOPLE):
            # Someone an administrator has added and not yet given a role: theirs to give one to.
            visible |= Q(role_assignments__isnull=True, archived_at__isnull=True)
        qs = qs.filter(visible).distinct()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search) | Q(job_title__icontains=search))
    return qs.select_related("user").prefetch_related(_role_prefetch(scope)).order_by("full_name")


def person_get(*, scope: Scope, person_id: int) -> Person:
    return person_list(scope=scope, include_archived=True).get(id=person_id)


def role_assignment_list(*, scope: Scope) -> QuerySet[RoleAssignment]:
    scope = require(scope, Perm.VIEW_PEOPLE)
    visible = person_list(scope=scope, include_archived=True).values("id")
    return (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(person_id__in=visible)
        .select_related("person")
        .prefetch_related(Prefetch("services", queryset=Service.objects.for_org(scope.organisation)))
        .order_by("person__full_name", "role")
    )


def _audit_events(scope: Scope) -> QuerySet[AuditEvent]:
    """The events the scope may read (ADR 0002, addendum). An administrator of every service reads
    them all. An administrator of some services reads events about one of their services, events
    about people whose every role lies within their services (or who have no role yet), and what
    they did themselves. Events about the whole organisation, or about a service or person beyond
    theirs, are not shown: an event that does not say what it is about counts as the whole
    organisation's."""
    scope = require(scope, Perm.VIEW_AUDIT_LOG)
    qs = AuditEvent.objects.for_org(scope.organisation)
    if scope.all_services:
        return qs
    elsewhere = Service.objects.for_org(scope.organisation).exclude(id__in=scope.service_ids)
    theirs = (
        Person.objects.for_org(scope.organisation)
        .filter(archived_at__isnull=True)
        .exclude(role_assignments__all_services=True)
        .exclude(role_assignments__services__in=elsewhere)
    )
    visible = Q(service_id__in=scope.service_ids) | Q(person__in=theirs)
    if scope.user is not None:
        visible |= Q(actor=scope.user)
    return qs.filter(visible)


def audit_event_list(
    *,
    scope: Scope,
    verb: str = "",
    actor_id: int | None = None,
    object_type: str = "",
    since=None,
    until=None,
) -> QuerySet[AuditEvent]:
    qs = _audit_events(scope)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def audit_actor_choices(*, scope: Scope) -> list[tuple[int, str]]:
    rows = (
        _audit_events(scope)
        .exclude(actor__isnull=True)
        .values_list("actor_id", "actor_label")
        .distinct()
        .order_by("actor_label")
    )
    seen: dict[int, str] = {}
    for actor_id, label in rows:
        seen.setdefault(actor_id, label)
    return sorted(seen.items(), key=lambda item: item[1])


def partners_among(*, organisation, people) -> set[int]:
    """The ids of those people who are co-production partners: people who use services, family
    carers or advocates. What a ledger or an audit records as lived experience."""
    return set(
        RoleAssignment.objects.for_org(organisation)
        .filter(person__in=people, role=Role.PARTNER)
        .values_list("person_id", flat=True)
    )
