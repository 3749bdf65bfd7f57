"""A person's coding of a comment, and labels that arrive with a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import clock
from core.audit import audit_record
from core.bulk import insert_rows
from feedback.models import Comment, Sentiment
from feedback.selectors import comments_readable
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.coding.selectors import coding_seen, primary_version, themes_by_code
from themes.coding.services._common import _coding_version, _replace, _replace_all
from themes.models import (
    CodingReview,
    Framework,
    SentimentAssignment,
    Source,
    Theme,
    ThemeAssignment,
)


@dataclass
class CodingResult:
    review: CodingReview
    added: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # themes of an earlier version that have gone
    sentiment: int | None = None


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


def is_stale(error: ValidationError) -> bool:
    """Whether `comment_code` refused because the coding changed since the person's page was drawn."""
    return hasattr(error, "error_dict") and any(e.code == "stale" for e in error.error_dict.get("seen", []))


def _changed_since(*, scope: Scope, comment: Comment, framework: Framework) -> str:
    """What the coding of the comment says now, and who or what last changed it, for a person whose
    page was drawn before that change."""
    themes = list(
        ThemeAssignment.objects.for_org(scope.organisation)
        .filter(comment=comment, superseded_at__isnull=True, theme__version__framework=framework)
        .select_related("theme", "made_by", "model_version")
        .order_by("theme__category__position", "theme__position")
    )
    sentiment = (
        SentimentAssignment.objects.for_org(scope.organisation)
        .filter(comment=comment, superseded_at__isnull=True)
        .select_related("made_by", "model_version")
        .first()
    )
    rows = [*themes, *([sentiment] if sentiment else [])]
    if not rows:
        return (
            "The model's suggestions on this comment were withdrawn while you had it open. Your coding was not saved."
        )
    latest = max(rows, key=lambda row: (row.made_at, row.pk))
    when = timezone.localtime(latest.made_at).strftime("%-d %B %Y at %H:%M")
    applying = ", ".join(row.theme.name for row in themes if row.applies) or "no theme"
    level = f'; sentiment "{Sentiment(sentiment.level).label}"' if sentiment else ""
    if latest.source == Source.MODEL:
        what = f"Model {latest.model_version.number} made new suggestions for this comment on {when}"
    elif latest.source == Source.IMPORT:
        what = f"An imported file coded this comment on {when}"
    elif latest.bulk_accepted:
        what = f"{latest.made_by.full_name} accepted the model's suggestions for this comment in bulk on {when}"
    else:
        what = f"{latest.made_by.full_name} coded this comment on {when}"
    return (
        f"{what}, while you had it open. It now says: {applying}{level}. Your coding was not saved: "
        "look at the coding as it is now and code the comment again."
    )


@transaction.atomic
def comment_code(
    *,
    scope: Scope,
    comment_id: int,
    framework: Framework,
    theme_ids: Iterable[int],
    sentiment: int | None,
    seen: str | None = None,
    now: dt.datetime | None = None,
) -> CodingResult:
    """A person's coding of one comment: exactly these themes apply, with this sentiment.

    Themes the model or a file suggested and the person left out are recorded as not applying, so
    the model learns from what people reject as well as what they accept. Afterwards only this
    person's rows are current on the comment in the framework: rows made with an earlier version
    are superseded by the same theme (by code) of the published one, and rows of a theme it no
    longer has are ended. A row accepted in bulk is superseded even where nothing changes, so the
    record shows the comment was looked at on its own.

    `seen` is the token of the coding the person was shown (``coding_seen``). If the coding has
    changed since (someone else coded the comment, or the model's suggestions changed), nothing is
    written: a ValidationError on "seen" says who changed it, when, and what it says now.

    `now` is when the person coded it, the clock's time unless given (the demo's, at work).
    """
    scope = require(scope, Perm.CODE_FEEDBACK)
    if scope.person is None:
        raise ValidationError("Only a named person can code feedback.")
    comment = comments_readable(scope=scope).select_for_update().get(pk=comment_id)
    if seen is not None and seen != coding_seen(scope=scope, comment=comment, framework=framework):
        raise ValidationError(
            {"seen": ValidationError(_changed_since(scope=scope, comment=comment, framework=framework), code="stale")}
        )
    version = _coding_version(scope=scope, framework=framework)
    by_id = {t.id: t for t in themes_by_code(version=version).values()}
    chosen = set()
    for theme_id in theme_ids:
        if int(theme_id) not in by_id:
            raise ValidationError({"themes": f"Theme {theme_id} is not in {framework.name}, version {version.number}."})
        chosen.add(int(theme_id))
    now = now or clock.now()
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
