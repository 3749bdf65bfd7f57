"""The background training of a model, from the coded comments to its promotion (or not)."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task

from core import clock
from core.audit import audit_record
from core.progress import progress_save
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from themes.coding.selectors import model_in_use
from themes.coding.training.data import HELD_OUT_BY, _split, score, training_data
from themes.coding.training.order import code_next_order_work_out
from themes.coding.training.suggest import model_bytes, model_load, suggest_waiting
from themes.models import ModelStatus, ThemeModelVersion

logger = logging.getLogger(__name__)


# The model's own stages while it fits, as the progress bar shows them (about half the time goes
# on the themes, most of the rest on sentiment).
TRAINING_STAGES = {
    "features": (18, "Reading the words of the coded comments"),
    "themes": (22, "Learning the themes"),
    "sentiment": (48, "Learning how positive or negative comments are"),
}


@task()
def train_theme_model(organisation_id: int, version_id: int, at: str = "") -> str:
    """Train the version asked for. `at` (ISO 8601) stamps the training, and the suggestions it makes,
    at that moment rather than the clock's: the demo's model is trained as its quality lead would
    train it at work, whenever the demo is built."""
    organisation = Organisation.objects.get(pk=organisation_id)
    scope = system_scope(organisation=organisation, label="Heard (model training)")
    version = ThemeModelVersion.objects.for_org(organisation).select_related("framework").get(pk=version_id)
    if version.status != ModelStatus.QUEUED:
        return version.status
    now = dt.datetime.fromisoformat(at) if at else None
    try:
        return _train(scope=scope, version=version, now=now)
    except Exception as error:  # the row must say it failed, whatever happened
        logger.exception("Training model version %s failed", version_id)
        progress_save(
            version,
            version.progress,
            "Training failed",
            status=ModelStatus.FAILED,
            error=failure_reason(error),
            finished_at=now or clock.now(),
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


def _train(*, scope: Scope, version: ThemeModelVersion, now: dt.datetime | None = None) -> str:
    framework = version.framework
    started = time.perf_counter()
    stamped = now
    progress_save(version, 5, "Gathering coded comments", status=ModelStatus.TRAINING, started_at=now or clock.now())
    data = training_data(scope=scope, framework=framework)
    train_rows, test_rows = _split(data, framework_key=framework.slug)
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
    figures["held_out_by"] = HELD_OUT_BY
    in_use = model_in_use(scope=scope, framework=framework)
    comparison = None
    # A model in use that held out by database ids may have learnt from today's held-out comments,
    # which would favour it: like a first model, the new one is then used without a comparison.
    if in_use is not None and in_use.metrics.get("held_out_by") == HELD_OUT_BY:
        try:
            comparison = score(model_load(in_use), data, test_rows, labels)
        except (OSError, ValueError, TypeError) as error:
            logger.warning("Could not score model in use %s: %s", in_use.pk, type(error).__name__)
    if comparison is not None:
        figures["model_in_use"] = comparison
    # A model in use that learnt words since taken out of feedback must go (ADR 0028): the new one,
    # trained on the words as they are now, takes its place whatever either scores.
    replaces_removed = in_use is not None and in_use.learned_removed_words_at is not None
    if replaces_removed:
        figures["replaces_removed_words"] = True
    better = replaces_removed or comparison is None or figures["macro_f1"] > comparison["macro_f1"]
    progress_save(version, 85, "Saving the model")
    version.artifact.save(f"{version.number}.joblib", ContentFile(model_bytes(model)), save=False)
    now = stamped or clock.now()
    with transaction.atomic():
        locked = ThemeModelVersion.objects.for_org(scope.organisation).select_for_update().get(pk=version.pk)
        if locked.status != ModelStatus.TRAINING:  # given up on as stalled while it ran: leave it so
            default_storage.delete(version.artifact.name)  # a file no row points to
            return locked.status
        if locked.learned_removed_words_at is not None or replaces_removed:
            # Feedback it read was made anonymous while it trained (once stored, it is trained again
            # and removed), or it takes the place of a model that learnt such words (whose file goes
            # now, not at the daily run).
            from themes.coding.training.forget import models_forget_removed_words

            organisation_id = scope.organisation.pk
            transaction.on_commit(lambda: models_forget_removed_words.enqueue(organisation_id))
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
            changes={
                "macro_f1": figures["macro_f1"],
                "compared_with": in_use.number if in_use else None,
                **({"replaces_removed_words": True} if replaces_removed else {}),
            },
            at=now,
        )
    if better:
        progress_save(version, 95, "Suggesting themes for comments waiting to be coded")
        try:
            suggest_waiting(scope=scope, version=version, model=model, now=stamped)
        except Exception:
            # It is in use and the model before it retired (committed above): marking it failed now
            # would leave no model in use at all. The comments waiting keep the suggestions they had.
            logger.exception("Suggestions of model version %s for waiting comments failed", version.pk)
            progress_save(
                version,
                100,
                "In use: suggestions come from this model",
                error=SUGGESTIONS_FAILED,
                finished_at=stamped or clock.now(),
            )
            return status
        progress_save(version, 98, "Choosing which comments to code next")
        try:
            code_next_order_work_out(organisation=scope.organisation, framework=version.framework, model=model)
        except Exception:
            # The model is in use all the same; the queue asks for the order again when it finds
            # one made by an earlier model.
            logger.exception("The order to code next under model version %s could not be worked out", version.pk)
        progress_save(version, 100, "In use: suggestions come from this model", finished_at=stamped or clock.now())
    return status
