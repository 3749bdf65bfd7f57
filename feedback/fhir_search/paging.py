"""Cutting a page from what a search finds, and where the pages before and after it start."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from feedback.fhir_search.query import Search


__all__ = ["Cursor", "Page", "page_of"]


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: just after (or, going back, just before) the feedback given on ``authored``
    with ``id``, in the order of the search (authored, then id)."""

    after: bool
    authored: dt.date
    id: int

    def token(self) -> str:
        return f"{'after' if self.after else 'before'}_{self.authored.isoformat()}_{self.id}"

    def beyond(self) -> Q:
        """Feedback on the far side of the cursor, going its way."""
        if self.after:
            return Q(received_on__gt=self.authored) | Q(received_on=self.authored, id__gt=self.id)
        return Q(received_on__lt=self.authored) | Q(received_on=self.authored, id__lt=self.id)


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    next: Cursor | None = None
    previous: Cursor | None = None


def page_of(found: QuerySet, search: Search) -> Page:
    """The page of ``found`` (ordered by authored, then id) the search asks for. A page starts from the
    feedback before it (its cursor), never from a count of those before, so that feedback recorded
    while someone pages through is neither given twice nor makes another be missed among those
    already found."""
    total = found.count()
    if search.count == 0:
        return Page(items=[], total=total)
    cursor = search.cursor
    if cursor is None:
        items = list(found[: search.count])
    elif cursor.after:
        items = list(found.filter(cursor.beyond())[: search.count])
    else:
        items = list(reversed(found.filter(cursor.beyond()).order_by("-received_on", "-id")[: search.count]))
    if not items:
        return Page(items=[], total=total)
    first, last = items[0], items[-1]
    earlier = Cursor(after=False, authored=first.received_on, id=first.id)
    later = Cursor(after=True, authored=last.received_on, id=last.id)
    return Page(
        items=items,
        total=total,
        next=later if found.filter(later.beyond()).exists() else None,
        previous=earlier if found.filter(earlier.beyond()).exists() else None,
    )
