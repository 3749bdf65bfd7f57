"""Shared by the coding writes: the version coded with, and rows that supersede rows."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from organisations.scope import Scope
from themes.coding.selectors import primary_version
from themes.models import (
    Framework,
    FrameworkVersion,
)


def _coding_version(*, scope: Scope, framework: Framework) -> FrameworkVersion:
    version = primary_version(scope=scope, framework=framework)
    if version is None:
        raise ValidationError({"framework": f"{framework.name} has no published version to code with."})
    return version


def _replace(old, new, now):
    """Save `new` in place of the current row `old` (if any), recording that it was superseded."""
    if old is None:
        new.save()
    else:
        _replace_all([old], [new], now)
    return new


def _replace_all(old_rows: list, new_rows: list, now, *, ended: Sequence = ()) -> None:
    """``new_rows[i]`` takes the place of the current row ``old_rows[i]``, in a fixed number of queries.

    The old rows stop being current before the new ones are written, because only one row per
    comment (and theme) may be current; then each is pointed at its successor. One new row may take
    the place of several old ones. Rows in `ended` stop being current with no successor.
    """
    stopping = [*old_rows, *ended]
    if not stopping:
        return
    manager = type(stopping[0]).objects.for_org(stopping[0].organisation_id)
    ids = [row.pk for row in stopping]
    stopped = sum(
        manager.filter(pk__in=ids[i : i + 500], superseded_at__isnull=True).update(superseded_at=now)
        for i in range(0, len(ids), 500)
    )
    if stopped != len(ids):
        raise ValidationError("Someone else changed this coding at the same time. Please try again.")
    manager.bulk_create(list({id(row): row for row in new_rows}.values()), batch_size=500)
    for old, new in zip(old_rows, new_rows, strict=True):
        old.superseded_by, old.superseded_at = new, now
    for row in ended:
        row.superseded_at = now
    if old_rows:
        manager.bulk_update(old_rows, ["superseded_by"], batch_size=500)
