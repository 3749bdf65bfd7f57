"""Turning comments (and optional context such as the question answered) into sparse features."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

Metadata = Sequence[Mapping[str, str]] | None


def metadata_tokens(metadata: Metadata, n_rows: int) -> list[dict[str, float]]:
    """One-hot ``key=value`` tokens; missing metadata gives empty rows (all-zero features)."""
    if metadata is None:
        return [{} for _ in range(n_rows)]
    if len(metadata) != n_rows:
        raise ValueError(f"metadata has {len(metadata)} rows for {n_rows} texts")
    return [
        {f"{key}={value}": 1.0 for key, value in (row or {}).items() if value not in (None, "")} for row in metadata
    ]


class TextFeatures(TransformerMixin, BaseEstimator):
    """Word and character TF-IDF blocks stacked with one-hot metadata.

    Character n-grams (within word boundaries) cope with misspellings and word forms,
    which matter for short, informal feedback. Metadata keys seen at fit time become
    features; comments without metadata simply have those columns at zero.
    """

    def __init__(
        self,
        word_ngram_range=(1, 2),
        char_ngram_range=(2, 5),
        word_min_df=1,
        char_min_df=2,
        char_weight=1.4,
        metadata_weight=1.0,
        max_char_features=None,
    ):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.word_min_df = word_min_df
        self.char_min_df = char_min_df
        self.char_weight = char_weight
        self.metadata_weight = metadata_weight
        self.max_char_features = max_char_features

    def _vectorizers(self, n_rows: int):
        # min_df above 1 would empty the vocabulary on a handful of comments.
        small = n_rows < 20
        word = TfidfVectorizer(
            ngram_range=tuple(self.word_ngram_range),
            sublinear_tf=True,
            min_df=1 if small else self.word_min_df,
            strip_accents="unicode",
            token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        )
        char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=tuple(self.char_ngram_range),
            sublinear_tf=True,
            min_df=1 if small else self.char_min_df,
            strip_accents="unicode",
            max_features=self.max_char_features,
            dtype=np.float32,
        )
        return word, char

    def fit(self, texts, metadata: Metadata = None, y=None):
        self.fit_transform(texts, metadata)
        return self

    def fit_transform(self, texts, metadata: Metadata = None, y=None):
        texts = _as_texts(texts)
        self.word_, self.char_ = self._vectorizers(len(texts))
        blocks = [_fit_or_empty(self.word_, texts)]
        if self.char_weight:
            blocks.append(_fit_or_empty(self.char_, texts) * self.char_weight)
        self.metadata_ = DictVectorizer(dtype=np.float32)
        blocks.append(self.metadata_.fit_transform(metadata_tokens(metadata, len(texts))) * self.metadata_weight)
        return _stack(blocks)

    def transform(self, texts, metadata: Metadata = None):
        texts = _as_texts(texts)
        blocks = [_transform_or_empty(self.word_, texts)]
        if self.char_weight:
            blocks.append(_transform_or_empty(self.char_, texts) * self.char_weight)
        blocks.append(self.metadata_.transform(metadata_tokens(metadata, len(texts))) * self.metadata_weight)
        return _stack(blocks)


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("expected a sequence of texts, got a single string")
    return ["" if text is None else str(text) for text in texts]


def _fit_or_empty(vectorizer: TfidfVectorizer, texts: list[str]):
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary, e.g. every comment is an emoji
        vectorizer.vocabulary_ = None
        return sp.csr_matrix((len(texts), 0), dtype=np.float32)


def _transform_or_empty(vectorizer: TfidfVectorizer, texts: list[str]):
    if getattr(vectorizer, "vocabulary_", None) is None:
        return sp.csr_matrix((len(texts), 0), dtype=np.float32)
    return vectorizer.transform(texts)


def _stack(blocks) -> sp.csr_matrix:
    matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
    matrix.sort_indices()
    return matrix
