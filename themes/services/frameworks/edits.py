"""Editing a draft version of a theme framework: its categories and themes, their names, order and
mappings. Only a draft can change (`_draft`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from core.audit import audit_record
from organisations.scope import Scope
from themes.models import (
    Category,
    FrameworkVersion,
    Theme,
)
from themes.services.frameworks.versions import _draft
from themes.taxonomies import taxonomy_get


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
    unmapped_on_purpose: bool | None = None,
) -> Theme:
    """Rename, redescribe, move to another category or re-map a theme of a draft. Its code stays.

    `unmapped_on_purpose` marks a theme that maps to no quality statement as meant to (publishing
    then does not ask about it); a theme given a quality statement is no longer so marked.
    """
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
    marked = theme.unmapped_on_purpose if unmapped_on_purpose is None else unmapped_on_purpose
    if marked and theme.quality_statements:
        if unmapped_on_purpose:
            raise ValidationError(
                {
                    "unmapped_on_purpose": "A theme cannot map to quality statements and to none on purpose: untick "
                    "this, or untick the quality statements."
                }
            )
        marked = False  # mapped now: the decision that it maps to none no longer holds
    if marked != theme.unmapped_on_purpose:
        changes["unmapped_on_purpose"] = {"from": theme.unmapped_on_purpose, "to": marked}
        theme.unmapped_on_purpose = marked
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
