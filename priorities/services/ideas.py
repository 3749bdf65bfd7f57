"""Ideas raised at a planning session, with their votes: added, corrected or withdrawn (ADR 0015, ADR 0019)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from core.audit import audit_record
from governance.models import CoproductionActivity
from governance.services._common import _acting_person, _now, _raise, _refuse_closed, _text, _withdrawal_record
from organisations.scope import Scope
from priorities.models import IdeaWithdrawal, PriorityIdea, QualityPriority
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
    if session is not None:
        # An idea already recorded may still be corrected or withdrawn.
        _refuse_closed(scope, session.service, errors, "session", "no idea is added at this session now", choose=False)
    text = _idea_checked(scope, session, text, votes, errors)
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


@transaction.atomic
def idea_correct(
    *, scope: Scope, idea_id: int, text: str, votes: int | None, reason: str, now: dt.datetime | None = None
) -> PriorityIdea:
    """Put right an idea's words or its votes, saying what was wrong. The corrected idea takes the old
    one's place in the ranking, and a priority chosen from the old one names the corrected one (the
    same idea, recorded right); the old one is kept, withdrawn, so the session shows what it said,
    who changed it, when and why."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    old = _open_idea(scope, idea_id)
    errors: dict[str, list[str]] = {}
    text = _idea_checked(scope, old.session, text, votes, errors, leaving_out=old)
    reason = _text(reason, "reason", "Say what was wrong with the idea or its votes.", errors)
    if not errors and (text, votes) == (old.text, old.votes):
        errors["__all__"] = ["Change the words or the votes, or leave the idea as it is."]
    _raise(errors)
    _withdrawal_record(IdeaWithdrawal, scope, reason, at, idea=old)
    new = PriorityIdea.objects.create(
        organisation=scope.organisation,
        session=old.session,
        text=text,
        votes=votes,
        replaces=old,
        recorded_by=_acting_person(scope),
        recorded_at=at,
    )
    chosen = QualityPriority.objects.for_org(scope.organisation).filter(idea=old)
    chosen_ids = list(chosen.values_list("id", flat=True))
    chosen.update(idea=new)
    changes: dict[str, dict] = {"idea": {"from": old.id, "to": new.id}}
    if text != old.text:
        changes["words"] = {"from": "(changed)", "to": "(changed)"}  # free text, as other corrections
    if votes != old.votes:
        changes["votes"] = {"from": old.votes, "to": votes}
    if chosen_ids:
        changes["priority"] = {"from": None, "to": chosen_ids[0]}
    audit_record(scope=scope, verb="priorities.idea.correct", obj=old.session, at=at, changes=changes)
    return new


@transaction.atomic
def idea_withdraw(*, scope: Scope, idea_id: int, reason: str, now: dt.datetime | None = None) -> IdeaWithdrawal:
    """Take an idea out of the ranking (raised twice, or recorded by mistake), saying why. It is kept,
    marked as withdrawn. An idea chosen as a priority in force is not withdrawn: the priority rests
    on it."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    idea = _open_idea(scope, idea_id)
    errors: dict[str, list[str]] = {}
    chosen = idea_chosen_as(scope, idea)
    if chosen is not None:
        errors["__all__"] = [
            f"This idea cannot be withdrawn: it was chosen as the priority “{chosen.title}”, which rests on it. "
            "If its words or votes are wrong, correct them instead."
        ]
    reason = _text(reason, "reason", "Say why the idea is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(IdeaWithdrawal, scope, reason, at, idea=idea)
    audit_record(
        scope=scope,
        verb="priorities.idea.withdraw",
        obj=idea.session,
        at=at,
        changes={"idea": {"from": idea.id, "to": None}, "withdrawn": {"from": False, "to": True}},
    )
    return withdrawal


def idea_chosen_as(scope: Scope, idea: PriorityIdea) -> QualityPriority | None:
    """The priority in force chosen from this idea, if there is one. (An idea whose priority was
    withdrawn stays with it, and may itself be withdrawn.)"""
    return (
        QualityPriority.objects.for_org(scope.organisation)
        .filter(idea=idea, withdrawal__isnull=True)
        .only("id", "title")
        .first()
    )


def _open_idea(scope: Scope, idea_id: int) -> PriorityIdea:
    """An idea not yet corrected or withdrawn, at a session where the person may plan, locked until the
    end so that two changes at once cannot both go through."""
    idea = (
        PriorityIdea.objects.for_scope(scope).select_related("session").select_for_update(of=("self",)).get(pk=idea_id)
    )
    if IdeaWithdrawal.objects.for_org(scope.organisation).filter(idea=idea).exists():
        _raise({"__all__": ["This idea has already been corrected or withdrawn: change the one in the ranking."]})
    return idea


def _idea_checked(
    scope: Scope, session, text: str, votes: int | None, errors: dict, leaving_out: PriorityIdea | None = None
) -> str:
    """The idea's words, checked with its votes. ``leaving_out`` is the idea being corrected, which is
    not a second copy of itself."""
    text = _text(text, "text", "Enter the idea in the words people used.", errors)
    if len(text) > 300:
        errors.setdefault("text", []).append("Keep the idea under 300 characters.")
    if session is not None and text:
        # One row per idea in the ranking, or its votes are split or counted twice (a form sent
        # twice, or the same card typed in by two people); rows are never deleted, and ideas
        # withdrawn or corrected are not ranked. The session is locked so that two at once cannot
        # both find the idea missing.
        session = CoproductionActivity.objects.for_org(scope.organisation).select_for_update().get(pk=session.pk)
        same = _same_words(text)
        ranked = PriorityIdea.objects.for_org(scope.organisation).filter(session=session, withdrawal__isnull=True)
        if leaving_out is not None:
            ranked = ranked.exclude(pk=leaving_out.pk)
        for earlier in ranked:
            if _same_words(earlier.text) == same:
                errors.setdefault("text", []).append(
                    f"That idea is already recorded for this session, with {earlier.votes} votes."
                )
                break
    if votes is None or not 0 <= votes <= MAX_VOTES:
        errors["votes"] = [f"Enter the number of votes, from 0 to {MAX_VOTES:,}."]
    return text
