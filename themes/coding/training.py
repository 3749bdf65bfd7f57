"""Training an organisation's own suggestion model, in the background, and using it.

`model_train_request` records a queued `ThemeModelVersion` and enqueues `train_theme_model`, which
a worker (`heard db_worker`) runs. The task gathers the organisation's comments coded in the
framework one by one or in an imported file (not those only accepted in bulk), holds about a fifth
of them out (whole pieces of feedback, chosen by a stable hash of their id, so every version is
checked on comments no earlier version was trained on), trains on the rest, scores the held-out
comments, and scores the model in use on the same comments. The new version is promoted only if it
does better on macro F1 (every theme counts the same, so a model that ignores rare themes does not
win); then its suggestions replace the old model's on comments waiting to be coded. Progress is
written to the version row as it goes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.tasks import task

from core import clock
from core.audit import audit_record
from core.progress import progress_save
from feedback.models import Comment
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from themes.coding.rules import Perm, require
from themes.coding.selectors import coding_queue, model_in_use, reviewed, reviewed_one_by_one
from themes.coding.services import Suggestion, suggestions_store
from themes.rules import urgent_reach

if TYPE_CHECKING:
    from themes.ml.model import FeedbackModel
from themes.models import (
    Framework,
    ModelStatus,
    SentimentAssignment,
    ThemeAssignment,
    ThemeModelVersion,
)

logger = logging.getLogger(__name__)

MIN_CODED = 30
HELD_OUT_SHARE = 0.2
SUGGEST_BATCH = 2000


# scikit-learn takes seconds to import: the model package is imported when it is first needed, not
# when a page that links to coding is loaded.


def _model_version() -> str:
    from themes.ml.model import MODEL_VERSION

    return MODEL_VERSION


# A training takes minutes. One still waiting or training this long after it began was stopped on
# the way (a worker restarted, or none is running): it no longer holds up the next one.
STALLED_AFTER = dt.timedelta(hours=6)
# The model's own stages while it fits, as the progress bar shows them (about half the time goes
# on the themes, most of the rest on sentiment).
TRAINING_STAGES = {
    "features": (18, "Reading the words of the coded comments"),
    "themes": (22, "Learning the themes"),
    "sentiment": (48, "Learning how positive or negative comments are"),
}


def is_stalled(version: ThemeModelVersion, *, now: dt.datetime) -> bool:
    """Waiting or training, long after it was asked for or began: it has stopped and will not finish."""
    return version.is_running and now - (version.started_at or version.requested_at) > STALLED_AFTER


def _end_stalled(*, scope: Scope, running: list[ThemeModelVersion], now: dt.datetime) -> None:
    for version in running:
        if not is_stalled(version, now=now):
            continue
        never_started = version.status == ModelStatus.QUEUED
        progress_save(
            version,
            version.progress,
            "Stopped before it finished",
            status=ModelStatus.FAILED,
            error=(
                "No worker started it. Ask your administrator to check that Heard's background work is running."
                if never_started
                else "It stopped part way, probably when Heard was restarted."
            ),
            finished_at=now,
        )
        audit_record(scope=scope, verb="coding.model.stalled", obj=version, changes={"status": "failed"}, at=now)


def coded_for_training(*, scope: Scope, framework: Framework) -> int:
    """Comments a model of the framework would learn from: every service's, whoever asks (a model
    is the organisation's), coded one by one or in a file."""
    return Comment.objects.for_org(scope.organisation).filter(reviewed_one_by_one(framework=framework)).count()


def _new_version(*, scope: Scope, framework: Framework) -> ThemeModelVersion:
    scope = require(scope, Perm.TRAIN_MODEL)
    framework = Framework.objects.for_org(scope.organisation).select_for_update().get(pk=framework.pk)
    running = ThemeModelVersion.objects.for_org(scope.organisation).filter(
        framework=framework, status__in=[ModelStatus.QUEUED, ModelStatus.TRAINING]
    )
    _end_stalled(scope=scope, running=list(running.all()), now=clock.now())
    if running.exists():
        raise ValidationError("A model for this framework is already being trained. Wait for it to finish.")
    coded = coded_for_training(scope=scope, framework=framework)
    if coded < MIN_CODED:
        raise ValidationError(
            f"Code at least {MIN_CODED} comments in {framework.name} before training a model "
            f"({coded} coded so far; suggestions accepted in bulk do not count)."
        )
    last = ThemeModelVersion.objects.for_org(scope.organisation).filter(framework=framework).aggregate(n=Max("number"))
    version = ThemeModelVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=(last["n"] or 0) + 1,
        status=ModelStatus.QUEUED,
        algorithm=_model_version(),
        requested_by=scope.person,
        requested_at=clock.now(),
        stage="Waiting for a worker to start",
    )
    audit_record(scope=scope, verb="coding.model.train_requested", obj=version)
    return version


