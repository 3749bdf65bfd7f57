"""Reading a taxonomy file and saying everything wrong with it, each problem with where it is.

Used both when Heard loads its taxonomies (a broken file stops it starting, with these messages) and by
`heard taxonomy check FILE`, so a file is judged the same way before and after it is put in place.
What a file may hold is in ADR 0027; the fields starting `heard_` are Heard's own notes on where its
records are evidence, which a regulator's text does not give.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KEY_LENGTH = 50  # FrameworkVersion.taxonomy holds the key

_TOP = {"key", "name", "plain_name", "publisher", "description", "status", "replaces", "key_questions"}
_TOP |= {"evidence_categories"}
_QUESTION = {"id", "name", "summary", "quality_statements", "heard_pack"}
_STATEMENT = {"id", "name", "heard_from", "heard_records", "heard_figures", "replaces_ids"}
_CATEGORY = {"id", "name", "heard_records", "heard_sources", "heard_givers", "replaces_ids"}


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
    if not isinstance(data, dict):
        return ["(top): must be a JSON object"]
    found: list[str] = []
    _unknown(found, data, _TOP, "")
    _text(found, data, "key", "key", required=True)
    if isinstance(data.get("key"), str) and data["key"] and not KEY.match(data["key"]):
        found.append("key: use only small letters, digits and hyphens")
    if isinstance(data.get("key"), str) and len(data["key"]) > KEY_LENGTH:
        found.append(f"key: at most {KEY_LENGTH} characters")
    _text(found, data, "name", "name", required=True)
    for name in ("plain_name", "publisher", "description", "replaces"):
        _text(found, data, name, name)
    if "status" in data and data["status"] not in STATUSES:
        found.append(f"status: must be one of {', '.join(STATUSES)}")
    seen: dict[str, str] = {}  # statements and categories: a mapping names them by id alone
    question_ids: dict[str, str] = {}
    questions = _list(found, data, "key_questions", "key_questions", required=True)
    for i, question in enumerate(questions):
        where = f"key_questions[{i}]"
        if not _object(found, question, where):
            continue
        _unknown(found, question, _QUESTION, where)
        _id(found, question, where, question_ids)
        _text(found, question, "name", f"{where}.name", required=True)
        _text(found, question, "summary", f"{where}.summary")
        if "heard_pack" in question and not isinstance(question["heard_pack"], bool):
            found.append(f"{where}.heard_pack: must be true or false")
        statements = _list(found, question, "quality_statements", f"{where}.quality_statements", required=True)
        for j, statement in enumerate(statements):
            inner = f"{where}.quality_statements[{j}]"
            if not _object(found, statement, inner):
                continue
            _unknown(found, statement, _STATEMENT, inner)
            _id(found, statement, inner, seen)
            _text(found, statement, "name", f"{inner}.name", required=True)
            _text(found, statement, "heard_records", f"{inner}.heard_records")
            _choice(found, statement, "heard_from", inner, HEARD_FROM)
            _choice(found, statement, "heard_figures", inner, STATEMENT_FIGURES)
            _ids(found, statement, "replaces_ids", inner, None)
    if sum(1 for q in questions if isinstance(q, dict) and q.get("heard_pack") is True) > 1:
        found.append("key_questions: only one key question can have heard_pack: true")
    categories = _list(found, data, "evidence_categories", "evidence_categories", required=True)
    for i, category in enumerate(categories):
        where = f"evidence_categories[{i}]"
        if not _object(found, category, where):
            continue
        _unknown(found, category, _CATEGORY, where)
        _id(found, category, where, seen)
        _text(found, category, "name", f"{where}.name", required=True)
        _text(found, category, "heard_records", f"{where}.heard_records")
        _ids(found, category, "heard_sources", where, SOURCES)
        _ids(found, category, "heard_givers", where, GIVERS)
        _ids(found, category, "replaces_ids", where, None)
    return found


def _unknown(found: list[str], data: dict, allowed: set[str], where: str) -> None:
    for name in sorted(set(data) - allowed):
        found.append(f"{where + '.' if where else ''}{name}: not a field a taxonomy has")


def _object(found: list[str], value, where: str) -> bool:
    if isinstance(value, dict):
        return True
    found.append(f"{where}: must be a JSON object")
    return False


def _text(found: list[str], data: dict, name: str, where: str, *, required: bool = False) -> None:
    if name not in data:
        if required:
            found.append(f"{where}: missing")
    elif not isinstance(data[name], str) or (required and not data[name].strip()):
        found.append(f"{where}: must be {'some text' if required else 'text'}")


def _list(found: list[str], data: dict, name: str, where: str, *, required: bool = False) -> list:
    if name not in data:
        if required:
            found.append(f"{where}: missing")
        return []
    if not isinstance(data[name], list) or (required and not data[name]):
        found.append(f"{where}: must be a list{' with at least one item' if required else ''}")
        return []
    return data[name]


def _id(found: list[str], data: dict, where: str, seen: dict[str, str]) -> None:
    """A required id, not one already in `seen` (id -> where it first was)."""
    _text(found, data, "id", f"{where}.id", required=True)
    ident = data.get("id")
    if not isinstance(ident, str) or not ident.strip():
        return
    if ident in seen:
        found.append(f"{where}.id: repeats {ident!r}, the id of {seen[ident]}")
    else:
        seen[ident] = where


def _choice(found: list[str], data: dict, name: str, where: str, allowed: tuple[str, ...]) -> None:
    if name in data and data[name] not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        found.append(f"{where}.{name}: must be one of {shown}")


def _ids(found: list[str], data: dict, name: str, where: str, allowed: tuple[str, ...] | None) -> None:
    if name not in data:
        return
    value = data[name]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        found.append(f"{where}.{name}: must be a list of ids")
        return
    if allowed is not None:
        for v in value:
            if v not in allowed:
                found.append(f"{where}.{name}: {v!r} is not one of {', '.join(allowed)}")
