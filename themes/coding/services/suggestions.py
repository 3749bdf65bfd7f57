"""The model's suggestions: stored as they are made, accepted in bulk above a threshold, and made for
feedback as it arrives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core import clock
from core.audit import audit_record
from feedback.models import Comment
from feedback.selectors import comments_readable
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.coding.selectors import reviewed, themes_by_code
from themes.coding.services._common import _coding_version, _replace_all
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
)

# --- the model's suggestions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    comment_id: int
    themes: dict[str, float]  # theme code -> probability, only those the model says apply
    sentiment: int | None
    sentiment_confidence: float | None


def suggestions_store(
    *,
    scope: Scope,
    model_version: ThemeModelVersion,
    suggestions: Sequence[Suggestion],
    now: dt.datetime | None = None,
) -> int:
    """Store a model's suggestions on comments nobody has reviewed yet; returns how many comments.

    Suggestions of an earlier model still waiting for review are withdrawn first, so each comment
    shows one model's view. Reviewed comments are left alone: people have already decided. They are
    made `now`, the clock's time unless given (a training stamped at another moment, the demo's).
    """
    framework = model_version.framework
    version = _coding_version(scope=scope, framework=framework)
    themes = themes_by_code(version=version)
    ids = [s.comment_id for s in suggestions]
    now = now or clock.now()
    with transaction.atomic():
        # A model retired or removed while it was reading (suggestions for new feedback, while a
        # training promoted a better one) must not put its suggestions back in place of the better model's.
        # Locking its row makes this wait for a promotion under way, which retires it.
        locked = ThemeModelVersion.objects.for_org(scope.organisation).select_for_update().get(pk=model_version.pk)
        if locked.status in (ModelStatus.RETIRED, ModelStatus.REMOVED):
            return 0
        waiting = set(
            Comment.objects.for_org(scope.organisation)
            .filter(pk__in=ids)
            .filter(~reviewed(framework=framework))
            .values_list("pk", flat=True)
        )
        stale = ThemeAssignment.objects.for_org(scope.organisation).filter(
            comment_id__in=waiting,
            superseded_at__isnull=True,
            source=Source.MODEL,
            theme__version__framework=framework,
        )
        stale.exclude(model_version=model_version).update(superseded_at=now)
        already = set(stale.filter(model_version=model_version).values_list("comment_id", flat=True).distinct())
        current_other = set(
            ThemeAssignment.objects.for_org(scope.organisation)
            .filter(comment_id__in=waiting, superseded_at__isnull=True, theme__version__framework=framework)
            .exclude(source=Source.MODEL)
            .values_list("comment_id", "theme__code")
        )
        rows = []
        sentiment_rows = []
        stored = 0
        for suggestion in suggestions:
            if suggestion.comment_id not in waiting or suggestion.comment_id in already:
                continue
            stored += 1
            for code, probability in suggestion.themes.items():
                theme = themes.get(code)
                if theme is None or (suggestion.comment_id, code) in current_other:
                    continue
                rows.append(
                    ThemeAssignment(
                        organisation=scope.organisation,
                        comment_id=suggestion.comment_id,
                        theme=theme,
                        applies=True,
                        source=Source.MODEL,
                        model_version=model_version,
                        confidence=round(min(max(float(probability), 0.0), 1.0), 4),
                        made_at=now,
                    )
                )
            if suggestion.sentiment is not None:
                sentiment_rows.append(suggestion)
        ThemeAssignment.objects.bulk_create(rows, batch_size=1000)
        _sentiment_suggestions(scope=scope, model_version=model_version, suggestions=sentiment_rows, now=now)
    return stored


def _sentiment_suggestions(*, scope: Scope, model_version, suggestions: Sequence[Suggestion], now) -> None:
    """The model's sentiment, only where no person or file has given one."""
    ids = [s.comment_id for s in suggestions]
    current = {
        row.comment_id: row
        for row in SentimentAssignment.objects.for_org(scope.organisation).filter(
            comment_id__in=ids, superseded_at__isnull=True
        )
    }
    fresh, replaced, replacements = [], [], []
    for suggestion in suggestions:
        old = current.get(suggestion.comment_id)
        if old is not None and (old.source != Source.MODEL or old.model_version_id == model_version.id):
            continue
        confidence = suggestion.sentiment_confidence
        row = SentimentAssignment(
            organisation=scope.organisation,
            comment_id=suggestion.comment_id,
            level=suggestion.sentiment,
            source=Source.MODEL,
            model_version=model_version,
            confidence=None if confidence is None else round(min(max(float(confidence), 0.0), 1.0), 4),
            made_at=now,
        )
        if old is None:
            fresh.append(row)
        else:
            replaced.append(old)
            replacements.append(row)
    SentimentAssignment.objects.for_org(scope.organisation).bulk_create(fresh, batch_size=1000)
    _replace_all(replaced, replacements, now)


