"""Writes for evidence: items entered one at a time or imported from a CSV file, performance measures
and their monthly readings. Each checks permission first, works inside one transaction and writes
its audit event; an import saves every row or none, and names the line and column of each problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import clock
from core.audit import audit_record
from evidence.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceTheme,
    EvidenceWithdrawal,
    Harm,
    MeasureReading,
    PerformanceMeasure,
    Source,
)
from evidence.rules import Perm, require
from feedback.redaction import redact
from governance.services._common import _acting_person, _now, _raise, _text, _withdrawal_record
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.selectors import current_theme_codes, primary_framework

IMPORT_COLUMNS = ("service", "kind", "occurred_on", "summary", "harm", "reference", "themes")
MAX_IMPORT_ROWS = 5_000


def _archived(service: Service) -> str:
    # The forms offer only open services; a file or another system can still name a closed one.
    return f"{service.name} has been archived, so no evidence is recorded there now. Choose one of your open services."


def _check_item(
    *,
    scope: Scope,
    service: Service | None,
    kind: str,
    occurred_on: dt.date | None,
    summary: str,
    harm: str,
    reference: str,
    theme_codes: Sequence[str],
    known_codes: set[str],
    today: dt.date,
    errors: dict,
) -> dict:
    if service is None:
        errors.setdefault("service", []).append("Choose one of your services.")
    elif service.archived_at is not None:
        errors.setdefault("service", []).append(_archived(service))
    if kind not in EvidenceKind.values:
        errors.setdefault("kind", []).append("Choose incident, feedback from staff or feedback from a partner.")
    if occurred_on is None:
        errors.setdefault("occurred_on", []).append("Enter the date, as YYYY-MM-DD.")
    elif occurred_on > today:
        errors.setdefault("occurred_on", []).append("The date cannot be in the future.")
    summary = _text(summary, "summary", "Say what happened, without names.", errors)
    harm = (harm or "").strip().lower()
    if kind == EvidenceKind.INCIDENT and harm not in Harm.values:
        errors.setdefault("harm", []).append(
            "Say how much harm the incident caused: none, low, moderate, severe or death."
        )
    elif kind != EvidenceKind.INCIDENT and harm:
        errors.setdefault("harm", []).append("Harm is recorded for incidents only.")
    codes = [c.strip() for c in theme_codes if c and c.strip()]
    unknown = [c for c in codes if c not in known_codes]
    if unknown:
        errors.setdefault("themes", []).append(f"Not a theme of the framework in use: {', '.join(unknown)}.")
    return {
        "service": service,
        "kind": kind,
        "occurred_on": occurred_on,
        # Evidence is counted and shown in packs: names, numbers and addresses never need to be kept.
        "summary": redact(summary).text[:500],
        "harm": harm if kind == EvidenceKind.INCIDENT else "",
        "reference": (reference or "").strip()[:100],
        "codes": list(dict.fromkeys(codes)),
    }


REFERENCE_HELD = "Heard already holds an item with this reference."


def _held_references(scope: Scope) -> set[tuple[str, str]]:
    return set(EvidenceItem.objects.for_org(scope.organisation).exclude(reference="").values_list("kind", "reference"))


def _save(scope: Scope, fields: dict, source: str, at: dt.datetime, replaces: EvidenceItem | None = None):
    codes = fields.pop("codes")
    item = EvidenceItem.objects.create(
        organisation=scope.organisation,
        source=source,
        replaces=replaces,
        recorded_by=_acting_person(scope),
        recorded_at=at,
        **fields,
    )
    EvidenceTheme.objects.bulk_create(
        EvidenceTheme(organisation=scope.organisation, item=item, code=code) for code in codes
    )
    return item


@dataclass(frozen=True)
class ItemInput:
    service_id: int | None
    kind: str
    occurred_on: dt.date | None
    summary: str
    harm: str = ""
    reference: str = ""
    theme_codes: Sequence[str] = ()


def _checked(scope: Scope, data: ItemInput, at: dt.datetime, errors: dict, *, replacing=None) -> dict:
    """The item's fields, checked; its reference must be new to Heard (or, for a correction, the
    reference of the record it replaces)."""
    service = Service.objects.for_scope(scope).filter(pk=data.service_id).first() if data.service_id else None
    fields = _check_item(
        scope=scope,
        service=service,
        kind=data.kind,
        occurred_on=data.occurred_on,
        summary=data.summary,
        harm=data.harm,
        reference=data.reference,
        theme_codes=data.theme_codes,
        known_codes=current_theme_codes(scope=scope),
        today=clock.day_of(at),
        errors=errors,
    )
    # The codes are the main framework's (they were checked against it), and are read with it only.
    fields["theme_framework"] = primary_framework(scope=scope) if fields["codes"] else None
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
    now: dt.datetime | None = None,
) -> EvidenceItem:
    """One record entered by a person (its fields are those of ItemInput, which callers holding one
    pass as ``**asdict(data)``)."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    data = ItemInput(service_id, kind, occurred_on, summary, harm, reference, theme_codes)
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


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _words(text: str) -> str:
    return " ".join((text or "").replace("_", " ").split()).casefold()


