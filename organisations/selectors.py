"""Reads. Every one starts from the scope, so nothing outside it can be found."""

from __future__ import annotations

import operator
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.audit_words import AREAS
from core.models import AuditEvent
from organisations.models import Organisation, Person, RetiredFeedbackCode, RoleAssignment, Service
from organisations.roles import Role
from organisations.rules import RULES, Perm, has_perm, not_yours_to_change, require, role_within
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


def feedback_code_taken(*, code: str) -> bool:
    """Whether a service has this short feedback code, or had it until a new link replaced it: a code
    is never given out twice, so an old poster never leads to another service (ADR 0024's addendum).
    Looked for across organisations, as the code alone picks the service."""
    return (
        Service.objects.unscoped_across_organisations().filter(feedback_code=code).exists()
        or RetiredFeedbackCode.objects.unscoped_across_organisations().filter(code=code).exists()
    )


def _role_prefetch(scope: Scope) -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.for_org(scope.organisation).prefetch_related(
            Prefetch("services", queryset=Service.objects.for_org(scope.organisation).order_by("name"))
        ),
    )


# The audit events that record adding a person and ending a role, and who did it
# (``organisations.services_people.person_create`` and ``role_remove``).
PERSON_ADDED = "organisations.person.create"
ROLE_ENDED = "organisations.role.remove"


def _added_by_them(scope: Scope) -> Q:
    """People the acting login added, or whose latest role it ended, as the audit log records it.
    Someone with no role is the whole organisation's (ADR 0002, addendum), except to the
    administrator of some services who added them or ended their last role: they find them to give
    them a role. A login-less scope has added nobody."""
    user = scope.user
    if user is None or user.pk is None:
        return Q(pk__in=[])
    events = AuditEvent.objects.for_org(scope.organisation)
    added = events.filter(verb=PERSON_ADDED, actor=user, person__isnull=False)
    latest_end = events.filter(verb=ROLE_ENDED, person=OuterRef("pk")).order_by("-at", "-id").values("actor")[:1]
    ended = Person.objects.for_org(scope.organisation).annotate(ended_by=Subquery(latest_end)).filter(ended_by=user.pk)
    return Q(pk__in=added.values("person_id")) | Q(pk__in=ended.values("pk"))


def _has_a_role(scope: Scope) -> Exists:
    return Exists(RoleAssignment.objects.for_org(scope.organisation).filter(person=OuterRef("pk")))


def person_list(*, scope: Scope, search: str = "", include_archived: bool = False) -> QuerySet[Person]:
    """The people the scope may see: the one rule behind the people list, its search, a person's page,
    the API and the roles listed with them (ADR 0002, addendum). Over all services, everyone. Over
    some, people with a role at one of them or over all services; and, to an administrator of some
    services, the people with no role whom they added themselves or whose last role they ended, not
    those anyone else did."""
    scope = require(scope, Perm.VIEW_PEOPLE)
    qs = Person.objects.for_org(scope.organisation)
    if not scope.all_services:
        visible = Q(role_assignments__all_services=True) | Q(role_assignments__services__in=scope.service_ids)
        managing = scope.within(RULES[Perm.MANAGE_PEOPLE])
        if managing is not None:
            visible |= ~Q(_has_a_role(scope)) & Q(archived_at__isnull=True) & _added_by_them(managing)
        qs = qs.filter(visible).distinct()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search) | Q(job_title__icontains=search))
    return qs.select_related("user").prefetch_related(_role_prefetch(scope)).order_by("full_name")


def person_get(*, scope: Scope, person_id: int) -> Person:
    return person_list(scope=scope, include_archived=True).get(id=person_id)


def may_see_person(*, scope: Scope | None, person_id: int) -> bool:
    """Whether the scope finds this person (``person_list``): where to go once a change may have
    put them out of reach."""
    try:
        return person_list(scope=scope, include_archived=True).filter(pk=person_id).exists()
    except PermissionDenied:
        return False


def people_they_manage(*, scope: Scope) -> QuerySet[Person]:
    """The people whose details the scope may change and whom it may archive (ADR 0002, addendum).
    An administrator of every service, anyone. One of some services: current people whose every role
    lies within their services, and the people with no role yet whom they added (as ``person_list``
    shows them); not someone with a role elsewhere or over all services, whose details every other
    home shares. The person pages, the services and the audit log all ask this one question."""
    scope = require(scope, Perm.MANAGE_PEOPLE)
    qs = Person.objects.for_org(scope.organisation)
    if scope.all_services:
        return qs
    elsewhere = Service.objects.for_org(scope.organisation).exclude(id__in=scope.service_ids)
    return (
        qs.filter(archived_at__isnull=True)
        .exclude(role_assignments__all_services=True)
        .exclude(role_assignments__services__in=elsewhere)
        .filter(Q(_has_a_role(scope)) | _added_by_them(scope))
    )


def may_manage_person(*, scope: Scope | None, person: Person) -> bool:
    """Whether the scope may change this person's details or archive them (``people_they_manage``)."""
    try:
        return people_they_manage(scope=scope).filter(pk=person.pk).exists()
    except PermissionDenied:
        return False


def archive_refusal(*, scope: Scope | None, person: Person) -> str:
    """Why the scope may not archive this person, or "" if it may. ``person_archive`` refuses with
    this reason, and the person's page offers the archive button only when there is none."""
    if scope is not None and scope.person is not None and person.pk == scope.person.pk:
        return "You cannot archive yourself."
    if not may_manage_person(scope=scope, person=person):
        return not_yours_to_change(person)
    return ""


def is_last_administrator(*, scope: Scope, assignment: RoleAssignment) -> bool:
    """Whether this is the organisation's last administrator role: ``role_remove`` refuses to end
    it, so that someone can still run the organisation."""
    if assignment.role != Role.ADMINISTRATOR:
        return False
    others = (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(role=Role.ADMINISTRATOR, person__archived_at__isnull=True)
        .exclude(pk=assignment.pk)
    )
    return not others.exists()


def roles_they_may_end(*, scope: Scope | None, person: Person) -> set[int]:
    """The ids of the person's roles the scope may end, as ``role_remove`` would: those within the
    services where it manages people (``role_within``), not the organisation's last administrator."""
    if not has_perm(scope, Perm.MANAGE_PEOPLE):
        return set()
    managing = scope.within(RULES[Perm.MANAGE_PEOPLE])
    return {
        a.id
        for a in person.role_assignments.all()
        if role_within(managing, a) and not is_last_administrator(scope=managing, assignment=a)
    }


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
    theirs = people_they_manage(scope=scope)
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
    """Events in the scope, newest first; ``verb`` is one of the filter's areas (``core.audit_words.AREAS``)
    or the start of an event's code."""
    qs = _audit_events(scope)
    if verb:
        starts = AREAS[verb][1] if verb in AREAS else (verb,)
        qs = qs.filter(reduce(operator.or_, (Q(verb__startswith=start) for start in starts)))
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


def is_partner(*, organisation, person_ref: str) -> Exists:
    """``partners_among`` in a query: whether the person at ``person_ref`` (a path to a person id on
    the outer query) is a co-production partner, for lists that ask it of every row at once."""
    return Exists(
        RoleAssignment.objects.for_org(organisation).filter(person_id=OuterRef(person_ref), role=Role.PARTNER)
    )
