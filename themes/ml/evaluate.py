"""Benchmark: train on one feedback-v6 file, score themes and sentiment on another.

Run as ``python -m themes.ml.evaluate --train PATH --test PATH --json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

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


def peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def evaluate(
    train_path: str | Path,
    test_path: str | Path,
    theme_params: dict | None = None,
    sentiment_params: dict | None = None,
    feature_params: dict | None = None,
) -> dict:
    train = read_feedback(train_path)
    test = read_feedback(test_path)

    # Wall-clock and CPU time both: the CPU figure is steadier on a shared machine.
    wall, cpu = time.perf_counter(), time.process_time()
    model = FeedbackModel(theme_params=theme_params, sentiment_params=sentiment_params, feature_params=feature_params)
    model.fit(
        train.texts,
        train.themes,
        train.sentiments,
        train.metadata,
        label_names=BENCHMARK_LABELS,
        groups=train.respondents,
    )
    train_seconds, train_cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu

    wall, cpu = time.perf_counter(), time.process_time()
    prediction = model.predict(test.texts, test.metadata)
    predict_seconds, predict_cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu

    result = theme_scores(theme_matrix(test.themes), prediction.themes)
    result.update(sentiment_scores(test.sentiments, prediction.sentiment, prediction.sentiment3))
    result.update(
        {
            "train_seconds": round(train_seconds, 2),
            "train_cpu_seconds": round(train_cpu_seconds, 2),
            "predict_per_second": round(len(test.texts) / max(predict_seconds, 1e-9), 1),
            "predict_per_cpu_second": round(len(test.texts) / max(predict_cpu_seconds, 1e-9), 1),
            "peak_memory_mb": peak_memory_mb(),
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
