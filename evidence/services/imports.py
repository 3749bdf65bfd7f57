"""Evidence imported from a CSV file: every row is saved or none is, and each problem is named by
its line and column (ADR 0017)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db import IntegrityError, connection, transaction

from core import clock
from core.audit import audit_record
from evidence.models import EvidenceItem, EvidenceKind, Harm, Source
from evidence.rules import Perm, require
from evidence.services._common import _check_item, _save, evidence_closed_refusal
from governance.services._common import _now, _raise
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.selectors import current_theme_codes, primary_framework

IMPORT_COLUMNS = ("service", "kind", "occurred_on", "summary", "harm", "reference", "themes")
MAX_IMPORT_ROWS = 5_000


def _held_references(scope: Scope) -> set[tuple[str, str]]:
    return set(EvidenceItem.objects.for_org(scope.organisation).exclude(reference="").values_list("kind", "reference"))


def _one_import_at_a_time(scope: Scope) -> None:
    """Wait for any other evidence import of the organisation to finish: two files naming the same
    references in different orders would otherwise each hold one the other needs, and on PostgreSQL
    one would fail with nothing saved. The lock ends with the transaction. SQLite writes one
    transaction at a time already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One key per organisation; two sharing a hash only wait for each other, which is harmless.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"evidence.items_import:{scope.organisation.id}"]
            )


def _closed_since(scope: Scope, rows: list[tuple[int, dict]]) -> list[str]:
    """The lines naming a service archived since the file was checked. The services are locked until
    the import ends, so none can close while its records are saved."""
    named = {fields["service"].pk for _line, fields in rows}
    services = {
        s.pk: s
        for s in Service.objects.for_org(scope.organisation)
        .filter(pk__in=named)
        .order_by("pk")
        .select_for_update(no_key=True)
    }
    return [
        f"Line {line}, column service: {evidence_closed_refusal(scope=scope, service=services[fields['service'].pk])}"
        for line, fields in rows
        if services[fields["service"].pk].archived_at is not None
    ]


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
    _one_import_at_a_time(scope)
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
        named = (row.get("service") or "").strip()
        fields = _check_item(
            scope=scope,
            service=services.get(named.casefold()),
            named=bool(named),
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
    closed = _closed_since(scope, rows)
    if closed:
        _raise({"file": closed})
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
