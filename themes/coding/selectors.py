"""Reads for coding: the primary framework (and what choosing another means), current codings, the queue,
agreement, model versions.

"Current" rows are those not superseded. Rows are scoped to the acting person's services through
the comment's feedback (SERVICE_PATH), so nobody sees codings on feedback they may not see.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from feedback.models import Comment
from feedback.selectors import comments_readable
from organisations.models import Service
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.models import (
    CodingReview,
    Framework,
    FrameworkVersion,
    ModelStatus,
    SentimentAssignment,
    Source,
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
    scope = require(scope, Perm.VIEW_CODING)
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
        return ThemeAssignment.objects.for_org(scope.organisation).none()
    return theme_assignments(scope=scope).filter(applies=True, theme__version__framework=framework)


def sentiment_current(*, scope: Scope) -> QuerySet[SentimentAssignment]:
    scope = require(scope, Perm.VIEW_CODING)
    return SentimentAssignment.objects.for_scope(scope).filter(superseded_at__isnull=True)


def reviewed(*, framework: Framework) -> Exists:
    return Exists(
        CodingReview.objects.for_org(framework.organisation).filter(framework=framework, comment=OuterRef("pk"))
    )


def reviewed_one_by_one(*, framework: Framework) -> Exists:
    """Coded by a person looking at the comment on its own, or by an imported file: not only accepted in bulk."""
    return Exists(
        CodingReview.objects.for_org(framework.organisation).filter(
            framework=framework, comment=OuterRef("pk"), bulk_accepted=False
        )
    )


def coding_queue(*, scope: Scope, framework: Framework) -> QuerySet[Comment]:
    """Comments not yet reviewed by a person in this framework, oldest feedback first; none of
    feedback withheld from this person for an urgent flag (``comments_readable``)."""
    scope = require(scope, Perm.OPEN_CODING)
    return (
        comments_readable(scope=scope)
        .filter(~reviewed(framework=framework))
        .select_related("feedback__service")
        .order_by("feedback__received_on", "feedback_id", "position")
    )


def themes_by_code(*, version: FrameworkVersion) -> dict[str, Theme]:
    return {t.code: t for t in Theme.objects.for_org(version.organisation).filter(version=version)}


def current_theme_codes(*, scope: Scope) -> set[str]:
    """The codes of the published version of the primary framework: what records may be tagged with."""
    version = primary_version(scope=scope)
    return set(themes_by_code(version=version)) if version is not None else set()


def model_versions(*, scope: Scope, framework: Framework) -> QuerySet[ThemeModelVersion]:
    scope = require(scope, Perm.OPEN_CODING)
    return (
        ThemeModelVersion.objects.for_org(scope.organisation)
        .filter(framework=framework)
        .select_related("requested_by", "compared_with")
        .order_by("-number")
    )


def model_in_use(*, scope: Scope, framework: Framework) -> ThemeModelVersion | None:
    return model_versions(scope=scope, framework=framework).filter(status=ModelStatus.PROMOTED).first()


# --- pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    theme: Theme
    confidence: float | None
    source: str
    applies: bool


def waiting_with_suggestions(*, scope: Scope, framework: Framework, comments: Sequence[Comment]) -> dict[int, list]:
    """For each comment on a queue page, its current rows in the framework (one query)."""
    found: dict[int, list] = {c.pk: [] for c in comments}
    for row in (
        theme_assignments(scope=scope)
        .filter(comment_id__in=list(found), theme__version__framework=framework)
        .select_related("theme__version", "made_by", "model_version")
        .order_by("-confidence", "theme__position")
    ):
        found[row.comment_id].append(row)
    return found


def comment_for_coding(*, scope: Scope, comment_id: int) -> Comment:
    """One comment to code; DoesNotExist outside the scope and when withheld (``comments_readable``)."""
    scope = require(scope, Perm.OPEN_CODING)
    return comments_readable(scope=scope).select_related("feedback__service").get(pk=comment_id)


def coding_seen(*, scope: Scope, comment: Comment, framework: Framework) -> str:
    """A short token for the coding of a comment as the coding page shows it, in the framework.

    It changes when anyone codes the comment or its suggestions change, so a page can carry the
    token it was drawn with and a save from it can be refused once it no longer matches
    (``comment_code``). A suggestion accepted in bulk counts as the suggestion it accepted: it
    says what the page already showed, and coding the comment on its own is meant to replace it.
    Read it before the rows it stands for, so a page never carries a token newer than its rows.
    """
    scope = require(scope, Perm.VIEW_CODING)
    themes = ThemeAssignment.objects.for_org(scope.organisation).filter(
        comment=comment, superseded_at__isnull=True, theme__version__framework=framework
    )
    sentiments = SentimentAssignment.objects.for_org(scope.organisation).filter(
        comment=comment, superseded_at__isnull=True
    )
    # A suggestion (or its acceptance in bulk) by what it says and which model said it; any other row by itself.
    parts = [
        f"theme {code}={applies} model {model}" if source == Source.MODEL or bulk else f"theme row {pk}"
        for pk, code, applies, source, bulk, model in themes.values_list(
            "pk", "theme__code", "applies", "source", "bulk_accepted", "model_version_id"
        )
    ] + [
        f"sentiment {level} model {model}" if source == Source.MODEL or bulk else f"sentiment row {pk}"
        for pk, level, source, bulk, model in sentiments.values_list(
            "pk", "level", "source", "bulk_accepted", "model_version_id"
        )
    ]
    return hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()[:16]


def comment_coding_history(*, scope: Scope, comment: Comment, framework: Framework) -> list:
    """Every theme and sentiment row on the comment, oldest first, with who or what made it."""
    themes = list(
        theme_assignments(scope=scope, current=False)
        .filter(comment=comment, theme__version__framework=framework)
        .select_related("theme__version", "made_by", "model_version")
    )
    sentiments = list(
        SentimentAssignment.objects.for_scope(scope).filter(comment=comment).select_related("made_by", "model_version")
    )
    return sorted([*themes, *sentiments], key=lambda r: (r.made_at, r.pk))


NEXT_LOOKAHEAD = 50


def next_waiting(
    *,
    scope: Scope,
    framework: Framework,
    after: Comment | None = None,
    order: Sequence[int] | None = None,
    skipped: Sequence[int] = (),
) -> Comment | None:
    """The comment to code after `after`: the first still in the queue, in the order the person chose.

    `order` is the "code these next" order (comment ids); without it, or once none of it is left,
    the queue's own order (oldest first) is used. Each id is checked against the queue, which
    decides what this person may code. Comments the person `skipped` are passed over.
    """
    queue = coding_queue(scope=scope, framework=framework)
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    if skipped:
        queue = queue.exclude(pk__in=list(skipped))
    for start in range(0, len(order or ()), NEXT_LOOKAHEAD):
        ids = order[start : start + NEXT_LOOKAHEAD]
        found = queue.in_bulk(ids)
        for pk in ids:
            if pk in found:
                return found[pk]
    return queue.first()


@dataclass(frozen=True)
class ThemeAgreement:
    theme: Theme
    accepted: int  # the model suggested it and a person kept it
    rejected: int  # the model suggested it and a person removed it
    missed: int  # a person added it where the model had made suggestions but not this one

    @property
    def compared(self) -> int:
        return self.accepted + self.rejected + self.missed

    @property
    def agreement(self) -> float | None:
        """Share of the times either side said the theme applies on which both did."""
        return self.accepted / self.compared if self.compared else None


def agreement_by_theme(*, scope: Scope, framework: Framework) -> list[ThemeAgreement]:
    """How often people agreed with the model, theme by theme, on comments the model had suggested for.

    Only a person's decision on a comment looked at on its own counts. A suggestion accepted in
    bulk is the model's answer, not a person's judgement of it; if someone later codes that comment
    on its own, their decision about the suggestion counts then.
    """
    version = primary_version(scope=scope, framework=framework)
    if version is None:
        return []
    rows = theme_assignments(scope=scope, current=False).filter(theme__version__framework=framework)
    decided = Q(superseded_by__source="person", superseded_by__bulk_accepted=False)
    decided_after_bulk = Q(
        superseded_by__bulk_accepted=True,
        superseded_by__superseded_by__source="person",
        superseded_by__superseded_by__bulk_accepted=False,
    )
    model_rows = rows.filter(source="model")

    def decisions(applies: bool) -> dict[str, int]:
        return dict(
            model_rows.filter(
                (decided & Q(superseded_by__applies=applies))
                | (decided_after_bulk & Q(superseded_by__superseded_by__applies=applies))
            )
            .values("theme__code")
            .annotate(n=Count("id"))
            .values_list("theme__code", "n")
        )

    accepted, rejected = decisions(True), decisions(False)
    # The comments the model suggested for, read once: as a correlated EXISTS per person's row, SQLite
    # searched every assignment of the organisation for each (over a second for the demo's model page).
    had_suggestions = ThemeAssignment.objects.for_org(scope.organisation).filter(
        source="model", theme__version__framework=framework
    )
    # A bulk-accepted row is always a model's suggestion, so replacing one is deciding on a suggestion.
    replaced_a_suggestion = ThemeAssignment.objects.for_org(scope.organisation).filter(
        Q(source="model") | Q(bulk_accepted=True), superseded_by=OuterRef("pk")
    )
    missed = dict(
        rows.filter(source="person", bulk_accepted=False, applies=True)
        .filter(~Exists(replaced_a_suggestion), comment_id__in=had_suggestions.values("comment_id"))
        .values("theme__code")
        .annotate(n=Count("comment", distinct=True))
        .values_list("theme__code", "n")
    )
    themes = (
        Theme.objects.for_org(scope.organisation).filter(version=version).order_by("category__position", "position")
    )
    return [
        ThemeAgreement(
            theme=t, accepted=accepted.get(t.code, 0), rejected=rejected.get(t.code, 0), missed=missed.get(t.code, 0)
        )
        for t in themes
    ]


def coding_counts(*, scope: Scope, framework: Framework) -> dict[str, int]:
    """Comments waiting and coded; `one_by_one` are those a model learns from (not only accepted in bulk).
    Only comments this person may read are counted (``comments_readable``): a count of more than the
    queue shows would tell them that something is withheld."""
    counts = comments_readable(scope=scope).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=~reviewed(framework=framework)),
        one_by_one=Count("pk", filter=reviewed_one_by_one(framework=framework)),
    )
    return {
        "waiting": counts["waiting"],
        "coded": counts["total"] - counts["waiting"],
        "one_by_one": counts["one_by_one"],
    }


def counted_at(*, scope: Scope) -> str:
    """Where `coding_counts` counts, as a page says it: the service being looked at, the services
    this person covers, or the whole organisation. A suggestions model learns from every service's
    coding, so a page giving both counts says which covers what."""
    if scope.all_services and not scope.current_service_id:
        return f"across {scope.organisation.name}"
    names = list(Service.objects.for_scope(scope).order_by("name").values_list("name", flat=True))
    if len(names) > 3:
        return f"at the {len(names)} services you cover"
    return "at " + (" and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names))


@dataclass(frozen=True)
class PrimaryChoice:
    """What making a framework the main one would mean, for the page that asks first."""

    framework: Framework
    version: FrameworkVersion | None  # its published version: without one it cannot be chosen
    current: Framework | None  # the main framework now
    model: ThemeModelVersion | None  # the framework's own suggestions model in use
    counts: dict[str, int]  # comments waiting and coded in the framework (``coding_counts``)
    current_counts: dict[str, int] | None  # the same in the main framework now


def primary_choice(*, scope: Scope, framework: Framework) -> PrimaryChoice:
    scope = require(scope, Perm.VIEW_CODING)
    current = primary_framework(scope=scope)
    other = current is not None and current.pk != framework.pk
    return PrimaryChoice(
        framework=framework,
        version=primary_version(scope=scope, framework=framework),
        current=current,
        model=model_in_use(scope=scope, framework=framework),
        counts=coding_counts(scope=scope, framework=framework),
        current_counts=coding_counts(scope=scope, framework=current) if other else None,
    )


def feedback_codings(*, scope: Scope, feedback) -> dict[int, list[ThemeAssignment]]:
    """Current themes on each comment of a piece of feedback, in the primary framework (one query)."""
    found: dict[int, list[ThemeAssignment]] = {}
    for row in (
        themes_applied(scope=scope)
        .filter(comment__feedback=feedback)
        .select_related("theme", "made_by", "model_version")
        .order_by("theme__category__position", "theme__position")
    ):
        found.setdefault(row.comment_id, []).append(row)
    return found


def coding_framework(*, scope: Scope, slug: str | None = None) -> Framework:
    """A framework to code with, by slug (or the primary one); DoesNotExist outside the organisation."""
    scope = require(scope, Perm.OPEN_CODING)
    frameworks = Framework.objects.for_org(scope.organisation)
    if slug is None:
        return frameworks.get(is_primary=True)
    return frameworks.get(slug=slug)


def frameworks_for_coding(*, scope: Scope) -> QuerySet[Framework]:
    scope = require(scope, Perm.OPEN_CODING)
    return Framework.objects.for_org(scope.organisation).order_by("name")
