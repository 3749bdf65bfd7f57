"""Writes for feedback. Every way feedback arrives ends in `_feedback_create`."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core import clock
from core.audit import audit_record
from feedback.capture import people_for_capture
from feedback.models import Channel, Comment, Feedback, GiverType, Kind, Rating, Reply, ReplyMethod
from feedback.replies import ReplyProblem, reply_problems
from feedback.rules import Perm, require
from feedback.selectors import feedback_readable
from organisations import feedback_codes
from organisations.closed import service_refusal
from organisations.models import Person, Service
from organisations.scope import Scope, system_scope
from themes.coding.services import suggestions_on_arrival
from themes.services import urgent_check

MAX_COMMENT_LENGTH = 5000
MAX_COMMENTS = 10
MAX_SENDER_ID = Feedback._meta.get_field("sender_id").max_length


@dataclass(frozen=True)
class FeedbackInput:
    """Feedback as it arrives, before it is checked. Comments are (question, text) pairs."""

    service_id: int
    channel: str
    received_on: dt.date
    kind: str = Kind.FEEDBACK
    rating: int | None = None
    giver_type: str = GiverType.NOT_SAID
    comments: Sequence[tuple[str, str]] = field(default_factory=tuple)
    person_id: int | None = None
    assisted: bool = False
    consent_to_quote: bool = False
    may_attribute: bool = False
    wants_reply: bool = False
    reply_method: str = ""
    reply_contact: str = ""
    source_key: str = ""
    sender_id: str = ""  # the sending system's own id for it, as given (see `sent_key`)


def feedback_validate(data: FeedbackInput, *, today: dt.date) -> dict[str, list[str]]:
    """Every problem with `data`, by field. Empty when it can be saved."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in Kind.values:
        add("kind", f"'{data.kind}' is not a kind of feedback Heard knows.")
    if data.channel not in Channel.values:
        add("channel", f"'{data.channel}' is not a channel Heard knows.")
    if data.rating is not None and data.rating not in Rating.values:
        add("rating", "The rating must be one of the Friends and Family Test answers (1 to 6).")
    if data.giver_type not in GiverType.values:
        add("giver_type", f"'{data.giver_type}' is not a kind of person Heard knows.")
    answers = {name: getattr(data, name) for name in ANSWERS}
    for name, messages in feedback_answer_problems(answers, today=today).items():
        for message in messages:
            add(name, message)
    if len(data.sender_id) > MAX_SENDER_ID:
        add("source_key", f"The id can be up to {MAX_SENDER_ID} characters.")
    return errors


# A reply asked for that could not be sent (`feedback.replies`), as staff and the JSON API are told it:
# they can ask the person there and then, or fix what they send.
REPLY_PROBLEM_WORDS = {
    ReplyProblem.NO_METHOD: "Choose how they would like a reply.",
    ReplyProblem.UNKNOWN_METHOD: "Choose how they would like a reply.",
    ReplyProblem.NO_CONTACT: "Enter how to contact them for a reply.",
    ReplyProblem.NOT_AN_EMAIL: "Enter an email address in the format name@example.com",
}

# The answers `feedback_answer_problems` reads, as `FeedbackInput` names them.
ANSWERS = (
    "received_on",
    "rating",
    "comments",
    "consent_to_quote",
    "may_attribute",
    "wants_reply",
    "reply_method",
    "reply_contact",
)


def rating_or_comment_given(*, rating: int | None, texts: Iterable[str]) -> bool:
    """Whether feedback says anything: a rating, or a comment with words in it. Every way feedback
    arrives asks this (the service, the public form, a file's rows), each in its own words."""
    return rating is not None or any(text and text.strip() for text in texts)


