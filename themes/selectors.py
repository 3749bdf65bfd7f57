"""Reads for urgent flags, always from the acting scope."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from organisations.models import Organisation, Person, RoleAssignment
from organisations.scope import Scope
from themes.models import FlagStatus, UrgentFlag, UrgentFlagAction
from themes.rules import Perm, has_perm, is_safeguarding_lead, require


def urgent_flags_visible(*, scope: Scope) -> QuerySet[UrgentFlag]:
    """Flags this person may see: every flag for the safeguarding lead, else those of their services."""
    require(scope, Perm.VIEW_URGENT)
    if is_safeguarding_lead(scope):
        return UrgentFlag.objects.for_org(scope.organisation)
    return UrgentFlag.objects.for_scope(scope)


def urgent_queue(*, scope: Scope) -> QuerySet[UrgentFlag]:
    """Open flags first, oldest first; then closed ones, most recent first."""
    return (
        urgent_flags_visible(scope=scope)
        .select_related("comment__feedback__service")
        .annotate(
            _open_first=Case(When(status=FlagStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("_open_first", "detected_at", "id")
    )


def urgent_open_count(*, scope: Scope) -> int | None:
    """How many flags are open, in one COUNT query; None for someone who may not see flags."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return None
    return urgent_flags_visible(scope=scope).filter(status=FlagStatus.OPEN).count()


def urgent_flag_get(*, scope: Scope, flag_id: int) -> UrgentFlag:
    actions = UrgentFlagAction.objects.for_org(scope.organisation).select_related("who").order_by("at", "id")
    return (
        urgent_flags_visible(scope=scope)
        .select_related("comment__feedback__service", "raised_by")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .get(pk=flag_id)
    )


def urgent_flags_for_feedback(*, scope: Scope, feedback_id: int) -> list[UrgentFlag]:
    """The flags on one piece of feedback, for those who may see them; nothing for anyone else."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return []
    return list(urgent_flags_visible(scope=scope).filter(comment__feedback_id=feedback_id).order_by("detected_at"))


def safeguarding_lead_candidates(*, organisation: Organisation) -> QuerySet[Person]:
    """People who can be the safeguarding lead: current, with an active login, holding a role here."""
    with_role = RoleAssignment.objects.for_org(organisation).values("person_id")
    return (
        Person.objects.for_org(organisation)
        .filter(archived_at__isnull=True, user__isnull=False, user__is_active=True, pk__in=with_role)
        .order_by("full_name")
    )


def safeguarding_lead(*, scope: Scope) -> Person | None:
    lead_id = scope.organisation.safeguarding_lead_id
    if lead_id is None:
        return None
    return Person.objects.for_org(scope.organisation).filter(pk=lead_id).first()
