"""Rows imported before: what the organisation already holds from the same source under a row's
key (skipped, and noted if it differs), and rows that feedback from another source already holds
(imported again, with a warning that the same survey may be named differently this time)."""

from __future__ import annotations

from collections import Counter

from feedback.imports.cells import _key
from feedback.imports.checking import CLASH_NOTES
from feedback.imports.report import CheckResult, ImportReport, ParsedRow, RowError, sources_named
from feedback.imports.selectors import Stored, existing_source_keys, imported_texts, keys_in_other_sources
from organisations.scope import Scope


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


def _older_key(group: list[ParsedRow]) -> str | None:
    """The key Heard gave this group before row IDs were kept apart from respondents' IDs, if it
    differs: a row with no respondent, in a file that names respondents, was stored under its bare
    row ID."""
    first = group[0]
    if first.respondent or not first.source_id:
        return None
    older = _key(first.source_id)
    return older if older != first.key else None


def _imported_before(*, scope: Scope, source: str, keys: list[str], result: CheckResult) -> dict[str, Stored]:
    """What the organisation holds from this source under these keys, or under a group's older key
    if the same row was stored there: with the same date, service, rating and comments."""
    existing = existing_source_keys(scope=scope, source=source, keys=keys)
    older = {}
    for key in keys:
        older_key = _older_key(result.groups[key])
        if key not in existing and older_key:
            older[older_key] = key
    if not older:
        return existing
    stored = existing_source_keys(scope=scope, source=source, keys=list(older))
    texts = imported_texts(scope=scope, source=source, keys=list(stored))
    for older_key, held in stored.items():
        group = result.groups[older[older_key]]
        # A row that differs is most likely the respondent whose ID its row ID shares: a new row.
        if not _differences(group, held) and texts[older_key] == tuple(r.text for r in group if r.text):
            existing[older[older_key]] = held
    return existing


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


def _count_imported_elsewhere(
    *, scope: Scope, others: list[str], groups: list[list[ParsedRow]], found: Counter[str]
) -> None:
    """Count, by source, the new groups that feedback imported from another source already holds:
    the same key with the same date, service and rating. Most likely the same survey, named
    differently this time, which would be counted twice."""
    held = keys_in_other_sources(scope=scope, sources=others, keys=[group[0].key for group in groups])
    for group in groups:
        same = [source for source, stored in held.get(group[0].key, []) if not _differences(group, stored)]
        if same:
            found[same[0]] += len(group)


def _elsewhere_note(found: Counter[str], source: str) -> RowError | None:
    if not found:
        return None
    rows = sum(found.values())
    names = sources_named([name for name, _ in found.most_common(3)])
    this = f"'{source}'" if source else "no source named"
    return RowError(
        1,
        "source",
        f"{rows:,} row{'s' if rows != 1 else ''} match feedback imported before from {names}, with the same ID, "
        f"date, service and rating, and {'are' if rows != 1 else 'is'} imported again under {this}. If this is the "
        "same survey or system, name it as before, or the feedback is counted twice.",
    )