def feedback_answer_problems(answers: Mapping[str, Any], *, today: dt.date) -> dict[str, list[str]]:
    """The problems with feedback's answers taken together (a date in the future, neither a rating nor
    a comment, a reply asked for with no way to send it, a quote to be named without consent to quote),
    by field, as ``feedback_validate`` says them. ``answers`` holds the answers named in ``ANSWERS``
    that were read; each check is made only when every answer it reads is there. So the capture form,
    which leaves out the fields it could not read and says why itself, tells these beside its own
    problems in one pass, and one problem is not told as another (a comment too long to read is not
    "no comment")."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def has(*names: str) -> bool:
        return all(name in answers for name in names)

    if has("received_on"):
        if not isinstance(answers["received_on"], dt.date):
            add("received_on", "Enter the date the feedback was given.")
        elif answers["received_on"] > today:
            add("received_on", "The date cannot be in the future.")
    if has("comments"):
        texts = [(q.strip(), t.strip()) for q, t in answers["comments"] if t and t.strip()]
        if len(texts) > MAX_COMMENTS:
            add("comments", f"No more than {MAX_COMMENTS} comments in one piece of feedback.")
        for _, text in texts:
            if len(text) > MAX_COMMENT_LENGTH:
                add("comments", f"Each comment can be up to {MAX_COMMENT_LENGTH} characters.")
                break
        if has("rating") and not rating_or_comment_given(rating=answers["rating"], texts=[t for _, t in texts]):
            add("comments", "Give a rating or write a comment.")
    if has("wants_reply", "reply_method") and answers["wants_reply"]:
        contact = answers["reply_contact"] if has("reply_contact") else None
        for name, problem in reply_problems(method=answers["reply_method"], contact=contact).items():
            add(name, REPLY_PROBLEM_WORDS[problem])
    if has("consent_to_quote", "may_attribute") and answers["may_attribute"] and not answers["consent_to_quote"]:
        add("may_attribute", "A quote can only be attributed when the person agreed to be quoted.")
    return errors


# What is not done at a service that has closed, or is not the person's (`organisations.closed`).
NOT_RECORDED = "no feedback is recorded there now"


def feedback_closed_refusal(*, scope: Scope, service: Service | None) -> str | None:
    """Why no feedback is recorded at ``service`` now that it has closed, or None (ADR 0009). The
    capture form says it beside its other problems."""
    return service_refusal(scope=scope, service=service, not_done=NOT_RECORDED)


def _open_service(scope: Scope, service_id: int) -> Service:
    """One of the scope's services, open. Service.DoesNotExist if it is not one of the scope's, which
    says nothing of it; one of theirs that has closed is refused naming it (ADR 0009), as a page opened
    before it closed, or another system, may still send it."""
    service = Service.objects.for_scope(scope).get(pk=service_id)
    refusal = feedback_closed_refusal(scope=scope, service=service)
    if refusal:
        raise ValidationError({"service_id": refusal})
    return service


def _feedback_problems(scope: Scope, data: FeedbackInput) -> tuple[dict[str, list[str]], Service | None]:
    """Every problem with ``data``, a closed service among them (told together with the others, not
    after they are put right), and its service: None if it is not one of the scope's."""
    errors = feedback_validate(data, today=clock.today())
    service = Service.objects.for_scope(scope).filter(pk=data.service_id).first()
    if refusal := feedback_closed_refusal(scope=scope, service=service):
        errors["service_id"] = [refusal]
    return errors, service


def _feedback_create(*, scope: Scope, data: FeedbackInput, recorded_by: Person | None, verb: str) -> Feedback:
    errors, service = _feedback_problems(scope, data)
    if errors:
        raise ValidationError(errors)
    if service is None:
        raise Service.DoesNotExist("That service is not one of the scope's.")
    # Only someone the recorder could choose on the form: not archived, a partner or staff at one of their services.
    person = people_for_capture(scope=scope).get(pk=data.person_id) if data.person_id else None
    feedback = Feedback.objects.create(
        organisation=scope.organisation,
        service=service,
        kind=data.kind,
        channel=data.channel,
        received_on=data.received_on,
        rating=data.rating,
        giver_type=data.giver_type,
        person=person,
        assisted=data.assisted,
        recorded_by=recorded_by,
        consent_to_quote=data.consent_to_quote,
        may_attribute=data.may_attribute,
        wants_reply=data.wants_reply,
        reply_method=data.reply_method if data.wants_reply else "",
        reply_contact=data.reply_contact.strip() if data.wants_reply else "",
        source_key=data.source_key,
        sender_id=data.sender_id,
    )
    Comment.objects.bulk_create(
        [
            Comment(
                organisation=scope.organisation, feedback=feedback, question=q.strip()[:300], text=t.strip(), position=i
            )
            for i, (q, t) in enumerate((q, t) for q, t in data.comments if t and t.strip())
        ]
    )
    urgent_check(scope=scope, comments=feedback.comments.select_related("feedback__service"))
    suggestions_on_arrival(scope=scope, feedback_ids=[feedback.pk])
    audit_record(
        scope=scope,
        verb=verb,
        obj=feedback,
        changes={
            "service": {"from": None, "to": service.name},
            "kind": {"from": None, "to": data.kind},
            "channel": {"from": None, "to": data.channel},
        },
    )
    return feedback


