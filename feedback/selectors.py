"""Reads for feedback, always from the acting scope: what each person may read of it, and the
feedback pages. Who feedback is recorded from is `feedback.capture`; the download, `feedback.export`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet

from feedback.models import Comment, Feedback, Reply
from feedback.redaction.remembered import redacted_text
from feedback.reply_targets import past_target, reply_targets, unreachable
from feedback.rules import RULES, Perm, has_perm, require
from organisations.scope import Scope
from themes.models import FlagStatus, ThemeAssignment, UrgentFlag
from themes.rules import urgent_reach


@dataclass(frozen=True)
class FeedbackFilters:
    service_id: int | None = None
    channel: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    ratings: tuple[int, ...] = ()
    search: str = ""
    sentiments: tuple[int, ...] = ()
    theme: str = ""  # a theme code of the primary framework
    source_key: str = ""  # feedback another system sent with its id for it (`services.sent_key`)
    reply: str = ""  # "waiting" (a reply asked for, none recorded), "late" (waiting past the target) or "replied"
    today: dt.date | None = None  # the day "late" is read on (`replies_late`)


def _text_search(comments: QuerySet[Comment], search: str) -> QuerySet[Comment]:
    """Full-text search on PostgreSQL (stemmed English); every word must appear, on SQLite."""
    words = search.split()[:10]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return comments.annotate(_document=SearchVector("text", config="english")).filter(
            _document=SearchQuery(" ".join(words), config="english", search_type="plain")
        )
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return comments.filter(condition)


# --- feedback with an urgent flag is withheld (ADR 0007) ----------------------------------------
#
# Words that carry an urgent flag, open or closed, are read only by people who may see flags at
# that service: the member of staff reading them could be the person they are about. The whole
# piece of feedback goes with its flagged comment (its other answers, rating and reply details are
# the same person's account of the same thing), and nothing says that anything was left out.
# Counts and rates still count it; text never reaches anyone else. Feedback of a large import that
# the model has not yet read for urgent concerns (`Feedback.urgent_check_pending`) is withheld the
# same way until it has.


def has_urgent_flag(*, organisation, feedback_ref: str) -> Exists:
    """Whether the feedback at ``feedback_ref`` (a path to a feedback id on the outer query) has an
    urgent flag on any of its comments, open or closed, that a person has not closed as no
    safeguarding concern."""
    flags = UrgentFlag.objects.for_org(organisation).exclude(status=FlagStatus.NOT_A_CONCERN)
    return Exists(flags.filter(comment__feedback_id=OuterRef(feedback_ref)))


def not_flagged_or_pending(*, organisation, feedback_ref: str, pending_ref: str) -> Q:
    """Feedback with no urgent flag (as ``has_urgent_flag``) that is not waiting for the model's
    urgent check (``pending_ref``, the path to ``Feedback.urgent_check_pending``)."""
    return Q(~has_urgent_flag(organisation=organisation, feedback_ref=feedback_ref), **{pending_ref: False})


def _not_withheld(scope: Scope, *, feedback_ref: str, pending_ref: str, service_ref: str) -> Q:
    reach = urgent_reach(scope)
    if reach.everywhere:
        return Q()
    keep = not_flagged_or_pending(organisation=scope.organisation, feedback_ref=feedback_ref, pending_ref=pending_ref)
    if reach.service_ids:
        keep |= Q(**{f"{service_ref}__in": reach.service_ids})
    return keep


def _quoted_only_for_partners(scope: Scope, *, consent_ref: str, service_ref: str) -> Q:
    """Where someone reads comments with personal details hidden (a co-production partner, ADR 0004),
    only feedback whose giver agreed to be quoted: people who use a service read one another's words
    only with that consent. Elsewhere, all of it."""
    reading = scope.within(RULES[Perm.VIEW_PERSONAL_IN_TEXT])
    if reading is not None and reading.all_services:
        return Q()
    keep = Q(**{consent_ref: True})
    if reading is not None:
        keep |= Q(**{f"{service_ref}__in": reading.service_ids})
    return keep


def feedback_readable(*, scope: Scope) -> QuerySet[Feedback]:
    """Feedback of the scope's services that this person may read: all of it, less any with an
    urgent flag, or waiting for the urgent check, at a service where they may not see flags, and
    less any whose giver did not agree to be quoted, at a service where they are a co-production
    partner. Every read of feedback for a person starts here (callers check their own permission
    first)."""
    return Feedback.objects.for_scope(scope).filter(
        _not_withheld(scope, feedback_ref="pk", pending_ref="urgent_check_pending", service_ref="service_id"),
        _quoted_only_for_partners(scope, consent_ref="consent_to_quote", service_ref="service_id"),
    )


def readable_q(scope: Scope, *, feedback: str) -> Q:
    """The rule of ``feedback_readable`` for a query that reaches feedback by the path ``feedback``
    (``"comment__feedback"`` from a theme assignment, say): for counts that must count only what this
    person may open, as their feedback list does."""
    return Q(
        _not_withheld(
            scope,
            feedback_ref=f"{feedback}_id",
            pending_ref=f"{feedback}__urgent_check_pending",
            service_ref=f"{feedback}__service_id",
        ),
        _quoted_only_for_partners(
            scope, consent_ref=f"{feedback}__consent_to_quote", service_ref=f"{feedback}__service_id"
        ),
    )


def comments_readable(*, scope: Scope) -> QuerySet[Comment]:
    """Comments of the feedback this person may read (``feedback_readable``). Every read of comment
    text for a person starts here (callers check their own permission first); counts may use
    ``Comment.objects.for_scope``."""
    return Comment.objects.for_scope(scope).filter(
        _not_withheld(
            scope,
            feedback_ref="feedback_id",
            pending_ref="feedback__urgent_check_pending",
            service_ref="feedback__service_id",
        ),
        _quoted_only_for_partners(scope, consent_ref="feedback__consent_to_quote", service_ref="feedback__service_id"),
    )


def comments_flaggable(*, scope: Scope) -> QuerySet[Comment]:
    """Comments this person may flag by hand: those they may read (``comments_readable``), and
    those withheld from them only because their feedback carries a flag, at services where they
    read feedback. A member of staff who had the feedback open when someone else flagged it must
    still be able to add what they saw (ADR 0007). Feedback waiting for the urgent check was never
    theirs to read, so it stays not found (fail closed)."""
    scope = require(scope, Perm.VIEW_FEEDBACK)
    reach = urgent_reach(scope)
    comments = Comment.objects.for_scope(scope)
    if reach.everywhere:
        return comments
    keep = Q(feedback__urgent_check_pending=False)
    if reach.service_ids:
        keep |= Q(feedback__service_id__in=reach.service_ids)
    return comments.filter(keep)


# --- personal details in comment text (ADR 0004) ------------------------------------------------
#
# People write names, phone numbers, NHS numbers and addresses into their comments. Where a person
# may not see them (a co-production partner, at the services where they are one), every comment is
# read through Heard's redaction, as a quote is: on the pages, in the API and in downloads, and
# search does not find a comment by a word hidden from its reader.


def comment_text_for(*, scope: Scope | None, comment: Comment) -> str:
    """The comment's words as this person may read them: as written where they may see personal
    details in comments, with those details replaced by "[name]", "[phone number]" and the like
    everywhere else. Every page, API answer and download that shows a person comment text takes
    it from here (templates through the ``comment_text`` global)."""
    if has_perm(scope, Perm.VIEW_PERSONAL_IN_TEXT, comment.feedback.service_id):
        return comment.text
    return redacted_text(comment.text, organisation_id=comment.organisation_id)


def comment_details_hidden(*, scope: Scope | None, service_ids: Iterable[int]) -> bool:
    """Whether comments of any of these services are shown to this person with personal details
    hidden (the page then says so)."""
    return any(not has_perm(scope, Perm.VIEW_PERSONAL_IN_TEXT, service_id) for service_id in set(service_ids))


def _found_only_in_hidden_details(*, scope: Scope, found: QuerySet[Feedback], search: str) -> set[int]:
    """The feedback ``found`` by a search only through words hidden from this person: a partner
    who searches a surname must not learn which comments it was written in. A comment still counts
    if every searched word is in its text as they read it (each word as written, without the
    stemming PostgreSQL's search adds: the redacted text is never stored to be searched)."""
    reading = scope.within(RULES[Perm.VIEW_PERSONAL_IN_TEXT])
    if reading is not None and reading.all_services:
        return set()
    hidden = found if reading is None else found.exclude(service_id__in=reading.service_ids)
    matched = _text_search(
        Comment.objects.for_org(scope.organisation).filter(feedback__in=hidden.values("pk")), search
    ).values_list("feedback_id", "text")
    org = scope.organisation.id
    shown = [(feedback_id, redacted_text(text, organisation_id=org)) for feedback_id, text in matched.iterator()]
    still = _still_found(shown, search)
    return {feedback_id for feedback_id, _ in shown} - still


def _still_found(shown: list[tuple[int, str]], search: str) -> set[int]:
    """Which of these (feedback id, text as the reader sees it) the same search still finds: on
    PostgreSQL by its own stemmed search over the shown words (one query), so a hidden "Ann" is not
    stood in for by a visible "annual"; elsewhere every word must appear, as the search itself asks."""
    words = search.split()[:10]
    if not shown:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT t.id FROM unnest(%s::bigint[], %s::text[]) AS t(id, body) "
                "WHERE to_tsvector('english', t.body) @@ plainto_tsquery('english', %s)",
                [[i for i, _ in shown], [body for _, body in shown], " ".join(words)],
            )
            return {row[0] for row in cursor.fetchall()}
    folded = [word.casefold() for word in words]
    return {i for i, body in shown if all(word in body.casefold() for word in folded)}


