"""Evidence records entered one at a time, and their withdrawal or correction (ADR 0017, ADR 0019)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import clock
from core.audit import audit_record
from evidence.models import EvidenceItem, EvidenceWithdrawal, Source
from evidence.rules import Perm, require
from evidence.services._common import _check_item, _open_service, _save
from governance.services._common import _now, _raise, _text, _withdrawal_record
from organisations.scope import Scope
from themes.coding.selectors import current_theme_codes, primary_framework, primary_version, themes_by_code
from themes.models import Framework

REFERENCE_HELD = "Heard already holds an item with this reference."


@dataclass(frozen=True)
class ItemInput:
    service_id: int | None
    kind: str
    occurred_on: dt.date | None
    summary: str
    harm: str = ""
    reference: str = ""
    theme_codes: Sequence[str] = ()
    theme_framework_id: int | None = None  # the framework the codes are of; the main one if not given


def _framework_of(scope: Scope, framework_id: int | None, errors: dict) -> tuple[Framework | None, set[str] | None]:
    """The framework the codes are chosen from and its codes: the main framework unless another of
    the organisation's is named. None for the codes when the framework named is not one of its own."""
    if framework_id is None:
        return primary_framework(scope=scope), current_theme_codes(scope=scope)
    framework = Framework.objects.for_org(scope.organisation).filter(pk=framework_id).first()
    if framework is None:
        errors["theme_framework_id"] = [
            "Not a theme framework of this organisation: name one of its frameworks, or leave this out "
            "for the framework in use."
        ]
        return None, None
    version = primary_version(scope=scope, framework=framework)
    return framework, set(themes_by_code(version=version)) if version is not None else set()


def _checked(scope: Scope, data: ItemInput, at: dt.datetime, errors: dict, *, replacing=None) -> dict:
    """The item's fields, checked; its reference must be new to Heard (or, for a correction, the
    reference of the record it replaces)."""
    service = _open_service(scope, data.service_id)
    framework, known = _framework_of(scope, data.theme_framework_id, errors)
    fields = _check_item(
        scope=scope,
        service=service,
        named=bool(data.service_id),
        kind=data.kind,
        occurred_on=data.occurred_on,
        summary=data.summary,
        harm=data.harm,
        reference=data.reference,
        theme_codes=data.theme_codes,
        known_codes=set(data.theme_codes) if known is None else known,  # no framework, no codes to check
        today=clock.day_of(at),
        errors=errors,
        kept_service_id=replacing.service_id if replacing is not None else None,
        framework_words="the framework in use" if data.theme_framework_id is None else str(framework),
    )
    # The codes are checked against the framework they are of, and are read with it only.
    fields["theme_framework"] = framework if fields["codes"] else None
    same = replacing is not None and (replacing.kind, replacing.reference) == (data.kind, fields["reference"])
    if (
        fields["reference"]
        and not same
        and EvidenceItem.objects.for_org(scope.organisation)
        .filter(kind=data.kind, reference=fields["reference"])
        .exists()
    ):
        errors.setdefault("reference", []).append(REFERENCE_HELD)
    return fields


@transaction.atomic
def item_record(
    *,
    scope: Scope,
    service_id: int | None,
    kind: str,
    occurred_on: dt.date | None,
    summary: str,
    harm: str = "",
    reference: str = "",
    theme_codes: Sequence[str] = (),
    theme_framework_id: int | None = None,
    now: dt.datetime | None = None,
) -> EvidenceItem:
    """One record entered by a person (its fields are those of ItemInput, which callers holding one
    pass as ``**asdict(data)``)."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    data = ItemInput(service_id, kind, occurred_on, summary, harm, reference, theme_codes, theme_framework_id)
    errors: dict[str, list[str]] = {}
    fields = _checked(scope, data, at, errors)
    _raise(errors)
    try:
        with transaction.atomic():  # a savepoint, so the clash below can be looked into
            item = _save(scope, dict(fields), Source.ENTERED, at)
    except IntegrityError:
        # The reference was new when checked: a record sent twice at once (a system sending again) has
        # saved it since, and the database's rule (`evidenceitem_reference_once`) kept one.
        held = EvidenceItem.objects.for_org(scope.organisation).filter(kind=data.kind, reference=fields["reference"])
        if fields["reference"] and held.exists():
            _raise({"reference": [REFERENCE_HELD]})
        raise
    audit_record(
        scope=scope,
        verb="evidence.item.record",
        obj=item,
        at=at,
        changes={"kind": {"from": None, "to": data.kind}, "service": {"from": None, "to": item.service.name}},
    )
    return item


def _current_item(scope: Scope, item_id: int) -> EvidenceItem:
    """A record this person may change, locked; refused if it has been withdrawn already."""
    item = (
        EvidenceItem.objects.for_scope(scope).select_related("service").select_for_update(of=("self",)).get(pk=item_id)
    )
    if EvidenceWithdrawal.objects.for_org(scope.organisation).filter(item=item).exists():
        raise ValidationError({"__all__": ["This record has already been withdrawn."]})
    return item


@transaction.atomic
def item_withdraw(*, scope: Scope, item_id: int, reason: str, now: dt.datetime | None = None) -> EvidenceWithdrawal:
    """Take a wrong record out of the evidence (a duplicate, a mistake), saying why. It is kept, marked
    as withdrawn, and no longer counted."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    item = _current_item(scope, item_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the record is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(EvidenceWithdrawal, scope, reason, at, item=item)
    audit_record(
        scope=scope, verb="evidence.item.withdraw", obj=item, at=at, changes={"withdrawn": {"from": False, "to": True}}
    )
    return withdrawal


@transaction.atomic
def item_correct(
    *, scope: Scope, item_id: int, data: ItemInput, reason: str, now: dt.datetime | None = None
) -> EvidenceItem:
    """Correct a record: the old one is withdrawn with what was wrong, and the corrected one replaces
    it (keeping its reference), both in one transaction."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    old = _current_item(scope, item_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say what was wrong with the record.", errors)
    fields = _checked(scope, data, at, errors, replacing=old)
    _raise(errors)
    _withdrawal_record(EvidenceWithdrawal, scope, reason, at, item=old)
    new = _save(scope, fields, old.source, at, replaces=old)
    changed = {
        name: {"from": getattr(old, name), "to": getattr(new, name)}
        for name in ("kind", "harm", "reference")
        if getattr(old, name) != getattr(new, name)
    }
    if old.service_id != new.service_id:
        changed["service"] = {"from": old.service.name, "to": new.service.name}
    if old.occurred_on != new.occurred_on:
        changed["occurred_on"] = {"from": old.occurred_on.isoformat(), "to": new.occurred_on.isoformat()}
    if old.summary != new.summary:
        changed["summary"] = {"from": "(changed)", "to": "(changed)"}
    audit_record(scope=scope, verb="evidence.item.correct", obj=new, at=at, changes=changed)
    return new
