"""Feedback as a table to download, one row for each comment."""

from __future__ import annotations

from dataclasses import dataclass

from feedback.rules import Perm, has_perm, require
from feedback.selectors import FeedbackFilters, comment_text_for, feedback_list
from organisations.scope import Scope


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list]


def feedback_export_rows(*, scope: Scope, filters: FeedbackFilters | None = None) -> Table:
    """One row per comment. Who gave it and how to reply only for roles that may see personal details
    (the columns are there if the person may see them at any service, filled only where they may).
    Whether each may be quoted, and with the giver's name, travels with the words."""
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
        "may be named",
        "question",
        "comment",
    ]
    if personal:
        header += ["person", "wants a reply", "reply by", "reply contact", "replied"]
    rows = []
    items = feedback_list(scope=scope, filters=filters or FeedbackFilters())
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
                "yes" if item.consent_to_quote and item.may_attribute else "no",
                comment.question if comment else "",
                comment_text_for(scope=scope, comment=comment) if comment else "",
            ]
            if personal and has_perm(scope, Perm.VIEW_PERSONAL, item.service_id):
                row += [
                    item.person.full_name if item.person else "",
                    "yes" if item.wants_reply else "no",
                    item.get_reply_method_display() if item.reply_method else "",
                    item.reply_contact,
                    "yes" if item.replied else "no",
                ]
            elif personal:
                row += ["", "", "", "", ""]
            rows.append(row)
    return Table(header=header, rows=rows)
