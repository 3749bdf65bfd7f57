"""What the oversight reads share: the permission they need, and local dates and months."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from organisations.scope import Scope
from reports.rules import RULES, Perm, require


def _require(scope: Scope, personal: bool) -> Scope:
    """The part of the scope the figures may cover; with names and notes from the governance
    record (``personal``), only the services where a role reading the packs is held."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    if not personal:
        return scope
    narrowed = scope.within(RULES[Perm.VIEW_MONTHLY_PACK] | RULES[Perm.VIEW_QUARTERLY_SUMMARY])
    if narrowed is None:
        raise PermissionDenied("Your role does not allow names and notes from the governance record.")
    return narrowed


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else timezone.localtime(value).date()


def _month(value) -> dt.date:
    return dt.date(value.year, value.month, 1)
