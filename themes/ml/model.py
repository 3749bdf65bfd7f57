"""Theme (multi-label) and sentiment (5-level) models for free-text feedback.

``ThemeModel`` and ``SentimentModel`` each work alone; ``FeedbackModel`` trains both on
one shared feature space, which halves feature extraction when both are wanted. All follow
scikit-learn conventions: ``__init__`` only stores parameters, learned state ends in ``_``,
and ``random_state`` controls every random choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ._base import MODEL_VERSION, SavableModel, one_thread
from .features import Metadata, _as_texts, metadata_tokens, split_clauses
from .sentiment_model import SentimentModel, collapse_to_3
from .theme_model import ThemeModel

__all__ = ["MODEL_VERSION", "FeedbackModel", "FeedbackPrediction", "SentimentModel", "ThemeModel", "collapse_to_3"]


@dataclass(frozen=True)
class FeedbackPrediction:
    theme_probabilities: np.ndarray  # (n, len(labels)), columns follow ``labels``
    themes: np.ndarray  # 0/1 after per-theme thresholds
    labels: list[str]
    sentiment_probabilities: np.ndarray  # (n, len(sentiment_levels))
    sentiment_levels: list[int]
    sentiment: list[int]  # 1 very positive ... 5 very negative
    sentiment3: list[str]  # positive / neutral or mixed / negative

    def rows(self, index: np.ndarray) -> FeedbackPrediction:
        """The predictions for rows ``index`` (in that order, repeats allowed)."""
        return replace(
            self,
            theme_probabilities=self.theme_probabilities[index],
            themes=self.themes[index],
            sentiment_probabilities=self.sentiment_probabilities[index],
            sentiment=[self.sentiment[i] for i in index],
            sentiment3=[self.sentiment3[i] for i in index],
        )


class FeedbackModel(SavableModel):
    """Themes and sentiment from one set of text features."""

    def __init__(self, theme_params=None, sentiment_params=None, feature_params=None, random_state=0):
        self.theme_params = theme_params
        self.sentiment_params = sentiment_params
        self.feature_params = feature_params
        self.random_state = random_state

    def fit(
        self,
        texts: Sequence[str],
        themes: Sequence[Iterable[str]],
        sentiments: Sequence[int | None],
        metadata: Metadata = None,
        label_names: Sequence[str] | None = None,
        groups: Sequence | None = None,
        progress: Callable[[str], None] | None = None,
    ):
        """`progress`, if given, is called with the name of each stage as it starts: "features",
        "themes", "sentiment" (the themes take about half the time, sentiment most of the rest)."""
        if not (len(texts) == len(themes) == len(sentiments)):
            raise ValueError("texts, themes and sentiments differ in length")
        with one_thread():
            return self._fit(texts, themes, sentiments, metadata, label_names, groups, progress or (lambda stage: None))

    def _fit(self, texts, themes, sentiments, metadata, label_names, groups, progress):
        progress("features")
        self.features_ = self._features()
        matrix = self.features_.fit_transform(texts, metadata)
        split = split_clauses(_as_texts(texts))
        segments = self.features_.transform_segments(texts, metadata, split)
        params = {"random_state": self.random_state, "feature_params": self.feature_params}
        progress("themes")
        self.themes_ = ThemeModel(**{**params, **(self.theme_params or {})})
        self.themes_.fit_matrix(
            matrix, themes, label_names=label_names, groups=groups, segments=segments, keep_out_of_fold=True
        )
        self.themes_.features_ = self.features_
        # Sentiment's second stage reads the theme scores: out-of-fold ones for training, so it
        # learns from scores like those it will see on new comments.
        theme_scores = self.themes_.out_of_fold_
        if theme_scores is None:
            theme_scores = np.zeros((len(texts), len(self.themes_.labels_)))
        self.themes_.out_of_fold_ = None
        context = np.hstack([theme_scores, self.features_.context(texts, metadata, split)])
        progress("sentiment")
        self.sentiment_ = SentimentModel(**{**params, **(self.sentiment_params or {})})
        self.sentiment_.fit_matrix(matrix, sentiments, groups=groups, segments=segments, context=context)
        self.sentiment_.features_ = self.features_
        return self

    def predict(self, texts: Sequence[str], metadata: Metadata = None) -> FeedbackPrediction:
        """Each distinct comment (text and metadata) is scored once: feedback repeats itself
        ("Nothing", "No", "All good" after the same question), and every step of scoring reads one
        comment alone, so a repeat gets exactly the answer of its first appearance."""
        texts = list(texts)
        # Metadata as the features read it (missing and blank values dropped), so comments that
        # differ only where scoring cannot tell are one comment too.
        tokens = metadata_tokens(metadata, len(texts))
        first: dict[tuple, int] = {}
        keys = ((text, tuple(sorted(row))) for text, row in zip(texts, tokens, strict=True))
        source = np.array([first.setdefault(key, i) for i, key in enumerate(keys)], dtype=int)
        distinct = np.unique(source)
        with one_thread():
            if len(distinct) == len(texts):
                return self._predict(texts, metadata)
            prediction = self._predict(
                [texts[i] for i in distinct], None if metadata is None else [metadata[i] for i in distinct]
            )
        return prediction.rows(np.searchsorted(distinct, source))

    def _predict(self, texts: Sequence[str], metadata: Metadata = None) -> FeedbackPrediction:
        texts = _as_texts(texts)
        split = split_clauses(texts)  # the clause rows and the lexicon's clause scores both need them
        matrix = self.features_.transform(texts, metadata)
        segments = self.features_.transform_segments(texts, metadata, split)
        theme_scores = self.themes_.decision_from_matrix(matrix, segments)
        theme_probabilities = self.themes_.proba_from_scores(theme_scores)
        stacking = self.themes_.stacking_features(theme_scores)
        context = np.hstack([stacking, self.features_.context(texts, metadata, split)])
        sentiment_probabilities = self.sentiment_.proba_from_matrix(matrix, segments, context)
        return FeedbackPrediction(
            theme_probabilities=theme_probabilities,
            themes=self.themes_.indicator_from_proba(theme_probabilities),
            labels=list(self.themes_.labels_),
            sentiment_probabilities=sentiment_probabilities,
            sentiment_levels=[int(level) for level in self.sentiment_.classes_],
            sentiment=[int(level) for level in self.sentiment_.levels_from_proba(sentiment_probabilities)],
            sentiment3=self.sentiment_.levels3_from_proba(sentiment_probabilities),
        )
