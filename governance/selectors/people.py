"""Who governance work is given to and what the asker may see: people who can lead, verify or chair
for a service, an action lead's managers, a service in scope, and whether feedback may be shown.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from governance.models import Action, Meeting
from governance.rules import Perm, require
from organisations.models import Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope
from organisations.signin import SIGNS_IN


def people_for_service(
    *,
    scope: Scope,
    service_id: int | None,
    in_scope: bool = False,
    signs_in: bool = False,
) -> QuerySet[Person]:
    """People who can lead, verify or chair for a service: a current role over it (or over all), a
    commissioner's not counting (`_person_for` says why). (A meeting's attendees and the ledger's
    participants come from `meeting_attendee_choices` and `coproduction_participant_choices`.) With
    `in_scope`, everyone with a role over any service the asker covers (for choosing before the
    service is known). With `signs_in`, only those who can sign in: for a step no one else may take
    for them (an action's lead and verifier, the person a challenge is addressed to), which the
    services refuse anyone else for."""
    scope = require(scope, Perm.VIEW)
    covering = RoleAssignment.objects.for_org(scope.organisation).filter(all_services=True)
    if in_scope and scope.all_services:
        covering = RoleAssignment.objects.for_org(scope.organisation).all()
    elif in_scope:
        covering = RoleAssignment.objects.for_org(scope.organisation).filter(
            Q(all_services=True) | Q(services__id__in=scope.service_ids)
        )
    elif service_id:
        covering = RoleAssignment.objects.for_org(scope.organisation).filter(
            Q(all_services=True) | Q(services__id=service_id)
        )
    covering = covering.exclude(role=Role.COMMISSIONER)
    people = Person.objects.for_org(scope.organisation).filter(
        archived_at__isnull=True, pk__in=covering.values("person_id")
    )
    if signs_in:
        people = people.filter(SIGNS_IN)
    return people.order_by("full_name")


def attendee_roles(*, organisation, service_id: int | None) -> QuerySet[RoleAssignment]:
    """The roles that let someone be recorded as taking part in a meeting about ``service_id``: a role
    at that service or over every service (quality leads, leaders, administrators). For a meeting about
    the whole organisation (``None``), any role: only people who cover every service see such a meeting.

    Who someone is and which service they use is personal data, so a meeting at one service never
    offers the people who use another, nor the staff there. A commissioner counts only for a service
    they commission: they sit in the quality and contract reviews of the services they fund, so their
    presence belongs in those minutes, and their name and job are not about anyone's care; at a
    service they do not commission they have no part, and offering them would say which contracts
    they hold. The attendance service (`meeting_attendance_record`) refuses anyone outside this set."""
    roles = RoleAssignment.objects.for_org(organisation)
    if service_id is None:
        return roles
    return roles.filter(Q(all_services=True) | Q(services__id=service_id))


def meeting_attendee_choices(*, scope: Scope, meeting: Meeting) -> QuerySet[Person]:
    """The people who may be recorded as taking part in ``meeting`` (`attendee_roles` says who)."""
    return _attendee_choices(scope, meeting.service_id)


def coproduction_participant_choices(*, scope: Scope, service_id: int | None) -> QuerySet[Person]:
    """The people who may be named as taking part in a co-production activity about ``service_id``
    (``None``: the whole organisation): the same people as at a meeting there (`attendee_roles` says
    who and why). The ledger's service (`coproduction_record`) refuses anyone else."""
    return _attendee_choices(scope, service_id)


def _attendee_choices(scope: Scope, service_id: int | None) -> QuerySet[Person]:
    scope = require(scope, Perm.VIEW)
    roles = attendee_roles(organisation=scope.organisation, service_id=service_id)
    return (
        Person.objects.for_org(scope.organisation)
        .filter(archived_at__isnull=True, pk__in=roles.values("person_id"))
        .order_by("full_name")
    )


def managers_of(*, organisation, action: Action) -> list[Person]:
    """The lead's manager, as Heard knows it: the service managers of the action's service other than
    the lead; for a whole-organisation action, or a service with no other manager, the quality leads."""
    managers = RoleAssignment.objects.for_org(organisation).filter(role=Role.SERVICE_MANAGER)
    if action.service_id:
        managers = managers.filter(Q(all_services=True) | Q(services__id=action.service_id))
        found = list(
            Person.objects.for_org(organisation)
            .filter(archived_at__isnull=True, pk__in=managers.values("person_id"))
            .exclude(pk=action.lead_id)
            .select_related("user")
        )
        if found:
            return found
    quality = RoleAssignment.objects.for_org(organisation).filter(role=Role.QUALITY_LEAD)
    return list(
        Person.objects.for_org(organisation)
        .filter(archived_at__isnull=True, pk__in=quality.values("person_id"))
        .exclude(pk=action.lead_id)
        .select_related("user")
    )


def service_get(*, scope: Scope, service_id: int) -> Service:
    return Service.objects.for_scope(scope).get(pk=service_id)


def can_see_feedback(scope: Scope) -> bool:
    return has_feedback_perm(scope, FeedbackPerm.VIEW_FEEDBACK)
