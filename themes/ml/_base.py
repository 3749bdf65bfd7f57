"""Shared pieces of the feedback models: saving, loading, cross-validation folds, thresholds."""

from __future__ import annotations

from pathlib import Path

import joblib
import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold, KFold
from threadpoolctl import threadpool_limits

from .features import TextFeatures

MODEL_VERSION = "themes-ml-6"
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)

# The machines Heard is sized for have two cores: independent fits run two at a time, in worker
# processes (`run_fits`) or, for solvers that release the GIL, in threads.
WORKERS = 2
# From this many comments the worker processes are used; below it, starting them costs more than
# it saves.
PROCESS_MIN_ROWS = 1000
# The workers are kept between the stages of one training run, then exit: a worker process of the
# web or task server should not hold a copy of the data for long after training.
WORKER_IDLE_SECONDS = 30


class SavableModel(BaseEstimator):
    version = MODEL_VERSION

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"version": self.version, "class": type(self).__name__, "model": self}, path, compress=3)
        return path

    @classmethod
    def load(cls, path: str | Path):
        payload = joblib.load(Path(path))
        model = payload["model"]
        if not isinstance(model, cls):
            raise TypeError(f"{path} holds a {payload['class']}, not a {cls.__name__}")
        return model

    @property
    def stored_params(self) -> dict:
        return {"version": self.version, **self.get_params(deep=False)}

    def _features(self):
        return TextFeatures(**(self.feature_params or {}))


def one_thread():
    """Numerical libraries (BLAS, OpenMP) split sums across threads, and the order of those sums,
    so the last digits, so a few borderline sentiment choices, depends on how many threads a
    machine has. Fitting and predicting in one thread gives the same model and the same figures on
    every machine; the work is sparse and small, so it costs little."""
    return threadpool_limits(limits=1)


def run_fits(function, argument_lists, n_rows: int) -> list:
    """``function(*arguments)`` for each list of arguments, results in order.

    On ``PROCESS_MIN_ROWS`` comments or more the calls run in worker processes, which give the
    same results as running them here one after another: every fit seeds its own random numbers,
    each process has its own copy of liblinear's generator, and each works in one thread. (Threads
    would not do: liblinear's generator is shared between them, and the tree builder holds the
    GIL for much of its work.)
    """
    argument_lists = list(argument_lists)
    if len(argument_lists) < 2 or n_rows < PROCESS_MIN_ROWS:
        return [function(*arguments) for arguments in argument_lists]
    with Parallel(n_jobs=WORKERS, backend="loky", idle_worker_timeout=WORKER_IDLE_SECONDS) as parallel:
        return parallel(delayed(function)(*arguments) for arguments in argument_lists)


def cv_folds(n_rows: int, n_splits: int, groups, random_state):
    n_splits = min(n_splits, n_rows)
    if n_splits < 2:
        return []
    if groups is not None and len(set(groups)) >= n_splits:
        return list(GroupKFold(n_splits=n_splits).split(np.zeros(n_rows), groups=groups))
    return list(KFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(np.zeros(n_rows)))


def best_f1_threshold(scores: np.ndarray, truth: np.ndarray, default: float) -> float:
    positives = truth.sum()
    best_f1, best = -1.0, default
    # Ties go to the threshold nearest the default, which is the steadier choice on few positives.
    for threshold in sorted(THRESHOLD_GRID, key=lambda t: abs(t - default)):
        predicted = scores >= threshold
        denominator = predicted.sum() + positives
        f1 = 2.0 * (predicted & truth).sum() / denominator if denominator else 0.0
        if f1 > best_f1 + 1e-12:
            best_f1, best = f1, float(threshold)
    return best
