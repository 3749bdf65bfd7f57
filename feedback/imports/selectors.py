"""Reads for imports, from the acting scope."""

from __future__ import annotations

from django.db.models import QuerySet

from feedback.models import Feedback
from organisations.models import Service
from organisations.scope import Scope


def import_services(*, scope: Scope) -> QuerySet[Service]:
    """The services feedback can be imported into: the scope's, not archived."""
    return Service.objects.for_scope(scope).filter(archived_at__isnull=True).order_by("name")


def import_service_by_name(*, scope: Scope, name: str) -> Service:
    """One of the scope's services by name, ignoring case. Service.DoesNotExist if there is none."""
    return import_services(scope=scope).get(name__iexact=name.strip())


def existing_source_keys(*, scope: Scope, keys: list[str]) -> set[str]:
    """Which of these source keys the organisation already has (one query)."""
    if not keys:
        return set()
    return set(
        Feedback.objects.for_org(scope.organisation).filter(source_key__in=keys).values_list("source_key", flat=True)
    )