@dataclass(frozen=True)
class BulkResult:
    comments: int
    themes: int
    left_for_people: int = 0  # sure enough, but suggesting a theme the published version no longer has


@dataclass(frozen=True)
class _Confident:
    version: FrameworkVersion
    themes_now: dict[str, Theme]
    model_themes: dict[int, list[ThemeAssignment]]
    model_sentiment: dict[int, SentimentAssignment]
    sure: list[int]  # comments whose every suggestion reaches the threshold
    accepted: list[int]  # of those, the ones whose themes the published version still has


def _confident(
    *, scope: Scope, framework: Framework, threshold: float, comment_ids: Iterable[int] | None = None
) -> _Confident:
    if not 0.5 <= threshold <= 1.0:
        raise ValidationError({"threshold": "The threshold must be between 50% and 100%."})
    version = _coding_version(scope=scope, framework=framework)
    # Only comments this person may read: never feedback withheld for an urgent flag.
    waiting = comments_readable(scope=scope).filter(~reviewed(framework=framework))
    if comment_ids is not None:
        waiting = waiting.filter(pk__in=list(comment_ids))
    themes_now = themes_by_code(version=version)
    model_themes: dict[int, list[ThemeAssignment]] = {}
    for row in (
        ThemeAssignment.objects.for_org(scope.organisation)
        .filter(
            comment__in=waiting, superseded_at__isnull=True, source=Source.MODEL, theme__version__framework=framework
        )
        .select_related("theme")
    ):
        model_themes.setdefault(row.comment_id, []).append(row)
    model_sentiment = {
        row.comment_id: row
        for row in SentimentAssignment.objects.for_org(scope.organisation)
        .filter(comment__in=waiting, superseded_at__isnull=True, source=Source.MODEL)
        .select_related("model_version")
    }
    # Sentiment is one row a comment, whichever framework's model suggested it last. A comment this
    # framework's model has not read (no model of its own yet, or another framework's model spoke
    # last and this one suggested no theme) is not "no theme applies": a person codes it.
    read_here = {
        comment_id
        for comment_id, row in model_sentiment.items()
        if comment_id in model_themes or (row.model_version and row.model_version.framework_id == framework.pk)
    }
    sure = [
        comment_id
        for comment_id, sentiment_row in sorted(model_sentiment.items())
        if comment_id in read_here
        and min([r.confidence or 0.0 for r in model_themes.get(comment_id, [])] + [sentiment_row.confidence or 0.0])
        >= threshold
    ]
    accepted = [c for c in sure if all(r.theme.code in themes_now for r in model_themes.get(c, []))]
    return _Confident(version, themes_now, model_themes, model_sentiment, sure, accepted)


def suggestions_confident_count(*, scope: Scope, framework: Framework, threshold: float) -> int:
    """How many waiting comments `suggestions_accept_confident` would code at `threshold` now (the
    number a person confirms before accepting)."""
    scope = require(scope, Perm.CODE_FEEDBACK)
    return len(_confident(scope=scope, framework=framework, threshold=threshold).accepted)