@transaction.atomic
def model_train_request(*, scope: Scope, framework: Framework) -> ThemeModelVersion:
    """Queue a training of the framework's model on the organisation's coded comments."""
    version = _new_version(scope=scope, framework=framework)
    transaction.on_commit(lambda: train_theme_model.enqueue(scope.organisation.pk, version.pk))
    return version


def model_train_now(*, scope: Scope, framework: Framework) -> ThemeModelVersion:
    """Train in this process and wait (the demo build, and commands run on a schedule)."""
    with transaction.atomic():
        version = _new_version(scope=scope, framework=framework)
    train_theme_model.call(scope.organisation.pk, version.pk)
    version.refresh_from_db()
    return version


# --- the background task ---------------------------------------------------------------------


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
        .values_list("pk", "feedback_id", "text", "question", "feedback__rating", "feedback__service__service_type")
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
    )


def _split(data: TrainingData, framework_id: int) -> tuple[list[int], list[int]]:
    """Row indexes for training and held out, whole pieces of feedback at a time.

    Which feedback is held out depends only on its id (a stable hash), never on the version: every
    model of a framework is checked on comments no earlier model was trained on, so comparing the
    new model with the one in use is fair.
    """

    def held(feedback_id: int) -> bool:
        digest = hashlib.blake2b(f"{framework_id}:{feedback_id}".encode(), digest_size=8).digest()
        return int.from_bytes(digest) % 100 < HELD_OUT_SHARE * 100

    train = [i for i, f in enumerate(data.feedback_ids) if not held(f)]
    test = [i for i, f in enumerate(data.feedback_ids) if held(f)]
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


@task()
def train_theme_model(organisation_id: int, version_id: int) -> str:
    organisation = Organisation.objects.get(pk=organisation_id)
    scope = system_scope(organisation=organisation, label="Heard (model training)")
    version = ThemeModelVersion.objects.for_org(organisation).select_related("framework").get(pk=version_id)
    if version.status != ModelStatus.QUEUED:
        return version.status
    try:
        return _train(scope=scope, version=version)
    except Exception as error:  # the row must say it failed, whatever happened
        logger.exception("Training model version %s failed", version_id)
        progress_save(
            version,
            version.progress,
            "Training failed",
            status=ModelStatus.FAILED,
            error=failure_reason(error),
            finished_at=clock.now(),
        )
        return ModelStatus.FAILED


SUGGESTIONS_FAILED = (
    "Its suggestions for the comments already waiting could not all be made; comments that arrive from now on get them."
)


