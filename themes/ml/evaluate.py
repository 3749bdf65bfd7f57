"""Benchmark: train on one feedback-v6 file, score themes and sentiment on another.

Run as ``python -m themes.ml.evaluate --train PATH --test PATH --json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from . import metrics
from .data import BENCHMARK_LABELS, SENTIMENT_LEVELS, read_feedback, sentiment_to_3
from .model import FeedbackModel


def theme_matrix(theme_sets, labels=BENCHMARK_LABELS) -> np.ndarray:
    return np.array([[label in row for label in labels] for row in theme_sets], dtype=bool).reshape(-1, len(labels))


def theme_scores(truth: np.ndarray, predicted: np.ndarray, labels=BENCHMARK_LABELS) -> dict:
    """Comments with none of the labels are left out, as in the dataset README."""
    scored = truth.any(1)
    truth, predicted = truth[scored], np.asarray(predicted, bool)[scored]
    return {
        "micro_f1": metrics.micro_f1(truth, predicted),
        "macro_f1": metrics.macro_f1(truth, predicted),
        "samples_f1": metrics.samples_f1(truth, predicted),
        "per_label": dict(zip(labels, metrics.per_label_f1(truth, predicted).round(4).tolist(), strict=False)),
    }


def sentiment_scores(truth, predicted5, predicted3) -> dict:
    """Comments without a sentiment are left out."""
    scored = [i for i, level in enumerate(truth) if level is not None]
    truth5 = [truth[i] for i in scored]
    return {
        "sentiment_macro_f1": metrics.class_macro_f1(truth5, [predicted5[i] for i in scored]),
        "sentiment3_macro_f1": metrics.class_macro_f1(
            [sentiment_to_3(level) for level in truth5], [predicted3[i] for i in scored]
        ),
    }


def own_peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class Usage:
    """CPU time and peak memory of this process together with its worker processes.

    Training runs some fits in worker processes (``_base.run_fits``), so this process's own
    figures would leave their work out. CPU time is read from the operating system for this
    process and every descendant, before and after; memory is the largest sum of proportional
    set sizes (resident memory, with each page shared between processes split among them) over
    this process and its descendants, sampled every ``interval`` seconds.
    """

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()

    def _processes(self) -> list[psutil.Process]:
        me = psutil.Process()
        return [me, *me.children(recursive=True)]

    def _cpu(self) -> float:
        total = 0.0
        for index, process in enumerate(self._processes()):
            try:
                times = process.cpu_times()
            except psutil.Error:  # a worker that ended between listing and reading
                continue
            total += times.user + times.system
            if index == 0:  # workers that have ended and been collected
                total += times.children_user + times.children_system
        return total

    def _sample(self) -> None:
        while True:
            resident = 0
            for process in self._processes():
                try:
                    resident += _proportional_size(process)
                except psutil.Error:
                    continue
            self.peak_bytes = max(self.peak_bytes, resident)
            if self._stop.wait(self.interval):
                return

    def __enter__(self):
        self._cpu_start = self._cpu()
        self._wall_start = time.perf_counter()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.wall_seconds = time.perf_counter() - self._wall_start
        self.cpu_seconds = self._cpu() - self._cpu_start
        self._stop.set()
        self._thread.join()
        return False

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / (1024 * 1024)


def _proportional_size(process: psutil.Process) -> int:
    memory = process.memory_full_info()
    return getattr(memory, "pss", memory.rss)  # proportional set size is Linux's; elsewhere resident size


def predict_rate(model, texts, metadata, min_seconds: float = 2.0) -> tuple[float, float]:
    """Comments a second, wall-clock and CPU, predicting ``texts`` again and again for at least
    ``min_seconds`` (one pass over a few hundred comments is too short to time steadily)."""
    done, wall, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        model.predict(texts, metadata)
        done += len(texts)
        elapsed = time.perf_counter() - wall
        if elapsed >= min_seconds:
            return done / elapsed, done / max(time.process_time() - cpu, 1e-9)


def evaluate(
    train_path: str | Path,
    test_path: str | Path,
    theme_params: dict | None = None,
    sentiment_params: dict | None = None,
    feature_params: dict | None = None,
) -> dict:
    train = read_feedback(train_path)
    test = read_feedback(test_path)

    # Wall-clock and CPU time both (CPU time, workers included, is steadier on a shared machine).
    with Usage() as training:
        model = FeedbackModel(
            theme_params=theme_params, sentiment_params=sentiment_params, feature_params=feature_params
        )
        model.fit(
            train.texts,
            train.themes,
            train.sentiments,
            train.metadata,
            label_names=BENCHMARK_LABELS,
            groups=train.respondents,
        )
    # Prediction runs in this process alone, so its own peak (below) covers it, and no sampling
    # thread competes with it for the time measured.
    prediction = model.predict(test.texts, test.metadata)
    predict_per_second, predict_per_cpu_second = predict_rate(model, test.texts, test.metadata)

    result = theme_scores(theme_matrix(test.themes), prediction.themes)
    result.update(sentiment_scores(test.sentiments, prediction.sentiment, prediction.sentiment3))
    result.update(
        {
            "train_seconds": round(training.wall_seconds, 2),
            "train_cpu_seconds": round(training.cpu_seconds, 2),
            "predict_per_second": round(predict_per_second, 1),
            "predict_per_cpu_second": round(predict_per_cpu_second, 1),
            "peak_memory_mb": round(max(training.peak_mb, own_peak_mb()), 1),
            "n_train": len(train.texts),
            "n_test": len(test.texts),
            "model_version": model.version,
            "sentiment_levels": list(SENTIMENT_LEVELS),
        }
    )
    per_label = result.pop("per_label")
    for key in ("micro_f1", "macro_f1", "samples_f1", "sentiment_macro_f1", "sentiment3_macro_f1"):
        result[key] = round(result[key], 4)
    result["per_label"] = per_label
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train theme and sentiment models and score them.")
    parser.add_argument("--train", required=True, help="feedback-v6 style CSV to train on")
    parser.add_argument("--test", required=True, help="feedback-v6 style CSV to score")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = evaluate(args.train, args.test)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            if key != "per_label":
                print(f"{key}: {value}")
        for label, score in result["per_label"].items():
            print(f"  {score:.3f}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
