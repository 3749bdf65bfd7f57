"""Reads for feedback, always from the acting scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from feedback.models import Comment, Feedback
from feedback.rules import Perm, has_perm, require
from organisations.models import CommunicationNeed, Person
from organisations.scope import Scope
from themes.models import ThemeAssignment


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


def feedback_list(*, scope: Scope, filters: FeedbackFilters = FeedbackFilters()) -> QuerySet[Feedback]:
    scope = require(scope, Perm.VIEW_FEEDBACK)
    qs = Feedback.objects.for_scope(scope)
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
    return (
        qs.select_related("service")
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.for_org(scope.organisation).order_by("position"))
        )
        .order_by("-received_on", "-id")
    )


def feedback_get(*, scope: Scope, feedback_id: int) -> Feedback:
    return feedback_list(scope=scope).select_related("person", "recorded_by").get(pk=feedback_id)


def people_for_capture(*, scope: Scope) -> QuerySet[Person]:
    """People feedback can be linked to: those whose roles cover a service in the scope."""
    scope = require(scope, Perm.RECORD_FEEDBACK)
    qs = Person.objects.for_org(scope.organisation).filter(archived_at__isnull=True)
    if not scope.all_services:
        qs = qs.filter(Q(role_assignments__all_services=True) | Q(role_assignments__services__in=scope.service_ids))
    return qs.distinct().order_by("full_name")


@dataclass(frozen=True)
class FormatOffer:
    """How to ask a person for feedback, from their recorded communication needs."""

    format: str  # "easy_read", "large_print", "assisted" or "standard"
    advice: str


def format_offer(*, person: Person) -> FormatOffer:
    needs = set(person.communication_needs or ())
    name = person.full_name
    if CommunicationNeed.BSL in needs or CommunicationNeed.AUDIO in needs or CommunicationNeed.ASSISTED in needs:
        how = []
        if CommunicationNeed.BSL in needs:
            how.append("with a British Sign Language interpreter")
        if CommunicationNeed.AUDIO in needs:
            how.append("by reading the questions aloud")
        if CommunicationNeed.ASSISTED in needs:
            how.append("with someone they trust to support them")
        return FormatOffer("assisted", f"Ask {name} in person, {' and '.join(how)}, and record it here as assisted.")
    if CommunicationNeed.EASY_READ in needs:
        return FormatOffer("easy_read", f"Offer {name} the easy read form: one question on each page, with pictures.")
    if CommunicationNeed.LARGE_PRINT in needs:
        return FormatOffer(
            "large_print", f"Offer {name} the large print poster or the online form with the text made bigger."
        )
    return FormatOffer("standard", f"{name} has no recorded communication needs: offer the standard form.")


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list]


def feedback_export_rows(*, scope: Scope, filters: FeedbackFilters = FeedbackFilters()) -> Table:
    """One row per comment. Who gave it and how to reply only for roles that may see personal details
    (the columns are there if the person may see them at any service, filled only where they may)."""
    scope = require(scope, Perm.EXPORT_FEEDBACK)
    personal = has_perm(scope, Perm.VIEW_PERSONAL)
    header = [
        "feedback id",
        "service",
        "date",
        "kind",
        "channel",
        "rating",
        "given by",
        "assisted",
        "consent to quote",
        "question",
        "comment",
    ]
    if personal:
        header += ["person", "wants a reply", "reply by", "reply contact"]
    rows = []
    items = feedback_list(scope=scope, filters=filters)
    if personal:
        items = items.select_related("person")
    for item in items:
        comments = list(item.comments.all()) or [None]
        for comment in comments:
            row = [
                item.id,
                item.service.name,
                item.received_on,
                item.get_kind_display(),
                item.get_channel_display(),
                item.get_rating_display() if item.rating else "",
                item.get_giver_type_display(),
                "yes" if item.assisted else "no",
                "yes" if item.consent_to_quote else "no",
                comment.question if comment else "",
                comment.text if comment else "",
            ]
            if personal and has_perm(scope, Perm.VIEW_PERSONAL, item.service_id):
                row += [
                    item.person.full_name if item.person else "",
                    "yes" if item.wants_reply else "no",
                    item.get_reply_method_display() if item.reply_method else "",
                    item.reply_contact,
                ]
            elif personal:
                row += ["", "", "", ""]
            rows.append(row)
    return Table(header=header, rows=rows)
