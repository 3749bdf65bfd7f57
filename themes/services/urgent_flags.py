"""Writes for urgent flags: raising them as comments arrive, telling the safeguarding lead, closing them.

Detection runs in the same transaction as the comment it reads; the email goes out only once that
transaction has committed (`transaction.on_commit`), so nobody is told about a comment that was
rolled back. The email never holds the comment or any personal detail: only the service, the date
and a link to the flag, which only those who may see flags can open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse

from core import clock
from core.audit import audit_record
from feedback.models import Comment, Feedback
from organisations.models import Organisation, Person
from organisations.roles import Role
from organisations.rules import Perm as OrgPerm
from organisations.rules import require as require_org
from organisations.scope import Scope
from themes.models import (
    DetectedBy,
    FlagStatus,
    UrgentFlag,
    UrgentFlagAction,
)
from themes.rules import Perm, require
from themes.selectors import safeguarding_lead_candidates, urgent_flags_visible
from themes.urgent import UrgentAssessment, assess, assess_many

MODEL_REASON = "possible safeguarding concern (model"
FALLBACK_ROLES = (Role.ADMINISTRATOR, Role.QUALITY_LEAD)


def detected_by(assessment: UrgentAssessment) -> str:
    """Whether the rules, the model, or both raised this assessment."""
    by_model = any(r.startswith(MODEL_REASON) for r in assessment.reasons)
    by_rules = any(not r.startswith(MODEL_REASON) for r in assessment.reasons)
    if by_model and by_rules:
        return DetectedBy.RULES_AND_MODEL
    return DetectedBy.MODEL if by_model else DetectedBy.RULES


# --- who is told -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    emails: tuple[str, ...]
    to_lead: bool
    description: str


def urgent_recipients(*, organisation: Organisation) -> Recipients:
    """The safeguarding lead; without one, the administrators and quality leads who can sign in."""
    lead = None
    if organisation.safeguarding_lead_id:
        # Only while they can still open the flag (``is_safeguarding_lead``): a lead who has since
        # lost the role or the login would be the only one told of a flag they cannot read.
        lead = (
            safeguarding_lead_candidates(organisation=organisation)
            .filter(pk=organisation.safeguarding_lead_id)
            .select_related("user")
            .first()
        )
    lead_email = _person_email(lead) if lead else ""
    if lead_email:
        return Recipients((lead_email,), True, "the safeguarding lead")
    # Only those who can sign in and open the flag: an email to someone who cannot is nobody told.
    people = (
        Person.objects.for_org(organisation)
        .filter(
            archived_at__isnull=True,
            user__isnull=False,
            user__is_active=True,
            role_assignments__role__in=FALLBACK_ROLES,
        )
        .select_related("user")
        .distinct()
    )
    emails = tuple(sorted({e for e in (_person_email(p) for p in people) if e}))
    return Recipients(emails, False, "administrators and quality leads (no safeguarding lead with an email)")


def _person_email(person: Person) -> str:
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def _flag_link(path: str) -> str:
    base = settings.HEARD_SITE_URL
    return f"{base}{path}"


def _send(*, emails: Sequence[str], subject: str, body: str) -> None:
    if emails:
        send_mail(subject, body, None, list(emails), fail_silently=False)


def _notify(*, scope: Scope, subject: str, body: str, obj, label: str) -> None:
    """Work out who to tell, record it, and send once the transaction has committed."""
    recipients = urgent_recipients(organisation=scope.organisation)
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.notify",
        obj=obj,
        label=label,
        changes={"told": recipients.description, "emails_sent": len(recipients.emails)},
    )
    emails = recipients.emails
    # Robust: a mail server that is down is logged, not raised. The feedback is saved by then, and
    # the person who wrote it must see the page that says whom to call now, not an error that
    # says it was lost; the flag waits in the queue and the daily reminder.
    transaction.on_commit(lambda: _send(emails=emails, subject=subject, body=body), robust=True)


def _flag_email(flag: UrgentFlag, *, service_name: str, received_on) -> tuple[str, str]:
    link = _flag_link(reverse("themes:flag", args=[flag.pk]))
    subject = "Heard: a comment may need urgent attention"
    body = (
        f"A comment at {service_name} on {received_on:%-d %B %Y} may need urgent attention.\n\n"
        f"Please read it and record what was done:\n{link}\n\n"
        "This email does not include the comment, to keep it private. Sign in to Heard to read it.\n"
    )
    return subject, body


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
    subject, body = _flag_email(flags[0], service_name=feedback.service.name, received_on=feedback.received_on)
    _notify(scope=scope, subject=subject, body=body, obj=flags[0], label=str(flags[0]))
    return flags


def _texts_assessed(texts: Sequence[str], *, use_model: bool = False) -> list[UrgentAssessment]:
    """Each distinct text once; by the rules alone unless `use_model` (the model in one batch)."""
    distinct = list(dict.fromkeys(texts))
    if use_model:
        found = dict(zip(distinct, assess_many(distinct), strict=True))
    else:
        found = {text: assess(text, use_model=False) for text in distinct}
    return [found[text] for text in texts]


@dataclass(frozen=True)
class ImportedComment:
    feedback_id: int
    position: int
    text: str


def _flags_in_bulk(*, scope: Scope, found: Sequence[tuple[Comment, UrgentAssessment]]) -> list[UrgentFlag]:
    now = clock.now()
    flags = [
        UrgentFlag(
            organisation=scope.organisation,
            comment=comment,
            reasons=a.reasons,
            categories=a.categories,
            score=a.score,
            detected_at=now,
            detected_by=detected_by(a),
        )
        for comment, a in found
    ]
    return UrgentFlag.objects.bulk_create(flags, batch_size=1000)


def import_checked_by_model_now(comments: Sequence[ImportedComment]) -> bool:
    """Whether an import is small enough for rules and model while it is saved (else rules, then
    the model in a background task)."""
    return len({c.text for c in comments}) <= settings.HEARD_IMPORT_MODEL_LIMIT


def urgent_check_import(*, scope: Scope, comments: Sequence[ImportedComment], file_name: str = "") -> list[UrgentFlag]:
    """Flag the urgent comments of an import in bulk, and send one summary email for the import.

    An import of up to `HEARD_IMPORT_MODEL_LIMIT` distinct comments is assessed by rules and model
    together while the file is saved, like a comment from the public form: nobody reads an urgent
    comment before its flag withholds it. A larger file (years of survey returns) is assessed by the
    rules alone, to keep its import within a minute, and once it commits a background task looks
    again with the model (`themes.tasks.urgent_recheck_import`). Until it has, the file's feedback
    is marked as waiting for that check, and only people who may see urgent flags read it.
    """
    with_model = import_checked_by_model_now(comments)
    if comments and not with_model:
        from themes.tasks import urgent_recheck_import

        first, last = min(c.feedback_id for c in comments), max(c.feedback_id for c in comments)
        # One statement over the import's id range. Feedback of another import saved at the same
        # time can fall inside it; it then waits for this check too, which reads the whole range.
        Feedback.objects.for_org(scope.organisation).filter(pk__gte=first, pk__lte=last).update(
            urgent_check_pending=True
        )
        organisation_id = scope.organisation.pk
        transaction.on_commit(
            lambda: urgent_recheck_import.enqueue(organisation_id, first, last, file_name), robust=True
        )
    assessments = _texts_assessed([c.text for c in comments], use_model=with_model)
    urgent = [(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent]
    if not urgent:
        return []
    feedback_ids = sorted({c.feedback_id for c, _ in urgent})
    by_place = {}
    for start in range(0, len(feedback_ids), 1000):
        rows = (
            Comment.objects.for_org(scope.organisation)
            .filter(feedback_id__in=feedback_ids[start : start + 1000])
            .only("id", "feedback_id", "position")
        )
        by_place.update({(c.feedback_id, c.position): c for c in rows})
    flags = _flags_in_bulk(
        scope=scope,
        found=[
            (by_place[(c.feedback_id, c.position)], a) for c, a in urgent if (c.feedback_id, c.position) in by_place
        ],
    )
    label = f"Urgent flags from the import of {file_name}"[:300] if file_name else "Urgent flags from an import"
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_import",
        obj=scope.organisation,
        label=label,
        changes={"file": file_name, "flags_raised": len(flags)},
    )
    link = _flag_link(reverse("themes:queue"))
    n = len(flags)
    subject = f"Heard: {n} imported comment{'s' if n != 1 else ''} may need urgent attention"
    body = (
        f"An import of feedback for {scope.organisation.name} on {clock.today():%-d %B %Y} "
        f"has {n} comment{'s' if n != 1 else ''} that may need urgent attention.\n\n"
        f"Please read them and record what was done:\n{link}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    _notify(scope=scope, subject=subject, body=body, obj=scope.organisation, label=label)
    return flags


def flags_from_model_recheck(
    *, scope: Scope, found: Sequence[tuple[Comment, UrgentAssessment]], file_name: str = ""
) -> list[UrgentFlag]:
    """Flags the model found on a second look at imported comments, and one email about them."""
    flags = _flags_in_bulk(scope=scope, found=found)
    label = (
        f"Urgent flags from a second check of {file_name}"[:300] if file_name else "Urgent flags from a second check"
    )
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_recheck",
        obj=scope.organisation,
        label=label,
        changes={"file": file_name, "flags_raised": len(flags)},
    )
    n = len(flags)
    subject = f"Heard: {n} more imported comment{'s' if n != 1 else ''} may need urgent attention"
    body = (
        f"A second check of feedback imported for {scope.organisation.name} found {n} more "
        f"comment{'s' if n != 1 else ''} that may need urgent attention.\n\n"
        f"Please read them and record what was done:\n{_flag_link(reverse('themes:queue'))}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    _notify(scope=scope, subject=subject, body=body, obj=scope.organisation, label=label)
    return flags


@transaction.atomic
def urgent_recheck_record(
    *,
    scope: Scope,
    found: Sequence[tuple[Comment, UrgentAssessment]],
    checked_feedback_ids: Sequence[int],
    file_name: str = "",
) -> int:
    """What the model's second look at an import found, and, in the same transaction, the end of the
    wait that kept the import's feedback from people who may not see flags: only for the feedback
    it read (another import saved meanwhile keeps waiting for its own check). Returns the flags raised."""
    # Someone may have flagged one of these comments by hand while the model read them: that flag is
    # the one open flag the comment may have (ADR 0007), and the lead already has it. Their rows are
    # locked first, as flagging by hand locks the comment, so nobody flags one between the look and
    # the write.
    comment_ids = [comment.pk for comment, _ in found]
    flagged_meanwhile: set[int] = set()
    for start in range(0, len(comment_ids), 1000):
        chunk = comment_ids[start : start + 1000]
        list(Comment.objects.for_org(scope.organisation).select_for_update().filter(pk__in=chunk).only("pk"))
        flagged_meanwhile |= set(
            UrgentFlag.objects.for_org(scope.organisation)
            .filter(comment_id__in=chunk, status=FlagStatus.OPEN)
            .values_list("comment_id", flat=True)
        )
    found = [(comment, a) for comment, a in found if comment.pk not in flagged_meanwhile]
    raised = len(flags_from_model_recheck(scope=scope, found=found, file_name=file_name)) if found else 0
    ids = list(checked_feedback_ids)
    for start in range(0, len(ids), 1000):
        Feedback.objects.for_org(scope.organisation).filter(pk__in=ids[start : start + 1000]).update(
            urgent_check_pending=False
        )
    return raised


RECHECK_AGAIN_AFTER = dt.timedelta(hours=1)


def urgent_rechecks_restart(*, now: dt.datetime) -> int:
    """Ask again for the model's check of imported feedback still waiting for it an hour after it
    was saved (the task was lost: a worker stopped, a queue was cleared), so a file is not withheld
    from staff for ever. The daily job runs it; returns how many organisations had some."""
    from themes.tasks import urgent_recheck_import

    restarted = 0
    for organisation in Organisation.objects.order_by("id"):
        span = (
            Feedback.objects.for_org(organisation)
            .filter(urgent_check_pending=True, created_at__lt=now - RECHECK_AGAIN_AFTER)
            .aggregate(first=Min("pk"), last=Max("pk"))
        )
        if span["first"] is not None:
            urgent_recheck_import.enqueue(organisation.pk, span["first"], span["last"], "")
            restarted += 1
    return restarted


def urgent_check_demo(*, scope: Scope, comments: Sequence[Comment]) -> list[UrgentFlag]:
    """Flag urgent demo comments in bulk (rules only), without emailing anyone."""
    assessments = _texts_assessed([c.text for c in comments])
    flags = _flags_in_bulk(scope=scope, found=[(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent])
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
    person's reason was then added to it as a concern, and nobody was emailed again)."""

    flag: UrgentFlag
    added_to_open_flag: bool


