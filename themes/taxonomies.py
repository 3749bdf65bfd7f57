"""Regulators' taxonomies that themes map to, shipped as versioned data files (not in the database).

Each file in themes/taxonomies/ is one taxonomy, named by its key (e.g. `cqc-saf-2024.json`): key
questions, each with its quality statements, and evidence categories, every one with a stable id.
A framework version names the taxonomy its themes map to. When CQC replaces its framework (2026),
a new file is added beside the old one and a framework is re-mapped to it in a new version; the
versions mapped to the old taxonomy keep it, so their mappings still read correctly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.core.exceptions import ValidationError

TAXONOMY_DIR = Path(__file__).resolve().parent / "taxonomies"
DEFAULT_TAXONOMY = "cqc-saf-2024"


@dataclass(frozen=True)
class Statement:
    id: str
    name: str
    key_question: str
    # Whose feedback can evidence it: "staff" for a statement about the workforce (speaking up, staff
    # equality and wellbeing), which feedback from people who use services says nothing about; "" for anyone.
    heard_from: str = ""


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    name: str
    summary: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class EvidenceCategory:
    id: str
    name: str


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    publisher: str
    description: str
    status: str
    key_questions: tuple[KeyQuestion, ...]
    evidence_categories: tuple[EvidenceCategory, ...]
    plain_name: str = ""  # its name for a person who uses the services (ADR 0009): no "framework"

    @cached_property
    def statements(self) -> dict[str, Statement]:
        return {s.id: s for q in self.key_questions for s in q.statements}

    @cached_property
    def evidence(self) -> dict[str, EvidenceCategory]:
        return {e.id: e for e in self.evidence_categories}

    def statement_label(self, statement_id: str) -> str:
        """'Safe: Safeguarding': the statement with its key question."""
        found = self.statements.get(statement_id)
        if found is None:
            return statement_id
        question = next(q for q in self.key_questions if q.id == found.key_question)
        return f"{question.name}: {found.name}"

    def statement_name(self, statement_id: str) -> str:
        found = self.statements.get(statement_id)
        return found.name if found else statement_id

    def evidence_name(self, evidence_id: str) -> str:
        found = self.evidence.get(evidence_id)
        return found.name if found else evidence_id

    def validate_mapping(self, mappings: dict | None) -> dict:
        """A clean mapping (ids in taxonomy order, no repeats), or ValidationError naming unknown ids."""
        mappings = mappings or {}
        unknown_keys = set(mappings) - {"quality_statements", "evidence_categories"}
        if unknown_keys:
            raise ValidationError({"mappings": f"Unknown kind of mapping: {', '.join(sorted(unknown_keys))}."})
        statements = _ids(mappings.get("quality_statements", []))
        evidence = _ids(mappings.get("evidence_categories", []))
        errors = {}
        bad = [s for s in statements if s not in self.statements]
        if bad:
            errors["quality_statements"] = f"{self.name} has no quality statement {', '.join(sorted(bad))}."
        bad = [e for e in evidence if e not in self.evidence]
        if bad:
            errors["evidence_categories"] = f"{self.name} has no evidence category {', '.join(sorted(bad))}."
        if errors:
            raise ValidationError(errors)
        order = list(self.statements)
        evidence_order = list(self.evidence)
        return {
            "quality_statements": sorted(set(statements), key=order.index),
            "evidence_categories": sorted(set(evidence), key=evidence_order.index),
        }


def _ids(value: Iterable) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError({"mappings": "A mapping is a list of ids."})
    return [str(v) for v in value]


def _parse(data: dict) -> Taxonomy:
    questions = tuple(
        KeyQuestion(
            id=q["id"],
            name=q["name"],
            summary=q.get("summary", ""),
            statements=tuple(
                Statement(id=s["id"], name=s["name"], key_question=q["id"], heard_from=s.get("heard_from", ""))
                for s in q["quality_statements"]
            ),
        )
        for q in data["key_questions"]
    )
    taxonomy = Taxonomy(
        key=data["key"],
        name=data["name"],
        publisher=data.get("publisher", ""),
        description=data.get("description", ""),
        status=data.get("status", "current"),
        key_questions=questions,
        evidence_categories=tuple(EvidenceCategory(id=e["id"], name=e["name"]) for e in data["evidence_categories"]),
        plain_name=data.get("plain_name", "") or data["name"],
    )
    ids = [s.id for q in questions for s in q.statements] + [e.id for e in taxonomy.evidence_categories]
    if len(ids) != len(set(ids)):
        raise ValueError(f"Taxonomy {taxonomy.key} repeats an id.")
    return taxonomy


@cache
def taxonomies() -> dict[str, Taxonomy]:
    """Every shipped taxonomy by key, read once per process."""
    found = {}
    for path in sorted(TAXONOMY_DIR.glob("*.json")):
        taxonomy = _parse(json.loads(path.read_text(encoding="utf-8")))
        if taxonomy.key != path.stem:
            raise ValueError(f"{path.name} holds taxonomy {taxonomy.key}; the file must be named after its key.")
        found[taxonomy.key] = taxonomy
    return found


def taxonomy_list() -> list[Taxonomy]:
    return list(taxonomies().values())


def taxonomy_get(key: str) -> Taxonomy:
    try:
        return taxonomies()[key]
    except KeyError:
        raise ValidationError({"taxonomy": f"There is no taxonomy called {key!r}."}) from None
