"""Using a stored model: loading it, and its suggestions for comments waiting to be coded."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.tasks import task

from feedback.models import Comment
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from themes.coding.selectors import model_in_use, reviewed
from themes.coding.services import Suggestion, suggestions_store
from themes.coding.training.data import CONTEXT_COLUMNS, context
from themes.models import ModelStatus, ThemeModelVersion

if TYPE_CHECKING:
    from themes.ml.model import FeedbackModel

logger = logging.getLogger(__name__)


SUGGEST_BATCH = 2000


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


def forget_loaded() -> None:
    """Drop the models this process keeps in memory (their files were removed, ADR 0028)."""
    _load.cache_clear()


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
    *,
    scope: Scope,
    version: ThemeModelVersion,
    model: FeedbackModel | None = None,
    comment_ids=None,
    now: dt.datetime | None = None,
) -> int:
    """Store this model's suggestions on waiting comments (all of them, or those given), made `now`
    (the clock's time unless given)."""
    model = model or model_load(version)
    waiting = Comment.objects.for_scope(scope).filter(~reviewed(framework=version.framework)).order_by("pk")
    if comment_ids is not None:
        waiting = waiting.filter(pk__in=list(comment_ids))
    rows = list(waiting.values_list(*CONTEXT_COLUMNS))
    stored = 0
    for start in range(0, len(rows), SUGGEST_BATCH):
        batch = rows[start : start + SUGGEST_BATCH]
        stored += suggestions_store(
            scope=scope, model_version=version, suggestions=predict_suggestions(model, batch), now=now
        )
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
