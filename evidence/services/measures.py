"""Performance measures and their monthly readings; a month's figure is corrected, never edited
(ADR 0017, ADR 0019)."""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction

from core import clock
from core.audit import audit_record
from evidence.models import MeasureReading, PerformanceMeasure
from evidence.rules import Perm, require
from evidence.services._common import _open_service, _service_problem
from governance.services._common import _acting_person, _now, _raise, _text
from organisations.scope import Scope
from themes.coding.selectors import current_theme_codes, primary_framework


@transaction.atomic
def measure_create(
    *,
    scope: Scope,
    name: str,
    category: str,
    unit: str = "",
    lower_is_better: bool = True,
    theme_code: str = "",
    now: dt.datetime | None = None,
) -> PerformanceMeasure:
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    errors: dict[str, list[str]] = {}
    name = _text(name, "name", "Enter the measure's name.", errors)[:200]
    if category not in ("processes", "outcomes"):
        errors["category"] = ["Choose processes or outcomes."]
    theme_code = (theme_code or "").strip()
    if theme_code and theme_code not in current_theme_codes(scope=scope):
        errors["theme_code"] = ["Choose a theme of the framework in use."]
    if name and PerformanceMeasure.objects.for_org(scope.organisation).filter(name=name).exists():
        errors.setdefault("name", []).append("There is already a measure with this name.")
    _raise(errors)
    measure = PerformanceMeasure.objects.create(
        organisation=scope.organisation,
        name=name,
        unit=(unit or "").strip()[:100],
        lower_is_better=lower_is_better,
        category=category,
        theme_code=theme_code,
        theme_framework=primary_framework(scope=scope) if theme_code else None,
        created_by=_acting_person(scope),
        created_at=at,
    )
    audit_record(
        scope=scope, verb="evidence.measure.create", obj=measure, at=at, changes={"name": {"from": None, "to": name}}
    )
    return measure


@transaction.atomic
def reading_record(
    *,
    scope: Scope,
    measure_id: int,
    service_id: int | None,
    month: dt.date | None,
    value: float | None,
    correction: str = "",
    now: dt.datetime | None = None,
) -> MeasureReading:
    """A month's figure. If the month already has one, the new figure replaces it only with the reason
    it was wrong (`correction`); the earlier figure is kept."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    # Locked, so two people correcting the same month one after the other each see the figure before.
    measure = PerformanceMeasure.objects.for_scope(scope).select_for_update().get(pk=measure_id)
    errors: dict[str, list[str]] = {}
    # Locked, so that a service archived at the same moment is seen closed here, or waits for this.
    service = _open_service(scope, service_id)
    if problem := _service_problem(scope, service, named=bool(service_id)):
        errors["service"] = [problem]
    if month is None:
        errors["month"] = ["Enter the month the figure is for."]
    else:
        month = month.replace(day=1)
        if month > clock.day_of(at):
            errors["month"] = ["The month cannot be in the future."]
    if value is None:
        errors["value"] = ["Enter the figure."]
    elif not math.isfinite(value):
        # What a rate becomes when its denominator was zero (no bed days, no staff in post).
        errors["value"] = [
            "Enter the figure as a number, such as 4.2. A month with nothing to divide by (no bed days, "
            "say) has no figure: leave the month out."
        ]
    correction = (correction or "").strip()
    current = None
    if not errors:
        current = (
            MeasureReading.objects.for_org(scope.organisation)
            .filter(measure=measure, service=service, month=month, replaced_by__isnull=True)
            .first()
        )
        if current is not None and not correction:
            errors["correction"] = [
                f"{measure.name} for {service.name} in {month:%B %Y} is already recorded "
                f"({current.value:g}): to correct it, say why that figure was wrong."
            ]
        elif current is None and correction:
            errors["correction"] = [f"There is no figure for {month:%B %Y} to correct: leave this empty."]
    _raise(errors)
    reading = MeasureReading.objects.create(
        organisation=scope.organisation,
        measure=measure,
        service=service,
        month=month,
        value=value,
        replaces=current,
        correction=correction[:10_000],
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    audit_record(
        scope=scope,
        verb="evidence.measure.reading",
        obj=measure,
        at=at,
        changes={
            "service": {"from": None, "to": service.name},
            "month": {"from": None, "to": month.isoformat()},
            "value": {"from": current.value if current else None, "to": value},
        },
    )
    return reading
