"""Checking every row of an imported file before anything is written (ADR 0006)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Generator

from core import clock
from feedback.imports.cells import FORMULA_STARTS, _key, _norm_name, _parse_date, _parse_rating, _parse_sentiment, _text
from feedback.imports.mapping import DATE_FORMATS, FIELD_LABELS, ColumnMapping
from feedback.imports.parsing import ImportFileError, Table
from feedback.imports.report import CheckResult, ImportMappingError, ParsedRow, RowError
from feedback.imports.selectors import import_services
from feedback.services import MAX_COMMENT_LENGTH, MAX_COMMENTS, rating_or_comment_given
from organisations.models import Service
from organisations.scope import Scope

# At most this many notes of rows skipped as repeats or as imported before from another survey.
CLASH_NOTES = 100
Progress = Callable[[str, int, int], None]
Step = tuple[str, int, int]


def _drive[T](steps: Generator[Step, None, T], progress: Progress | None) -> T:
    """Run a generator of progress steps to its end, telling `progress`, and return its result."""
    while True:
        try:
            step = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(*step)


def _repeats_differ(row: ParsedRow, first: ParsedRow) -> bool:
    return (row.received_on, row.service_id, row.rating, row.question, row.text) != (
        first.received_on,
        first.service_id,
        first.rating,
        first.question,
        first.text,
    )


def _repeat_note(row: ParsedRow, first: ParsedRow) -> RowError:
    return RowError(
        row.line,
        "source_id",
        f"Not imported: row ID '{row.source_id}' is also on line {first.line}, with other feedback, and only "
        f"line {first.line} is imported. If that column does not give each row an ID of its own, choose "
        "'Not in this file' for it.",
    )


def _check_mapping(table: Table, mapping: ColumnMapping, *, one_service: Service | None) -> None:
    problems = []
    for name, column in mapping.columns.items():
        if column and column not in table.columns:
            problems.append(f"The file has no column called '{column}' (for {FIELD_LABELS[name]}).")
    if not mapping.column("text") and not mapping.column("rating"):
        problems.append("Choose the column that holds the comment, or the rating, or both.")
    if not mapping.column("date"):
        problems.append("Choose the column that holds the date.")
    if not mapping.column("service") and one_service is None:
        problems.append("Choose the column that holds the service, or choose one service for the whole file.")
    if mapping.date_format not in DATE_FORMATS:
        problems.append("Choose a date format.")
    if problems:
        if any("no column" in p or "Choose the column" in p for p in problems):
            problems.append(f"The file's columns are: {', '.join(c for c in table.columns if c) or '(none)'}.")
        raise ImportMappingError(problems)


def check_table(
    *,
    scope: Scope,
    table: Table,
    mapping: ColumnMapping,
    one_service: Service | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Read and check every row. Raises ImportMappingError when the mapping cannot work at all."""
    return _drive(_check_steps(scope=scope, table=table, mapping=mapping, one_service=one_service), progress)


