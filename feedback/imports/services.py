"""Importing feedback from a CSV or Excel file: check every row, then write in bulk.

Every row is checked in Python first. Then, in one transaction, feedback and comments are
written with `bulk_create` in chunks, skipping rows whose key the organisation already has from the
same named source (the survey or system the file came from), so importing the same file twice adds
nothing twice while another survey whose row IDs also run 1, 2, 3 is imported (ADR 0006). With `all_or_nothing` any problem means
nothing is written; with `keep_good` the good rows are written and the bad ones reported. One
audit event records the whole import.

Sentiment and theme labels in the file (feedback-v6 has both) are stored as codings made by the
import (`themes.coding.imports`), so a provider's years of coded feedback can train its model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from core import clock
from core.audit import audit_record
from core.bulk import insert_rows, refresh_statistics
from feedback.imports.mapping import DATE_FORMATS, FIELD_LABELS, ColumnMapping
from feedback.imports.parsing import ImportFileError, Table, read_table
from feedback.imports.selectors import Stored, existing_source_keys, import_services, import_source_as_stored
from feedback.models import Channel, Comment, Feedback, GiverType, Kind, Rating
from feedback.rules import Perm, require
from feedback.services import MAX_COMMENT_LENGTH, MAX_COMMENTS
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.imports import imported_labels_store
from themes.coding.services import suggestions_on_arrival
from themes.services import ImportedComment, import_checked_by_model_now, urgent_check_import

MODES = ("all_or_nothing", "keep_good")
CHUNK = 2000
MAX_SOURCE_LENGTH = 100
CLASH_NOTES = 100
PREVIEW_ROWS = 20
FORMULA_STARTS = ("=", "+", "-", "@")
RATING_WORDS = {
    "very good": 1,
    "good": 2,
    "neither good nor poor": 3,
    "neither": 3,
    "poor": 4,
    "very poor": 5,
    "don't know": 6,
    "dont know": 6,
    "don’t know": 6,
}
Progress = Callable[[str, int, int], None]
Step = tuple[str, int, int]


class ImportMappingError(ImportFileError):
    """The mapping cannot work with this file (a needed column is missing). Holds every problem."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {FIELD_LABELS.get(self.field, self.field)}: {self.reason}"


@dataclass
class ParsedRow:
    """One line of the file as Heard reads it."""

    line: int
    text: str = ""
    rating: int | None = None
    question: str = ""
    received_on: dt.date | None = None
    service_id: int | None = None
    service_name: str = ""
    respondent: str = ""
    source_id: str = ""
    sentiment: int | None = None
    themes: tuple[str, ...] = ()
    key: str = ""
    problem: bool = False


@dataclass
class ImportReport:
    file_name: str
    mode: str
    source: str = ""
    rows_read: int = 0
    feedback_created: int = 0
    comments_created: int = 0
    duplicates: int = 0
    # Of the duplicates, the respondents or rows whose key was imported before from the same source
    # but with another date, service or rating: most likely another survey or system's file.
    clashes: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    written: bool = False
    themes_stored: int = 0
    theme_framework: str = ""
    # Comments flagged as possibly urgent while the file was saved, and whether the model looks again
    # in the background (a large file is checked by the rules alone while it is saved).
    urgent_flagged: int = 0
    urgent_recheck: bool = False

    @property
    def error_lines(self) -> int:
        return len({e.line for e in self.errors})

    @property
    def urgent_summary(self) -> str:
        """What the check for urgent concerns found, for the person who imported the file."""
        found = (
            f"{self.urgent_flagged} comment{'s' if self.urgent_flagged != 1 else ''} may need urgent attention: "
            "the safeguarding lead has been told."
            if self.urgent_flagged
            else "No comment was flagged as urgent."
        )
        if self.urgent_recheck:
            found += (
                " The file was large, so a second, closer check runs in the next few minutes; the"
                " safeguarding lead is told of anything more it finds. Until it has run, only people who"
                " may see urgent flags can read this file's feedback."
            )
        return found

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        data = dict(data)
        data["errors"] = [RowError(**e) for e in data.get("errors", [])]
        data["warnings"] = [RowError(**e) for e in data.get("warnings", [])]
        return cls(**data)

    def summary_lines(self) -> list[str]:
        lines = [
            f"Source: {self.source or 'not named'}",
            f"Rows read: {self.rows_read}",
            f"Feedback created: {self.feedback_created} (with {self.comments_created} comments)",
            f"Rows skipped as already imported: {self.duplicates}",
            f"Rows with problems: {self.error_lines}",
        ]
        if self.theme_framework:
            lines.append(f"Theme labels kept: {self.themes_stored} in {self.theme_framework}")
        if self.written:
            lines.append(f"Urgent check: {self.urgent_summary}")
        if self.errors and not self.written:
            lines.append("Nothing was imported, because the file has problems and you chose all or nothing.")
        return lines


@dataclass
class CheckResult:
    rows_read: int
    rows: list[ParsedRow]
    groups: dict[str, list[ParsedRow]]
    errors: list[RowError]
    warnings: list[RowError]
    within_file_duplicates: int
    theme_columns: tuple[str, ...] = ()


# --- reading one cell ------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_rating(value) -> tuple[int | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        raw = _text(value)
        if not raw:
            return None, None
        word = RATING_WORDS.get(raw.lower())
        if word:
            return word, None
        try:
            number = float(raw)
        except ValueError:
            number = None
    if number is None or not float(number).is_integer() or not 1 <= number <= 7:
        return None, (
            f"'{_text(value)}' is not a rating. Use 1 (very good) to 5 (very poor), or 6 or 7 for don't know."
        )
    return min(int(number), Rating.DONT_KNOW), None


