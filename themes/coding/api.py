"""API for coding: the queue with suggestions, a comment's coding and its history, coding a comment,
and the framework's models (listing them and asking for a new one to be trained)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from core.api_schemas import ERRORS, MAX_INT, BodyIn, ErrorOut
from feedback.selectors import comment_text_for
from themes.coding import selectors, services, training
from themes.models import Framework

router = Router(tags=["coding"])

MAX_LIMIT = 200


class RowOut(Schema):
    theme_code: str | None = None
    theme_name: str | None = None
    framework_version: int | None = None
    applies: bool | None = None
    sentiment: int | None = Field(None, description="1 very positive to 5 very negative (sentiment rows).")
    source: str = Field(description="person, model or import")
    made_by: str | None = Field(None, description="The person's name, for rows made by a person.")
    bulk_accepted: bool = Field(
        False, description="The person accepted the model's suggestions on many comments at once, not this one alone."
    )
    model_version: int | None = None
    confidence: float | None = None
    made_at: dt.datetime
    current: bool
    superseded_at: dt.datetime | None = None


class CommentCodingOut(Schema):
    comment_id: int
    feedback_id: int
    text: str
    coded: bool = Field(description="A person (or an imported file) has reviewed this comment's coding.")
    seen: str = Field(description="Stands for the coding as it is now: send it back as `seen` when coding the comment.")
    current: list[RowOut]
    history: list[RowOut]


class QueueItem(Schema):
    comment_id: int
    feedback_id: int
    service_id: int
    received_on: dt.date
    text: str
    suggestions: list[RowOut]


class QueueOut(Schema):
    items: list[QueueItem]
    count: int


class QueueQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_INT)


class CodingIn(BodyIn):
    framework: str = Field(
        description="The framework's slug, as in the address: a check that the themes are codes of the framework "
        "meant. Another framework's slug is refused (422) and nothing is saved."
    )
    themes: list[str] = Field(description="Codes of every theme that applies; suggestions left out are rejected.")
    sentiment: int = Field(ge=1, le=5)
    seen: str | None = Field(
        None,
        max_length=64,
        description="The comment's `seen` when you read its coding. If the coding has changed since, nothing is "
        "saved and the answer is 409, saying who changed it; without it, the coding is saved whatever changed.",
    )


class ModelOut(Schema):
    number: int
    status: str
    progress: int
    stage: str
    trained_on: int
    held_out: int
    metrics: dict
    requested_at: dt.datetime
    finished_at: dt.datetime | None


def _row(row) -> dict:
    out = {
        "source": row.source,
        "made_by": row.made_by.full_name if row.made_by_id else None,
        "bulk_accepted": row.bulk_accepted,
        "model_version": row.model_version.number if row.model_version_id else None,
        "confidence": row.confidence,
        "made_at": row.made_at,
        "current": row.superseded_at is None,
        "superseded_at": row.superseded_at,
    }
    if hasattr(row, "theme"):
        out |= {
            "theme_code": row.theme.code,
            "theme_name": row.theme.name,
            "framework_version": row.theme.version.number,
            "applies": row.applies,
        }
    else:
        out["sentiment"] = row.level
    return out


def _framework(request, slug: str) -> Framework:
    return selectors.coding_framework(scope=request.scope, slug=slug)


@router.get("/coding/{slug}/queue", response={200: QueueOut, **ERRORS}, summary="Comments waiting to be coded")
def coding_queue(request, slug: str, query: Query[QueueQuery]):
    framework = _framework(request, slug)
    queue = selectors.coding_queue(scope=request.scope, framework=framework)
    comments = list(queue[query.offset : query.offset + query.limit])
    rows = selectors.waiting_with_suggestions(scope=request.scope, framework=framework, comments=comments)
    return {
        "items": [
            {
                "comment_id": c.pk,
                "feedback_id": c.feedback_id,
                "service_id": c.feedback.service_id,
                "received_on": c.feedback.received_on,
                "text": comment_text_for(scope=request.scope, comment=c),
                "suggestions": [_row(r) for r in rows[c.pk]],
            }
            for c in comments
        ],
        "count": queue.count(),
    }


def _coding_out(request, framework, comment_id: int) -> dict:
    comment = selectors.comment_for_coding(scope=request.scope, comment_id=comment_id)
    # Read before the rows, so it never stands for a coding newer than the one returned.
    seen = selectors.coding_seen(scope=request.scope, comment=comment, framework=framework)
    history = selectors.comment_coding_history(scope=request.scope, comment=comment, framework=framework)
    return {
        "comment_id": comment.pk,
        "feedback_id": comment.feedback_id,
        "text": comment_text_for(scope=request.scope, comment=comment),
        "coded": not selectors.coding_queue(scope=request.scope, framework=framework).filter(pk=comment.pk).exists(),
        "seen": seen,
        "current": [_row(r) for r in history if r.superseded_at is None],
        "history": [_row(r) for r in history],
    }


@router.get("/coding/{slug}/comments/{comment_id}", response={200: CommentCodingOut, **ERRORS})
def comment_coding(request, slug: str, comment_id: int):
    return _coding_out(request, _framework(request, slug), comment_id)


@router.post(
    "/coding/{slug}/comments/{comment_id}",
    response={200: CommentCodingOut, 409: ErrorOut, **ERRORS},
    summary="Code a comment: exactly these themes apply, with this sentiment",
)
def comment_code(request, slug: str, comment_id: int, payload: CodingIn):
    framework = _framework(request, slug)
    if payload.framework != framework.slug:
        # The body names one framework and the address another: which was meant cannot be told.
        raise ValidationError(
            {"framework": f"This address codes for {framework.slug}, not {payload.framework}: send the same in both."}
        )
    version = selectors.primary_version(scope=request.scope, framework=framework)
    themes = selectors.themes_by_code(version=version) if version else {}
    unknown = [code for code in payload.themes if code not in themes]
    if unknown:
        raise ValidationError({"themes": f"Not themes of {framework.name}: {', '.join(unknown)}."})
    try:
        services.comment_code(
            scope=request.scope,
            comment_id=comment_id,
            framework=framework,
            theme_ids=[themes[code].pk for code in payload.themes],
            sentiment=payload.sentiment,
            seen=payload.seen,
        )
    except ValidationError as error:
        if services.is_stale(error):
            return Status(409, {"detail": " ".join(error.message_dict["seen"])})
        raise
    return _coding_out(request, framework, comment_id)


@router.get("/coding/{slug}/models", response={200: list[ModelOut], **ERRORS}, summary="Trained models, newest first")
def model_list(request, slug: str):
    framework = _framework(request, slug)
    return list(selectors.model_versions(scope=request.scope, framework=framework)[:50])


@router.post(
    "/coding/{slug}/models",
    response={202: ModelOut, **ERRORS},
    summary="Train a new model in the background; poll the list for its progress",
)
def model_train(request, slug: str):
    version = training.model_train_request(scope=request.scope, framework=_framework(request, slug))
    return Status(202, version)
