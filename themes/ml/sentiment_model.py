"""Five-level sentiment (1 very positive ... 5 very negative), also collapsed to three levels."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn.linear_model import LogisticRegression

from ._base import SavableModel, cv_folds
from .data import SENTIMENT3_LEVELS, sentiment_to_3
from .features import Metadata
from .metrics import class_macro_f1


class SentimentModel(SavableModel):
    """Multinomial logistic regression over 5 sentiment levels (1 very positive ... 5 very negative).

    Argmax of the probabilities favours the common levels; ``predict`` and ``predict3`` instead
    weight each level's probability by a factor chosen to maximise out-of-fold macro F1 on the
    training data (``tune_weights``), one set for 5 levels and one for the 3 collapsed levels.
    """

    def __init__(
        self,
        C=2.0,
        class_weight=None,
        ordinal_weight=0.5,
        ordinal_C=1.0,
        tune_weights=True,
        n_splits=5,
        feature_params=None,
        tol=1e-3,
        max_iter=300,
        random_state=0,
    ):
        self.C = C
        self.class_weight = class_weight
        self.ordinal_weight = ordinal_weight
        self.ordinal_C = ordinal_C
        self.tune_weights = tune_weights
        self.n_splits = n_splits
        self.feature_params = feature_params
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(
        self,
        texts: Sequence[str],
        sentiments: Sequence[int | None],
        metadata: Metadata = None,
        groups: Sequence | None = None,
    ):
        """Comments with sentiment ``None`` are skipped."""
        keep = [i for i, level in enumerate(sentiments) if level is not None]
        if not keep:
            raise ValueError("no comment has a sentiment")
        self.features_ = self._features()
        matrix = self.features_.fit_transform(
            [texts[i] for i in keep], None if metadata is None else [metadata[i] for i in keep]
        )
        return self.fit_matrix(
            matrix, [sentiments[i] for i in keep], groups=None if groups is None else [groups[i] for i in keep]
        )

    def fit_matrix(self, matrix, sentiments: Sequence[int | None], groups: Sequence | None = None):
        """Fit on features already built; rows with sentiment ``None`` are skipped."""
        keep = [i for i, level in enumerate(sentiments) if level is not None]
        if not keep:
            raise ValueError("no comment has a sentiment")
        matrix = matrix[keep]
        groups = None if groups is None else [groups[i] for i in keep]
        target = np.array([int(sentiments[i]) for i in keep])
        self.classes_ = np.unique(target)
        self.estimator_ = self._fit_estimator(matrix, target)
        self.weights_ = np.ones(len(self.classes_))
        self.weights3_ = np.ones(len(SENTIMENT3_LEVELS))
        if self.tune_weights and len(self.classes_) > 1:
            self._tune_weights(matrix, target, groups)
        return self

    def _fit_estimator(self, matrix, target):
        if len(np.unique(target)) < 2:
            return None
        # saga with a loose tolerance trains in seconds; lbfgs needs minutes on char n-grams.
        multinomial = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="saga",
            tol=self.tol,
            max_iter=self.max_iter,
            random_state=self.random_state,
        ).fit(matrix, target)
        if not self.ordinal_weight or len(np.unique(target)) < 3:
            return multinomial
        return _OrdinalBlend(multinomial, target, matrix, self.ordinal_weight, self.ordinal_C)

    def _tune_weights(self, matrix, target, groups) -> None:
        folds = cv_folds(len(target), self.n_splits, groups, self.random_state)
        if not folds or min(np.bincount(np.searchsorted(self.classes_, target))) < self.n_splits:
            return  # too few examples of some level to learn anything but argmax
        out_of_fold = np.zeros((len(target), len(self.classes_)))
        for train, test in folds:
            estimator = self._fit_estimator(matrix[train], target[train])
            out_of_fold[test] = _aligned_proba(estimator, matrix[test], self.classes_)
        self.weights_ = _macro_f1_weights(out_of_fold, np.searchsorted(self.classes_, target))
        truth3 = np.array([SENTIMENT3_LEVELS.index(sentiment_to_3(level)) for level in target])
        self.weights3_ = _macro_f1_weights(collapse_to_3(out_of_fold, self.classes_), truth3)

    def predict_proba(self, texts, metadata: Metadata = None) -> np.ndarray:
        """Columns follow ``classes_``."""
        return self.proba_from_matrix(self.features_.transform(texts, metadata))

    def proba_from_matrix(self, matrix) -> np.ndarray:
        return _aligned_proba(self.estimator_, matrix, self.classes_)

    def predict(self, texts, metadata: Metadata = None) -> np.ndarray:
        return self.levels_from_proba(self.predict_proba(texts, metadata))

    def predict3(self, texts, metadata: Metadata = None) -> list[str]:
        return self.levels3_from_proba(self.predict_proba(texts, metadata))

    def predict_proba3(self, texts, metadata: Metadata = None) -> np.ndarray:
        """Probabilities of positive, neutral or mixed, negative (``SENTIMENT3_LEVELS`` order)."""
        return collapse_to_3(self.predict_proba(texts, metadata), self.classes_)

    def levels_from_proba(self, probabilities: np.ndarray) -> np.ndarray:
        return self.classes_[(probabilities * self.weights_).argmax(1)]

    def levels3_from_proba(self, probabilities: np.ndarray) -> list[str]:
        collapsed = collapse_to_3(probabilities, self.classes_) * self.weights3_
        return [SENTIMENT3_LEVELS[i] for i in collapsed.argmax(1)]


class _OrdinalBlend:
    """Multinomial probabilities averaged with cumulative ("is the level above k?") ones.

    The levels are ordered, so one binary logistic regression per cut point k (level > k)
    gives P(level = k) = P(> k - 1) - P(> k); these share strength between neighbouring
    levels, which helps the thin neutral and very negative levels.
    """

    def __init__(self, multinomial, target, matrix, weight, C):
        self.multinomial = multinomial
        self.weight = weight
        self.classes_ = multinomial.classes_

        def fit_cut(cut):
            above = target > cut
            if not 0 < above.sum() < len(above):
                return float(above.mean())
            return LogisticRegression(C=C, solver="liblinear", class_weight="balanced", tol=1e-2).fit(matrix, above)

        # liblinear releases the GIL, so the cut points train in parallel threads.
        with ThreadPoolExecutor(max_workers=2) as pool:
            self.cuts_ = list(pool.map(fit_cut, self.classes_[:-1]))

    def predict_proba(self, matrix) -> np.ndarray:
        n = matrix.shape[0]
        above = [np.ones(n)]
        for model in self.cuts_:
            above.append(np.full(n, model) if isinstance(model, float) else model.predict_proba(matrix)[:, 1])
        above.append(np.zeros(n))
        above = np.minimum.accumulate(np.column_stack(above), axis=1)
        ordinal = above[:, :-1] - above[:, 1:]
        ordinal /= np.maximum(ordinal.sum(1, keepdims=True), 1e-12)
        return (1 - self.weight) * self.multinomial.predict_proba(matrix) + self.weight * ordinal


def _aligned_proba(estimator, matrix, classes) -> np.ndarray:
    """Probabilities in ``classes`` order, zero for levels the estimator never saw."""
    aligned = np.zeros((matrix.shape[0], len(classes)))
    if estimator is None:
        aligned[:, 0] = 1.0
        return aligned
    probabilities = estimator.predict_proba(matrix)
    aligned[:, np.searchsorted(classes, estimator.classes_)] = probabilities
    return aligned


def _macro_f1_weights(probabilities: np.ndarray, truth: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Coordinate search for per-class multipliers of the probabilities that maximise macro F1."""
    n_classes = probabilities.shape[1]
    weights = np.ones(n_classes)
    grid = np.exp(np.linspace(-1.5, 1.5, 31))
    labels = list(range(n_classes))
    best = class_macro_f1(truth, (probabilities * weights).argmax(1), labels)
    for _ in range(rounds):
        for c in range(n_classes):
            for factor in grid:
                trial = weights.copy()
                trial[c] = factor
                score = class_macro_f1(truth, (probabilities * trial).argmax(1), labels)
                if score > best + 1e-9:
                    best, weights = score, trial
    return weights


def collapse_to_3(probabilities: np.ndarray, classes: Sequence[int]) -> np.ndarray:
    collapsed = np.zeros((probabilities.shape[0], len(SENTIMENT3_LEVELS)))
    for column, level in enumerate(classes):
        collapsed[:, SENTIMENT3_LEVELS.index(sentiment_to_3(int(level)))] += probabilities[:, column]
    return collapsed
