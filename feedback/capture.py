"""Who feedback can be recorded from, and how to ask each of them for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from feedback.rules import Perm, require
from organisations.models import CommunicationNeed, Person, RoleAssignment
from organisations.roles import Role
from organisations.scope import Scope

# Who gives feedback at a service: the people who use it (and their families and advocates), who are
# its co-production partners, and those who work there. A leader, an administrator or a
# commissioner gives theirs another way: none of them is offered.
GIVER_ROLES = (Role.PARTNER, Role.STAFF, Role.SERVICE_MANAGER)


def people_for_capture(*, scope: Scope) -> QuerySet[Person]:
    """People feedback can be linked to: co-production partners and staff at a service in the scope,
    and, for those who cover every service, people the organisation knows who hold no role (someone
    who uses a service, recorded for their communication needs). Each has ``is_staff``; staff come
    after the others, then by name."""
    scope = require(scope, Perm.RECORD_FEEDBACK)
    assignments = RoleAssignment.objects.for_org(scope.organisation)
    roles = assignments.filter(role__in=GIVER_ROLES)
    if not scope.all_services:
        roles = roles.filter(Q(all_services=True) | Q(services__in=scope.service_ids))
    known = Q(pk__in=roles.values("person_id"))
    if scope.all_services:
        known |= ~Exists(assignments.filter(person=OuterRef("pk")))
    partner = roles.filter(person=OuterRef("pk"), role=Role.PARTNER)
    staff = roles.filter(person=OuterRef("pk")).exclude(role=Role.PARTNER)
    return (
        Person.objects.for_org(scope.organisation)
        .filter(known, archived_at__isnull=True)
        .annotate(is_staff=Exists(staff) & ~Exists(partner))
        .order_by("is_staff", "full_name")
    )


def may_record_from(*, scope: Scope, person_id: int) -> bool:
    """Whether feedback this person records can be linked to ``person_id``: the capture page
    offers them (``people_for_capture``). A link to record feedback from someone shows only then,
    not wherever the reader may record feedback."""
    try:
        return people_for_capture(scope=scope).filter(pk=person_id).exists()
    except PermissionDenied:
        return False


@dataclass(frozen=True)
class FormatOffer:
    """How to ask a person for feedback, from their recorded communication needs."""

    format: str  # "easy_read", "large_print", "assisted" or "standard"
    advice: str


def format_offer(*, person: Person) -> FormatOffer:
    needs = set(person.communication_needs or ())
    name = person.full_name
    if CommunicationNeed.BSL in needs or CommunicationNeed.AUDIO in needs or CommunicationNeed.ASSISTED in needs:
        how = []
        if CommunicationNeed.BSL in needs:
            how.append("with a British Sign Language interpreter")
        if CommunicationNeed.AUDIO in needs:
            how.append("by reading the questions aloud")
        if CommunicationNeed.ASSISTED in needs:
            how.append("with someone they trust to support them")
        return FormatOffer("assisted", f"Ask {name} in person, {' and '.join(how)}, and record it here as assisted.")
    if CommunicationNeed.EASY_READ in needs:
        return FormatOffer("easy_read", f"Offer {name} the easy read form: one question on each page, with pictures.")
    if CommunicationNeed.LARGE_PRINT in needs:
        return FormatOffer(
            "large_print", f"Offer {name} the large print poster or the online form with the text made bigger."
        )
    return FormatOffer("standard", f"{name} has no recorded communication needs: offer the standard form.")
