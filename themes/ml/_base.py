"""Shared pieces of the feedback models: saving, loading, cross-validation folds, thresholds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import joblib
import numpy as np
from joblib.externals.loky import get_reusable_executor
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold, KFold
from threadpoolctl import threadpool_limits

from .features import TextFeatures

MODEL_VERSION = "themes-ml-6"
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)

# The machines Heard is sized for have two cores: independent fits run two at a time, in this
# process and a worker process (`run_fits`) or, for solvers that release the GIL, in threads.
WORKERS = 2
# From this many comments the worker process is used; below it, starting it costs more than it
# saves.
PROCESS_MIN_ROWS = 1000
# The worker is kept between the stages of one training run, then exits: a worker process of the
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

    On ``PROCESS_MIN_ROWS`` comments or more the calls are shared between this process and
    ``WORKERS - 1`` worker processes, each taking the next call as soon as it is free. A worker
    starts with a fresh interpreter and spends seconds importing scikit-learn before its first
    fit; this process has it imported already, so it starts fitting at once instead of waiting.
    The results are the ones running the calls here one after another gives: every fit seeds its
    own random numbers, each process has its own copy of liblinear's generator, and every fit runs
    in one thread. (Threads would not do: liblinear's generator is shared between them, and the
    tree builder holds the GIL for much of its work.)
    """
    argument_lists = list(argument_lists)
    if len(argument_lists) < 2 or n_rows < PROCESS_MIN_ROWS:
        return [function(*arguments) for arguments in argument_lists]
    executor = get_reusable_executor(max_workers=WORKERS - 1, timeout=WORKER_IDLE_SECONDS)
    results: list = [None] * len(argument_lists)
    calls = iter(range(len(argument_lists)))
    lock = threading.Lock()
    failed = False

    def next_call():
        with lock:
            return None if failed else next(calls, None)

    def hand_to_workers():
        nonlocal failed
        try:
            while (index := next_call()) is not None:
                results[index] = executor.submit(_in_one_thread, function, argument_lists[index]).result()
        except BaseException:
            failed = True  # no more calls for anyone: the run is lost
            raise

    with ThreadPoolExecutor(max_workers=1) as feeder:
        handed = feeder.submit(hand_to_workers)
        try:
            while (index := next_call()) is not None:
                results[index] = function(*argument_lists[index])
        except BaseException:
            failed = True
            raise
        handed.result()  # re-raises what failed in a worker
    return results


def _in_one_thread(function, arguments):
    with one_thread():
        return function(*arguments)


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