# --- replies -------------------------------------------------------------------------------------

REPLY_FILTERS = {
    "waiting": "Waiting for a reply",
    "late": "Late: waiting past the reply target",
    "replied": "Replied to",
}


def _replied(organisation, *, by: dt.date | None = None) -> Exists:
    """Whether the feedback has a reply recorded (dated on or before ``by``, when given)."""
    replies = Reply.objects.for_org(organisation).filter(feedback=OuterRef("pk"))
    return Exists(replies if by is None else replies.filter(replied_on__lte=by))


def reply_scope(*, scope: Scope | None) -> Scope | None:
    """The part of the scope where this person may see how to reply to people, and record replies
    (``Perm.VIEW_PERSONAL``): None where they may nowhere."""
    return None if scope is None else scope.within(RULES[Perm.VIEW_PERSONAL])


def replies_waiting(*, scope: Scope) -> QuerySet[Feedback]:
    """Feedback whose giver asked for a reply with none recorded yet, oldest first: only at the
    services where this person may see how to reply (none elsewhere, so the list fails closed)."""
    personal = reply_scope(scope=scope)
    if personal is None:
        return Feedback.objects.for_org(scope.organisation).none()
    return (
        feedback_readable(scope=personal)
        # Nobody can reply to someone who can no longer be reached, so nobody waits (ADRs 0025, 0026).
        .filter(wants_reply=True)
        .exclude(unreachable())
        .exclude(_replied(scope.organisation))
        .order_by("received_on", "id")
    )


