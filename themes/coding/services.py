"""Writes for coding: a person's coding of a comment, the model's suggestions, bulk acceptance.

Rows are appended. A person's decision about a theme that already has a current row (the model's
suggestion, an imported label, or an earlier person's coding) is a new row that supersedes it;
a model suggestion that a better model replaces before anyone has reviewed it is withdrawn (it
stops being current, with the time). A person's coding of a comment leaves only their rows current
in the framework: a row of a theme the published version no longer has is ended, with no
successor. Nothing is edited in place and nothing is deleted.

Every person's coding of a comment ends with a `CodingReview`, which takes the comment out of the
queue. Audit entries name the themes and sentiment, never the comment's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from core import clock
from core.audit import audit_record
from core.bulk import insert_rows
from feedback.models import Comment
from feedback.selectors import comments_readable
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.coding.selectors import primary_version, reviewed, themes_by_code
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


@dataclass
class CodingResult:
    review: CodingReview
    added: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # themes of an earlier version that have gone
    sentiment: int | None = None


def _coding_version(*, scope: Scope, framework: Framework) -> FrameworkVersion:
    version = primary_version(scope=scope, framework=framework)
    if version is None:
        raise ValidationError({"framework": f"{framework.name} has no published version to code with."})
    return version


def _current_rows(*, scope: Scope, comment: Comment, framework: Framework) -> dict[str, list[ThemeAssignment]]:
    """Current rows on the comment in any version of the framework, by theme code, oldest first."""
    rows = (
        ThemeAssignment.objects.for_org(scope.organisation)
        .filter(comment=comment, superseded_at__isnull=True, theme__version__framework=framework)
        .select_related("theme")
        .order_by("made_at", "id")
    )
    found: dict[str, list[ThemeAssignment]] = {}
    for row in rows:
        found.setdefault(row.theme.code, []).append(row)
    return found


def _replace(old, new, now):
    """Save `new` in place of the current row `old` (if any), recording that it was superseded."""
    if old is None:
        new.save()
    else:
        _replace_all([old], [new], now)
    return new


def _replace_all(old_rows: list, new_rows: list, now, *, ended: Sequence = ()) -> None:
    """``new_rows[i]`` takes the place of the current row ``old_rows[i]``, in a fixed number of queries.

    The old rows stop being current before the new ones are written, because only one row per
    comment (and theme) may be current; then each is pointed at its successor. One new row may take
    the place of several old ones. Rows in `ended` stop being current with no successor.
    """
    stopping = [*old_rows, *ended]
    if not stopping:
        return
    manager = type(stopping[0]).objects.for_org(stopping[0].organisation_id)
    ids = [row.pk for row in stopping]
    stopped = sum(
        manager.filter(pk__in=ids[i : i + 500], superseded_at__isnull=True).update(superseded_at=now)
        for i in range(0, len(ids), 500)
    )
    if stopped != len(ids):
        raise ValidationError("Someone else changed this coding at the same time. Please try again.")
    manager.bulk_create(list({id(row): row for row in new_rows}.values()), batch_size=500)
    for old, new in zip(old_rows, new_rows, strict=True):
        old.superseded_by, old.superseded_at = new, now
    for row in ended:
        row.superseded_at = now
    if old_rows:
        manager.bulk_update(old_rows, ["superseded_by"], batch_size=500)


def _set_sentiment(*, scope: Scope, comment: Comment, level: int | None, source: str, now, **provenance):
    """Record a sentiment if it changes what is current (or confirms a suggestion); returns the new row or None."""
    if level is None:
        return None
    if level not in range(1, 6):
        raise ValidationError({"sentiment": f"Sentiment must be 1 (very positive) to 5 (very negative), not {level}."})
    current = (
        SentimentAssignment.objects.for_org(scope.organisation)
        .filter(comment=comment, superseded_at__isnull=True)
        .first()
    )
    if current is not None and current.level == level and current.source == source and not current.bulk_accepted:
        return None
    row = _replace(
        current,
        SentimentAssignment(
            organisation=scope.organisation, comment=comment, level=level, source=source, made_at=now, **provenance
        ),
        now,
    )
    Comment.objects.for_org(scope.organisation).filter(pk=comment.pk).update(sentiment=level)
    return row


@transaction.atomic
def comment_code(
    *,
    scope: Scope,
    comment_id: int,
    framework: Framework,
    theme_ids: Iterable[int],
    sentiment: int | None,
) -> CodingResult:
    """A person's coding of one comment: exactly these themes apply, with this sentiment.

    Themes the model or a file suggested and the person left out are recorded as not applying, so
    the model learns from what people reject as well as what they accept. Afterwards only this
    person's rows are current on the comment in the framework: rows made with an earlier version
    are superseded by the same theme (by code) of the published one, and rows of a theme it no
    longer has are ended. A row accepted in bulk is superseded even where nothing changes, so the
    record shows the comment was looked at on its own.
    """
    scope = require(scope, Perm.CODE_FEEDBACK)
    if scope.person is None:
        raise ValidationError("Only a named person can code feedback.")
    comment = comments_readable(scope=scope).select_for_update().get(pk=comment_id)
    version = _coding_version(scope=scope, framework=framework)
    by_id = {t.id: t for t in themes_by_code(version=version).values()}
    chosen = set()
    for theme_id in theme_ids:
        if int(theme_id) not in by_id:
            raise ValidationError({"themes": f"Theme {theme_id} is not in {framework.name}, version {version.number}."})
        chosen.add(int(theme_id))
    now = clock.now()
    current = _current_rows(scope=scope, comment=comment, framework=framework)
    result_added, result_confirmed, result_rejected = [], [], []
    fresh, replaced, replacements = [], [], []
    for theme in by_id.values():
        applies = theme.id in chosen
        olds = current.pop(theme.code, [])
        if not olds and not applies:
            continue
        if [(o.source, o.bulk_accepted, o.applies, o.theme_id) for o in olds] == [
            (Source.PERSON, False, applies, theme.id)
        ]:
            continue
        row = ThemeAssignment(
            organisation=scope.organisation,
            comment=comment,
            theme=theme,
            applies=applies,
            source=Source.PERSON,
            made_by=scope.person,
            made_at=now,
        )
        if olds:
            replaced += olds
            replacements += [row] * len(olds)
        else:
            fresh.append(row)
        if applies:
            (result_confirmed if olds and olds[-1].applies else result_added).append(theme.code)
        else:
            result_rejected.append(theme.code)
    # What is left is on themes the published version does not have: no decision replaces them.
    ended = [row for rows in current.values() for row in rows]
    _replace_all(replaced, replacements, now, ended=ended)
    ThemeAssignment.objects.for_org(scope.organisation).bulk_create(fresh)
    sentiment_row = _set_sentiment(
        scope=scope, comment=comment, level=sentiment, source=Source.PERSON, now=now, made_by=scope.person
    )
    review = CodingReview.objects.create(
        organisation=scope.organisation,
        comment=comment,
        framework=framework,
        version=version,
        source=Source.PERSON,
        reviewed_by=scope.person,
        reviewed_at=now,
    )
    result = CodingResult(
        review=review,
        added=result_added,
        confirmed=result_confirmed,
        rejected=result_rejected,
        ended=sorted(current),
        sentiment=sentiment_row.level if sentiment_row else None,
    )
    audit_record(
        scope=scope,
        verb="coding.comment.code",
        obj=review,
        changes={
            "comment": comment.pk,
            "framework": framework.slug,
            "version": version.number,
            "added": result.added,
            "confirmed": result.confirmed,
            "rejected": result.rejected,
            "ended": result.ended,
            "sentiment": result.sentiment,
        },
        at=now,
    )
    return result


# --- the model's suggestions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    comment_id: int
    themes: dict[str, float]  # theme code -> probability, only those the model says apply
    sentiment: int | None
    sentiment_confidence: float | None


def suggestions_store(*, scope: Scope, model_version: ThemeModelVersion, suggestions: Sequence[Suggestion]) -> int:
    """Store a model's suggestions on comments nobody has reviewed yet; returns how many comments.

    Suggestions of an earlier model still waiting for review are withdrawn first, so each comment
    shows one model's view. Reviewed comments are left alone: people have already decided.
    """
    framework = model_version.framework
    version = _coding_version(scope=scope, framework=framework)
    themes = themes_by_code(version=version)
    ids = [s.comment_id for s in suggestions]
    now = clock.now()
    with transaction.atomic():
        # A model retired while it was reading (suggestions for new feedback, while a training
        # promoted a better one) must not put its suggestions back in place of the better model's.
        # Locking its row makes this wait for a promotion under way, which retires it.
        locked = ThemeModelVersion.objects.for_org(scope.organisation).select_for_update().get(pk=model_version.pk)
        if locked.status == ModelStatus.RETIRED:
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


# --- labels that arrive with a file ----------------------------------------------------------------


def imported_codings_store(
    *, scope: Scope, framework: Framework, labelled: Sequence[tuple[int, Sequence[str], int | None]]
) -> int:
    """Store theme labels and sentiment that came in an imported file, as rows from an import.

    `labelled` holds (comment id, theme codes, sentiment) for comments the import has just
    written, so none has a current row yet. Each comment is marked reviewed (by the import) so it
    is not offered for coding again and can train the model. Runs inside the import's transaction;
    rows go in with one `executemany` per table, as the import's comments do.
    """
    version = _coding_version(scope=scope, framework=framework)
    themes = themes_by_code(version=version)
    now = clock.now()
    org = scope.organisation.pk
    theme_rows, sentiment_rows, review_rows = [], [], []
    for comment_id, codes, sentiment in labelled:
        for code in dict.fromkeys(codes):
            theme = themes.get(code)
            if theme is None:
                raise ValidationError({"themes": f"{framework.name} has no theme {code!r}."})
            theme_rows.append((org, comment_id, theme.pk, True, Source.IMPORT, False, now))
        if sentiment is not None:
            sentiment_rows.append((org, comment_id, sentiment, Source.IMPORT, False, now))
        review_rows.append((org, comment_id, framework.pk, version.pk, Source.IMPORT, False, now))
    common = ("organisation", "comment")
    # Written column by column, so every column without a database default is named here.
    insert_rows(ThemeAssignment, (*common, "theme", "applies", "source", "bulk_accepted", "made_at"), theme_rows)
    insert_rows(SentimentAssignment, (*common, "level", "source", "bulk_accepted", "made_at"), sentiment_rows)
    insert_rows(CodingReview, (*common, "framework", "version", "source", "bulk_accepted", "reviewed_at"), review_rows)
    return len(theme_rows)


def theme_for_code(*, scope: Scope, framework: Framework, code: str) -> Theme | None:
    version = primary_version(scope=scope, framework=framework)
    return None if version is None else themes_by_code(version=version).get(code)


# --- suggestions for feedback as it arrives --------------------------------------------------------


def suggestions_on_arrival(*, scope: Scope, feedback_ids: Sequence[int]) -> None:
    """Once this feedback is saved, have each model in use suggest themes and sentiment for its
    comments, in the background (`training.suggest_for_new_feedback`), so a new comment reaches the
    coding queue with suggestions like the others. Nothing to do before any model is in use."""
    if not feedback_ids:
        return
    if not ThemeModelVersion.objects.for_org(scope.organisation).filter(status=ModelStatus.PROMOTED).exists():
        return
    organisation_id, first, last = scope.organisation.pk, min(feedback_ids), max(feedback_ids)

    def enqueue():
        from themes.coding.training import suggest_for_new_feedback

        suggest_for_new_feedback.enqueue(organisation_id, first, last)

    transaction.on_commit(enqueue, robust=True)
