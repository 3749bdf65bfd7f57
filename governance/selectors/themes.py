"""Themes of the primary framework, identified across its versions by code."""

from __future__ import annotations

from governance.rules import Perm, require
from organisations.scope import Scope
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Framework, Theme


def current_themes(*, scope: Scope) -> list[Theme]:
    """The published version's themes of the primary framework, in order: what people cite and see."""
    version = primary_version(scope=scope)
    if version is None:
        return []
    return list(
        Theme.objects.for_org(scope.organisation)
        .filter(version=version)
        .select_related("category")
        .order_by("category__position", "position", "id")
    )


def theme_by_code(*, scope: Scope, code: str) -> Theme:
    """The published row of a theme of the primary framework (Theme.DoesNotExist otherwise)."""
    scope = require(scope, Perm.VIEW)
    version = primary_version(scope=scope)
    if version is None:
        raise Theme.DoesNotExist("No primary framework is published.")
    return (
        Theme.objects.for_org(scope.organisation).select_related("version__framework").get(version=version, code=code)
    )


def theme_names(*, scope: Scope) -> dict[str, str]:
    return {t.code: t.name for t in current_themes(scope=scope)}


def primary(*, scope: Scope) -> Framework | None:
    return primary_framework(scope=scope)
