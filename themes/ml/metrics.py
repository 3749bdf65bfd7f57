"""F1 scores written out in numpy so that the benchmark's definitions are explicit and testable.

Conventions match scikit-learn's ``f1_score(..., zero_division=0)``: a label (or comment)
with no true and no predicted positives scores 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _f1(true_positives, predicted, actual):
    denominator = np.asarray(predicted + actual, dtype=float)
    numerator = 2.0 * np.asarray(true_positives, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(denominator), where=denominator > 0)


def per_label_f1(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    truth, predicted = np.asarray(truth, bool), np.asarray(predicted, bool)
    return _f1((truth & predicted).sum(0), predicted.sum(0), truth.sum(0))


def micro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    truth, predicted = np.asarray(truth, bool), np.asarray(predicted, bool)
    return float(_f1((truth & predicted).sum(), predicted.sum(), truth.sum()))


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(per_label_f1(truth, predicted).mean())


def samples_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    truth, predicted = np.asarray(truth, bool), np.asarray(predicted, bool)
    return float(_f1((truth & predicted).sum(1), predicted.sum(1), truth.sum(1)).mean())


def class_macro_f1(truth: Sequence, predicted: Sequence, classes: Sequence | None = None) -> float:
    """Macro F1 over single-label classes (by default every class in ``truth`` or ``predicted``)."""
    truth, predicted = np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object)
    classes = sorted(set(truth.tolist()) | set(predicted.tolist())) if classes is None else list(classes)
    scores = [
        float(_f1(((truth == c) & (predicted == c)).sum(), (predicted == c).sum(), (truth == c).sum())) for c in classes
    ]
    return float(np.mean(scores)) if scores else 0.0
