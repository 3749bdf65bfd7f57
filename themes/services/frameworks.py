"""Writes for theme frameworks: installing shipped ones, drafting, editing and publishing versions.

A published version never changes; edits go to a draft copied from the latest version.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

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
from themes.taxonomies import DEFAULT_TAXONOMY, taxonomy_get

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


def _clean_name(name: str, *, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": f"Enter a name for the {what}."})
    if len(name) > 200:
        raise ValidationError({"name": f"The name of the {what} must be 200 characters or fewer."})
    return name


def _unique_code(*, scope: Scope, version: FrameworkVersion, name: str) -> str:
    base = slugify(name)[:90] or "theme"
    taken = set(Theme.objects.for_org(scope.organisation).filter(version=version).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


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

    With `taxonomy`, the draft maps to that taxonomy instead: mappings to ids it does not have are
    dropped, for the quality lead to map again.
    """
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework = Framework.objects.for_org(scope.organisation).select_for_update().get(pk=framework.pk)
    versions = FrameworkVersion.objects.for_org(scope.organisation).filter(framework=framework)
    open_draft = versions.filter(status=VersionStatus.DRAFT).first()
    if open_draft is not None:
        return open_draft
    source = versions.filter(status=VersionStatus.PUBLISHED).first() or versions.order_by("-number").first()
    target = taxonomy_get(taxonomy or (source.taxonomy if source else DEFAULT_TAXONOMY))
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
    dropped = 0
    if source is not None:
        categories = Category.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id")
        copies = {}
        for category in categories:
            copies[category.pk] = Category.objects.create(
                organisation=scope.organisation, version=draft, name=category.name, position=category.position
            )
        themes = []
        for theme in Theme.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id"):
            mappings = {
                "quality_statements": [s for s in theme.quality_statements if s in target.statements],
                "evidence_categories": [e for e in theme.evidence_categories if e in target.evidence],
            }
            dropped += len(theme.quality_statements) + len(theme.evidence_categories)
            dropped -= len(mappings["quality_statements"]) + len(mappings["evidence_categories"])
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
                )
            )
        Theme.objects.bulk_create(themes)
    audit_record(
        scope=scope,
        verb="themes.framework_version.draft",
        obj=draft,
        changes={
            "copied_from": source.number if source else None,
            "taxonomy": target.key,
            "mappings_dropped": dropped,
        },
    )
    return draft


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
    UnmappedThemes names them all, for the person to map them or confirm again.
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


@transaction.atomic
def category_add(*, scope: Scope, version: FrameworkVersion, name: str) -> Category:
    version = _draft(scope=scope, version=version)
    name = _clean_name(name, what="category")
    siblings = Category.objects.for_org(scope.organisation).filter(version=version)
    if siblings.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a category with this name."})
    category = Category.objects.create(
        organisation=scope.organisation, version=version, name=name, position=_next_position(siblings)
    )
    audit_record(scope=scope, verb="themes.category.add", obj=category, changes={"version": version.number})
    return category


def _draft_category(*, scope: Scope, category: Category) -> tuple[FrameworkVersion, Category]:
    category = Category.objects.for_org(scope.organisation).select_related("version").get(pk=category.pk)
    version = _draft(scope=scope, version=category.version)
    return version, category


@transaction.atomic
def category_rename(*, scope: Scope, category: Category, name: str) -> Category:
    version, category = _draft_category(scope=scope, category=category)
    name = _clean_name(name, what="category")
    if (
        Category.objects.for_org(scope.organisation)
        .filter(version=version, name__iexact=name)
        .exclude(pk=category.pk)
        .exists()
    ):
        raise ValidationError({"name": "There is already a category with this name."})
    before = category.name
    category.name = name
    category.save(update_fields=["name"])
    audit_record(
        scope=scope, verb="themes.category.rename", obj=category, changes={"name": {"from": before, "to": name}}
    )
    return category