def failure_reason(error: Exception) -> str:
    """Why training stopped, in words for the quality lead who reads it on the model page: the
    reason Heard gave, or a plain sentence for a fault (whose details are in the log)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)[:2000]
    return (
        "Something went wrong in Heard while training. Try again later; if it happens again, tell your administrator."
    )


def _train(*, scope: Scope, version: ThemeModelVersion) -> str:
    framework = version.framework
    started = time.perf_counter()
    progress_save(version, 5, "Gathering coded comments", status=ModelStatus.TRAINING, started_at=clock.now())
    data = training_data(scope=scope, framework=framework)
    train_rows, test_rows = _split(data, framework_id=framework.pk)
    labels = sorted({code for i in train_rows for code in data.themes[i]})
    if not labels:
        raise ValidationError("None of the coded comments has a theme yet.")
    # A file can come coded with themes and no sentiment; the model learns both, so it cannot start.
    if all(data.sentiments[i] is None for i in train_rows):
        raise ValidationError(
            "None of the coded comments has a sentiment yet. "
            "Code some comments one by one, choosing their sentiment, then train again."
        )
    progress_save(
        version,
        15,
        f"Training on {len(train_rows)} coded comments",
        trained_on=len(train_rows),
        held_out=len(test_rows),
    )
    from themes.ml.model import FeedbackModel

    model = FeedbackModel().fit(
        [data.texts[i] for i in train_rows],
        [data.themes[i] for i in train_rows],
        [data.sentiments[i] for i in train_rows],
        metadata=[data.metadata[i] for i in train_rows],
        label_names=labels,
        groups=[data.feedback_ids[i] for i in train_rows],
        progress=lambda stage: progress_save(version, *TRAINING_STAGES[stage]),
    )
    progress_save(version, 70, f"Checking it on {len(test_rows)} comments it has not seen")
    figures = score(model, data, test_rows, labels)
    figures["train_seconds"] = round(time.perf_counter() - started, 1)
    in_use = model_in_use(scope=scope, framework=framework)
    comparison = None
    if in_use is not None:
        try:
            comparison = score(model_load(in_use), data, test_rows, labels)
        except (OSError, ValueError, TypeError) as error:
            logger.warning("Could not score model in use %s: %s", in_use.pk, type(error).__name__)
    if comparison is not None:
        figures["model_in_use"] = comparison
    better = comparison is None or figures["macro_f1"] > comparison["macro_f1"]
    progress_save(version, 85, "Saving the model")
    version.artifact.save(f"{version.number}.joblib", ContentFile(model_bytes(model)), save=False)
    now = clock.now()
    with transaction.atomic():
        locked = ThemeModelVersion.objects.for_org(scope.organisation).select_for_update().get(pk=version.pk)
        if locked.status != ModelStatus.TRAINING:  # given up on as stalled while it ran: leave it so
            return locked.status
        if better:
            if in_use is not None:
                ThemeModelVersion.objects.for_org(scope.organisation).filter(pk=in_use.pk).update(
                    status=ModelStatus.RETIRED
                )
            status = ModelStatus.PROMOTED
            stage = "In use: suggestions come from this model"
        else:
            status = ModelStatus.NOT_PROMOTED
            stage = "Not used: it did no better than the model in use"
        progress_save(
            version,
            95 if better else 100,
            stage,
            status=status,
            metrics=figures,
            compared_with=in_use,
            artifact=version.artifact,
            finished_at=now if not better else None,
        )
        audit_record(
            scope=scope,
            verb="coding.model.promoted" if better else "coding.model.not_promoted",
            obj=version,
            changes={"macro_f1": figures["macro_f1"], "compared_with": in_use.number if in_use else None},
        )
    if better:
        progress_save(version, 95, "Suggesting themes for comments waiting to be coded")
        try:
            suggest_waiting(scope=scope, version=version, model=model)
        except Exception:
            # It is in use and the model before it retired (committed above): marking it failed now
            # would leave no model in use at all. The comments waiting keep the suggestions they had.
            logger.exception("Suggestions of model version %s for waiting comments failed", version.pk)
            progress_save(
                version,
                100,
                "In use: suggestions come from this model",
                error=SUGGESTIONS_FAILED,
                finished_at=clock.now(),
            )
            return status
        progress_save(version, 100, "In use: suggestions come from this model", finished_at=clock.now())
    return status


# --- using a model -----------------------------------------------------------------------------


def model_bytes(model: FeedbackModel) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = model.save(Path(folder) / "model.joblib")
        return path.read_bytes()


@lru_cache(maxsize=8)
def _load(name: str, size: int) -> FeedbackModel:
    with default_storage.open(name, "rb") as handle, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        path.write_bytes(handle.read())
        from themes.ml.model import FeedbackModel

        return FeedbackModel.load(path)


def model_load(version: ThemeModelVersion) -> FeedbackModel:
    """The stored model (kept in memory for reuse within this process)."""
    if not version.artifact:
        raise ValueError(f"Model version {version.number} has no stored model.")
    return _load(version.artifact.name, version.artifact.size)


def predict_suggestions(model: FeedbackModel, comments: list[tuple]) -> list[Suggestion]:
    """Suggestions for (comment id, text, question, rating, service type) rows."""
    if not comments:
        return []
    prediction = model.predict(
        [c[1] for c in comments],
        [context(c[2], c[3], c[4]) for c in comments],
    )
    found = []
    for r, (comment_id, *_rest) in enumerate(comments):
        chosen = {
            label: float(prediction.theme_probabilities[r, j])
            for j, label in enumerate(prediction.labels)
            if prediction.themes[r, j]
        }
        level_index = prediction.sentiment_levels.index(prediction.sentiment[r])
        found.append(
            Suggestion(
                comment_id=comment_id,
                themes=chosen,
                sentiment=prediction.sentiment[r],
                sentiment_confidence=float(prediction.sentiment_probabilities[r, level_index]),
            )
        )
    return found


def suggest_waiting(
    *, scope: Scope, version: ThemeModelVersion, model: FeedbackModel | None = None, comment_ids=None
) -> int:
    """Store this model's suggestions on waiting comments (all of them, or those given)."""
    model = model or model_load(version)
    waiting = Comment.objects.for_scope(scope).filter(~reviewed(framework=version.framework)).order_by("pk")
    if comment_ids is not None:
        waiting = waiting.filter(pk__in=list(comment_ids))
    rows = list(waiting.values_list(*CONTEXT_COLUMNS))
    stored = 0
    for start in range(0, len(rows), SUGGEST_BATCH):
        batch = rows[start : start + SUGGEST_BATCH]
        stored += suggestions_store(scope=scope, model_version=version, suggestions=predict_suggestions(model, batch))
    return stored