def replies_late(*, scope: Scope, on: dt.date) -> QuerySet[Feedback]:
    """Of those waiting for a reply (``replies_waiting``, so only where this person may reply), the ones
    whose target day had passed by ``on`` with no reply recorded (`feedback.reply_targets`)."""
    return replies_waiting(scope=scope).filter(past_target(reply_targets(scope.organisation), on=on))


@dataclass(frozen=True)
class RepliesOwed:
    """People waiting for a reply they asked for, counted: nobody named, nothing they said."""

    waiting: int
    longest_days: int | None  # how long the one waiting longest had waited; None when nobody was
    late: int = 0  # of those waiting, how many were past their target day (`feedback.reply_targets`)


def replies_owed(*, scope: Scope, on: dt.date, service_id: int | None = None) -> RepliesOwed:
    """How many people who asked for a reply had none recorded by ``on`` (given by then, with no reply
    dated on or before it), at the scope's services or at ``service_id``, and how many days the one
    waiting longest had waited: for a meeting's agenda pack, which holds a service to its replies
    before everyone at the meeting. Counts only, so it counts all the feedback at the service (feedback
    withheld from the reader is counted, as counts always count it), and anyone who may read feedback
    reads the same figures; who is waiting is ``replies_waiting``, for those who may reply."""
    scope = require(scope, Perm.VIEW_FEEDBACK)
    waiting = (
        Feedback.objects.for_scope(scope)
        .filter(wants_reply=True, received_on__lte=on)
        .exclude(_replied(scope.organisation, by=on))
        .exclude(unreachable(on=on))
    )
    if service_id is not None:
        waiting = waiting.filter(service_id=service_id)
    late = past_target(reply_targets(scope.organisation), on=on)
    counted = waiting.aggregate(waiting=Count("pk"), oldest=Min("received_on"), late=Count("pk", filter=late))
    oldest = counted["oldest"]
    return RepliesOwed(
        waiting=counted["waiting"], longest_days=(on - oldest).days if oldest else None, late=counted["late"]
    )


