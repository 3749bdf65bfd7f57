"""Writes for urgent flags: raising them as comments arrive, telling the safeguarding lead, closing them.

Detection runs in the same transaction as the comment it reads; the email goes out only once that
transaction has committed (`transaction.on_commit`), so nobody is told about a comment that was
rolled back. The email never holds the comment or any personal detail: only the service, the date
and a link to the flag, which only those who may see flags can open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import clock
from core.audit import audit_record
from core.working_days import working_days_after
from feedback.models import Comment
from feedback.selectors import comments_flaggable
from organisations.models import Organisation
from organisations.rules import Perm as OrgPerm
from organisations.rules import require as require_org
from organisations.scope import Scope
from themes.models import (
    DetectedBy,
    FlagStatus,
    ReferredTo,
    UrgentFlag,
    UrgentFlagAction,
)
from themes.rules import Perm, require
from themes.selectors import safeguarding_lead_candidates, urgent_flags_visible
from themes.services.urgent_notify import _flag_email, _notify, urgent_recipients
from themes.urgent import UrgentAssessment, assess, assess_many

MODEL_REASON = "possible safeguarding concern (model"
# What the flag form allows: a reason is a sentence or two, not the whole story.
MAX_REASON_LENGTH = 500
# A flag kept open longer than this must say when it will be looked at again (ADR 0007).
REVIEW_BY_AFTER_WORKING_DAYS = 2
MAX_OTHER_BODY_LENGTH = UrgentFlagAction._meta.get_field("referred_to_other").max_length
MAX_REFERENCE_LENGTH = UrgentFlagAction._meta.get_field("referral_reference").max_length


def detected_by(assessment: UrgentAssessment) -> str:
    """Whether the rules, the model, or both raised this assessment."""
    by_model = any(r.startswith(MODEL_REASON) for r in assessment.reasons)
    by_rules = any(not r.startswith(MODEL_REASON) for r in assessment.reasons)
    if by_model and by_rules:
        return DetectedBy.RULES_AND_MODEL
    return DetectedBy.MODEL if by_model else DetectedBy.RULES


# --- raising flags ---------------------------------------------------------------------------


@transaction.atomic
def urgent_check(*, scope: Scope, comments: Iterable[Comment]) -> list[UrgentFlag]:
    """Assess comments that have just arrived; flag the urgent ones and tell the safeguarding lead.

    Runs as the scope that wrote the comments (staff, the public form, the API), so it does not
    itself need permission to see flags.
    """
    comments = list(comments)
    if not comments:
        return []
    assessments = assess_many([c.text for c in comments])
    urgent = [(comment, a) for comment, a in zip(comments, assessments, strict=True) if a.urgent]
    if not urgent:
        return []
    flags = _flags_in_bulk(scope=scope, found=urgent)
    for flag in flags:
        audit_record(
            scope=scope,
            verb="themes.urgent_flag.raise",
            obj=flag,
            changes={"detected_by": flag.detected_by, "categories": flag.categories},
        )
    feedback = comments[0].feedback
    subject, body = _flag_email(flags, service_name=feedback.service.name, received_on=feedback.received_on)
    _notify(scope=scope, subject=subject, body=body, about=[(flag, str(flag)) for flag in flags])
    return flags


def _texts_assessed(texts: Sequence[str], *, use_model: bool = False) -> list[UrgentAssessment]:
    """Each distinct text once; by the rules alone unless `use_model` (the model in one batch)."""
    distinct = list(dict.fromkeys(texts))
    if use_model:
        found = dict(zip(distinct, assess_many(distinct), strict=True))
    else:
        found = {text: assess(text, use_model=False) for text in distinct}
    return [found[text] for text in texts]


def _flags_in_bulk(
    *,
    scope: Scope,
    found: Sequence[tuple[Comment, UrgentAssessment]],
    detected_at: Callable[[Comment], dt.datetime] | None = None,
) -> list[UrgentFlag]:
    now = clock.now()
    flags = [
        UrgentFlag(
            organisation=scope.organisation,
            comment=comment,
            reasons=a.reasons,
            categories=a.categories,
            score=a.score,
            detected_at=detected_at(comment) if detected_at else now,
            detected_by=detected_by(a),
        )
        for comment, a in found
    ]
    return UrgentFlag.objects.bulk_create(flags, batch_size=1000)


def urgent_check_demo(*, scope: Scope, comments: Sequence[Comment]) -> list[UrgentFlag]:
    """Flag urgent demo comments in bulk (rules only), without emailing anyone, each as its feedback
    arrived: during the working day it was received (never later than now)."""
    assessments = _texts_assessed([c.text for c in comments])
    now = clock.now()

    def arrived(comment: Comment) -> dt.datetime:
        minutes = 9 * 60 + (comment.feedback_id * 37) % (8 * 60)
        at = dt.datetime.combine(comment.feedback.received_on, dt.time(minutes // 60, minutes % 60))
        return min(timezone.make_aware(at), now)

    found = [(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent]
    flags = _flags_in_bulk(scope=scope, found=found, detected_at=arrived)
    if not flags:
        return []
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_demo",
        obj=scope.organisation,
        label="Urgent flags in the demo feedback",
        changes={"flags_raised": len(flags)},
    )
    return flags


@dataclass(frozen=True)
class RaisedByHand:
    """The flag a comment flagged by hand now carries, and whether it was already open (the
    person's reason was then added to it as a concern, and nobody was emailed again); whether new
    flags are emailed to the safeguarding lead (else to administrators and quality leads)."""

    flag: UrgentFlag
    added_to_open_flag: bool
    lead_told: bool = False


def flag_reason_problem(reason: str) -> str | None:
    """What is wrong with the reason someone gives for flagging a comment, or None. The flag form asks
    the same, to say it with its other problems."""
    reason = reason.strip()
    if not reason:
        return "Say why this comment needs urgent attention."
    if len(reason) > MAX_REASON_LENGTH:
        # Cutting it short would lose what the person saw, without telling them.
        return f"Say why in up to {MAX_REASON_LENGTH} characters."
    return None


def flag_action_problem(action: str) -> str | None:
    """What is wrong with a note of what was done about a flag, or None: every note, one that closes
    the flag or opens it again too, says what was done. The flag page's form asks the same."""
    return None if action.strip() else "Enter what was done."


def flag_referral_problems(*, referred_to: str, referred_to_other: str, referral_reference: str) -> dict[str, str]:
    """What is wrong with the referral a note records, by field; empty when nothing is (no referral
    at all is fine). The flag page's form asks the same."""
    problems = {}
    if referred_to and referred_to not in ReferredTo.values:
        problems["referred_to"] = "Choose who it was referred to from the list."
    if referred_to == ReferredTo.OTHER:
        if not referred_to_other:
            problems["referred_to_other"] = "Enter the name of the body it was referred to."
        elif len(referred_to_other) > MAX_OTHER_BODY_LENGTH:
            problems["referred_to_other"] = f"Enter the name in up to {MAX_OTHER_BODY_LENGTH} characters."
    elif referred_to_other:
        problems["referred_to_other"] = "Name a body only when it was referred to another body."
    if referral_reference and not referred_to:
        problems["referral_reference"] = "Choose who it was referred to, or leave the reference number empty."
    elif len(referral_reference) > MAX_REFERENCE_LENGTH:
        problems["referral_reference"] = f"Enter the reference number in up to {MAX_REFERENCE_LENGTH} characters."
    return problems


def flag_review_by_needed(*, flag: UrgentFlag, today: dt.date) -> bool:
    """Whether a note that leaves this flag open must say when it will be looked at again: the flag
    was raised more than two working days before `today`."""
    raised_on = clock.day_of(flag.detected_at)
    return working_days_after(raised_on, until=today) > REVIEW_BY_AFTER_WORKING_DAYS


def flag_review_by_problem(
    *, review_by: dt.date | None, open_after: bool, closes: bool, needed: bool, today: dt.date
) -> str | None:
    """What is wrong with the review-by date a note sets, or None. A note after which the flag is open
    may set one, not in the past; on a flag raised more than two working days ago (`needed`, from
    `flag_review_by_needed`) it must. A note that closes the flag, or leaves it closed, sets none. The
    flag page's form asks the same."""
    if review_by is not None:
        if not open_after:
            if closes:
                return "A note that closes the flag sets no review-by date: leave it empty."
            return "The flag is closed: open it again to set a review-by date."
        if review_by < today:
            return "The review-by date must be today or in the future."
        return None
    if open_after and needed:
        return (
            f"This flag has been open for more than {REVIEW_BY_AFTER_WORKING_DAYS} working days: "
            "enter the date by which you will look at it again."
        )
    return None


@transaction.atomic
def urgent_flag_raise(*, scope: Scope, comment_id: int, reason: str) -> RaisedByHand:
    """A member of staff flags a comment by hand, saying why.

    A comment has at most one open flag: when it already has one (the check flagged it as it
    arrived, or someone else did), the reason is added to that flag as a concern instead, so the
    safeguarding lead reads every worry about the comment in one record and acts once (ADR 0007).
    A comment whose flags are all closed is flagged again: a new concern.

    The comment need not be readable now: its feedback is withheld from people who may not see
    flags once it is flagged, and a second person who had it open must not lose what they saw. It
    must be one they could read had it not been flagged (``comments_flaggable``); any other is not
    found.
    """
    scope = require(scope, Perm.RAISE_URGENT)
    reason = reason.strip()
    if problem := flag_reason_problem(reason):
        raise ValidationError({"reason": problem})
    if scope.person is None:
        raise ValidationError({"reason": "Only a person can flag a comment by hand."})
    # Locking the comment makes two people flagging it at once take turns: the second finds the
    # first one's flag open.
    comment = (
        comments_flaggable(scope=scope)
        .select_for_update(of=("self",))
        .select_related("feedback__service")
        .get(pk=comment_id)
    )
    open_flag = (
        UrgentFlag.objects.for_org(scope.organisation)
        .filter(comment=comment, status=FlagStatus.OPEN)
        .order_by("detected_at", "id")
        .first()
    )
    if open_flag is not None:
        UrgentFlagAction.objects.create(
            flag=open_flag,
            organisation=scope.organisation,
            action=reason,
            who=scope.person,
            at=clock.now(),
            adds_concern=True,
        )
        # The lead was told when the flag was raised and the daily reminder chases it while it is
        # open, so a second email would say nothing new; the concern is on the flag.
        audit_record(scope=scope, verb="themes.urgent_flag.add_concern", obj=open_flag)
        # Who is told of new flags now: a person who may not see flags is answered as if theirs
        # were new, so they cannot tell that someone flagged the comment first.
        told = urgent_recipients(organisation=scope.organisation)
        return RaisedByHand(flag=open_flag, added_to_open_flag=True, lead_told=told.to_lead)
    flag = UrgentFlag.objects.create(
        organisation=scope.organisation,
        comment=comment,
        reasons=[f"raised by hand by {scope.person.full_name}: {reason}"],
        categories=["safeguarding"],
        score=1.0,
        detected_at=clock.now(),
        detected_by=DetectedBy.PERSON,
        raised_by=scope.person,
    )
    audit_record(scope=scope, verb="themes.urgent_flag.raise", obj=flag, changes={"detected_by": DetectedBy.PERSON})
    subject, body = _flag_email(
        [flag], service_name=comment.feedback.service.name, received_on=comment.feedback.received_on
    )
    told = _notify(scope=scope, subject=subject, body=body, about=[(flag, str(flag))])
    return RaisedByHand(flag=flag, added_to_open_flag=False, lead_told=told.to_lead)


# --- acting on flags -------------------------------------------------------------------------


@transaction.atomic
def urgent_flag_record_action(
    *,
    scope: Scope,
    flag_id: int,
    action: str,
    closes: bool,
    reopens: bool = False,
    not_a_concern: bool = False,
    review_by: dt.date | None = None,
    referred_to: str = "",
    referred_to_other: str = "",
    referral_reference: str = "",
    now: dt.datetime | None = None,
) -> UrgentFlagAction:
    """Append what a person did about a flag; when `closes`, the flag closes with it, and with
    `not_a_concern` as no safeguarding matter (a false alarm: the feedback is no longer withheld).
    `now` is when it was done (the demo's history; otherwise the clock's now).

    A note that leaves the flag open says when it will be looked at again (`review_by`), which it must
    once the flag was raised more than two working days before; and any note may record a referral:
    to whom (`referred_to`, a `ReferredTo`, with the body's name in `referred_to_other` for another
    body) and the reference number they gave (ADR 0007).

    A closed flag still takes what came of it later (the council's or the police's decision), and
    `reopens` opens it again, with why: closing is a record, not an end to the record.
    """
    scope = require(scope, Perm.ACT_ON_URGENT)
    action = action.strip()
    referred_to, referred_to_other = referred_to.strip(), referred_to_other.strip()
    referral_reference = referral_reference.strip()
    now = now or clock.now()
    if problem := flag_action_problem(action):
        raise ValidationError({"action": problem})
    if scope.person is None:
        raise ValidationError({"action": "Only a person can record what was done."})
    problems = flag_referral_problems(
        referred_to=referred_to, referred_to_other=referred_to_other, referral_reference=referral_reference
    )
    if problems:
        raise ValidationError(problems)
    flag = urgent_flags_visible(scope=scope).select_for_update().get(pk=flag_id)
    if closes and reopens:
        raise ValidationError({"reopens": "A note can close the flag or open it again, not both."})
    if not_a_concern and not closes:
        raise ValidationError(
            {"not_a_concern": "Only a flag being closed can be closed as not a safeguarding concern."}
        )
    if closes and not flag.is_open:
        raise ValidationError({"closes": "This flag is already closed."})
    if reopens and flag.is_open:
        raise ValidationError({"reopens": "This flag is already open."})
    if reopens:
        # One open flag a comment (ADR 0007): a concern flagged anew is followed on its own flag.
        # Locking the comment makes this wait for anyone flagging it or opening another of its flags
        # at the same moment, so the check below sees what they did (the database refuses a second
        # open flag in any case).
        Comment.objects.for_org(scope.organisation).select_for_update().filter(pk=flag.comment_id).first()
        other = (
            UrgentFlag.objects.for_org(scope.organisation)
            .filter(comment_id=flag.comment_id, status=FlagStatus.OPEN)
            .exclude(pk=flag.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {"reopens": f"This comment has another open flag ({other}): record what is happening there."}
            )
    # Read after the status checks, so that a flag someone else closed meanwhile is answered as that.
    open_after = (flag.is_open and not closes) or reopens
    today = clock.day_of(now)
    needed = flag_review_by_needed(flag=flag, today=today)
    if problem := flag_review_by_problem(
        review_by=review_by, open_after=open_after, closes=closes, needed=needed, today=today
    ):
        raise ValidationError({"review_by": problem})
    row = UrgentFlagAction.objects.create(
        flag=flag,
        organisation=scope.organisation,
        action=action,
        who=scope.person,
        at=now,
        closes=closes,
        reopens=reopens,
        review_by=review_by,
        referred_to=referred_to,
        referred_to_other=referred_to_other,
        referral_reference=referral_reference,
    )
    before = flag.status
    if closes or reopens:
        flag.status = FlagStatus.OPEN if reopens else FlagStatus.NOT_A_CONCERN if not_a_concern else FlagStatus.CLOSED
        UrgentFlag.objects.for_org(scope.organisation).filter(pk=flag.pk).update(status=flag.status)
    verb = "close" if closes else "reopen" if reopens else "record_action"
    changes: dict = {"status": {"from": before, "to": flag.status}} if before != flag.status else {}
    if review_by is not None:
        changes["review_by"] = review_by.isoformat()
    if referred_to:
        changes["referral"] = {"to": referred_to, "other": referred_to_other, "reference": referral_reference}
    audit_record(scope=scope, verb=f"themes.urgent_flag.{verb}", obj=flag, changes=changes, at=row.at)
    return row


# --- the safeguarding lead -------------------------------------------------------------------


@transaction.atomic
def organisation_set_safeguarding_lead(*, scope: Scope, person_id: int | None) -> Organisation:
    """Name the organisation's safeguarding lead: a current person with a login and a role that
    sees urgent flags (``safeguarding_lead_candidates``)."""
    require_org(scope, OrgPerm.MANAGE_PEOPLE)
    organisation = Organisation.objects.select_for_update().get(pk=scope.organisation.pk)
    before = organisation.safeguarding_lead
    lead = None
    if person_id is not None:
        lead = safeguarding_lead_candidates(organisation=organisation).filter(pk=person_id).first()
        if lead is None:
            raise ValidationError({"lead": "Choose an administrator, quality lead or service manager who has a login."})
    organisation.safeguarding_lead = lead
    organisation.save(update_fields=["safeguarding_lead", "updated_at"])
    audit_record(
        scope=scope,
        verb="organisations.organisation.set_safeguarding_lead",
        obj=organisation,
        changes={"safeguarding_lead": {"from": str(before) if before else None, "to": str(lead) if lead else None}},
    )
    return organisation
