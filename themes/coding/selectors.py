"""Reads for coding: the primary framework, current codings, the queue, agreement, model versions.

"Current" rows are those not superseded. Rows are scoped to the acting person's services through
the comment's feedback (SERVICE_PATH), so nobody sees codings on feedback they may not see.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from feedback.models import Comment
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.models import (
    CodingReview,
    Framework,
    FrameworkVersion,
    ModelStatus,
    SentimentAssignment,
    Theme,
    ThemeAssignment,
    ThemeModelVersion,
    VersionStatus,
)


def primary_framework(*, scope: Scope) -> Framework | None:
    """The framework this organisation codes with (and tracks loops and reports by)."""
    return Framework.objects.for_org(scope.organisation).filter(is_primary=True).first()


def primary_version(*, scope: Scope, framework: Framework | None = None) -> FrameworkVersion | None:
    """The published version of the primary (or given) framework."""
    framework = framework or primary_framework(scope=scope)
    if framework is None:
        return None
    return (
        FrameworkVersion.objects.for_org(scope.organisation)
        .filter(framework=framework, status=VersionStatus.PUBLISHED)
        .first()
    )


def theme_assignments(*, scope: Scope, current: bool = True) -> QuerySet[ThemeAssignment]:
    """Theme rows on comments this person may see; by default only current rows."""
    require(scope, Perm.VIEW_CODING)
    rows = ThemeAssignment.objects.for_scope(scope)
    if current:
        rows = rows.filter(superseded_at__isnull=True)
    return rows


def themes_applied(*, scope: Scope, framework: Framework | None = None) -> QuerySet[ThemeAssignment]:
    """Current rows saying a theme applies to a comment, in the primary (or given) framework.

    Rows made by the model but not yet reviewed by a person are included: they are what the
    organisation currently believes. Filter on `source` for person-confirmed rows only.
    """
    framework = framework or primary_framework(scope=scope)
    if framework is None:
        return ThemeAssignment.objects.none()
    return theme_assignments(scope=scope).filter(applies=True, theme__version__framework=framework)


def sentiment_current(*, scope: Scope) -> QuerySet[SentimentAssignment]:
    require(scope, Perm.VIEW_CODING)
    return SentimentAssignment.objects.for_scope(scope).filter(superseded_at__isnull=True)


def reviewed(*, framework: Framework) -> Exists:
    return Exists(
        CodingReview.objects.for_org(framework.organisation).filter(framework=framework, comment=OuterRef("pk"))
    )


def coding_queue(*, scope: Scope, framework: Framework) -> QuerySet[Comment]:
    """Comments not yet reviewed by a person in this framework, oldest feedback first."""
    require(scope, Perm.VIEW_CODING)
    return (
        Comment.objects.for_scope(scope)
        .filter(~reviewed(framework=framework))
        .select_related("feedback__service")
        .order_by("feedback__received_on", "feedback_id", "position")
    )


def themes_by_code(*, version: FrameworkVersion) -> dict[str, Theme]:
    return {t.code: t for t in Theme.objects.for_org(version.organisation).filter(version=version)}


def model_versions(*, scope: Scope, framework: Framework) -> QuerySet[ThemeModelVersion]:
    require(scope, Perm.VIEW_CODING)
    return (
        ThemeModelVersion.objects.for_org(scope.organisation)
        .filter(framework=framework)
        .select_related("requested_by")
        .order_by("-number")
    )


def model_in_use(*, scope: Scope, framework: Framework) -> ThemeModelVersion | None:
    return model_versions(scope=scope, framework=framework).filter(status=ModelStatus.PROMOTED).first()
