"""Importing feedback from a CSV or Excel file: check every row, then write in bulk.

Every row is checked in Python first. Then, in one transaction, feedback and comments are
written with `bulk_create` in chunks, skipping rows whose key the organisation already has from the
same named source (the survey or system the file came from), so importing the same file twice adds
nothing twice while another survey whose row IDs also run 1, 2, 3 is imported (ADR 0006). With `all_or_nothing` any problem means
nothing is written; with `keep_good` the good rows are written and the bad ones reported. One
audit event records the whole import. How a row imported before is recognised is in `imported_before`.

Sentiment and theme labels in the file (feedback-v6 has both) are stored as codings made by the
import (`themes.coding.imports`), so a provider's years of coded feedback can train its model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from pathlib import Path

from django.db import transaction

from core.audit import audit_record
from core.bulk import insert_rows, refresh_statistics
from feedback.imports.checking import Progress, Step, _check_steps, _drive, check_table
from feedback.imports.imported_before import (
    _count_imported_elsewhere,
    _elsewhere_note,
    _imported_before,
    _skip_imported_before,
)
from feedback.imports.mapping import ColumnMapping
from feedback.imports.parsing import ImportFileError, read_table
from feedback.imports.report import (
    CheckResult,
    ImportMappingError,
    ImportReport,
    ImportServiceGone,
    Preview,
    RowError,
)
from feedback.imports.selectors import (
    import_services,
    import_source_as_stored,
    other_import_sources,
)
from feedback.models import Channel, Comment, Feedback, GiverType, Kind
from feedback.rules import Perm, require
from organisations.closed import service_not_theirs, service_refusal
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.imports import imported_labels_store
from themes.coding.services import suggestions_on_arrival
from themes.services import ImportedComment, import_checked_by_model_now, urgent_check_import

__all__ = [
    "MODES",
    "ImportMappingError",
    "ImportReport",
    "ImportServiceGone",
    "Preview",
    "RowError",
    "check_table",
    "feedback_import",
    "feedback_import_preview",
    "feedback_import_steps",
]

MODES = ("all_or_nothing", "keep_good")
CHUNK = 2000
MAX_SOURCE_LENGTH = 100
PREVIEW_ROWS = 20
NOT_IMPORTED = "nothing is imported there now"


def _resolve_source(scope: Scope, source: str) -> str:
    source = " ".join(source.split())
    if len(source) > MAX_SOURCE_LENGTH:
        raise ImportFileError(f"The name of where the file comes from can be up to {MAX_SOURCE_LENGTH} characters.")
    return import_source_as_stored(scope=scope, name=source)


def _resolve_one_service(scope: Scope, service_id: int | None) -> Service | None:
    """The service chosen for the whole file, if one was. It may have been archived, or the person
    lost their role there, since they chose it: ImportServiceGone, and nothing is read or written."""
    if service_id is None:
        return None
    found = import_services(scope=scope, include_archived=True).filter(pk=service_id).first()
    if found is None:
        raise ImportServiceGone(service_not_theirs(scope=scope, not_done=NOT_IMPORTED))
    refusal = service_refusal(scope=scope, service=found, not_done=NOT_IMPORTED)
    if refusal:
        raise ImportServiceGone(refusal)
    return found


# --- preview and import ----------------------------------------------------------------------


def feedback_import_preview(
    *,
    scope: Scope,
    file: Path,
    mapping: ColumnMapping,
    service_id: int | None = None,
    source: str = "",
    limit: int = PREVIEW_ROWS,
) -> Preview:
    """The first rows as Heard will read them, and every problem in the whole file. Writes nothing."""
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    source = _resolve_source(scope, source)
    table = read_table(file)
    result = check_table(scope=scope, table=table, mapping=mapping, one_service=_resolve_one_service(scope, service_id))
    keys = list(result.groups)
    report = ImportReport(file_name=Path(file).name, mode="", source=source, warnings=list(result.warnings))
    new = 0
    others = other_import_sources(scope=scope, source=source)
    elsewhere: Counter[str] = Counter()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        existing = _imported_before(scope=scope, source=source, keys=chunk, result=result)
        new_groups = _skip_imported_before(keys=chunk, result=result, existing=existing, report=report)
        new += len(new_groups)
        if others:
            _count_imported_elsewhere(scope=scope, others=others, groups=new_groups, found=elsewhere)
    return Preview(
        columns=table.columns,
        rows=result.rows[:limit],
        rows_read=result.rows_read,
        errors=result.errors,
        warnings=report.warnings,
        duplicates=report.duplicates,
        repeated_in_file=result.within_file_duplicates,
        feedback_to_create=new,
        source=source,
        clashes=report.clashes,
        imported_elsewhere=sum(elsewhere.values()),
        elsewhere_sources=[name for name, _ in elsewhere.most_common(3)],
    )


def feedback_import(
    *,
    scope: Scope,
    file: Path,
    mapping: ColumnMapping,
    mode: str,
    file_name: str = "",
    service_id: int | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import the file. Raises ImportFileError if the file cannot be read or the mapping cannot work.

    `service_id` puts every row in that one service; otherwise each row's service column is matched,
    ignoring case, to the names of the services in the scope. `source` names the survey or system
    the file came from: a row is skipped as imported before only if its key was imported from the
    same source (named alike, ignoring case), or, with no source, from files whose source was not
    named. `progress(stage, done, total)` is called as rows are checked ("checking") and saved
    ("saving").
    """
    steps = feedback_import_steps(
        scope=scope,
        file=file,
        mapping=mapping,
        mode=mode,
        file_name=file_name,
        service_id=service_id,
        source=source,
    )
    return _drive(steps, progress)


