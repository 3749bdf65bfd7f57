"""Training an organisation's own suggestion model, in the background, and using it.

`model_train_request` records a queued `ThemeModelVersion` and enqueues `train_theme_model`, which
a worker (`heard db_worker`) runs. The task gathers the organisation's comments coded in the
framework one by one or in an imported file (not those only accepted in bulk), holds about a fifth
of them out (whole pieces of feedback, chosen by a stable hash of the key they came with, or of
their id, so every version is checked on comments no earlier version was trained on, and the same
coded feedback trains the same model), trains on the rest, scores the held-out
comments, and scores the model in use on the same comments. The new version is promoted only if it
does better on macro F1 (every theme counts the same, so a model that ignores rare themes does not
win); then its suggestions replace the old model's on comments waiting to be coded. Progress is
written to the version row as it goes.

The writes and the task are split by what they do: asking for a training (`versions`), what a model
learns from and is checked on (`data`), the training itself (`run`), using a stored model
(`suggest`), models that learnt words since taken out of feedback (`forget`, ADR 0028) and the
order of comments to code next (`order`), which is worked out in the background
when a model is promoted and soon after feedback arrives, and stored, so the queue opens at once. Tasks queued under this package's
names (`themes.coding.training.train_theme_model`) still run, as those names remain here.
"""

from themes.coding.training.data import (
    CONTEXT_COLUMNS,
    HELD_OUT_SHARE,
    TrainingData,
    context,
    score,
    training_data,
)
from themes.coding.training.forget import (
    models_forget,
    models_forget_all,
    models_forget_removed_words,
    models_mark_learnt,
)
from themes.coding.training.order import (
    ORDER_POOL,
    REFRESH_AFTER,
    NextOrder,
    code_next_order,
    code_next_order_refresh,
    code_next_order_refresh_soon,
    code_next_order_work_out,
    code_next_orders_refresh_on_arrival,
    code_next_queue,
)
from themes.coding.training.run import SUGGESTIONS_FAILED, TRAINING_STAGES, failure_reason, train_theme_model
from themes.coding.training.suggest import (
    SUGGEST_BATCH,
    SUGGEST_ON_ARRIVAL_CHUNK,
    model_bytes,
    model_load,
    predict_suggestions,
    suggest_for_new_feedback,
    suggest_waiting,
)
from themes.coding.training.versions import (
    MIN_CODED,
    STALLED_AFTER,
    coded_for_training,
    is_stalled,
    model_train_now,
    model_train_request,
)

__all__ = [
    "CONTEXT_COLUMNS",
    "HELD_OUT_SHARE",
    "MIN_CODED",
    "ORDER_POOL",
    "REFRESH_AFTER",
    "STALLED_AFTER",
    "SUGGESTIONS_FAILED",
    "SUGGEST_BATCH",
    "SUGGEST_ON_ARRIVAL_CHUNK",
    "TRAINING_STAGES",
    "NextOrder",
    "TrainingData",
    "code_next_order",
    "code_next_order_refresh",
    "code_next_order_refresh_soon",
    "code_next_order_work_out",
    "code_next_orders_refresh_on_arrival",
    "code_next_queue",
    "coded_for_training",
    "context",
    "failure_reason",
    "is_stalled",
    "model_bytes",
    "model_load",
    "model_train_now",
    "model_train_request",
    "models_forget",
    "models_forget_all",
    "models_forget_removed_words",
    "models_mark_learnt",
    "predict_suggestions",
    "score",
    "suggest_for_new_feedback",
    "suggest_waiting",
    "train_theme_model",
    "training_data",
]
