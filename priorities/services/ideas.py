"""Ideas raised at a planning session, with their votes: added, corrected or withdrawn (ADR 0015, ADR 0019)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core.audit import audit_record
from governance.models import CoproductionActivity
from governance.services._common import _acting_person, _now, _raise, _text
from organisations.scope import Scope
from priorities.models import PriorityIdea
from priorities.rules import Perm, require
from priorities.services._common import _session

MAX_VOTES = 100_000


def _same_words(text: str) -> str:
    return " ".join(text.split()).casefold()


@transaction.atomic
def idea_add(
    *, scope: Scope, session_id: int, text: str, votes: int = 0, now: dt.datetime | None = None
) -> PriorityIdea:
    """An idea people raised at a planning session, with the votes it got when they ranked them."""
    scope = require(scope, Perm.PLAN)
    errors: dict[str, list[str]] = {}
    session = _session(scope, session_id, errors, planning=True)
    text = _text(text, "text", "Enter the idea in the words people used.", errors)
    if len(text) > 300:
        errors.setdefault("text", []).append("Keep the idea under 300 characters.")
    if session is not None and text:
        # One row per idea, or its votes are split or counted twice in the ranking (a form sent
        # twice, or the same card typed in by two people); rows are never deleted. The session is
        # locked so that two at once cannot both find the idea missing.
        session = CoproductionActivity.objects.for_org(scope.organisation).select_for_update().get(pk=session.pk)
        same = _same_words(text)
        for earlier in PriorityIdea.objects.for_org(scope.organisation).filter(session=session):
            if _same_words(earlier.text) == same:
                errors.setdefault("text", []).append(
                    f"That idea is already recorded for this session, with {earlier.votes} votes."
                )
                break
    if votes is None or not 0 <= votes <= MAX_VOTES:
        errors["votes"] = [f"Enter the number of votes, from 0 to {MAX_VOTES:,}."]
    _raise(errors)
    idea = PriorityIdea.objects.create(
        organisation=scope.organisation,
        session=session,
        text=text,
        votes=votes,
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    audit_record(
        scope=scope,
        verb="priorities.idea.add",
        obj=session,
        at=now,
        changes={"idea": {"from": None, "to": text}, "votes": {"from": None, "to": votes}},
    )
    return idea