SUGGEST_ON_ARRIVAL_CHUNK = 2000


@task()
def suggest_for_new_feedback(organisation_id: int, first_feedback_id: int, last_feedback_id: int) -> int:
    """Suggestions from each model in use for the comments of feedback just received (ids from
    first to last: one piece from a form, or a whole imported file). Comments already reviewed or
    already suggested for by that model are left as they are, so running twice changes nothing."""
    organisation = Organisation.objects.get(pk=organisation_id)
    scope = system_scope(organisation=organisation, label="Heard (suggestions for new feedback)")
    comment_ids = list(
        Comment.objects.for_org(organisation)
        .filter(feedback_id__gte=first_feedback_id, feedback_id__lte=last_feedback_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    stored = 0
    in_use = ThemeModelVersion.objects.for_org(organisation).filter(status=ModelStatus.PROMOTED)
    for framework in {version.framework for version in in_use.select_related("framework")}:
        version = model_in_use(scope=scope, framework=framework)
        try:
            model = model_load(version)
        except (OSError, ValueError):
            logger.warning("Model %s could not be loaded; no suggestions for new feedback", version.pk)
            continue
        for start in range(0, len(comment_ids), SUGGEST_ON_ARRIVAL_CHUNK):
            chunk = comment_ids[start : start + SUGGEST_ON_ARRIVAL_CHUNK]
            stored += suggest_waiting(scope=scope, version=version, model=model, comment_ids=chunk)
    return stored


# --- which comments to code next ---------------------------------------------------------------

ORDER_POOL = 2000
ORDER_CACHE_SECONDS = 600


def code_next_order(*, scope: Scope, framework: Framework) -> list[int]:
    """Waiting comments in the order that teaches the model most (active learning).

    Before any model is in use the order spreads over the range of things people write about;
    with one, it favours comments the model is unsure about, rare themes most. Works on the most
    recent waiting comments (up to ORDER_POOL) and is kept for a few minutes, or until new feedback
    arrives.
    """
    in_use = model_in_use(scope=scope, framework=framework)
    # The queue this person may code: withheld feedback (an urgent flag where they may not see
    # flags) is never in their order, nor in the words the order is worked out from.
    waiting = coding_queue(scope=scope, framework=framework)
    reach = urgent_reach(scope)
    # Coding one comment must not make the next page work the whole order out again: the order is
    # kept per model for a few minutes and comments coded since are simply dropped from it.
    # Feedback that arrives joins the order at once: the newest comment's id is part of the key.
    newest = Comment.objects.for_org(scope.organisation).aggregate(newest=Max("pk"))["newest"] or 0
    key = "coding-order:{}:{}:{}:{}:{}:{}".format(
        scope.organisation.pk,
        framework.pk,
        in_use.pk if in_use else 0,
        newest,
        "all" if scope.all_services else ",".join(map(str, sorted(scope.service_ids))),
        "all" if reach.everywhere else ",".join(map(str, sorted(reach.service_ids))),
    )
    cached = cache.get(key)
    if cached is not None:
        still_waiting = set(waiting.filter(pk__in=cached).values_list("pk", flat=True))
        return [pk for pk in cached if pk in still_waiting]
    rows = list(waiting.order_by("-feedback__received_on", "-pk").values_list(*CONTEXT_COLUMNS)[:ORDER_POOL])
    texts = [r[1] for r in rows]
    model = None
    if in_use is not None:
        try:
            model = model_load(in_use).themes_
        except (OSError, ValueError, TypeError, AttributeError):
            logger.warning("Model %s could not be loaded; ordering by variety instead", in_use.pk)
    metadata = [context(r[2], r[3], r[4]) for r in rows]
    from themes.ml.active import active_order

    order = [rows[i][0] for i in active_order(texts, model=model, metadata=metadata if model else None)]
    cache.set(key, order, ORDER_CACHE_SECONDS)
    return order
