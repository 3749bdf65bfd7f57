"""Versions of theme frameworks: installing shipped ones, drafting, publishing and discarding.

A published version never changes; edits go to a draft copied from the latest version.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core import clock
from core.audit import audit_record
from organisations.scope import Scope
from themes.models import (
    Category,
    Framework,
    FrameworkSource,
    FrameworkVersion,
    Theme,
    VersionStatus,
)
from themes.rules import Perm, require
from themes.selectors import shipped_frameworks, version_unmapped_themes
from themes.taxonomies import DEFAULT_TAXONOMY, Taxonomy, taxonomy_get

# --- theme frameworks ------------------------------------------------------------------------
#
# Only a draft version can change. Publishing a draft retires the version that was published, which
# stays (with its Theme rows) so that everything coded with it keeps pointing at what it used.


def _locked_version(*, scope: Scope, version: FrameworkVersion) -> FrameworkVersion:
    return (
        FrameworkVersion.objects.for_org(scope.organisation)
        .select_for_update()
        .select_related("framework")
        .get(pk=version.pk)
    )


def _draft(*, scope: Scope, version: FrameworkVersion) -> FrameworkVersion:
    """The version, locked, if it is a draft this scope may edit; ValidationError if it is not a draft."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    version = _locked_version(scope=scope, version=version)
    if not version.is_draft:
        raise ValidationError(
            f"Version {version.number} is {version.get_status_display().lower()} and cannot be changed. "
            "Start a new version to make changes."
        )
    return version


@transaction.atomic
def framework_install(*, scope: Scope, key: str) -> Framework:
    """Install a shipped framework as version 1, published. Installing it again changes nothing."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    definition = shipped_frameworks().get(key)
    if definition is None:
        raise ValidationError({"key": f"Heard has no framework called {key!r}."})
    existing = Framework.objects.for_org(scope.organisation).filter(slug=key).first()
    if existing is not None:
        return existing
    taxonomy = taxonomy_get(definition["taxonomy"])
    now = clock.now()
    framework = Framework.objects.create(
        organisation=scope.organisation,
        name=definition["name"],
        slug=key,
        description=definition.get("description", ""),
        source=FrameworkSource.SHIPPED,
        created_at=now,
        # The first framework an organisation installs is the one it codes with until it chooses.
        is_primary=not Framework.objects.for_org(scope.organisation).filter(is_primary=True).exists(),
    )
    version = FrameworkVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=1,
        status=VersionStatus.PUBLISHED,
        notes="As shipped with Heard.",
        taxonomy=taxonomy.key,
        created_by=scope.person,
        created_at=now,
        published_at=now,
    )
    themes = []
    for c_pos, cat in enumerate(definition["categories"]):
        category = Category.objects.create(
            organisation=scope.organisation, version=version, name=cat["name"], position=c_pos
        )
        for t_pos, item in enumerate(cat["themes"]):
            mappings = taxonomy.validate_mapping(
                {
                    "quality_statements": item.get("quality_statements", []),
                    "evidence_categories": item.get("evidence_categories", []),
                }
            )
            themes.append(
                Theme(
                    organisation=scope.organisation,
                    version=version,
                    category=category,
                    name=item["name"],
                    code=item["code"],
                    description=item.get("description", ""),
                    position=t_pos,
                    mappings=mappings,
                    benchmark=bool(item.get("benchmark", False)),
                    unmapped_on_purpose=bool(item.get("unmapped_on_purpose")) and not mappings["quality_statements"],
                )
            )
    Theme.objects.bulk_create(themes)
    audit_record(
        scope=scope,
        verb="themes.framework.install",
        obj=framework,
        changes={"key": key, "version": 1, "categories": len(definition["categories"]), "themes": len(themes)},
    )
    return framework


@transaction.atomic
def framework_version_draft(
    *, scope: Scope, framework: Framework, taxonomy: str | None = None, notes: str = ""
) -> FrameworkVersion:
    """A new draft copied from the latest version (the draft already open, if there is one).

    With `taxonomy`, the draft maps to that taxonomy instead. If it replaces the source version's, each
    mapping is carried to the ids that take it over (its crosswalk, ADR 0027); otherwise one is kept if
    the taxonomy has the same id. Mappings with nowhere to go are dropped, for the quality lead to map
    again. How many were carried and dropped is on the draft as `remapped`, and in the audit event.
    """
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework = Framework.objects.for_org(scope.organisation).select_for_update().get(pk=framework.pk)
    versions = FrameworkVersion.objects.for_org(scope.organisation).filter(framework=framework)
    open_draft = versions.filter(status=VersionStatus.DRAFT).first()
    if open_draft is not None:
        return open_draft
    source = versions.filter(status=VersionStatus.PUBLISHED).first() or versions.order_by("-number").first()
    target = taxonomy_get(taxonomy or (source.taxonomy if source else DEFAULT_TAXONOMY))
    moved = source is not None and source.taxonomy != target.key
    crosswalk = moved and target.replaces == source.taxonomy
    draft = FrameworkVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=(versions.aggregate(top=Max("number"))["top"] or 0) + 1,
        status=VersionStatus.DRAFT,
        notes=notes.strip(),
        taxonomy=target.key,
        created_by=scope.person,
        created_at=clock.now(),
    )
    remapped = Remapped()
    if source is not None:
        categories = Category.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id")
        copies = {}
        for category in categories:
            copies[category.pk] = Category.objects.create(
                organisation=scope.organisation, version=draft, name=category.name, position=category.position
            )
        themes = []
        for theme in Theme.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id"):
            dropped_before = remapped.dropped
            mappings = {
                "quality_statements": _carry(theme.quality_statements, target.statements, target, crosswalk, remapped),
                "evidence_categories": _carry(theme.evidence_categories, target.evidence, target, crosswalk, remapped),
            }
            if remapped.dropped > dropped_before:
                remapped.themes_to_check += 1
            themes.append(
                Theme(
                    organisation=scope.organisation,
                    version=draft,
                    category=copies[theme.category_id],
                    name=theme.name,
                    code=theme.code,
                    description=theme.description,
                    position=theme.position,
                    mappings=mappings,
                    benchmark=theme.benchmark,
                    unmapped_on_purpose=theme.unmapped_on_purpose,
                )
            )
        Theme.objects.bulk_create(themes)
    if not moved:
        remapped = Remapped()  # a copy on the same taxonomy keeps every mapping as it was
    audit_record(
        scope=scope,
        verb="themes.framework_version.draft",
        obj=draft,
        changes={
            "copied_from": source.number if source else None,
            "taxonomy": target.key,
            "crosswalk": crosswalk,
            "mappings_carried": remapped.carried,
            "mappings_dropped": remapped.dropped,
        },
    )
    draft.remapped = remapped
    return draft


@dataclass
class Remapped:
    """What happened to a version's mappings when its draft was mapped to another taxonomy."""

    carried: int = 0  # mappings of the old taxonomy that found an id in the new one
    dropped: int = 0  # those that did not, taken off
    themes_to_check: int = 0  # themes that lost a mapping, so need mapping again