def _swap(queryset, obj, direction: str) -> bool:
    """Move obj one place up or down among the rows of queryset; False at either end."""
    rows = list(queryset.order_by("position", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return True


@transaction.atomic
def category_move(*, scope: Scope, category: Category, direction: str) -> Category:
    version, category = _draft_category(scope=scope, category=category)
    if _swap(Category.objects.for_org(scope.organisation).filter(version=version), category, direction):
        audit_record(scope=scope, verb="themes.category.move", obj=category, changes={"direction": direction})
    return category


@transaction.atomic
def category_remove(*, scope: Scope, category: Category) -> None:
    version, category = _draft_category(scope=scope, category=category)
    if Theme.objects.for_org(scope.organisation).filter(category=category).exists():
        raise ValidationError("Move or remove the themes in this category first.")
    audit_record(scope=scope, verb="themes.category.remove", obj=category, changes={"version": version.number})
    Category.objects.for_org(scope.organisation).filter(pk=category.pk).delete()


@transaction.atomic
def theme_add(
    *,
    scope: Scope,
    category: Category,
    name: str,
    description: str = "",
    mappings: dict | None = None,
    benchmark: bool = False,
) -> Theme:
    version, category = _draft_category(scope=scope, category=category)
    name = _clean_name(name, what="theme")
    themes = Theme.objects.for_org(scope.organisation).filter(version=version)
    if themes.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with this name."})
    clean = taxonomy_get(version.taxonomy).validate_mapping(mappings)
    theme = Theme.objects.create(
        organisation=scope.organisation,
        version=version,
        category=category,
        name=name,
        code=_unique_code(scope=scope, version=version, name=name),
        description=(description or "").strip(),
        position=_next_position(themes.filter(category=category)),
        mappings=clean,
        benchmark=benchmark,
    )
    audit_record(
        scope=scope, verb="themes.theme.add", obj=theme, changes={"category": category.name, "mappings": clean}
    )
    return theme


def _draft_theme(*, scope: Scope, theme: Theme) -> tuple[FrameworkVersion, Theme]:
    theme = Theme.objects.for_org(scope.organisation).select_related("version", "category").get(pk=theme.pk)
    version = _draft(scope=scope, version=theme.version)
    return version, theme


@transaction.atomic
def theme_update(
    *,
    scope: Scope,
    theme: Theme,
    name: str | None = None,
    description: str | None = None,
    category: Category | None = None,
    mappings: dict | None = None,
) -> Theme:
    """Rename, redescribe, move to another category or re-map a theme of a draft. Its code stays."""
    version, theme = _draft_theme(scope=scope, theme=theme)
    changes = {}
    if name is not None:
        name = _clean_name(name, what="theme")
        clash = Theme.objects.for_org(scope.organisation).filter(version=version, name__iexact=name)
        if clash.exclude(pk=theme.pk).exists():
            raise ValidationError({"name": "There is already a theme with this name."})
        if name != theme.name:
            changes["name"] = {"from": theme.name, "to": name}
            theme.name = name
    if description is not None and description.strip() != theme.description:
        changes["description"] = {"from": theme.description, "to": description.strip()}
        theme.description = description.strip()
    if category is not None and category.pk != theme.category_id:
        target = Category.objects.for_org(scope.organisation).filter(version=version, pk=category.pk).first()
        if target is None:
            raise ValidationError({"category": "Choose a category of this version."})
        changes["category"] = {"from": theme.category.name, "to": target.name}
        theme.category = target
        theme.position = _next_position(Theme.objects.for_org(scope.organisation).filter(category=target))
    if mappings is not None:
        clean = taxonomy_get(version.taxonomy).validate_mapping(mappings)
        if clean != theme.mappings:
            changes["mappings"] = {"from": theme.mappings, "to": clean}
            theme.mappings = clean
    if changes:
        theme.save()
        audit_record(scope=scope, verb="themes.theme.update", obj=theme, changes=changes)
    return theme


@transaction.atomic
def theme_move(*, scope: Scope, theme: Theme, direction: str) -> Theme:
    version, theme = _draft_theme(scope=scope, theme=theme)
    siblings = Theme.objects.for_org(scope.organisation).filter(version=version, category_id=theme.category_id)
    if _swap(siblings, theme, direction):
        audit_record(scope=scope, verb="themes.theme.move", obj=theme, changes={"direction": direction})
    return theme


@transaction.atomic
def theme_remove(*, scope: Scope, theme: Theme) -> None:
    """Remove a theme from a draft. Earlier versions keep theirs."""
    version, theme = _draft_theme(scope=scope, theme=theme)
    audit_record(
        scope=scope, verb="themes.theme.remove", obj=theme, changes={"code": theme.code, "version": version.number}
    )
    Theme.objects.for_org(scope.organisation).filter(pk=theme.pk).delete()