@transaction.atomic
def suggestions_accept_confident(
    *,
    scope: Scope,
    framework: Framework,
    threshold: float,
    comment_ids: Iterable[int] | None = None,
    expected: int | None = None,
) -> BulkResult:
    """Accept the model's suggestions on every waiting comment where all of them reach `threshold`.

    A comment counts only if it has a suggested sentiment and every suggested theme and the
    sentiment are at least that confident; the person accepting is recorded on each row, and each
    row and review says it was accepted in bulk (it is not counted as agreeing with the model, nor
    used to train or check it: ADR 0008). Rows are written against the published version: a
    suggestion made with an earlier version becomes the same theme (by code) of this one, and a
    comment with a suggestion of a theme this version no longer has is left for a person to code.
    `expected` is the number the person agreed to (`suggestions_confident_count`): if suggestions
    arrived or were coded since, nothing is written and a ValidationError on "expected" says so.
    """
    scope = require(scope, Perm.CODE_FEEDBACK)
    if scope.person is None:
        raise ValidationError("Only a named person can code feedback.")
    found = _confident(scope=scope, framework=framework, threshold=threshold, comment_ids=comment_ids)
    if expected is not None and len(found.accepted) != expected:
        raise ValidationError(
            {"expected": f"The number of comments changed since you looked: it is now {len(found.accepted)}."}
        )
    version, themes_now, accepted = found.version, found.themes_now, found.accepted
    model_themes, model_sentiment = found.model_themes, found.model_sentiment
    now = clock.now()
    old_themes = [row for comment_id in accepted for row in model_themes.get(comment_id, [])]
    old_sentiments = [model_sentiment[comment_id] for comment_id in accepted]
    new_themes = [
        ThemeAssignment(
            organisation=scope.organisation,
            comment_id=old.comment_id,
            theme=themes_now[old.theme.code],
            applies=True,
            source=Source.PERSON,
            made_by=scope.person,
            model_version_id=old.model_version_id,
            confidence=old.confidence,
            bulk_accepted=True,
            made_at=now,
        )
        for old in old_themes
    ]
    new_sentiments = [
        SentimentAssignment(
            organisation=scope.organisation,
            comment_id=old.comment_id,
            level=old.level,
            source=Source.PERSON,
            made_by=scope.person,
            model_version_id=old.model_version_id,
            confidence=old.confidence,
            bulk_accepted=True,
            made_at=now,
        )
        for old in old_sentiments
    ]
    # Set-based, so accepting thousands of comments takes a handful of queries: the model's rows
    # stop being current, the person's rows are written, and each old row points at its successor.
    _replace_all(old_themes, new_themes, now)
    _replace_all(old_sentiments, new_sentiments, now)
    for level in {row.level for row in old_sentiments}:
        ids = [row.comment_id for row in old_sentiments if row.level == level]
        Comment.objects.for_org(scope.organisation).filter(pk__in=ids).update(sentiment=level)
    CodingReview.objects.bulk_create(
        [
            CodingReview(
                organisation=scope.organisation,
                comment_id=comment_id,
                framework=framework,
                version=version,
                source=Source.PERSON,
                reviewed_by=scope.person,
                reviewed_at=now,
                bulk_accepted=True,
            )
            for comment_id in accepted
        ],
        batch_size=500,
    )
    result = BulkResult(comments=len(accepted), themes=len(new_themes), left_for_people=len(found.sure) - len(accepted))
    audit_record(
        scope=scope,
        verb="coding.bulk_accept",
        obj=framework,
        changes={
            "threshold": threshold,
            "comments": result.comments,
            "themes": result.themes,
            "left_for_people": result.left_for_people,
        },
        at=now,
    )
    return result


# --- suggestions for feedback as it arrives --------------------------------------------------------


def suggestions_on_arrival(*, scope: Scope, feedback_ids: Sequence[int]) -> None:
    """Once this feedback is saved, have each model in use suggest themes and sentiment for its
    comments, in the background (`training.suggest_for_new_feedback`), so a new comment reaches the
    coding queue with suggestions like the others. Nothing to do before any model is in use.

    The stored "code these next" orders are worked out again a minute later, in the background too
    (`training.code_next_orders_refresh_on_arrival`); until then the queue lists the new comments first."""
    if not feedback_ids:
        return
    organisation = scope.organisation

    def orders_refresh():
        from themes.coding.training import code_next_orders_refresh_on_arrival

        code_next_orders_refresh_on_arrival(organisation=organisation, now=clock.now())

    # Once the feedback is saved, and never in the way of saving it: an order not refreshed still
    # lists the new comments first.
    transaction.on_commit(orders_refresh, robust=True)
    if not ThemeModelVersion.objects.for_org(scope.organisation).filter(status=ModelStatus.PROMOTED).exists():
        return
    organisation_id, first, last = scope.organisation.pk, min(feedback_ids), max(feedback_ids)

    def enqueue():
        from themes.coding.training import suggest_for_new_feedback

        suggest_for_new_feedback.enqueue(organisation_id, first, last)

    transaction.on_commit(enqueue, robust=True)