@transaction.atomic
def feedback_record(*, scope: Scope, data: FeedbackInput) -> Feedback:
    """Feedback recorded by a member of staff: from a conversation, a forum, a complaint, or on someone's behalf."""
    scope = require(scope, Perm.RECORD_FEEDBACK)
    return _feedback_create(scope=scope, data=data, recorded_by=scope.person, verb="feedback.feedback.record")


def sent_key(*, via: str, sender_id: str) -> str:
    """The `source_key` of feedback another system sent with its own id for it (a FHIR identifier,
    the JSON API's `external_id`): the way it came ("fhir", "api") and the id, or the id's hash when
    it is too long to store. The id itself is kept as `sender_id`, to be given back."""
    key = f"{via}:{sender_id}"
    if len(key) > Feedback._meta.get_field("source_key").max_length:
        key = f"{via}:sha256:{hashlib.sha256(sender_id.encode()).hexdigest()}"
    return key


def _as_recorded(data: FeedbackInput) -> tuple:
    """What `_feedback_create` would store of `data`, to compare with feedback stored before."""
    comments = [(q.strip()[:300], t.strip()) for q, t in data.comments if t and t.strip()]
    reply = (data.reply_method, data.reply_contact.strip()) if data.wants_reply else ("", "")
    return (
        data.service_id,
        data.kind,
        data.channel,
        data.received_on,
        data.rating,
        data.giver_type,
        data.person_id,
        data.assisted,
        data.consent_to_quote,
        data.may_attribute,
        data.wants_reply,
        *reply,
        comments,
    )


def _recorded(feedback: Feedback) -> tuple:
    return (
        feedback.service_id,
        feedback.kind,
        feedback.channel,
        feedback.received_on,
        feedback.rating,
        feedback.giver_type,
        feedback.person_id,
        feedback.assisted,
        feedback.consent_to_quote,
        feedback.may_attribute,
        feedback.wants_reply,
        feedback.reply_method,
        feedback.reply_contact,
        [(c.question, c.text) for c in feedback.comments.order_by("position")],
    )


@transaction.atomic
def feedback_record_once(*, scope: Scope, data: FeedbackInput) -> tuple[Feedback, bool]:
    """Feedback another system sends with its own id for it (`data.source_key`, from `sent_key`),
    and whether it was recorded now. Systems send again when they do not hear back; the same
    response sent again is the feedback recorded the first time, so it is counted once. Feedback is
    not changed this way: the same id with other answers is refused, naming `source_key`."""
    scope = require(scope, Perm.RECORD_FEEDBACK)
    if not data.source_key:
        return feedback_record(scope=scope, data=data), True
    errors, _ = _feedback_problems(scope, data)
    if errors:
        raise ValidationError(errors)
    # The key is unique in the organisation, so it is looked for there; what was recorded is only
    # told to someone who could record it now, at the same service, with the same answers.
    earlier = Feedback.objects.for_org(scope.organisation).filter(import_source="", source_key=data.source_key)
    if not earlier.exists():
        try:
            with transaction.atomic():
                return feedback_record(scope=scope, data=data), True
        except IntegrityError:
            pass  # the same response, sent twice at once: the other has just been recorded
    feedback = earlier.get()
    _open_service(scope, data.service_id)
    if _recorded(feedback) != _as_recorded(data):
        raise ValidationError(
            {
                "source_key": "Feedback with this id was recorded before, with other answers or at another "
                "service. Heard keeps feedback as it was first recorded: give a new response a new id."
            }
        )
    return feedback, False


