"""Which column of the file holds which Heard field, guessed from the header and changeable by the user.

The guesses know the NHS patient-experience (feedback-v6) export: `FFT answer` is the comment,
`FFT categorical answer` the rating, `Respondent ID` groups the answers of one respondent into
one piece of feedback, and the one-hot columns after `Comment sentiment` are theme labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# What a rating cell may hold (`feedback.imports.cells._parse_rating` reads exactly these): the page's
# help and the error for a cell it cannot read both say it in these words.
RATING_HINT = "1 (very good) to 5 (very poor), or those words; for don't know, 6, 7 or the words \"don't know\""

# (field, label, help) in the order the mapping page shows them.
FIELDS: list[tuple[str, str, str]] = [
    ("text", "Comment", "The words the person wrote or said."),
    ("rating", "Rating", f"Friends and Family Test answer: {RATING_HINT}."),
    ("question", "Question", "The question the comment answers, for example 'What was good?'."),
    ("date", "Date", "The date the feedback was given."),
    ("service", "Service", "The name of the service, matched to your services in Heard."),
    ("service_detail", "Service, second part", "Added to the service name when your file splits it in two."),
    ("respondent", "Respondent", "Rows with the same value are one person's answers: one piece of feedback."),
    ("source_id", "Row ID", "A unique ID for each row, so importing the file again adds nothing twice."),
    ("sentiment", "Sentiment", "1 very positive to 5 very negative."),
]
FIELD_NAMES = [name for name, _, _ in FIELDS]
FIELD_LABELS = {name: label for name, label, _ in FIELDS}

DATE_FORMATS = {
    "dd/mm/yyyy": "day/month/year, like 31/01/2024",
    "mm/dd/yyyy": "month/day/year, like 01/31/2024",
    "yyyy-mm-dd": "year-month-day, like 2024-01-31",
}

SYNONYMS: dict[str, list[str]] = {
    "text": [
        "fft answer",
        "comment",
        "comments",
        "comment text",
        "text",
        "feedback",
        "free text",
        "answer",
        "response",
    ],
    "rating": ["fft categorical answer", "rating", "fft rating", "fft score", "score", "fft"],
    "question": ["fft question", "question"],
    "date": ["date", "received on", "date received", "response date", "submitted", "date of response"],
    "service": ["service type 1", "service", "service name", "location", "team", "ward", "department"],
    "service_detail": ["service type 2"],
    "respondent": ["respondent id", "respondent", "respondent ref", "response id"],
    "source_id": ["comment id", "id", "row id", "reference", "ref"],
    "sentiment": ["comment sentiment", "sentiment"],
}
# Columns of the feedback-v6 export that are neither a field nor a theme.
V6_OTHER = {"trust", "person identifiable info"}


def normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(name).lower()).strip()


@dataclass(frozen=True)
class ColumnMapping:
    """Heard field -> column name in the file ("" when not in the file)."""

    columns: dict[str, str] = field(default_factory=dict)
    theme_columns: tuple[str, ...] = ()
    date_format: str = "dd/mm/yyyy"

    def column(self, name: str) -> str:
        return self.columns.get(name, "")

    def with_columns(self, **columns: str) -> ColumnMapping:
        return replace(self, columns={**self.columns, **columns})

    def as_dict(self) -> dict:
        return {
            "columns": dict(self.columns),
            "theme_columns": list(self.theme_columns),
            "date_format": self.date_format,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ColumnMapping:
        return cls(
            columns={k: v for k, v in data.get("columns", {}).items() if k in FIELD_NAMES and v},
            theme_columns=tuple(data.get("theme_columns", ())),
            date_format=data.get("date_format", "dd/mm/yyyy"),
        )


def auto_detect(columns: list[str]) -> ColumnMapping:
    """The best guess at a mapping from the file's header."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(normalise(column), column)
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for name in FIELD_NAMES:
        for synonym in SYNONYMS[name]:
            column = by_norm.get(synonym)
            if column and column not in used:
                chosen[name] = column
                used.add(column)
                break
    themes: tuple[str, ...] = ()
    sentiment = chosen.get("sentiment")
    if sentiment and "fft answer" in by_norm:
        # feedback-v6: every column after the sentiment is a one-hot theme label.
        after = columns[columns.index(sentiment) + 1 :]
        themes = tuple(c for c in after if c and c not in used and normalise(c) not in V6_OTHER)
    return ColumnMapping(columns=chosen, theme_columns=themes)


def parse_overrides(pairs: list[str], *, columns: list[str], base: ColumnMapping) -> ColumnMapping:
    """Apply `field=Column` pairs (from the command line); `field=` clears a field. ValueError if wrong."""
    updates: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name = name.strip()
        if not sep or name not in FIELD_NAMES:
            raise ValueError(f"'{pair}' should be field=Column, with field one of: {', '.join(FIELD_NAMES)}.")
        column = column.strip()
        if column and column not in columns:
            raise ValueError(f"The file has no column '{column}'. Its columns are: {', '.join(columns)}.")
        updates[name] = column
    mapping = base.with_columns(**updates)
    return replace(mapping, columns={k: v for k, v in mapping.columns.items() if v})
