"""Reads for imports, from the acting scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from feedback.models import Comment, Feedback
from organisations.models import Service
from organisations.scope import Scope

# What a row imported before is compared on, to tell the same row from another with the same key:
# (service id, date, rating).
Stored = tuple[int, dt.date, int | None]


def import_services(*, scope: Scope, include_archived: bool = False) -> QuerySet[Service]:
    """The services feedback can be imported into: the scope's, not archived (with ``include_archived``,
    those that have closed too, to name one chosen before it closed)."""
    services = Service.objects.for_scope(scope)
    if not include_archived:
        services = services.filter(archived_at__isnull=True)
    return services.order_by("name")


def import_service_by_name(*, scope: Scope, name: str) -> Service:
    """One of the scope's services by name, ignoring case. Service.DoesNotExist if there is none."""
    return import_services(scope=scope).get(name__iexact=name.strip())


def import_sources(*, scope: Scope) -> list[str]:
    """The named sources files were imported from into the scope's services, to offer them again."""
    names = (
        Feedback.objects.for_scope(scope)
        .exclude(source_key="")
        .exclude(import_source="")
        .values_list("import_source", flat=True)
        .distinct()
    )
    return sorted(set(names), key=str.casefold)


def import_source_as_stored(*, scope: Scope, name: str) -> str:
    """The source's name as the organisation first stored it when it differs only in case or spaces
    ("meridian " is "Meridian"), so that a source is one source however it is typed; else the name."""
    name = " ".join(name.split())
    if not name:
        return ""
    stored = (
        Feedback.objects.for_org(scope.organisation)
        .exclude(source_key="")
        .filter(import_source__iexact=name)
        .order_by("id")
        .values_list("import_source", flat=True)
        .first()
    )
    return stored or name


def existing_source_keys(*, scope: Scope, source: str, keys: list[str]) -> dict[str, Stored]:
    """Which of these keys the organisation already has from this source, with what each row holds
    (one query)."""
    if not keys:
        return {}
    rows = (
        Feedback.objects.for_org(scope.organisation)
        .filter(import_source=source, source_key__in=keys)
        .values_list("source_key", "service_id", "received_on", "rating")
    )
    return {key: (service_id, received_on, rating) for key, service_id, received_on, rating in rows}


def imported_texts(*, scope: Scope, source: str, keys: list[str]) -> dict[str, tuple[str, ...]]:
    """The comments of the feedback imported from this source under these keys, in order (one query)."""
    if not keys:
        return {}
    found: dict[str, list[str]] = {key: [] for key in keys}
    rows = (
        Comment.objects.for_org(scope.organisation)
        .filter(feedback__import_source=source, feedback__source_key__in=keys)
        .order_by("feedback_id", "position")
        .values_list("feedback__source_key", "text")
    )
    for key, text in rows:
        found[key].append(text)
    return {key: tuple(texts) for key, texts in found.items()}


def other_import_sources(*, scope: Scope, source: str) -> list[str]:
    """The names (as stored) of the other sources files were imported from into the scope's services,
    "" standing for none named. Only the scope's: a match must be at the same service anyway, and a
    source named at other services is not theirs to be told of."""
    names = (
        Feedback.objects.for_scope(scope)
        .exclude(source_key="")
        .exclude(import_source=source)
        .values_list("import_source", flat=True)
        .distinct()
    )
    return sorted(set(names))


def keys_in_other_sources(*, sources: list[str], scope: Scope, keys: list[str]) -> dict[str, list[tuple[str, Stored]]]:
    """Which of these keys the scope's services hold from these other sources, with what each row
    holds (one query; the index on organisation, source and key serves it)."""
    if not keys or not sources:
        return {}
    found: dict[str, list[tuple[str, Stored]]] = {}
    rows = (
        Feedback.objects.for_scope(scope)
        .filter(import_source__in=sources, source_key__in=keys)
        .values_list("source_key", "import_source", "service_id", "received_on", "rating")
    )
    for key, source, service_id, received_on, rating in rows:
        found.setdefault(key, []).append((source, (service_id, received_on, rating)))
    return found