def _carry(old: list[str], ids: dict, target: Taxonomy, crosswalk: bool, remapped: Remapped) -> list[str]:
    """A theme's mapping of one kind (`ids`: the target's statements or categories) in the target taxonomy,
    counting each old id carried or dropped. By the crosswalk, an id goes to every id that takes it over
    (one split in two goes to both); without one, only to the same id."""
    found: list[str] = []
    for ident in old:
        after = [i for i in target.successors(ident) if i in ids] if crosswalk else [ident] * (ident in ids)
        if after:
            remapped.carried += 1
        else:
            remapped.dropped += 1
        found += [i for i in after if i not in found]
    order = list(ids)
    return sorted(found, key=order.index)


class UnmappedThemes(ValidationError):
    """Publishing would put themes that map to no quality statement into use unannounced."""

    def __init__(self, themes: list[Theme]):
        self.themes = themes
        names = ", ".join(theme.name for theme in themes)
        super().__init__(
            f"These themes map to no quality statement, so CQC reports will not show them under any: {names}."
        )


@transaction.atomic
def framework_version_publish(
    *,
    scope: Scope,
    version: FrameworkVersion,
    notes: str | None = None,
    confirmed_unmapped: Collection[int] = (),
) -> FrameworkVersion:
    """Publish a draft; the version published before it is retired (and kept).

    CQC reports show a theme that maps to no quality statement under none, so each such theme must
    be among `confirmed_unmapped`, the ids of those the person was shown; if one is not,
    UnmappedThemes names them all, for the person to map them or confirm again. A theme marked as
    mapping to none on purpose (`Theme.unmapped_on_purpose`) was decided about already.
    """
    version = _draft(scope=scope, version=version)
    if not Theme.objects.for_org(scope.organisation).filter(version=version).exists():
        raise ValidationError("A version needs at least one theme before it can be published.")
    unmapped = version_unmapped_themes(scope=scope, version=version)
    if {theme.pk for theme in unmapped} - set(confirmed_unmapped):
        raise UnmappedThemes(unmapped)
    previous = (
        FrameworkVersion.objects.for_org(scope.organisation)
        .select_for_update()
        .filter(framework=version.framework, status=VersionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        previous.status = VersionStatus.RETIRED
        previous.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    if notes is not None:
        version.notes = notes.strip()
    version.save(update_fields=["status", "published_at", "notes"])
    audit_record(
        scope=scope,
        verb="themes.framework_version.publish",
        obj=version,
        changes={
            "retired": previous.number if previous else None,
            "notes": version.notes,
            "unmapped": [theme.code for theme in unmapped],
            "unmapped_on_purpose": list(
                Theme.objects.for_org(scope.organisation)
                .filter(version=version, unmapped_on_purpose=True)
                .order_by("code")
                .values_list("code", flat=True)
            ),
        },
    )
    return version


@transaction.atomic
def framework_version_discard(*, scope: Scope, version: FrameworkVersion) -> None:
    """Throw away a draft that was never published."""
    version = _draft(scope=scope, version=version)
    audit_record(scope=scope, verb="themes.framework_version.discard", obj=version, changes={"number": version.number})
    Theme.objects.for_org(scope.organisation).filter(version=version).delete()
    Category.objects.for_org(scope.organisation).filter(version=version).delete()
    FrameworkVersion.objects.for_org(scope.organisation).filter(pk=version.pk).delete()
