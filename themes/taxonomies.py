"""Regulators' taxonomies that themes map to, shipped as versioned data files (not in the database).

Each file in themes/taxonomies/ is one taxonomy, named by its key (e.g. `cqc-saf-2024.json`): key
questions, each with its quality statements, and evidence categories, every one with a stable id.
A framework version names the taxonomy its themes map to. When CQC replaces its framework (2026),
a new file is added beside the old one and a framework is re-mapped to it in a new version; the
versions mapped to the old taxonomy keep it, so their mappings still read correctly.

Besides the shipped files, `settings.HEARD_TAXONOMY_DIR` may name a directory of more, so that a provider
or a packager can add a regulator's new framework the day it is published (ADR 0027). A new taxonomy may
say which one it `replaces` and, per statement and category, which of its ids it takes over: the crosswalk
that carries a framework's mappings forward when it is re-mapped. A file is checked as a whole before it
is used (`themes.taxonomy_files`); one that is broken stops Heard starting, saying what and where.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from themes.taxonomy_files import TaxonomyFileError, problems, read

TAXONOMY_DIR = Path(__file__).resolve().parent / "taxonomies"
DEFAULT_TAXONOMY = "cqc-saf-2024"
SHIPPED = "shipped"


@dataclass(frozen=True)
class Statement:
    id: str
    name: str
    key_question: str
    # Whose feedback can evidence it: "staff" for a statement about the workforce (speaking up, staff
    # equality and wellbeing), which feedback from people who use services says nothing about; "" for anyone.
    heard_from: str = ""
    # Heard's own records that are evidence for it, whatever the themes say (a sentence), or the figures
    # the pack works it out from (taxonomy_files.STATEMENT_FIGURES); neither for most statements.
    heard_records: str = ""
    heard_figures: str = ""
    replaces_ids: tuple[str, ...] = ()  # the ids of the replaced taxonomy's statements it takes over


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    name: str
    summary: str
    statements: tuple[Statement, ...]
    heard_pack: bool = False  # the key question whose statements the CQC pack goes through (well-led)


@dataclass(frozen=True)
class EvidenceCategory:
    id: str
    name: str
    heard_records: str = ""  # where Heard's own records for it are in the pack
    heard_sources: tuple[str, ...] = ()  # Heard's kinds of evidence that belong to it (taxonomy_files.SOURCES)
    heard_givers: tuple[str, ...] = ()  # whose feedback it counts, by who gave it (GiverType values)
    replaces_ids: tuple[str, ...] = ()


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
    replaces: str = ""  # the key of the taxonomy it replaces, whose ids `replaces_ids` name
    replaced_by: str = ""  # the key of a loaded taxonomy that replaces it, if there is one
    source: str = SHIPPED  # where it came from: shipped with Heard, or the file it was read from

    @property
    def status_label(self) -> str:
        return "Replaced" if self.status == "replaced" else "Current"

    @cached_property
    def pack_question(self) -> KeyQuestion | None:
        """The key question the CQC pack goes through, or None if the taxonomy does not say."""
        return next((q for q in self.key_questions if q.heard_pack), None)

    def category_for(self, source: str) -> EvidenceCategory | None:
        """The evidence category one of Heard's kinds of evidence belongs to, or None if none says."""
        return next((c for c in self.evidence_categories if source in c.heard_sources), None)

    def successors(self, old_id: str) -> list[str]:
        """The ids of this taxonomy that take over `old_id` of the one it replaces, in taxonomy order.
        An id it kept unchanged is its own successor."""
        found = [s.id for s in self.statements.values() if old_id in s.replaces_ids]
        found += [c.id for c in self.evidence_categories if old_id in c.replaces_ids]
        if not found and (old_id in self.statements or old_id in self.evidence):
            found = [old_id]
        return found

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


def taxonomy_parse(data: dict, *, source: str = SHIPPED) -> Taxonomy:
    """A Taxonomy from its data, or TaxonomyFileError (a ValueError) naming every problem with it."""
    found = problems(data)
    if found:
        raise TaxonomyFileError(source, found)
    questions = tuple(
        KeyQuestion(
            id=q["id"],
            name=q["name"],
            summary=q.get("summary", ""),
            heard_pack=q.get("heard_pack", False),
            statements=tuple(
                Statement(
                    id=s["id"],
                    name=s["name"],
                    key_question=q["id"],
                    heard_from=s.get("heard_from", ""),
                    heard_records=s.get("heard_records", ""),
                    heard_figures=s.get("heard_figures", ""),
                    replaces_ids=tuple(s.get("replaces_ids", ())),
                )
                for s in q["quality_statements"]
            ),
        )
        for q in data["key_questions"]
    )
    return Taxonomy(
        key=data["key"],
        name=data["name"],
        publisher=data.get("publisher", ""),
        description=data.get("description", ""),
        status=data.get("status", "current"),
        key_questions=questions,
        evidence_categories=tuple(
            EvidenceCategory(
                id=e["id"],
                name=e["name"],
                heard_records=e.get("heard_records", ""),
                heard_sources=tuple(e.get("heard_sources", ())),
                heard_givers=tuple(e.get("heard_givers", ())),
                replaces_ids=tuple(e.get("replaces_ids", ())),
            )
            for e in data["evidence_categories"]
        ),
        plain_name=data.get("plain_name", "") or data["name"],
        replaces=data.get("replaces", ""),
        source=source,
    )


