"""Five-level sentiment (1 very positive ... 5 very negative), also collapsed to three levels."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ._base import WORKERS, SavableModel, cv_folds, run_fits
from .data import SENTIMENT3_LEVELS, sentiment_to_3
from .features import Metadata, Segments
from .metrics import class_macro_f1


class SentimentModel(SavableModel):
    """Five sentiment levels (1 very positive ... 5 very negative), in two stages.

    Stage one is a multinomial logistic regression averaged with cumulative ordinal ones over
    the text features. Stage two (``stack``) is a small gradient-boosted tree model over
    stage one's probabilities for the whole comment, the most positive and most negative of
    its clauses (a comment with both reads as mixed), and dense context: one-hot metadata such
    as the FFT rating and question, the comment's shape and, in ``FeedbackModel``, the theme
    scores. Stage two trains on stage one's out-of-fold probabilities, so it sees the same
    kind of input as at prediction time; it needs ``stack_min_rows`` comments with a
    sentiment, and smaller sets use stage one alone. The trees' probabilities are averaged with
    a strongly regularised logistic regression's over the same (standardised) inputs, weight
    ``stack_linear_weight``: trees fitted on a few thousand comments are jumpy, the linear model
    is smooth.

    Argmax of the probabilities favours the common levels; ``predict`` instead weights each
    level's probability by a factor chosen to maximise out-of-fold macro F1 on the training data
    (``tune_weights``). ``predict3`` is ``predict``'s answer in three levels, so the two never
    disagree (a comment read as negative is never also neutral or mixed).
    """

    def __init__(
        self,
        C=2.0,
        class_weight=None,
        ordinal_weight=0.5,
        ordinal_C=1.0,
        tune_weights=True,
        stack=True,
        stack_min_rows=300,
        stack_params=None,
        stack_linear_weight=0.3,
        stack_linear_C=0.1,
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
        self.stack = stack
        self.stack_min_rows = stack_min_rows
        self.stack_params = stack_params
        self.stack_linear_weight = stack_linear_weight
        self.stack_linear_C = stack_linear_C
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
        texts = [texts[i] for i in keep]
        metadata = None if metadata is None else [metadata[i] for i in keep]
        self.features_ = self._features()
        matrix = self.features_.fit_transform(texts, metadata)
        return self.fit_matrix(
            matrix,
            [sentiments[i] for i in keep],
            groups=None if groups is None else [groups[i] for i in keep],
            segments=self.features_.transform_segments(texts, metadata),
            context=self.features_.context(texts, metadata),
        )

    def fit_matrix(
        self,
        matrix,
        sentiments: Sequence[int | None],
        groups: Sequence | None = None,
        segments: Segments | None = None,
        context: np.ndarray | None = None,
    ):
        """Fit on features already built; rows with sentiment ``None`` are skipped.

        ``segments`` are the comments' clause rows and ``context`` a dense (n, k) array of
        second-stage inputs; at prediction time both must be built the same way.
        """
        keep = np.array([i for i, level in enumerate(sentiments) if level is not None], dtype=int)
        if not len(keep):
            raise ValueError("no comment has a sentiment")
        matrix = matrix[keep]
        segments = None if segments is None else segments.subset(keep)
        context = None if context is None else np.asarray(context, dtype=float)[keep]
        groups = None if groups is None else [groups[i] for i in keep]
        target = np.array([int(sentiments[i]) for i in keep])
        self.classes_ = np.unique(target)
        self.estimator_ = self._fit_estimator(matrix, target)
        self.stacker_ = None
        self.weights_ = np.ones(len(self.classes_))
        if len(self.classes_) > 1 and (self.tune_weights or self.stack):
            self._fit_second_stage(matrix, target, groups, segments, context)
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

    def _fit_second_stage(self, matrix, target, groups, segments, context) -> None:
        folds = cv_folds(len(target), self.n_splits, groups, self.random_state)
        if not folds or min(np.bincount(np.searchsorted(self.classes_, target))) < self.n_splits:
            return  # too few examples of some level to learn anything but argmax
        stacking = self.stack and len(target) >= self.stack_min_rows

        def stage_one(fold):
            train, test = fold
            estimator = self._fit_estimator(matrix[train], target[train])
            probabilities = _aligned_proba(estimator, matrix[test], self.classes_)
            if not stacking:
                return probabilities, None
            fold_segments = None if segments is None else segments.subset(test)
            fold_context = None if context is None else context[test]
            return probabilities, self._stack_inputs(probabilities, estimator, fold_segments, fold_context)

        # Stage one's solvers release the GIL and seed their own random numbers, so its folds
        # train side by side in threads with the same result as one after another.
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            fold_results = list(pool.map(stage_one, folds))
        out_of_fold = np.zeros((len(target), len(self.classes_)))
        inputs = None
        for (_, test), (probabilities, fold_inputs) in zip(folds, fold_results, strict=True):
            out_of_fold[test] = probabilities
            if stacking:
                if inputs is None:
                    inputs = np.zeros((len(target), fold_inputs.shape[1]))
                inputs[test] = fold_inputs
        if stacking:
            # The stacker on each fold's training rows, for out-of-fold second-stage probabilities
            # (the level weights below are chosen on them), and on every comment.
            params = self._stacker_params()
            linear = (self.stack_linear_weight, self.stack_linear_C)
            rows = [train for train, _ in folds] + [np.arange(len(target))]
            stackers = run_fits(_fit_stacker, [(params, linear, inputs[r], target[r]) for r in rows], len(target))
            for (_, test), stacker in zip(folds, stackers[:-1], strict=True):
                out_of_fold[test] = _aligned_proba(stacker, inputs[test], self.classes_)
            self.stacker_ = stackers[-1]
            self.context_width_ = 0 if context is None else context.shape[1]
        if self.tune_weights:
            self.weights_ = _macro_f1_weights(out_of_fold, np.searchsorted(self.classes_, target))

    def _stacker_params(self) -> dict:
        return {
            "max_iter": 150,
            "learning_rate": 0.05,
            "max_leaf_nodes": 15,
            "min_samples_leaf": 20,
            "l2_regularization": 1.0,
            "early_stopping": False,
            "random_state": self.random_state,
            **(self.stack_params or {}),
        }

    def _stack_inputs(self, probabilities, estimator, segments: Segments | None, context) -> np.ndarray:
        """Second-stage inputs: log probabilities, clause extremes, clause count, context."""
        n = len(probabilities)
        positive = np.isin(self.classes_, [1, 2])
        negative = np.isin(self.classes_, [4, 5])
        per_comment = np.column_stack(
            [
                probabilities[:, positive].sum(1),
                probabilities[:, negative].sum(1),
                probabilities[:, 0],
                probabilities[:, -1],
            ]
        )
        extremes = per_comment.copy()  # a single-clause comment is its own only clause
        counts = np.ones(n)
        if segments is not None and len(segments.owner):
            clause = _aligned_proba(estimator, segments.matrix, self.classes_)
            per_clause = np.column_stack(
                [clause[:, positive].sum(1), clause[:, negative].sum(1), clause[:, 0], clause[:, -1]]
            )
            extremes[np.unique(segments.owner)] = -1.0  # comments with clauses: the best clause
            for column in range(per_clause.shape[1]):
                np.maximum.at(extremes[:, column], segments.owner, per_clause[:, column])
            counts = np.maximum(np.bincount(segments.owner, minlength=n), 1)
        blocks = [
            np.log(probabilities + 1e-4),
            extremes,
            np.minimum(extremes[:, 0], extremes[:, 1])[:, None],
            np.log(counts)[:, None],
        ]
        if context is not None:
            blocks.append(np.asarray(context, dtype=float).reshape(n, -1))
        return np.hstack(blocks)

    def predict_proba(self, texts, metadata: Metadata = None) -> np.ndarray:
        """Columns follow ``classes_``."""
        return self.proba_from_matrix(
            self.features_.transform(texts, metadata),
            self.features_.transform_segments(texts, metadata),
            self.features_.context(texts, metadata),
        )

    def proba_from_matrix(self, matrix, segments: Segments | None = None, context=None) -> np.ndarray:
        probabilities = _aligned_proba(self.estimator_, matrix, self.classes_)
        if getattr(self, "stacker_", None) is None:
            return probabilities
        width = 0 if context is None else np.asarray(context).reshape(matrix.shape[0], -1).shape[1]
        if width != self.context_width_:
            raise ValueError(f"context has {width} columns; this model was trained with {self.context_width_}")
        inputs = self._stack_inputs(probabilities, self.estimator_, segments, context)
        return _aligned_proba(self.stacker_, inputs, self.classes_)

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
        return [sentiment_to_3(int(level)) for level in self.levels_from_proba(probabilities)]


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
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
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


class _Stacker:
    """Gradient-boosted trees averaged with a logistic regression, both over the same inputs."""

    def __init__(self, trees, linear, linear_weight: float):
        self.trees = trees
        self.linear = linear
        self.linear_weight = linear_weight
        self.classes_ = trees.classes_

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        probabilities = self.trees.predict_proba(inputs)
        if self.linear is None:
            return probabilities
        return (1 - self.linear_weight) * probabilities + self.linear_weight * self.linear.predict_proba(inputs)


def _fit_stacker(params: dict, linear: tuple[float, float], inputs: np.ndarray, target: np.ndarray) -> _Stacker:
    weight, C = linear
    trees = HistGradientBoostingClassifier(**params).fit(inputs, target)
    model = None
    if weight:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000)).fit(inputs, target)
    return _Stacker(trees, model, weight)


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