# What a file may say for a kind or a harm: the value, the words on Heard's own form, and the words its
# error messages ask for ("feedback from a partner"), so a file written from either is taken.
KIND_WORDS = {
    **{_words(kind.value): kind.value for kind in EvidenceKind},
    **{_words(kind.label): kind.value for kind in EvidenceKind},
    "feedback from a partner": EvidenceKind.PARTNER_FEEDBACK.value,
}
HARM_WORDS = {
    **{_words(harm.value): harm.value for harm in Harm},
    **{_words(harm.label): harm.value for harm in Harm},
    "not an incident": "",
}


def _choice(text: str | None, known: dict[str, str]) -> str:
    """The value the words in a cell stand for; otherwise the words, for the check to refuse."""
    words = _words(text or "")
    return known.get(words, words.replace(" ", "_"))


def _already(reference: str) -> str:
    return f"{reference} is already in Heard or earlier in the file."


def _csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The column names, and each row that holds anything with its line as a spreadsheet shows the
    file, as the feedback import numbers them (ADR 0006): the header is line 1 and each row is one
    line, blank ones included, even when a quoted summary runs over several lines of text.
    """
    reader = csv.reader(io.StringIO(text or "", newline=""))
    try:
        header = [name.strip().casefold() for name in next(reader, [])]
    except csv.Error as exc:
        _raise({"file": [f"Line 1: this is not a CSV file Heard can read ({exc})."]})

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = 1
        try:
            for values in reader:
                line += 1
                if any(v.strip() for v in values):
                    yield line, dict(zip(header, values, strict=False))
        except csv.Error as exc:
            _raise({"file": [f"Line {line + 1}: this line could not be read as CSV ({exc})."]})

    return header, rows()


@transaction.atomic
def items_import(*, scope: Scope, text: str, filename: str = "the file", now: dt.datetime | None = None) -> int:
    """Every row of a CSV file (columns: service, kind, occurred_on, summary, harm, reference, themes;
    themes separated by semicolons) is saved, or none is: each problem is named by line and column.
    A row whose reference Heard already holds is refused, so a file can be sent twice safely."""
    scope = require(scope, Perm.RECORD)
    at = _now(now)
    header, lines = _csv_rows(text)
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        _raise({"file": [f"{filename} has no column {', '.join(missing)}. Its first line names the columns."]})
    # Archived services are kept so a line naming one is told so; an open one wins a name written alike.
    services = {
        s.name.casefold(): s for s in sorted(Service.objects.for_scope(scope), key=lambda s: s.archived_at is None)
    }
    known = current_theme_codes(scope=scope)
    framework = primary_framework(scope=scope)
    held = _held_references(scope)
    problems: list[str] = []
    rows = []
    seen: set[tuple[str, str]] = set()
    for line, row in lines:
        if len(rows) >= MAX_IMPORT_ROWS:
            problems.append(f"{filename} has more than {MAX_IMPORT_ROWS:,} rows: split it.")
            break
        errors: dict[str, list[str]] = {}
        kind = _choice(row.get("kind"), KIND_WORDS)
        fields = _check_item(
            scope=scope,
            service=services.get((row.get("service") or "").strip().casefold()),
            kind=kind,
            occurred_on=_date(row.get("occurred_on")),
            summary=row.get("summary") or "",
            harm=_choice(row.get("harm"), HARM_WORDS),
            reference=row.get("reference") or "",
            theme_codes=(row.get("themes") or "").split(";"),
            known_codes=known,
            today=clock.day_of(at),
            errors=errors,
        )
        key = (kind, fields["reference"])
        if fields["reference"] and (key in held or key in seen):
            errors.setdefault("reference", []).append(_already(fields["reference"]))
        seen.add(key)
        column = {"themes": "themes", "occurred_on": "occurred_on"}
        for field, messages in errors.items():
            for message in messages:
                problems.append(f"Line {line}, column {column.get(field, field)}: {message}")
        fields["theme_framework"] = framework if fields["codes"] else None
        rows.append((line, fields))
    if problems:
        _raise({"file": problems})
    if not rows:
        _raise({"file": [f"{filename} has no rows under its column names."]})
    try:
        with transaction.atomic():  # a savepoint: on a clash this file's own rows are undone first
            for _line, fields in rows:
                _save(scope, dict(fields), Source.IMPORTED, at)
    except IntegrityError:
        # The same file sent twice at once (a double click): the other submission saved these rows
        # after this one checked them. This one is told which lines, as if it had come second.
        held = _held_references(scope)
        clashes = [
            f"Line {line}, column reference: {_already(fields['reference'])}"
            for line, fields in rows
            if fields["reference"] and (fields["kind"], fields["reference"]) in held
        ]
        if not clashes:
            raise
        _raise({"file": clashes})
    audit_record(
        scope=scope,
        verb="evidence.items.import",
        obj=scope.organisation,
        at=at,
        changes={"imported": {"from": None, "to": len(rows)}, "file": {"from": None, "to": filename}},
    )
    return len(rows)


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
    service = Service.objects.for_scope(scope).filter(pk=service_id).first() if service_id else None
    if service is None:
        errors["service"] = ["Choose one of your services."]
    elif service.archived_at is not None:
        errors["service"] = [_archived(service)]
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