@transaction.atomic
def urgent_flag_raise(*, scope: Scope, comment_id: int, reason: str) -> RaisedByHand:
    """A member of staff flags a comment by hand, saying why.

    A comment has at most one open flag: when it already has one (the check flagged it as it
    arrived, or someone else did), the reason is added to that flag as a concern instead, so the
    safeguarding lead reads every worry about the comment in one record and acts once (ADR 0007).
    A comment whose flags are all closed is flagged again: a new concern.
    """
    scope = require(scope, Perm.RAISE_URGENT)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this comment needs urgent attention."})
    if scope.person is None:
        raise ValidationError({"reason": "Only a person can flag a comment by hand."})
    # Locking the comment makes two people flagging it at once take turns: the second finds the
    # first one's flag open.
    comment = (
        Comment.objects.for_scope(scope)
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
            action=reason[:500],
            who=scope.person,
            at=clock.now(),
            adds_concern=True,
        )
        # The lead was told when the flag was raised and the daily reminder chases it while it is
        # open, so a second email would say nothing new; the concern is on the flag.
        audit_record(scope=scope, verb="themes.urgent_flag.add_concern", obj=open_flag)
        return RaisedByHand(flag=open_flag, added_to_open_flag=True)
    flag = UrgentFlag.objects.create(
        organisation=scope.organisation,
        comment=comment,
        reasons=[f"raised by hand by {scope.person.full_name}: {reason[:500]}"],
        categories=["safeguarding"],
        score=1.0,
        detected_at=clock.now(),
        detected_by=DetectedBy.PERSON,
        raised_by=scope.person,
    )
    audit_record(scope=scope, verb="themes.urgent_flag.raise", obj=flag, changes={"detected_by": DetectedBy.PERSON})
    subject, body = _flag_email(
        flag, service_name=comment.feedback.service.name, received_on=comment.feedback.received_on
    )
    _notify(scope=scope, subject=subject, body=body, obj=flag, label=str(flag))
    return RaisedByHand(flag=flag, added_to_open_flag=False)