def _check_steps(
    *, scope: Scope, table: Table, mapping: ColumnMapping, one_service: Service | None
) -> Generator[Step, None, CheckResult]:
    _check_mapping(table, mapping, one_service=one_service)
    today = clock.today()
    index = {}
    for name, column in mapping.columns.items():
        if column:
            index[name] = table.columns.index(column)
    theme_index = [(c, table.columns.index(c)) for c in mapping.theme_columns if c in table.columns]
    services_by_name = {} if one_service else {_norm_name(s.name): s for s in import_services(scope=scope)}
    total = table.count()

    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    formula_warned = 0
    hash_counts: Counter[str] = Counter()
    grouping = bool(mapping.column("respondent"))

    def cell(cells: list, name: str):
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    rows_read = 0
    for line, cells in table.rows():
        rows_read += 1
        if rows_read % 1000 == 0:
            yield ("checking", rows_read, total)
        row = ParsedRow(line=line)
        problems: list[tuple[str, str]] = []
        error = problems.append

        row.text = _text(cell(cells, "text"))
        if len(row.text) > MAX_COMMENT_LENGTH:
            error(("text", f"The comment is {len(row.text):,} characters long; the most is {MAX_COMMENT_LENGTH:,}."))
        elif row.text.startswith(FORMULA_STARTS) and row.text[:1] != "-" and formula_warned < 100:
            formula_warned += 1
            warnings.append(
                RowError(line, "text", f"Starts with '{row.text[0]}': kept as plain text, and made safe when exported.")
            )
        row.rating, problem = _parse_rating(cell(cells, "rating"))
        if problem:
            error(("rating", problem))
        if not problem and not rating_or_comment_given(rating=row.rating, texts=[row.text]):
            error(("text", "There is no comment and no rating."))
        row.question = _text(cell(cells, "question"))[:300]
        row.received_on, warning, problem = _parse_date(cell(cells, "date"), mapping.date_format)
        if problem:
            error(("date", problem))
        elif row.received_on > today:
            error(("date", f"The date {row.received_on:%-d %B %Y} is in the future."))
        if warning:
            warnings.append(RowError(line, "date", warning))
        if one_service is not None:
            row.service_id, row.service_name = one_service.id, one_service.name
        else:
            first, second = _text(cell(cells, "service")), _text(cell(cells, "service_detail"))
            candidates = [f"{first} - {second}", f"{first} {second}", first] if second else [first]
            found = next((services_by_name[n] for n in map(_norm_name, candidates) if n in services_by_name), None)
            if not first:
                error(("service", "The service is missing."))
            elif found is None:
                shown = f"{first} - {second}" if second else first
                error(("service", f"There is no service called '{' '.join(shown.split())}' among your services."))
            else:
                row.service_id, row.service_name = found.id, found.name
        row.respondent = _text(cell(cells, "respondent"))
        row.source_id = _text(cell(cells, "source_id"))
        row.sentiment = _parse_sentiment(cell(cells, "sentiment"))
        row.themes = tuple(c for c, i in theme_index if i < len(cells) and _text(cells[i]) not in ("", "0"))
        if row.respondent:
            row.key = _key(row.respondent)
        elif row.source_id and grouping:
            # A row nobody is named for, in a file that names respondents: its own ID is not a
            # respondent's, though the two may be written alike ("17").
            row.key = _key(row.source_id, "row")
        elif row.source_id:
            row.key = _key(row.source_id)
        else:
            plain = "\x1f".join(
                [
                    str(row.service_id),
                    str(row.received_on),
                    str(row.rating),
                    row.question.casefold(),
                    " ".join(row.text.split()).casefold(),
                ]
            )
            hash_counts[plain] += 1
            digest = hashlib.sha256(f"{plain}\x1e{hash_counts[plain]}".encode()).hexdigest()
            row.key = f"import:sha256:{digest}"
        errors.extend(RowError(line, name, reason) for name, reason in problems)
        row.problem = bool(problems)
        rows.append(row)

    if rows_read == 0:
        raise ImportFileError("The file has column names but no rows of feedback under them.")
    # Group the rows of one respondent (or one ID) into one piece of feedback.
    groups: dict[str, list[ParsedRow]] = {}
    within_file_duplicates = repeated_noted = 0
    for row in rows:
        group = groups.get(row.key)
        if group is None:
            groups[row.key] = [row]
            continue
        first = group[0]
        if not grouping or not row.respondent:
            within_file_duplicates += 1
            if repeated_noted < CLASH_NOTES and _repeats_differ(row, first):
                # A column guessed as the row ID may not be one ("Ref" holding a ward's code): say
                # which rows it drops rather than count them as imported before.
                repeated_noted += 1
                warnings.append(_repeat_note(row, first))
            continue
        if row.rating != first.rating and row.rating is not None and first.rating is not None:
            errors.append(
                RowError(row.line, "rating", f"The same respondent as line {first.line} has a different rating.")
            )
            row.problem = True
        if row.service_id != first.service_id and row.service_id and first.service_id:
            errors.append(
                RowError(row.line, "service", f"The same respondent as line {first.line} has a different service.")
            )
            row.problem = True
        if sum(1 for r in group if r.text) >= MAX_COMMENTS and row.text:
            errors.append(RowError(row.line, "respondent", f"One respondent can give at most {MAX_COMMENTS} comments."))
            row.problem = True
        group.append(row)

    # A respondent's answers go in together or not at all, so a corrected file can be imported again.
    good_groups: dict[str, list[ParsedRow]] = {}
    for key, group in groups.items():
        bad_rows = [r for r in group if r.problem]
        if not bad_rows:
            good_groups[key] = group
            continue
        for r in group:
            if not r.problem:
                errors.append(
                    RowError(
                        r.line,
                        "respondent",
                        f"Not imported: line {bad_rows[0].line}, from the same respondent, has a problem.",
                    )
                )
    errors.sort(key=lambda e: e.line)
    yield ("checking", rows_read, rows_read)
    return CheckResult(
        rows_read=rows_read,
        rows=rows,
        groups=good_groups,
        errors=errors,
        warnings=warnings,
        within_file_duplicates=within_file_duplicates,
        theme_columns=tuple(mapping.theme_columns),
    )
