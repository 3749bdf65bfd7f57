"""Quotes: people's own words, shown outside the service only with consent and with personal details removed.

Feedback with an urgent flag, open or closed, is never quoted, whoever asks: a quote is made to be
shown to people who may not see flags (a board, a printed summary), and words about abuse or a risk
to someone's life are a safeguarding matter, not an illustration (ADR 0007).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from feedback.models import Comment, Feedback
from feedback.redaction import redact
from feedback.rules import Perm, require
from feedback.selectors import comments_readable, not_flagged_or_pending
from organisations.models import Organisation
from organisations.scope import Scope


class NotQuotable(Exception):
    """The person who gave this feedback did not agree to be quoted."""


@dataclass(frozen=True)
class Quote:
    comment_id: int
    service: str
    received_on: dt.date
    question: str
    text: str
    attribution: str | None


def _quotable(scope: Scope) -> QuerySet[Comment]:
    """Comments this person may read, less any of feedback with an urgent flag or waiting for the
    urgent check."""
    return (
        comments_readable(scope=scope)
        .filter(
            not_flagged_or_pending(
                organisation=scope.organisation,
                feedback_ref="feedback_id",
                pending_ref="feedback__urgent_check_pending",
            )
        )
        .select_related("feedback__service", "feedback__person")
    )


def _consented(scope: Scope) -> QuerySet[Comment]:
    return _quotable(scope).filter(feedback__consent_to_quote=True)


def _quote(comment: Comment, *, attribute: bool) -> Quote:
    feedback = comment.feedback
    name = None
    if attribute and feedback.may_attribute and feedback.person is not None:
        name = feedback.person.full_name
    return Quote(
        comment_id=comment.id,
        service=feedback.service.name,
        received_on=feedback.received_on,
        question=comment.question,
        text=redact(comment.text).text,
        attribution=name,
    )


def quote_get(*, scope: Scope, comment_id: int, attribute: bool = False) -> Quote:
    """One comment as a quote. NotQuotable if its giver did not consent; DoesNotExist outside the scope
    and for feedback with an urgent flag."""
    scope = require(scope, Perm.VIEW_FEEDBACK)
    comment = _quotable(scope).get(pk=comment_id)
    if not comment.feedback.consent_to_quote:
        raise NotQuotable(f"Comment {comment_id} cannot be quoted: its giver did not agree.")
    return _quote(comment, attribute=attribute)


def quote_list(
    *,
    scope: Scope,
    since: dt.date | None = None,
    until: dt.date | None = None,
    service_id: int | None = None,
    limit: int = 20,
    attribute: bool = False,
    theme_code: str | None = None,
    exclude_ids: Iterable[int] = (),
) -> list[Quote]:
    """Consented comments as quotes, newest first; with ``theme_code``, only comments that theme is
    currently applied to (by a person, a file or the model). Reports for commissioners pass
    attribute=False."""
    scope = require(scope, Perm.VIEW_FEEDBACK)
    qs = _consented(scope)
    if theme_code:
        from themes.models import ThemeAssignment

        coded = ThemeAssignment.objects.for_scope(scope).filter(
            theme__code=theme_code, applies=True, superseded_at__isnull=True
        )
        qs = qs.filter(pk__in=coded.values("comment_id"))
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    if since:
        qs = qs.filter(feedback__received_on__gte=since)
    if until:
        qs = qs.filter(feedback__received_on__lte=until)
    if service_id:
        qs = qs.filter(feedback__service_id=service_id)
    return [_quote(c, attribute=attribute) for c in qs.order_by("-feedback__received_on", "-id")[:limit]]


def quotes_withdrawn(*, organisation: Organisation, comment_ids: Iterable[int]) -> set[int]:
    """Of these comments, quoted a moment ago, those that may no longer be quoted: their giver has
    withdrawn consent to quote (or the feedback was made anonymous, which withdraws it), the comment
    is gone, or its feedback has come to carry an urgent flag (or wait for the urgent check), which
    no quote is chosen from (``_quotable``). Called in the transaction that keeps what quoted them:
    their feedback stays locked until it ends, so a withdrawal (``feedback.erasure``, which locks the
    feedback first) either came first and is seen here, or waits until what was kept can be found
    and removed. A flag raised by hand does not take that lock: one raised before this check is seen
    here, one raised after it leaves the PDF kept for its asker, as a PDF made before it is."""
    wanted = set(comment_ids)
    if not wanted:
        return set()
    comments = dict(Comment.objects.for_org(organisation).filter(pk__in=wanted).values_list("pk", "feedback_id"))
    rows = (
        Feedback.objects.for_org(organisation)
        .select_for_update()
        .filter(pk__in=set(comments.values()))
        .order_by("pk")  # locked in one order, so two of these never wait for each other
        .values_list("pk", "consent_to_quote", "anonymised_at")
    )
    still = {pk for pk, consent, anonymised_at in rows if consent and anonymised_at is None}
    flagged = (
        Feedback.objects.for_org(organisation)
        .filter(pk__in=still)
        .exclude(
            not_flagged_or_pending(organisation=organisation, feedback_ref="pk", pending_ref="urgent_check_pending")
        )
        .values_list("pk", flat=True)
    )
    still -= set(flagged)
    return {c for c in wanted if comments.get(c) not in still}
