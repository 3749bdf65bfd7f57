"""API for feedback (FHIR R4 is in `feedback.fhir_api`). Handlers make one domain call each.

Who gave feedback and how to reply to them (`person_id`, `wants_reply`, `reply_method`,
`reply_contact`) appear only for roles allowed to see personal details; for everyone else those keys
are left out. Comment text is as the caller may read it (`selectors.comment_text_for`): with names,
phone numbers and the like hidden where they may not see them (ADR 0004). Commissioners see no
individual feedback here at all. Feedback with an urgent flag is not found by anyone who may not see
flags at its service (ADR 0007).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from core.api_schemas import ERRORS, MAX_INT, BodyIn
from feedback import selectors, services
from feedback.models import Channel, Feedback, GiverType, Kind, Rating, ReplyMethod, Sentiment
from feedback.rules import Perm, has_perm
from organisations.closed import service_not_theirs
from organisations.models import Person, Service

router = Router(tags=["feedback"])

MAX_LIMIT = 200
PERSONAL_ONLY = "Only for administrators, quality leads and service managers; left out for everyone else."


class CommentOut(Schema):
    question: str
    text: str
    sentiment: Sentiment | None = Field(None, description="1 very positive to 5 very negative, when known.")


class FeedbackOut(Schema):
    id: int
    service_id: int
    service_name: str
    kind: Kind
    channel: Channel
    received_on: dt.date
    rating: int | None
    giver_type: GiverType
    assisted: bool
    consent_to_quote: bool
    may_attribute: bool
    comments: list[CommentOut]
    created_at: dt.datetime
    external_id: str | None = Field(
        description=(
            "The id your system gave this feedback when it sent it (`external_id` on POST /api/feedback), "
            "as it gave it; find it again with GET /api/feedback?external_id=. Null when it came another way "
            "or with no id; feedback sent as FHIR carries its identifier in its QuestionnaireResponse."
        ),
    )
    person_id: int | None = Field(None, description=PERSONAL_ONLY)
    wants_reply: bool | None = Field(None, description=PERSONAL_ONLY)
    reply_method: str | None = Field(None, description=PERSONAL_ONLY)
    reply_contact: str | None = Field(None, description=PERSONAL_ONLY)


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    count: int = Field(description="How many match the filters, on all pages.")


BLANK_COMMENT = "This comment is blank: write the comment, or leave it out."


def _refuse_blank(value, message: str):
    """A text of spaces only, given, is refused with ``message`` (a 422 naming where it is); left out,
    the field's default applies."""
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("blank", message)
    return value


class CommentIn(BodyIn):
    question: str = Field("", max_length=300)
    text: str = Field(
        min_length=1,
        max_length=services.MAX_COMMENT_LENGTH,
        description="What was said. A comment of spaces only is refused (a 422 naming it), not dropped.",
    )

    @field_validator("text", mode="before")
    @classmethod
    def _not_blank(cls, value):
        # Saved comments are trimmed, so one of spaces only would vanish: with a rating beside it the
        # feedback was recorded without it and without a word to the sender.
        return _refuse_blank(value, BLANK_COMMENT)


class FeedbackIn(BodyIn):
    service_id: int = Field(
        description=(
            "One of your services that is open (GET /api/services). One that has closed is refused (a 422 "
            'naming `service_id`) with its name; one that is not yours, or no service at all, as "That service '
            'is not one of yours, so no feedback is recorded there now. Choose a service that is open."'
        ),
    )
    received_on: dt.date
    kind: Kind = Kind.FEEDBACK
    channel: Channel = Channel.API
    rating: int | None = Field(None, ge=1, le=6, description="Friends and Family Test: 1 Very good to 6 Don't know.")
    giver_type: GiverType = GiverType.NOT_SAID
    comments: list[CommentIn] = Field([], max_length=services.MAX_COMMENTS)
    person_id: int | None = None
    assisted: bool = False
    consent_to_quote: bool = False
    may_attribute: bool = False
    wants_reply: bool = False
    reply_method: ReplyMethod | None = None
    reply_contact: str = Field("", max_length=200)
    external_id: str = Field(
        "",
        max_length=200,
        description=(
            "Your system's id for this response. With one, sending it again is safe: the first time it is "
            "recorded (201); sent again with the same answers, the reply is 200 with the feedback recorded "
            "then, and nothing is added; with other answers, a 422 naming `external_id` (recorded feedback "
            "is not changed). Without one, every request records new feedback. Given empty or as spaces "
            "only, it is refused (a 422 naming it)."
        ),
    )

    @field_validator("external_id", mode="before")
    @classmethod
    def _id_not_blank(cls, value):
        # Left out, there is no id. Given blank, it was taken as no id too: the sender believed
        # sending again was safe, and every resend recorded the feedback again.
        return _refuse_blank(value, BLANK_ID)


BLANK_ID = "This is blank: give your system's id for this response, or leave external_id out."


BLANK_FILTER = {
    "search": "This is blank: give the words to find, or leave search out.",
    "external_id": "This is blank: give the id your system sent the feedback with, or leave external_id out.",
}


