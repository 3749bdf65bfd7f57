"""Reading the feedback-v6 CSV format and the label definitions used for benchmarking.

Every cell is read as ``str`` (blank is ``""``), as the dataset README prescribes.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

TEXT_COLUMN = "FFT answer"
QUESTION_COLUMN = "FFT question"
RATING_COLUMN = "FFT categorical answer"
SERVICE_COLUMN = "Service type 1"
SENTIMENT_COLUMN = "Comment sentiment"
NON_RESPONSE_PLACEHOLDER = "did not answer"

# The 35 benchmark themes, exact column names, in the README's order.
BENCHMARK_LABELS: tuple[str, ...] = (
    "Not assigned",
    "Organisation & efficiency",
    "Funding & use of financial resources",
    "Staff manner & personal attributes",
    "Number & deployment of staff",
    "Staff responsiveness",
    "Staff continuity",
    "Competence & training",
    "Unspecified communication",
    "Staff listening, understanding & involving patients",
    "Information directly from staff during care",
    "Information provision & guidance",
    "Being kept informed, clarity & consistency of information",
    "Contacting services",
    "Appointment arrangements",
    "Appointment method",
    "Timeliness of care",
    "Diagnosis & triage",
    "Referals & continuity of care",
    "Discharge",
    "Cleanliness, tidiness & infection control",
    "Provision of medical equipment",
    "Service location",
    "Transport to/ from services",
    "Feeling safe",
    "Mental Health Act",
    "Equality, Diversity & Inclusion",
    "Environment & Facilities",
    "Supplying & understanding medication",
    "Activities & access to fresh air",
    "Food & drink provision & facilities",
    "Impact of treatment/ care",
    "Interaction with family/ carers",
    "Negative experience & dissatisfaction",
    "Positive experience & gratitude",
)

SENTIMENT_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
SENTIMENT3_LEVELS: tuple[str, ...] = ("positive", "neutral or mixed", "negative")
_SENTIMENT_5_TO_3 = {1: "positive", 2: "positive", 3: "neutral or mixed", 4: "negative", 5: "negative"}

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedbackSet:
    """Comments read from one file, in file order (after filtering)."""

    texts: list[str]
    metadata: list[dict[str, str]]
    themes: list[frozenset[str]]
    sentiments: list[int | None]
    ids: list[str] = field(default_factory=list)
    respondents: list[str] = field(default_factory=list)


def sentiment_to_3(level: int | None) -> str | None:
    """Collapse the 5-level sentiment (1 very positive ... 5 very negative) to 3 levels."""
    if level is None:
        return None
    return _SENTIMENT_5_TO_3[int(level)]


def parse_sentiment(cell: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    level = int(float(cell))
    if level not in SENTIMENT_LEVELS:
        raise ValueError(f"sentiment out of range: {cell!r}")
    return level


def is_codable_text(text: str) -> bool:
    """False for blanks, punctuation/digit-only answers and the non-response placeholder."""
    stripped = text.strip()
    # Symbols such as emoji carry meaning (a lone heart is coded as positive), so only
    # punctuation, digits, separators and control characters count as empty.
    if all(unicodedata.category(char)[0] in "PNZC" for char in stripped):
        return False
    return stripped.strip(" .").lower() != NON_RESPONSE_PLACEHOLDER


def normalise_question(question: str) -> str:
    # The 111 question appears with and without a trailing space before its line break.
    return _SPACES.sub(" ", question).strip()


def row_metadata(row: dict[str, str]) -> dict[str, str]:
    """Optional context features (question answered, FFT rating, service); blank cells are omitted."""
    metadata = {}
    question = normalise_question(row.get(QUESTION_COLUMN, "") or "")
    if question:
        metadata["question"] = question
    rating = (row.get(RATING_COLUMN, "") or "").strip()
    if rating:
        metadata["rating"] = rating
    service = _SPACES.sub(" ", row.get(SERVICE_COLUMN, "") or "").strip()
    if service:
        metadata["service"] = service
    return metadata


def read_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """All rows as str dicts (blank cells are ``""``), plus the header."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [{key: (value if value is not None else "") for key, value in row.items()} for row in reader]
    return header, rows


def read_feedback(
    path: str | Path, labels: tuple[str, ...] | list[str] | None = BENCHMARK_LABELS, apply_filter: bool = True
) -> FeedbackSet:
    """Read a feedback-v6 style CSV.

    ``labels`` restricts the theme sets to those columns (``None`` keeps every theme column,
    i.e. every column after ``Comment sentiment``). Label columns missing from the file are
    treated as never applying.
    """
    header, rows = read_rows(path)
    if labels is None:
        start = header.index(SENTIMENT_COLUMN) + 1 if SENTIMENT_COLUMN in header else len(header)
        labels = tuple(header[start:])
    texts, metadata, themes, sentiments, ids, respondents = [], [], [], [], [], []
    for row in rows:
        text = row.get(TEXT_COLUMN, "")
        if apply_filter and not is_codable_text(text):
            continue
        texts.append(text)
        metadata.append(row_metadata(row))
        themes.append(frozenset(label for label in labels if row.get(label, "").strip() == "1"))
        sentiments.append(parse_sentiment(row.get(SENTIMENT_COLUMN, "")))
        ids.append(row.get("Comment ID", ""))
        respondents.append(row.get("Respondent ID", ""))
    return FeedbackSet(texts, metadata, themes, sentiments, ids, respondents)