def replies_for(*, scope: Scope, feedback: Feedback) -> list[Reply]:
    """The replies recorded about one piece of feedback, for those who may see how to reply there."""
    if not has_perm(scope, Perm.VIEW_PERSONAL, feedback.service_id):
        return []
    return list(
        Reply.objects.for_org(scope.organisation)
        .filter(feedback=feedback)
        .select_related("replied_by")
        .order_by("replied_on", "id")
    )


# --- the feedback pages ----------------------------------------------------------------------


def feedback_list(*, scope: Scope, filters: FeedbackFilters = FeedbackFilters()) -> QuerySet[Feedback]:
    scope = require(scope, Perm.VIEW_FEEDBACK)
    qs = _filtered(scope, feedback_readable(scope=scope), filters)
    return (
        qs.select_related("service")
        .annotate(replied=_replied(scope.organisation))
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.for_org(scope.organisation).order_by("position"))
        )
        .order_by("-received_on", "-id")
    )


def _filtered(scope: Scope, qs: QuerySet[Feedback], filters: FeedbackFilters) -> QuerySet[Feedback]:
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.since:
        qs = qs.filter(received_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(received_on__lte=filters.until)
    if filters.ratings:
        qs = qs.filter(rating__in=filters.ratings)
    if filters.source_key:
        qs = qs.filter(import_source="", source_key=filters.source_key)
    personal = reply_scope(scope=scope)
    if filters.reply in REPLY_FILTERS:
        # Whether someone asked for a reply is theirs to know only where one may reply to them.
        if personal is None:
            qs = qs.none()
        elif filters.reply == "waiting":
            qs = qs.filter(pk__in=replies_waiting(scope=scope).values("pk"))
        elif filters.reply == "late":
            if filters.today is None:
                raise ValueError("Which feedback is late for a reply depends on the day: give filters.today.")
            qs = qs.filter(pk__in=replies_late(scope=scope, on=filters.today).values("pk"))
        else:
            qs = qs.filter(_replied(scope.organisation), pk__in=Feedback.objects.for_scope(personal).values("pk"))
    if filters.sentiments:
        with_sentiment = Comment.objects.for_org(scope.organisation).filter(
            feedback=OuterRef("pk"), sentiment__in=filters.sentiments
        )
        qs = qs.filter(Exists(with_sentiment))
    if filters.theme:
        with_theme = ThemeAssignment.objects.for_org(scope.organisation).filter(
            comment__feedback=OuterRef("pk"),
            superseded_at__isnull=True,
            applies=True,
            theme__code=filters.theme,
            theme__version__framework__is_primary=True,
        )
        qs = qs.filter(Exists(with_theme))
    if filters.search.strip():
        matching = _text_search(
            Comment.objects.for_org(scope.organisation).filter(feedback=OuterRef("pk")), filters.search
        )
        qs = qs.filter(Exists(matching))
        hidden_only = _found_only_in_hidden_details(scope=scope, found=qs, search=filters.search)
        if hidden_only:
            qs = qs.exclude(pk__in=hidden_only)
    return qs


def feedback_get(*, scope: Scope, feedback_id: int) -> Feedback:
    return feedback_list(scope=scope).select_related("person", "recorded_by").get(pk=feedback_id)


def feedback_matching(*, scope: Scope, where: Q) -> QuerySet[Feedback]:
    """Feedback this person may read (as ``feedback_list``: their organisation and services, less what
    is withheld from them) that also meets ``where``, oldest given first and then by id, so that a
    search can be paged through stably (FHIR search, `feedback.fhir_search`)."""
    return feedback_list(scope=scope).filter(where).order_by("received_on", "id")


def feedback_can_open(*, scope: Scope, feedback_id: int) -> bool:
    """Whether this person may open the feedback's page (it is neither refused nor not found)."""
    return has_perm(scope, Perm.VIEW_FEEDBACK) and feedback_list(scope=scope).filter(pk=feedback_id).exists()