class FeedbackQuery(Schema):
    service_id: int | None = Field(None, ge=1, le=MAX_INT)
    channel: Channel | None = None
    kind: Kind | None = None
    since: dt.date | None = Field(None, description="Given on or after this date.")
    until: dt.date | None = Field(None, description="Given on or before this date.")
    rating: list[Rating] = Field([], description="Repeat to match any of several ratings, 1 to 6.")
    search: str = Field(
        "",
        max_length=200,
        description="Words that must appear in a comment. Given empty or as spaces only, it is refused (a 422 naming it).",
    )
    sentiment: list[Sentiment] = Field([], description="Repeat to match comments of any of several sentiments, 1 to 5.")
    external_id: str = Field(
        "",
        max_length=200,
        description=(
            "The feedback your system sent with this `external_id` (POST /api/feedback), if you can see it. "
            "Given empty or as spaces only, it is refused (a 422 naming it)."
        ),
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_INT)

    @field_validator("search", "external_id", mode="before")
    @classmethod
    def _not_blank(cls, value, info):
        # Every other filter given empty is refused as not a valid value; these two, being text, were
        # taken as no filter at all, so a sender whose id came out blank got everyone's feedback back
        # as if it were the answer.
        return _refuse_blank(value, BLANK_FILTER[info.field_name])


EXTERNAL_ID_VIA = "api"


def _external_key(external_id: str) -> str:
    external_id = external_id.strip()
    return services.sent_key(via=EXTERNAL_ID_VIA, sender_id=external_id) if external_id else ""


def _feedback_out(feedback, *, scope) -> dict:
    out = {
        "id": feedback.id,
        "service_id": feedback.service_id,
        "service_name": feedback.service.name,
        "kind": feedback.kind,
        "channel": feedback.channel,
        "received_on": feedback.received_on,
        "rating": feedback.rating,
        "giver_type": feedback.giver_type,
        "assisted": feedback.assisted,
        "consent_to_quote": feedback.consent_to_quote,
        "may_attribute": feedback.may_attribute,
        "comments": [
            {
                "question": c.question,
                "text": selectors.comment_text_for(scope=scope, comment=c),
                "sentiment": c.sentiment,
            }
            for c in feedback.comments.all()
        ],
        "created_at": feedback.created_at,
        "external_id": feedback.sent_with_id(via=EXTERNAL_ID_VIA) or None,
    }
    if has_perm(scope, Perm.VIEW_PERSONAL, feedback.service_id):
        out |= {
            "person_id": feedback.person_id,
            "wants_reply": feedback.wants_reply,
            "reply_method": feedback.reply_method,
            "reply_contact": feedback.reply_contact,
        }
    return out


def record_once(request, data: services.FeedbackInput) -> tuple[Feedback, bool]:
    """Record feedback, once per the sender's id for it (`services.feedback_record_once`); a service
    or person the caller cannot choose is a field error, not a 404. A service that is not theirs, or
    no service at all, is refused in the words every app uses, without its name (ADR 0009)."""
    try:
        return services.feedback_record_once(scope=request.scope, data=data)
    except Service.DoesNotExist as exc:
        refusal = service_not_theirs(scope=request.scope, not_done=services.NOT_RECORDED)
        raise ValidationError({"service_id": refusal}) from exc
    except Person.DoesNotExist as exc:
        raise ValidationError({"person_id": "Choose a person at one of your services who has not left."}) from exc


@router.get(
    "/feedback",
    response={200: FeedbackPage, **ERRORS},
    exclude_unset=True,
    summary="Feedback you can see, newest first",
)
def feedback_list(request, filters: Query[FeedbackQuery]):
    found = selectors.feedback_list(
        scope=request.scope,
        filters=selectors.FeedbackFilters(
            service_id=filters.service_id,
            channel=filters.channel or "",
            kind=filters.kind or "",
            since=filters.since,
            until=filters.until,
            ratings=tuple(int(r) for r in filters.rating),
            search=filters.search,
            sentiments=tuple(int(s) for s in filters.sentiment),
            source_key=_external_key(filters.external_id),
        ),
    )
    page = found[filters.offset : filters.offset + filters.limit]
    return {
        "items": [_feedback_out(f, scope=request.scope) for f in page],
        "count": found.count(),
    }


@router.get("/feedback/{feedback_id}", response={200: FeedbackOut, **ERRORS}, exclude_unset=True)
def feedback_get(request, feedback_id: int):
    feedback = selectors.feedback_get(scope=request.scope, feedback_id=feedback_id)
    return _feedback_out(feedback, scope=request.scope)


@router.post(
    "/feedback",
    response={200: FeedbackOut, 201: FeedbackOut, **ERRORS},
    exclude_unset=True,
    summary="Record feedback (administrators, quality leads, service managers, staff)",
)
def feedback_create(request, payload: FeedbackIn):
    data = payload.model_dump(exclude={"comments", "external_id"})
    data["reply_method"] = data["reply_method"] or ""
    comments = tuple((c.question, c.text) for c in payload.comments)
    external_id = payload.external_id.strip()
    data = services.FeedbackInput(
        **data, comments=comments, source_key=_external_key(external_id), sender_id=external_id
    )
    try:
        feedback, created = record_once(request, data)
    except ValidationError as exc:
        raise ValidationError(
            {"external_id" if name == "source_key" else name: messages for name, messages in exc.message_dict.items()}
        ) from exc
    try:
        saved = selectors.feedback_get(scope=request.scope, feedback_id=feedback.id)
    except Feedback.DoesNotExist:
        # Withheld from the caller as soon as it was saved (an urgent flag where they may not see
        # flags): they get back only what they sent, which tells them nothing new.
        saved = feedback
    return Status(201 if created else 200, _feedback_out(saved, scope=request.scope))
