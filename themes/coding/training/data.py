"""What a model learns from and is checked on: the coded comments, the held-out share, the figures."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import ValidationError

from feedback.models import Comment
from organisations.scope import Scope
from themes.coding.selectors import reviewed_one_by_one
from themes.models import Framework, SentimentAssignment, ThemeAssignment

if TYPE_CHECKING:
    from themes.ml.model import FeedbackModel


HELD_OUT_SHARE = 0.2
# Stored with each version's figures: its held-out feedback was chosen by `split_key`. A version
# without it chose by database ids, so it may have learnt from what is held out now.
HELD_OUT_BY = "key"


CONTEXT_COLUMNS = ("pk", "text", "question", "feedback__rating", "feedback__service__service_type")


def context(question: str, rating: int | None, service_type: str) -> dict[str, str]:
    """What the model knows about a comment besides its words: question, FFT rating, type of service."""
    return {"question": question or "", "rating": "" if rating is None else str(rating), "service": service_type or ""}


@dataclass
class TrainingData:
    comment_ids: list[int]
    feedback_ids: list[int]
    texts: list[str]
    themes: list[list[str]]
    sentiments: list[int | None]
    metadata: list[dict[str, str]]
    split_keys: list[str]  # each comment's feedback's `split_key`


def split_key(*, feedback_id: int, import_source: str, source_key: str) -> str:
    """What decides whether a piece of feedback is held out: the key it came with (an imported
    row's, the id a sending system gave it, the demo's), else its id. A key stays with the
    feedback wherever its record is written, so a demo built again from the same seed, whose
    records get new ids, holds out the same feedback and trains the same model."""
    return f"key:{import_source}|{source_key}" if source_key else f"id:{feedback_id}"


def training_data(*, scope: Scope, framework: Framework) -> TrainingData:
    """Comments coded in the framework with their current themes (by code) and sentiment.

    Only comments a person coded on their own, or that came coded in a file: a comment where
    someone accepted the model's suggestions in bulk holds the model's own answers, which would
    teach it nothing new and, held out, would score the model in use on them (ADR 0008).
    """
    comments = list(
        Comment.objects.for_org(scope.organisation)
        .filter(reviewed_one_by_one(framework=framework))
        .order_by("pk")
        .values_list(
            "pk",
            "feedback_id",
            "text",
            "question",
            "feedback__rating",
            "feedback__service__service_type",
            "feedback__import_source",
            "feedback__source_key",
        )
    )
    ids = [c[0] for c in comments]
    themes: dict[int, list[str]] = {i: [] for i in ids}
    for comment_id, code in (
        ThemeAssignment.objects.for_org(scope.organisation)
        .filter(comment_id__in=ids, superseded_at__isnull=True, applies=True, theme__version__framework=framework)
        .exclude(source="model")
        .values_list("comment_id", "theme__code")
    ):
        themes[comment_id].append(code)
    sentiments = dict(
        SentimentAssignment.objects.for_org(scope.organisation)
        .filter(comment_id__in=ids, superseded_at__isnull=True)
        .exclude(source="model")
        .values_list("comment_id", "level")
    )
    return TrainingData(
        comment_ids=ids,
        feedback_ids=[c[1] for c in comments],
        texts=[c[2] for c in comments],
        themes=[sorted(themes[i]) for i in ids],
        sentiments=[sentiments.get(i) for i in ids],
        metadata=[context(c[3], c[4], c[5]) for c in comments],
        split_keys=[split_key(feedback_id=c[1], import_source=c[6], source_key=c[7]) for c in comments],
    )


def held_out(framework_key: str, key: str) -> bool:
    """Whether feedback with this `split_key` is held out of every model of the framework."""
    digest = hashlib.blake2b(f"{framework_key}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) % 100 < HELD_OUT_SHARE * 100


def _split(data: TrainingData, framework_key: str) -> tuple[list[int], list[int]]:
    """Row indexes for training and held out, whole pieces of feedback at a time.

    Which feedback is held out depends only on the framework's slug and the feedback's
    `split_key` (a stable hash), never on the version or on database ids: every model of a
    framework is checked on comments no earlier model was trained on, so comparing the new model
    with the one in use is fair, and the same coded feedback gives the same model.
    """
    train = [i for i, k in enumerate(data.split_keys) if not held_out(framework_key, k)]
    test = [i for i, k in enumerate(data.split_keys) if held_out(framework_key, k)]
    if not test or not train:
        raise ValidationError("Too few pieces of feedback are coded to keep some aside for checking the model.")
    return train, test


def score(model: FeedbackModel, data: TrainingData, rows: list[int], labels: list[str]) -> dict:
    """Held-out figures: theme micro/macro F1 over the labels, sentiment macro F1 at 5 and 3 levels."""
    from themes.ml import metrics
    from themes.ml.evaluate import sentiment_scores

    prediction = model.predict([data.texts[i] for i in rows], [data.metadata[i] for i in rows])
    column = {label: j for j, label in enumerate(prediction.labels)}
    truth = np.zeros((len(rows), len(labels)), dtype=int)
    predicted = np.zeros_like(truth)
    for r, i in enumerate(rows):
        for code in data.themes[i]:
            if code in labels:
                truth[r, labels.index(code)] = 1
        for k, label in enumerate(labels):
            if label in column:
                predicted[r, k] = prediction.themes[r, column[label]]
    figures = {
        "micro_f1": round(metrics.micro_f1(truth, predicted), 4),
        "macro_f1": round(metrics.macro_f1(truth, predicted), 4),
        "held_out": len(rows),
    }
    levels = [data.sentiments[i] for i in rows]
    if any(level is not None for level in levels):
        sentiment = sentiment_scores(levels, prediction.sentiment, prediction.sentiment3)
        figures.update({key: round(value, 4) for key, value in sentiment.items()})
    return figures