def feedback_import_steps(
    *,
    scope: Scope,
    file: Path,
    mapping: ColumnMapping,
    mode: str,
    file_name: str = "",
    service_id: int | None = None,
    source: str = "",
) -> Generator[Step, None, ImportReport]:
    """`feedback_import` as a generator of (stage, done, total) steps that returns the report.

    A page can stream progress to the browser from it. Saving happens in one transaction that
    stays open between steps: stop iterating half way and the transaction is rolled back.
    """
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    file = Path(file)
    report = ImportReport(file_name=file_name or file.name, mode=mode, source=_resolve_source(scope, source))
    table = read_table(file)
    one_service = _resolve_one_service(scope, service_id)
    result = yield from _check_steps(scope=scope, table=table, mapping=mapping, one_service=one_service)
    report.rows_read = result.rows_read
    report.errors = result.errors
    report.warnings = list(result.warnings)
    report.repeated_in_file = result.within_file_duplicates
    if result.errors and mode == "all_or_nothing":
        return report
    with transaction.atomic():
        yield from _write_steps(scope=scope, result=result, report=report)
    refresh_statistics(Feedback, Comment, rows=report.feedback_created)
    return report


def _insert_comments(rows: list[tuple]) -> None:
    """Insert comments (organisation_id, feedback_id, question, text, position, sentiment) in one go.

    The same rows `Comment.objects.bulk_create` would write, but without building 100,000 model
    instances and compiling their SQL: on SQLite that halves the time of a large import.
    """
    insert_rows(Comment, ("organisation", "feedback", "question", "text", "position", "sentiment"), rows)


def _write_steps(*, scope: Scope, result: CheckResult, report: ImportReport) -> Generator[Step, None, None]:
    organisation = scope.organisation
    recorded_by_id = scope.person.id if scope.person else None
    keys = list(result.groups)
    total = len(keys)
    written: list[ImportedComment] = []
    labelled: list[tuple[int, int, tuple[str, ...], int | None]] = []
    others = other_import_sources(scope=scope, source=report.source)
    elsewhere: Counter[str] = Counter()
    for start in range(0, total, CHUNK):
        chunk = keys[start : start + CHUNK]
        existing = _imported_before(scope=scope, source=report.source, keys=chunk, result=result)
        new_groups = _skip_imported_before(keys=chunk, result=result, existing=existing, report=report)
        if others:
            _count_imported_elsewhere(scope=scope, others=others, groups=new_groups, found=elsewhere)
        feedback = [
            Feedback(
                organisation_id=organisation.id,
                service_id=group[0].service_id,
                kind=Kind.FEEDBACK,
                channel=Channel.IMPORT,
                received_on=group[0].received_on,
                rating=next((r.rating for r in group if r.rating is not None), None),
                giver_type=GiverType.NOT_SAID,
                recorded_by_id=recorded_by_id,
                source_key=group[0].key,
                import_source=report.source,
            )
            for group in new_groups
        ]
        Feedback.objects.bulk_create(feedback, batch_size=CHUNK)
        comments = [
            (organisation.id, item.pk, row.question, row.text, position, row.sentiment)
            for item, group in zip(feedback, new_groups, strict=True)
            for position, row in enumerate(r for r in group if r.text)
        ]
        _insert_comments(comments)
        written.extend(ImportedComment(feedback_id=c[1], position=c[4], text=c[3]) for c in comments)
        if result.theme_columns:
            labelled.extend(
                (item.pk, position, row.themes, row.sentiment)
                for item, group in zip(feedback, new_groups, strict=True)
                for position, row in enumerate(r for r in group if r.text)
            )
        report.feedback_created += len(feedback)
        report.comments_created += len(comments)
        yield ("saving", min(start + CHUNK, total), total)
    report.written = True
    if note := _elsewhere_note(elsewhere, report.source):
        report.warnings.append(note)
    report.urgent_recheck = bool(written) and not import_checked_by_model_now(written)
    report.urgent_flagged = len(urgent_check_import(scope=scope, comments=written, file_name=report.file_name))
    suggestions_on_arrival(scope=scope, feedback_ids=[c.feedback_id for c in written])
    if labelled:
        report.themes_stored, report.theme_framework, left_over = imported_labels_store(
            scope=scope, theme_columns=result.theme_columns, labelled=labelled, file_name=report.file_name
        )
        if left_over:
            report.warnings.append(
                RowError(
                    1,
                    "theme labels",
                    f"No theme framework here has themes called {', '.join(left_over[:5])}"
                    f"{' and others' if len(left_over) > 5 else ''}: those labels were not kept.",
                )
            )
    audit_record(
        scope=scope,
        verb="feedback.import.complete",
        obj=organisation,
        label=f"Import of {report.file_name}"[:300],
        changes={
            "file": report.file_name,
            "source": report.source,
            "mode": report.mode,
            "rows_read": report.rows_read,
            "feedback_created": report.feedback_created,
            "comments_created": report.comments_created,
            "duplicates": report.duplicates,
            "repeated_in_file": report.repeated_in_file,
            "rows_with_problems": report.error_lines,
        },
    )
