"""Withdrawing consent to quote, and making a piece of feedback anonymous (ADR 0025).

Both are writes a person makes on the feedback's page, each in one transaction and audited with the
reason given. Withdrawing consent stops every quote made from now on and removes the kept PDFs that
could hold one. Making feedback anonymous also removes the link to the person, the contact details
for a reply and the personal details in the comments' words, wherever Heard keeps them; what the
feedback is evidence of (its service, date, rating, themes, sentiment, urgent flags, and the
decisions and actions that cite it) stays.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import clock
from core.audit import audit_record
from core.models import AuditEvent
from feedback.models import Comment, Feedback, Reply
from feedback.redaction import PLACEHOLDERS, as_saved, redact
from feedback.rules import Perm, require
from feedback.selectors import feedback_readable
from organisations.scope import Scope

REMOVED = "(removed)"  # what the audit log says in place of words taken out
MAX_REASON = 500
MAX_ANONYMOUS_COMMENT = 10_000

# A word taken out of a comment may be left out or replaced by one of these.
MARKER_REMOVED = "[removed]"
MARKERS = (*PLACEHOLDERS.values(), MARKER_REMOVED)
_TOKENS = re.compile("|".join(re.escape(m) for m in MARKERS) + r"|[^\W_]+")
ONLY_TAKE_OUT = (
    "Only take words out, or put a marker such as [name] or [removed] in their place: “{word}” is not "
    "in the comment at that point"
)


def _words(text: str) -> list[str]:
    return [token.casefold() for token in _TOKENS.findall(text) if token not in MARKERS]


def word_added(*, original: str, edited: str) -> str | None:
    """The first word of ``edited`` that was not taken from ``original``, or None when ``edited``
    only takes words out of it or replaces them with markers.

    The rule: the words of the edited text, markers aside, are the original's words in the same
    order with some left out. A word is a run of letters and digits (any case), so punctuation and
    spacing may change; "[name]", "[phone number]", "[removed]" and the other markers may stand
    anywhere, for any words taken out. The redacted text Heard suggests always keeps it."""
    source = _words(original)
    at = 0
    for token in _TOKENS.findall(edited):
        if token in MARKERS:
            continue
        word = token.casefold()
        while at < len(source) and source[at] != word:
            at += 1
        if at == len(source):
            return token
        at += 1
    return None


def _reason(reason: str, errors: dict[str, list[str]], *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [f"Enter why {what}"]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [f"The reason must be {MAX_REASON} characters or fewer (it is {len(reason):,})"]
    return reason


def _locked(scope: Scope, feedback_id: int) -> Feedback:
    """The feedback, if this person may read it, locked until the transaction ends: two people
    doing this at once act one after the other, the second on what the first left."""
    readable = feedback_readable(scope=scope).filter(pk=feedback_id).values("pk")
    return Feedback.objects.for_org(scope.organisation).select_for_update().get(pk__in=readable)


# --- withdrawing consent to quote -----------------------------------------------------------------


@dataclass(frozen=True)
class ConsentWithdrawn:
    feedback: Feedback
    pdfs_removed: list[str]  # the titles of kept PDFs that could have quoted it, now removed


def _remove_quoting_pdfs(feedback: Feedback) -> list[str]:
    from reports.files import report_files_remove_quoting  # reports read feedback: imported when used

    return report_files_remove_quoting(
        organisation=feedback.organisation, service_id=feedback.service_id, received_on=feedback.received_on
    )


@transaction.atomic
def feedback_withdraw_consent(
    *, scope: Scope, feedback_id: int, reason: str, now: dt.datetime | None = None
) -> ConsentWithdrawn:
    """The giver no longer agrees to be quoted (or named): from now on no report, pack, PDF or API
    quotes it, and kept PDFs that could hold a quote of it are removed. Recorded by someone who may
    see who gave feedback at its service (``Perm.VIEW_PERSONAL``), with why. The audit log keeps the
    reason with personal details taken out, and no words of the comments."""
    scope = require(scope, Perm.VIEW_PERSONAL)
    if scope.person is None:
        raise PermissionDenied("Consent is withdrawn by the person who took the request.")
    feedback = _locked(scope, feedback_id)
    errors: dict[str, list[str]] = {}
    reason = _reason(reason, errors, what="they withdrew their consent")
    if not feedback.consent_to_quote:
        errors["consent_to_quote"] = ["They have not agreed to be quoted, so there is nothing to withdraw"]
    if errors:
        raise ValidationError(errors)
    now = now or clock.now()
    before = {"consent_to_quote": feedback.consent_to_quote, "may_attribute": feedback.may_attribute}
    feedback.consent_to_quote = feedback.may_attribute = False
    feedback.consent_withdrawn_at = now
    feedback.save(update_fields=["consent_to_quote", "may_attribute", "consent_withdrawn_at"])
    removed = _remove_quoting_pdfs(feedback)
    audit_record(
        scope=scope,
        verb="feedback.feedback.withdraw_consent",
        obj=feedback,
        at=now,
        changes={
            "consent_to_quote": {"from": before["consent_to_quote"], "to": False},
            "may_attribute": {"from": before["may_attribute"], "to": False},
            "reason": as_saved(reason),
            "pdfs_removed": len(removed),
        },
    )
    return ConsentWithdrawn(feedback=feedback, pdfs_removed=removed)


# --- making feedback anonymous --------------------------------------------------------------------


@dataclass(frozen=True)
class AnonymousDraft:
    """What the confirmation page shows: each comment with the words Heard suggests keeping."""

    feedback: Feedback
    comments: list[tuple[Comment, str]]
    waiting_for_reply: bool  # they asked for a reply and none is recorded: nobody can reply once done


def _may_anonymise(scope: Scope, feedback_id: int) -> tuple[Scope, Feedback]:
    scope = require(scope, Perm.ANONYMISE)
    feedback = feedback_readable(scope=scope).select_related("service", "person").get(pk=feedback_id)
    return scope, feedback


def anonymous_draft(*, scope: Scope, feedback_id: int) -> AnonymousDraft:
    """For the confirmation page: the feedback (DoesNotExist where this person may not anonymise
    it, PermissionDenied for a role that never may) and each comment's text with the personal
    details Heard finds taken out, for the person to take out anything else."""
    scope, feedback = _may_anonymise(scope, feedback_id)
    comments = list(Comment.objects.for_org(scope.organisation).filter(feedback=feedback).order_by("position"))
    replied = Reply.objects.for_org(scope.organisation).filter(feedback=feedback).exists()
    return AnonymousDraft(
        feedback=feedback,
        comments=[(c, redact(c.text).text) for c in comments],
        waiting_for_reply=feedback.wants_reply and not replied,
    )


@dataclass(frozen=True)
class Anonymised:
    feedback: Feedback
    pdfs_removed: list[str]
    models_holding_words: int = 0  # stored theme models that learnt the words taken out (ADR 0028)


def _comment_problems(comment: Comment, text: str | None) -> tuple[str, list[str]]:
    text = (text or "").strip()
    if not text:
        return text, [
            f"Enter the comment with personal details taken out; to take out all of it, enter {MARKER_REMOVED}"
        ]
    if len(text) > MAX_ANONYMOUS_COMMENT:
        return text, [f"The comment must be {MAX_ANONYMOUS_COMMENT:,} characters or fewer"]
    added = word_added(original=comment.text, edited=text)
    if added is not None:
        return text, [ONLY_TAKE_OUT.format(word=added)]
    return text, []


def _words_gone(old: str, new: str) -> set[str]:
    """The words (folded) that ``old`` has more often than ``new``: those taken out."""
    return set(Counter(_words(old)) - Counter(_words(new)))


def _flag_reasons(reasons: list[str], gone: set[str]) -> list[str]:
    """A flag's reasons with any words of the comment taken out removed. The detector's reasons quote
    the comment ("physical abuse: 'hit my mum'"): a quote holding a word taken out is replaced. A
    reason a member of staff wrote when raising the flag by hand is theirs, and stays."""
    kept = []
    for reason in reasons:
        if not reason.startswith("raised by hand") and "'" in reason and gone & set(_words(reason)):
            reason = reason[: reason.index("'")] + f"'{REMOVED}'"
        kept.append(reason)
    return kept


def _scrub(value, secrets: list[str]):
    """``value`` (an audit event's changes) with any string holding one of ``secrets`` replaced."""
    if isinstance(value, str):
        return REMOVED if any(secret in value for secret in secrets) else value
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    return value


def _scrub_audit(*, scope: Scope, about: list[tuple[str, list[int]]], secrets: list[str]) -> int:
    """Remove ``secrets`` from the audit events about these records: the log is appended to and never
    changed, except that it must not be where words taken out of feedback survive. Heard's services
    never write them there; this is for any event that did."""
    secrets = [s for s in secrets if len(s) >= 4]
    if not secrets:
        return 0
    changed = 0
    for object_type, ids in about:
        events = AuditEvent.objects.for_org(scope.organisation).filter(
            object_type=object_type, object_id__in=[str(i) for i in ids]
        )
        for event in events:
            changes = _scrub(event.changes, secrets)
            label = _scrub(event.object_label, secrets)
            if changes != event.changes or label != event.object_label:
                AuditEvent.objects.for_org(scope.organisation).filter(pk=event.pk).update(
                    changes=changes, object_label=label
                )
                changed += 1
    return changed


@transaction.atomic
def feedback_anonymise(
    *, scope: Scope, feedback_id: int, reason: str, texts: Mapping[int, str], now: dt.datetime | None = None
) -> Anonymised:
    """Make a piece of feedback anonymous, for good, by a quality lead or an administrator
    (``Perm.ANONYMISE``) at its service, with why. ``texts`` is each comment's new text (by comment
    id), which may only take words out of the comment or replace them with markers (``word_added``);
    the page starts from the redacted text. In one transaction: the link to the person and the
    contact details for a reply are removed, consent to quote is withdrawn (kept PDFs that could
    quote it are removed), each comment's text is replaced, the personal details in what was noted
    of replies are taken out as staff notes are saved (ADR 0016), quotes of removed words in urgent
    flags' reasons are removed, theme models that learnt the words taken out are marked to be trained
    again and removed (ADR 0028), and the audit log records it with "(removed)" for what was taken
    out. Themes, sentiment, urgent flags, and decisions and actions citing it stay."""
    scope, _ = _may_anonymise(scope, feedback_id)
    if scope.person is None:
        raise PermissionDenied("Feedback is made anonymous by a person, who is named on it.")
    feedback = _locked(scope, feedback_id)
    errors: dict[str, list[str]] = {}
    if feedback.is_anonymous:
        errors["__all__"] = [f"Its personal details were already removed, on {feedback.anonymised_at:%-d %B %Y}"]
    reason = _reason(reason, errors, what="the personal details are being removed")
    comments = list(Comment.objects.for_org(scope.organisation).filter(feedback=feedback).order_by("position"))
    new_texts = {}
    for comment in comments:
        new_texts[comment.pk], problems = _comment_problems(comment, texts.get(comment.pk))
        if problems:
            errors[f"comment_{comment.pk}"] = problems
    if errors:
        raise ValidationError(errors)

    now = now or clock.now()
    org = scope.organisation
    person_name = feedback.person.full_name if feedback.person else ""
    secrets = [c.text for c in comments if new_texts[c.pk] != c.text] + [feedback.reply_contact, person_name]
    had = {"person": feedback.person_id is not None, "reply_contact": bool(feedback.reply_contact)}
    consented = feedback.consent_to_quote

    changed_comments = []
    gone: set[str] = set()
    for comment in comments:
        if new_texts[comment.pk] != comment.text:
            gone |= _words_gone(comment.text, new_texts[comment.pk])
            comment.text = new_texts[comment.pk]
            comment.save(update_fields=["text"])
            changed_comments.append(comment.pk)

    # themes reads feedback: imported when used
    from themes.coding.training.forget import models_forget_removed_words, models_mark_learnt
    from themes.models import UrgentFlag

    models_marked = models_mark_learnt(organisation=scope.organisation, comment_ids=changed_comments, now=now)
    if models_marked:
        organisation_id = scope.organisation.pk
        transaction.on_commit(lambda: models_forget_removed_words.enqueue(organisation_id))

    flags = list(UrgentFlag.objects.for_org(org).filter(comment__feedback=feedback))
    flags_changed = 0
    for flag in flags:
        reasons = _flag_reasons(list(flag.reasons), gone)
        if reasons != flag.reasons:
            flag.reasons = reasons
            flag.save(update_fields=["reasons"])
            flags_changed += 1

    replies = list(Reply.objects.for_org(org).filter(feedback=feedback))
    notes_changed = 0
    for reply in replies:
        note = as_saved(reply.note)
        if note != reply.note:
            Reply.objects.for_org(org).filter(pk=reply.pk).update(note=note)
            notes_changed += 1

    feedback.person = None
    feedback.reply_contact = ""
    feedback.consent_to_quote = feedback.may_attribute = False
    if consented:
        feedback.consent_withdrawn_at = now
    feedback.anonymised_at, feedback.anonymised_by = now, scope.person
    feedback.save(
        update_fields=[
            "person",
            "reply_contact",
            "consent_to_quote",
            "may_attribute",
            "consent_withdrawn_at",
            "anonymised_at",
            "anonymised_by",
        ]
    )
    removed = _remove_quoting_pdfs(feedback) if consented else []
    scrubbed = _scrub_audit(
        scope=scope,
        about=[
            ("feedback.feedback", [feedback.pk]),
            ("feedback.comment", [c.pk for c in comments]),
            ("feedback.reply", [r.pk for r in replies]),
            ("themes.urgentflag", [f.pk for f in flags]),
        ],
        secrets=secrets,
    )
    changes: dict = {}
    if had["person"]:
        changes["person"] = {"from": REMOVED, "to": None}
    if had["reply_contact"]:
        changes["reply_contact"] = {"from": REMOVED, "to": ""}
    if consented:
        changes["consent_to_quote"] = {"from": True, "to": False}
    if changed_comments:
        changes["comments"] = {"from": REMOVED, "to": REMOVED}
    changes |= {
        "comments_changed": len(changed_comments),
        "reason": as_saved(reason),
        "reply_notes_redacted": notes_changed,
        "flag_reasons_redacted": flags_changed,
        "earlier_audit_events_redacted": scrubbed,
        "pdfs_removed": len(removed),
        "models_holding_removed_words": models_marked,
    }
    audit_record(scope=scope, verb="feedback.feedback.anonymise", obj=feedback, at=now, changes=changes)
    return Anonymised(feedback=feedback, pdfs_removed=removed, models_holding_words=models_marked)
