"""Reading a taxonomy file and saying everything wrong with it, each problem with where it is.

Used both when Heard loads its taxonomies (a broken file stops it starting, with these messages) and by
`heard taxonomy check FILE`, so a file is judged the same way before and after it is put in place.
What a file may hold is in ADR 0027; the fields starting `heard_` are Heard's own notes on where its
records are evidence, which a regulator's text does not give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

STATUSES = ("current", "replaced")
# How a statement's "Heard's own records" cell is worked out from the pack's figures, where it is not a
# fixed sentence: the loop itself (learning), feedback given by staff (speaking up), leaders' challenges.
STATEMENT_FIGURES = ("loop", "staff_feedback", "challenges")
# Heard's own kinds of evidence that can be set under an evidence category.
SOURCES = (
    "feedback",  # feedback from people who use services
    "audits",  # audits of care
    "incident",
    "staff_feedback",
    "partner_feedback",
    "processes_measures",  # performance measures recorded as measures of processes
    "outcomes_measures",  # and of outcomes
)
# Who gave feedback (feedback.models.GiverType) whose count a category shows.
GIVERS = ("person", "family", "advocate", "staff", "other")
HEARD_FROM = ("", "staff")

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
KEY_LENGTH = 50  # FrameworkVersion.taxonomy holds the key

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ids = list[Annotated[str, StringConstraints(min_length=1)]]


class _Strict(BaseModel):
    # No field a taxonomy does not have, and no coercion: "yes" is not true, 1 is not text.
    model_config = ConfigDict(extra="forbid", strict=True)


class _Statement(_Strict):
    id: Text
    name: Text
    heard_from: Literal[HEARD_FROM] = ""
    heard_records: str = ""
    heard_figures: Literal[STATEMENT_FIGURES] | None = None
    replaces_ids: Ids = []


class _Question(_Strict):
    id: Text
    name: Text
    summary: str = ""
    heard_pack: bool = False
    quality_statements: Annotated[list[_Statement], Field(min_length=1)]


class _Category(_Strict):
    id: Text
    name: Text
    heard_records: str = ""
    heard_sources: list[Literal[SOURCES]] = []
    heard_givers: list[Literal[GIVERS]] = []
    replaces_ids: Ids = []


class _Taxonomy(_Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=KEY_LENGTH, pattern=KEY_PATTERN)]
    name: Text
    plain_name: str = ""
    publisher: str = ""
    description: str = ""
    status: Literal[STATUSES] = "current"
    replaces: str = ""
    key_questions: Annotated[list[_Question], Field(min_length=1)]
    evidence_categories: Annotated[list[_Category], Field(min_length=1)]


# Pydantic's kinds of error, as this file's messages say them.
_SAID = {
    "missing": "missing",
    "extra_forbidden": "not a field a taxonomy has",
    "string_type": "must be text",
    "string_too_short": "must be some text",
    "string_too_long": f"at most {KEY_LENGTH} characters",
    "string_pattern_mismatch": "use only small letters, digits and hyphens",
    "list_type": "must be a list",
    "too_short": "must be a list with at least one item",
    "bool_type": "must be true or false",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
}


class TaxonomyFileError(ValueError):
    """A taxonomy file that cannot be used; `problems` says each thing wrong, with where it is."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + f"\n{self.path}: ".join(problems))


def read(path: Path) -> dict:
    """The file's data if it is a valid taxonomy, or TaxonomyFileError naming every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyFileError(path, [f"cannot be read: {exc}"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TaxonomyFileError(path, [f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"]) from None
    found = problems(data)
    if not found and data["key"] != path.stem:
        found.append(f"key: {data['key']!r}, but the file must be named after its key ({data['key']}.json)")
    if found:
        raise TaxonomyFileError(path, found)
    return data


def problems(data) -> list[str]:
    """Every problem with a taxonomy's data, as 'where: what' (where is the path of the field)."""
    try:
        taxonomy = _Taxonomy.model_validate(data)
    except ValidationError as exc:
        return [f"{_where(e['loc'])}: {_said(e)}" for e in exc.errors()]
    found: list[str] = []
    seen: dict[str, str] = {}  # statements and categories: a mapping names them by id alone
    questions: dict[str, str] = {}
    for i, question in enumerate(taxonomy.key_questions):
        _unique(found, question.id, f"key_questions[{i}]", questions)
        for j, statement in enumerate(question.quality_statements):
            _unique(found, statement.id, f"key_questions[{i}].quality_statements[{j}]", seen)
    for i, category in enumerate(taxonomy.evidence_categories):
        _unique(found, category.id, f"evidence_categories[{i}]", seen)
    if sum(1 for q in taxonomy.key_questions if q.heard_pack) > 1:
        found.append("key_questions: only one key question can have heard_pack: true")
    return found


def _where(loc: tuple) -> str:
    """('key_questions', 2, 'name') -> 'key_questions[2].name'."""
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else f"{'.' if where else ''}{part}"
    return where or "(top)"


def _said(error: dict) -> str:
    if error["type"] == "literal_error":
        return f"must be one of {error['ctx']['expected']}"
    return _SAID.get(error["type"], error["msg"])


def _unique(found: list[str], ident: str, where: str, seen: dict[str, str]) -> None:
    """An id not already in `seen` (id -> where it first was)."""
    if ident in seen:
        found.append(f"{where}.id: repeats {ident!r}, the id of {seen[ident]}")
    else:
        seen[ident] = where
