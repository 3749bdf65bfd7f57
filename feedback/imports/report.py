"""What an import found and did: the rows as read, their problems, and the report kept for the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from feedback.imports.mapping import FIELD_LABELS
from feedback.imports.parsing import ImportFileError


class ImportServiceGone(ImportFileError):
    """The service chosen for the whole file is archived, or no longer one of the person's. The
    file is fine: they choose again (the upload is kept). ``refusal`` is the words every app refuses
    such a service in (`organisations.closed`, ADR 0009): one of theirs that has closed is named, any
    other is not. Its message is those words."""


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
    # Respondents' or rows' lines whose key was imported before from the same source, and lines that
    # repeat an earlier line's row ID (or the same row) within the file: both are skipped.
    duplicates: int = 0
    repeated_in_file: int = 0
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
            f"Rows skipped as repeats within the file: {self.repeated_in_file}",
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


@dataclass
class Preview:
    columns: list[str]
    rows: list[ParsedRow]
    rows_read: int
    errors: list[RowError]
    warnings: list[RowError]
    duplicates: int
    feedback_to_create: int
    repeated_in_file: int = 0
    source: str = ""
    clashes: int = 0
    # Rows that match feedback imported from another source (same key, date, service and rating),
    # and the most common of those sources: the same survey named differently would be counted twice.
    imported_elsewhere: int = 0
    elsewhere_sources: list[str] = field(default_factory=list)

    @property
    def elsewhere_named(self) -> str:
        return sources_named(self.elsewhere_sources)


def sources_named(names: list[str]) -> str:
    """ "'Ward cards', 'Online survey'": sources as a sentence names them ("" is none named)."""
    return ", ".join(f"'{name}'" if name else "a file whose source was not named" for name in names)
