"""Multi-label theme suggestions."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from ._base import SavableModel, best_f1_threshold, cv_folds, run_fits
from .features import Metadata, Segments


class ThemeModel(SavableModel):
    """Per theme, the sum of two linear SVMs over shared TF-IDF features.

    One SVM sees the features as they are; the other sees them scaled by the theme's naive
    Bayes log-count ratio (an "NB-SVM"), which helps themes with few examples. Both are
    linear, so they fold into one weight vector per theme and prediction is one sparse
    product. Scores become probabilities through a per-theme sigmoid fitted on out-of-fold
    scores, and each theme's threshold maximises out-of-fold F1 (training data only).
    Themes with fewer than ``min_positives_to_tune`` positives (or negatives) keep the plain
    SVM boundary.

    A long comment often raises a theme in one clause only, and normalising the whole comment's
    features dilutes that clause. With ``segment_weight`` w, a comment's score is its own score
    plus w times the best of its own and its clauses' scores (clauses scored by the same weights).
    """

    def __init__(
        self,
        C=0.3,
        nb_C=0.3,
        nb_weight=1.0,
        nb_alpha=1.0,
        class_weight="balanced",
        tol=1e-3,
        n_splits=5,
        tune_thresholds=True,
        min_positives_to_tune=5,
        threshold_prior=20.0,
        lr_weight=0.0,
        lr_C=4.0,
        segment_weight=1.0,
        n_jobs=1,
        feature_params=None,
        random_state=0,
    ):
        self.C = C
        self.nb_C = nb_C
        self.nb_weight = nb_weight
        self.nb_alpha = nb_alpha
        self.class_weight = class_weight
        self.tol = tol
        self.n_splits = n_splits
        self.tune_thresholds = tune_thresholds
        self.min_positives_to_tune = min_positives_to_tune
        self.threshold_prior = threshold_prior
        self.lr_weight = lr_weight
        self.lr_C = lr_C
        self.segment_weight = segment_weight
        self.n_jobs = n_jobs
        self.feature_params = feature_params
        self.random_state = random_state

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[Iterable[str]],
        metadata: Metadata = None,
        label_names: Sequence[str] | None = None,
        groups: Sequence | None = None,
    ):
        """``labels`` holds one iterable of theme names per comment.

        ``label_names`` fixes the label set and order (themes outside it are ignored);
        by default it is every theme seen, sorted. ``groups`` (e.g. respondent ids) keeps
        related comments in the same cross-validation fold.
        """
        self.features_ = self._features()
        matrix = self.features_.fit_transform(texts, metadata)
        return self.fit_matrix(
            matrix, labels, label_names=label_names, groups=groups, segments=self._segments(texts, metadata)
        )

    def fit_matrix(
        self,
        matrix,
        labels: Sequence[Iterable[str]],
        label_names: Sequence[str] | None = None,
        groups: Sequence | None = None,
        segments: Segments | None = None,
        keep_out_of_fold: bool = False,
    ):
        """Fit on features already built (``FeedbackModel`` shares them with sentiment).

        ``segments`` holds the clause rows (``TextFeatures.transform_segments``); without them
        comments are scored whole. With ``keep_out_of_fold`` the out-of-fold scores used for
        calibration stay in ``out_of_fold_`` (columns of themes not tuned are zero), for
        second-stage models; otherwise ``out_of_fold_`` is ``None``.
        """
        label_sets = [set(row) for row in labels]
        if len(label_sets) != matrix.shape[0]:
            raise ValueError("texts and labels differ in length")
        self.labels_ = list(label_names) if label_names is not None else sorted(set().union(*label_sets))
        indicator = np.array([[name in row for name in self.labels_] for row in label_sets], dtype=bool)
        indicator = indicator.reshape(len(label_sets), len(self.labels_))
        self.label_counts_ = indicator.sum(0)
        out_of_fold = self._fit_and_calibrate(matrix, indicator, groups, segments)
        self.out_of_fold_ = out_of_fold if keep_out_of_fold else None
        return self

    def _segments(self, texts, metadata: Metadata) -> Segments | None:
        return self.features_.transform_segments(texts, metadata) if self.segment_weight else None

    def _pooled(self, scores: np.ndarray, segments: Segments | None, coef, intercept) -> np.ndarray:
        if not self.segment_weight or segments is None:
            return scores
        per_clause = np.asarray(segments.matrix @ coef.T) + intercept
        return scores + self.segment_weight * segments.max_pool(scores, per_clause)

    def _fit_linear(self, matrix, indicator: np.ndarray, columns=None):
        """Weights (n_labels, n_features) and intercepts; untrainable labels get a constant score."""
        # A few rare themes stop at liblinear's iteration cap; out-of-fold checks showed
        # the same scores with a tighter tolerance, so the warning is only noise here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return self._fit_linear_unwarned(matrix, indicator, columns)

    def _fit_linear_unwarned(self, matrix, indicator: np.ndarray, columns):
        n_labels = indicator.shape[1]
        columns = range(n_labels) if columns is None else columns
        coef = np.zeros((n_labels, matrix.shape[1]), dtype=np.float32)
        intercept = np.where(indicator.any(0), 10.0, -10.0)
        present = matrix.copy()
        present.data[:] = 1.0
        positives = np.asarray((present.T @ sp.csr_matrix(indicator.astype(np.float32))).T.todense())
        totals = np.asarray(present.sum(0)).ravel()

        def fit_one(j):
            column = indicator[:, j]
            plain = LinearSVC(C=self.C, class_weight=self.class_weight, tol=self.tol, random_state=self.random_state)
            plain.fit(matrix, column)
            weights, bias = plain.coef_[0].astype(np.float32), plain.intercept_[0]
            if self.lr_weight:
                logistic = LogisticRegression(
                    C=self.lr_C, class_weight=self.class_weight, solver="liblinear", tol=self.tol
                ).fit(matrix, column)
                weights += self.lr_weight * logistic.coef_[0]
                bias += self.lr_weight * logistic.intercept_[0]
            if self.nb_weight:
                ratio = _log_count_ratio(positives[j], totals - positives[j], self.nb_alpha)
                scaled = LinearSVC(
                    C=self.nb_C, class_weight=self.class_weight, tol=self.tol, random_state=self.random_state
                )
                scaled.fit(matrix.multiply(ratio).tocsr(), column)
                weights += self.nb_weight * scaled.coef_[0] * ratio
                bias += self.nb_weight * scaled.intercept_[0]
            return j, weights, bias

        trainable = [j for j in columns if indicator[:, j].any() and not indicator[:, j].all()]
        # liblinear releases the GIL, so threads can train themes in parallel; its random
        # generator is shared, though, so ``n_jobs > 1`` is faster but not bit-for-bit repeatable.
        with ThreadPoolExecutor(max_workers=max(1, self.n_jobs or 1)) as pool:
            for j, weights, bias in pool.map(fit_one, trainable):
                coef[j] = weights
                intercept[j] = bias
        return coef, intercept

    def _fit_and_calibrate(self, matrix, indicator: np.ndarray, groups, segments: Segments | None):
        """Weights from every comment, then per-theme sigmoid and threshold from out-of-fold
        scores; returns those scores (``None`` when nothing is tuned)."""
        n_labels = indicator.shape[1]
        self.sigmoid_ = np.tile([2.0, 0.0], (n_labels, 1))  # scale, offset applied to scores
        self.thresholds_ = np.full(n_labels, 0.5)
        positives = indicator.sum(0)
        tunable = (positives >= self.min_positives_to_tune) & (len(indicator) - positives >= self.min_positives_to_tune)
        self.tuned_ = np.zeros(n_labels, dtype=bool)
        folds = cv_folds(matrix.shape[0], self.n_splits, groups, self.random_state)
        calibrating = bool(self.tune_thresholds and tunable.any() and folds)
        parts = [(None, None)] + ([(train, np.flatnonzero(tunable)) for train, _ in folds] if calibrating else [])
        params = self.get_params(deep=False)
        # The fit on every comment and the fold fits are independent: they may run side by side.
        fitted = run_fits(_fit_part, [(params, matrix, indicator, *part) for part in parts], matrix.shape[0])
        coef, self.intercept_ = fitted[0]
        # Column by column, so that coef_.T is laid out row by row: scipy copies a right-hand side
        # that is not on every sparse product, and with 35 themes and some 50,000 columns that copy
        # took five times as long as the product. Same numbers, either layout.
        self.coef_ = np.asfortranarray(coef)
        if not calibrating:
            return None
        self.tuned_ = tunable
        out_of_fold = np.zeros((matrix.shape[0], n_labels))
        for (_, test), (coef, intercept) in zip(folds, fitted[1:], strict=True):
            scores = np.asarray(matrix[test] @ coef.T) + intercept
            out_of_fold[test] = self._pooled(
                scores, None if segments is None else segments.subset(test), coef, intercept
            )
        out_of_fold[:, ~tunable] = 0.0
        calibrated = np.zeros_like(out_of_fold)
        for j in np.flatnonzero(tunable):
            platt = LogisticRegression(C=100.0).fit(out_of_fold[:, [j]], indicator[:, j])
            self.sigmoid_[j] = platt.coef_[0, 0], platt.intercept_[0]
            calibrated[:, j] = expit(out_of_fold[:, j] * self.sigmoid_[j, 0] + self.sigmoid_[j, 1])
            self.thresholds_[j] = best_f1_threshold(calibrated[:, j], indicator[:, j], 0.5)
        if self.threshold_prior:
            # Shrink each theme's threshold towards one shared threshold (best pooled F1 over
            # all tunable themes) with ``threshold_prior`` pseudo-positives: rare themes'
            # own optimum rests on a handful of examples and is mostly noise.
            columns = np.flatnonzero(tunable)
            shared = best_f1_threshold(calibrated[:, columns].ravel(), indicator[:, columns].ravel(), 0.5)
            weight = positives[columns] / (positives[columns] + self.threshold_prior)
            self.thresholds_[columns] = weight * self.thresholds_[columns] + (1 - weight) * shared
        return out_of_fold

    def decision_function(self, texts, metadata: Metadata = None) -> np.ndarray:
        return self.decision_from_matrix(self.features_.transform(texts, metadata), self._segments(texts, metadata))

    def decision_from_matrix(self, matrix, segments: Segments | None = None) -> np.ndarray:
        scores = np.asarray(matrix @ self.coef_.T) + self.intercept_
        return self._pooled(scores, segments, self.coef_, self.intercept_)

    def predict_proba(self, texts, metadata: Metadata = None) -> np.ndarray:
        return self.proba_from_scores(self.decision_function(texts, metadata))

    def proba_from_matrix(self, matrix, segments: Segments | None = None) -> np.ndarray:
        return self.proba_from_scores(self.decision_from_matrix(matrix, segments))

    def proba_from_scores(self, scores: np.ndarray) -> np.ndarray:
        return expit(scores * self.sigmoid_[:, 0] + self.sigmoid_[:, 1])

    def stacking_features(self, scores: np.ndarray) -> np.ndarray:
        """Scores as second-stage features: themes whose calibration was not tuned read zero,
        as they do in ``out_of_fold_``."""
        return np.where(self.tuned_, scores, 0.0)

    def predict(self, texts, metadata: Metadata = None) -> np.ndarray:
        """0/1 matrix, one column per name in ``labels_``."""
        return self.indicator_from_proba(self.predict_proba(texts, metadata))

    def indicator_from_proba(self, probabilities: np.ndarray) -> np.ndarray:
        return (probabilities >= self.thresholds_).astype(int)

    def predict_labels(self, texts, metadata: Metadata = None) -> list[list[str]]:
        return [[self.labels_[j] for j in np.flatnonzero(row)] for row in self.predict(texts, metadata)]


def _fit_part(params: dict, matrix, indicator: np.ndarray, rows, columns):
    """``_fit_linear`` on some rows (``None``: all) and theme columns (``None``: all)."""
    if rows is not None:
        matrix, indicator = matrix[rows], indicator[rows]
    return ThemeModel(**params)._fit_linear(matrix, indicator, columns)


def _log_count_ratio(positive_counts, negative_counts, alpha: float) -> np.ndarray:
    """log of P(feature | theme) / P(feature | not theme), from document frequencies."""
    positive = positive_counts + alpha
    negative = negative_counts + alpha
    return np.log((positive / positive.sum()) / (negative / negative.sum())).astype(np.float32)