def public_service(*, link_id: str | uuid.UUID) -> Service:
    """The service a public feedback link points to. Links are unguessable, so this looks across organisations."""
    try:
        link = uuid.UUID(str(link_id))
    except ValueError as exc:
        raise Service.DoesNotExist from exc
    return (
        Service.objects.unscoped_across_organisations()
        .select_related("organisation")
        .get(feedback_link_id=link, archived_at__isnull=True)
    )


def public_service_by_code(*, code: str) -> Service:
    """The service a short feedback address points to, from the code as a person typed it (any case,
    with or without the hyphen). Like the long link, it looks across organisations, and an archived
    service's code leads nowhere."""
    stored = feedback_codes.normalised(code)
    if stored is None:
        raise Service.DoesNotExist
    return (
        Service.objects.unscoped_across_organisations()
        .select_related("organisation")
        .get(feedback_code=stored, archived_at__isnull=True)
    )


@transaction.atomic
def feedback_submit_public(*, link_id: str | uuid.UUID, data: FeedbackInput) -> Feedback:
    """Feedback from a member of the public through a service's link. No login; the link decides the service."""
    service = public_service(link_id=link_id)
    if data.channel not in (Channel.ONLINE_FORM, Channel.EASY_READ_FORM):
        raise ValidationError({"channel": "The public form records online or easy read feedback only."})
    scope = system_scope(organisation=service.organisation, label="Public feedback form")
    data = FeedbackInput(**{**data.__dict__, "service_id": service.id, "person_id": None, "source_key": ""})
    return _feedback_create(scope=scope, data=data, recorded_by=None, verb="feedback.feedback.submit")


# --- replies -------------------------------------------------------------------------------------

MAX_REPLY_NOTE = 1000


@dataclass(frozen=True)
class ReplyInput:
    """A reply sent to the person who gave a piece of feedback, as staff record it."""

    method: str
    replied_on: dt.date | None
    note: str = ""


@transaction.atomic
def reply_record(*, scope: Scope, feedback_id: int, data: ReplyInput, now: dt.datetime | None = None) -> Reply:
    """Record a reply sent about a piece of feedback: by someone who may see how to reply at its
    service (``Perm.VIEW_PERSONAL``), as themselves. Someone who asked for a reply waits for one until
    the first is recorded; a reply to someone who did not ask (a complaint answered anyway) is kept
    the same way. A service that has closed still owes its replies. The audit log keeps how and when,
    not what was said."""
    scope = require(scope, Perm.VIEW_PERSONAL)
    if scope.person is None:
        raise PermissionDenied("A reply is recorded by the person who sent it.")
    feedback = feedback_readable(scope=scope).get(pk=feedback_id)
    errors: dict[str, list[str]] = {}
    if data.method not in ReplyMethod.values:
        errors["method"] = ["Choose how you replied"]
    if data.replied_on is None:
        errors["replied_on"] = ["Enter the date you replied"]
    elif data.replied_on > clock.today():
        errors["replied_on"] = ["The date you replied must be today or in the past"]
    elif data.replied_on < feedback.received_on:
        errors["replied_on"] = [
            f"The date you replied must be on or after the day the feedback was given, {feedback.received_on:%-d %B %Y}"
        ]
    note = (data.note or "").strip()
    if len(note) > MAX_REPLY_NOTE:
        errors["note"] = [f"What was said must be {MAX_REPLY_NOTE:,} characters or fewer (it is {len(note):,})"]
    if errors:
        raise ValidationError(errors)
    reply = Reply.objects.create(
        organisation=scope.organisation,
        feedback=feedback,
        method=data.method,
        replied_on=data.replied_on,
        replied_by=scope.person,
        note=note,
        recorded_at=now or clock.now(),
    )
    audit_record(
        scope=scope,
        verb="feedback.reply.record",
        obj=reply,
        at=now,
        changes={"method": {"from": None, "to": data.method}, "replied_on": {"from": None, "to": str(data.replied_on)}},
    )
    return reply