# --- acting on flags -------------------------------------------------------------------------


@transaction.atomic
def urgent_flag_record_action(
    *, scope: Scope, flag_id: int, action: str, closes: bool, reopens: bool = False, not_a_concern: bool = False
) -> UrgentFlagAction:
    """Append what a person did about a flag; when `closes`, the flag closes with it, and with
    `not_a_concern` as no safeguarding matter (a false alarm: the feedback is no longer withheld).

    A closed flag still takes what came of it later (the council's or the police's decision), and
    `reopens` opens it again, with why: closing is a record, not an end to the record.
    """
    scope = require(scope, Perm.ACT_ON_URGENT)
    action = action.strip()
    if not action:
        raise ValidationError({"action": "Enter what was done."})
    if scope.person is None:
        raise ValidationError({"action": "Only a person can record what was done."})
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
    row = UrgentFlagAction.objects.create(
        flag=flag,
        organisation=scope.organisation,
        action=action,
        who=scope.person,
        at=clock.now(),
        closes=closes,
        reopens=reopens,
    )
    before = flag.status
    if closes or reopens:
        flag.status = FlagStatus.OPEN if reopens else FlagStatus.NOT_A_CONCERN if not_a_concern else FlagStatus.CLOSED
        UrgentFlag.objects.for_org(scope.organisation).filter(pk=flag.pk).update(status=flag.status)
    verb = "close" if closes else "reopen" if reopens else "record_action"
    audit_record(
        scope=scope,
        verb=f"themes.urgent_flag.{verb}",
        obj=flag,
        changes={"status": {"from": before, "to": flag.status}} if before != flag.status else {},
    )
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