def crosswalk_problems(taxonomy: Taxonomy, known: dict[str, Taxonomy]) -> list[str]:
    """What is wrong with a taxonomy's crosswalk, given the taxonomies it could replace."""
    if not taxonomy.replaces:
        named = [s.id for s in taxonomy.statements.values() if s.replaces_ids]
        named += [c.id for c in taxonomy.evidence_categories if c.replaces_ids]
        return [f"replaces_ids: given for {', '.join(named)}, but replaces names no taxonomy"] if named else []
    old = known.get(taxonomy.replaces)
    if old is None or taxonomy.replaces == taxonomy.key:
        return [f"replaces: there is no other taxonomy called {taxonomy.replaces!r}"]
    rival = next((t for t in known.values() if t.key != taxonomy.key and t.replaces == taxonomy.replaces), None)
    if rival is not None:
        # Two successors would leave a framework's page, and the crosswalk, not knowing which to offer.
        return [
            f"replaces: {taxonomy.replaces!r} is already replaced by {rival.key!r}; only one taxonomy can replace it"
        ]
    found = []
    for q, question in enumerate(taxonomy.key_questions):
        for i, statement in enumerate(question.statements):
            for bad in (x for x in statement.replaces_ids if x not in old.statements):
                found.append(
                    f"key_questions[{q}].quality_statements[{i}].replaces_ids: {old.key} has no quality statement {bad!r}"
                )
    for i, category in enumerate(taxonomy.evidence_categories):
        for bad in (x for x in category.replaces_ids if x not in old.evidence):
            found.append(f"evidence_categories[{i}].replaces_ids: {old.key} has no evidence category {bad!r}")
    return found


def _read_dir(directory: Path, found: dict[str, Taxonomy], *, source: str | None) -> None:
    for path in sorted(directory.glob("*.json")):
        taxonomy = taxonomy_parse(read(path), source=source or str(path))
        if taxonomy.key in found:
            raise TaxonomyFileError(
                path,
                [f"key: {taxonomy.key!r} is a taxonomy shipped with Heard, which another file cannot replace"],
            )
        found[taxonomy.key] = taxonomy


def extra_dir() -> Path | None:
    """The directory of taxonomy files beside the shipped ones, if one is set."""
    value = getattr(settings, "HEARD_TAXONOMY_DIR", None)
    return Path(value) if value else None


@cache
def taxonomies() -> dict[str, Taxonomy]:
    """Every taxonomy by key, the shipped ones first, read once per process. ImproperlyConfigured names
    the file and every problem in it if one cannot be used."""
    found: dict[str, Taxonomy] = {}
    directory = extra_dir()
    try:
        _read_dir(TAXONOMY_DIR, found, source=SHIPPED)
        if directory is not None:
            if not directory.is_dir():
                raise ImproperlyConfigured(f"HEARD_TAXONOMY_DIR: {directory} is not a directory.")
            _read_dir(directory, found, source=None)
        for taxonomy in found.values():
            bad = crosswalk_problems(taxonomy, found)
            if bad:
                raise TaxonomyFileError(
                    TAXONOMY_DIR / f"{taxonomy.key}.json" if taxonomy.source == SHIPPED else taxonomy.source, bad
                )
    except TaxonomyFileError as exc:
        raise ImproperlyConfigured(f"A taxonomy file cannot be used.\n{exc}") from exc
    # A taxonomy another one replaces reads as replaced, whatever its own file says.
    for taxonomy in list(found.values()):
        if taxonomy.replaces in found:
            old = found[taxonomy.replaces]
            found[old.key] = replace(old, status="replaced", replaced_by=taxonomy.key)
    return found


def taxonomy_successor(key: str) -> Taxonomy | None:
    """The loaded taxonomy that replaces the one called `key`, if there is one."""
    known = taxonomies()
    found = known.get(key)
    return known.get(found.replaced_by) if found and found.replaced_by else None


def taxonomy_list() -> list[Taxonomy]:
    return list(taxonomies().values())


def taxonomy_get(key: str) -> Taxonomy:
    try:
        return taxonomies()[key]
    except KeyError:
        raise ValidationError({"taxonomy": f"There is no taxonomy called {key!r}."}) from None