def _parse_date(value, fmt: str) -> tuple[dt.date | None, str | None, str | None]:
    """(date, warning, error)."""
    expected = DATE_FORMATS[fmt]
    if isinstance(value, dt.date):
        return value, None, None
    raw = _text(value)
    if not raw:
        return None, None, f"The date is missing. Expected {expected}."
    part = raw.split(" ")[0].split("T")[0]

    def build(y: str, m: str, d: str) -> dt.date | None:
        try:
            if len(y) != 4:
                return None
            return dt.date(int(y), int(m), int(d))
        except ValueError:
            return None

    date = None
    warning = None
    if "-" in part and len(part.split("-")[0]) == 4:
        bits = part.split("-")
        date = build(*bits) if len(bits) == 3 else None
    else:
        bits = part.replace(".", "/").split("/")
        if len(bits) == 3:
            a, b, y = bits
            if fmt == "mm/dd/yyyy":
                date = build(y, a, b)
            else:
                date = build(y, b, a)
                if date is None and fmt == "dd/mm/yyyy" and build(y, a, b) is not None:
                    # Spreadsheets saved with US settings write month/day/year: 10/17/2021 can only be that.
                    date = build(y, a, b)
                    warning = f"'{raw}' cannot be day/month/year, so it was read as month/day/year ({date:%-d %B %Y})."
    if date is None:
        return None, None, f"'{raw}' is not a date we can read. Expected {expected}."
    return date, warning, None


def _parse_sentiment(value) -> int | None:
    raw = _text(value)
    try:
        number = int(float(raw))
    except (ValueError, OverflowError):  # "inf" and "1e999" read as floats but not as whole numbers
        return None
    return number if 1 <= number <= 5 else None


def _norm_name(name: str) -> str:
    return " ".join(name.replace("\xa0", " ").split()).casefold()


def _key(value: str) -> str:
    key = f"import:{value}"
    if len(key) > 200:
        key = "import:sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return key


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


# --- checking the whole file -----------------------------------------------------------------


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


def _resolve_source(scope: Scope, source: str) -> str:
    source = " ".join(source.split())
    if len(source) > MAX_SOURCE_LENGTH:
        raise ImportFileError(f"The name of where the file comes from can be up to {MAX_SOURCE_LENGTH} characters.")
    return import_source_as_stored(scope=scope, name=source)


def _resolve_one_service(scope: Scope, service_id: int | None) -> Service | None:
    if service_id is None:
        return None
    return import_services(scope=scope).get(pk=service_id)


def _drive[T](steps: Generator[Step, None, T], progress: Progress | None) -> T:
    """Run a generator of progress steps to its end, telling `progress`, and return its result."""
    while True:
        try:
            step = next(steps)
        except StopIteration as stop:
            return stop.value
        if progress:
            progress(*step)


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
        if not row.text and row.rating is None and not problem:
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
    grouping = bool(mapping.column("respondent"))
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


# --- rows imported before --------------------------------------------------------------------


def _differences(group: list[ParsedRow], stored: Stored) -> list[str]:
    """What a respondent's rows hold that the feedback imported before under their key does not."""
    service_id, received_on, rating = stored
    first = group[0]
    group_rating = next((r.rating for r in group if r.rating is not None), None)
    return [
        name
        for name, differs in (
            ("date", first.received_on != received_on),
            ("service", first.service_id != service_id),
            ("rating", group_rating != rating),
        )
        if differs
    ]


def _clash_note(group: list[ParsedRow], differences: list[str], source: str) -> RowError:
    first = group[0]
    field, what = ("respondent", "respondent") if first.respondent else ("source_id", "row ID")
    value = first.respondent or first.source_id
    where = f"from {source}" if source else "from a file whose source was not named"
    return RowError(
        first.line,
        field,
        f"Not imported: {what} '{value}' was imported before {where}, with a different "
        f"{' and '.join(differences)}. If this file comes from another survey or system, go back to the "
        "columns, name where it comes from and check the file again.",
    )


def _skip_imported_before(
    *, keys: list[str], result: CheckResult, existing: dict[str, Stored], report: ImportReport
) -> list[list[ParsedRow]]:
    """The groups of these keys not imported before; counts the duplicates and notes the clashes."""
    new_groups = []
    for key in keys:
        group = result.groups[key]
        stored = existing.get(key)
        if stored is None:
            new_groups.append(group)
            continue
        report.duplicates += len(group)
        differences = _differences(group, stored)
        if differences:
            report.clashes += 1
            if report.clashes <= CLASH_NOTES:
                report.warnings.append(_clash_note(group, differences, report.source))
    return new_groups


# --- preview and import ----------------------------------------------------------------------


@dataclass
class Preview:
    columns: list[str]
    rows: list[ParsedRow]
    rows_read: int
    errors: list[RowError]
    warnings: list[RowError]
    duplicates: int
    feedback_to_create: int
    source: str = ""
    clashes: int = 0


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
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        existing = existing_source_keys(scope=scope, source=source, keys=chunk)
        new += len(_skip_imported_before(keys=chunk, result=result, existing=existing, report=report))
    return Preview(
        columns=table.columns,
        rows=result.rows[:limit],
        rows_read=result.rows_read,
        errors=result.errors,
        warnings=report.warnings,
        duplicates=result.within_file_duplicates + report.duplicates,
        feedback_to_create=new,
        source=source,
        clashes=report.clashes,
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
    report.duplicates = result.within_file_duplicates
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
    for start in range(0, total, CHUNK):
        chunk = keys[start : start + CHUNK]
        existing = existing_source_keys(scope=scope, source=report.source, keys=chunk)
        new_groups = _skip_imported_before(keys=chunk, result=result, existing=existing, report=report)
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
            "rows_with_problems": report.error_lines,
        },
    )
