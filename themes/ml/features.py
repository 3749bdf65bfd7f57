"""Turning comments (and optional context such as the question answered) into sparse features."""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer, strip_accents_unicode
from sklearn.preprocessing import normalize

from .concepts import concept_matrix, concept_rows
from .lexicon import lexicon_scores

Metadata = Sequence[Mapping[str, str]] | None

# Clause boundaries: after sentence or clause punctuation, at line breaks, before "but", at dashes.
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;,])\s+|\s*\n+\s*|\s+(?=but\b)|\s+[-\u2013\u2014]\s+", re.IGNORECASE)


# The word vectorizer's words (its ``token_pattern``); concepts find the same words with ``\w+``.
_WORD_PATTERN = r"(?u)\b\w+\b"
_WORD = re.compile(_WORD_PATTERN)


def clauses(text: str) -> list[str]:
    """The clauses of a comment (pieces of three or more characters); one piece if it has no breaks."""
    pieces = [piece.strip() for piece in _CLAUSE_BREAK.split(text or "")]
    pieces = [piece for piece in pieces if len(piece) > 2]
    return pieces if len(pieces) > 1 else [text or ""]


def split_clauses(texts: Sequence[str]) -> list[list[str]]:
    """Each text's ``clauses``: found once when both the clause rows and the context need them."""
    return [clauses(text) for text in texts]


# Each comment's clauses (``split_clauses``), or None to find them.
Split = Sequence[list[str]] | None


@dataclass(frozen=True)
class Segments:
    """Feature rows for the clauses of the comments that have more than one.

    ``owner[i]`` is the comment (row of the comment matrix) that clause row ``i`` belongs to.
    Comments with a single clause have no rows here: their clause is the comment itself.
    """

    matrix: sp.csr_matrix
    owner: np.ndarray

    def subset(self, rows: np.ndarray) -> Segments:
        """The clauses of comments ``rows`` (positions in the original matrix), renumbered 0..len(rows)-1."""
        position = np.full(int(max(self.owner.max(initial=-1), np.max(rows, initial=-1))) + 1, -1)
        position[rows] = np.arange(len(rows))
        keep = np.flatnonzero(position[self.owner] >= 0) if len(self.owner) else np.zeros(0, dtype=int)
        return Segments(self.matrix[keep], position[self.owner[keep]])

    def max_pool(self, scores: np.ndarray, per_clause: np.ndarray) -> np.ndarray:
        """Row-wise maximum of each comment's own score and its clauses' scores."""
        pooled = np.array(scores, dtype=float, copy=True)
        if len(self.owner):
            np.maximum.at(pooled, self.owner, per_clause)
        return pooled


class WordCharNgrams:
    """Character n-grams within words, as scikit-learn's ``analyzer="char_wb"`` with
    ``strip_accents="unicode"`` makes them, with a fast way to count them (``counts``).

    Most words in feedback recur ("staff", "very", "the"). Counting each comment's n-grams one by
    one was over a third of the time it takes to score a comment; ``counts`` looks each distinct
    word's n-gram columns up once and then only adds them up.
    """

    # Distinct words whose columns are remembered; past this, new words are looked up every time.
    remember = 200_000

    def __init__(self, ngram_range=(2, 5)):
        self.ngram_range = tuple(ngram_range)

    def __call__(self, text: str) -> list[str]:
        low, high = self.ngram_range
        ngrams: list[str] = []
        for word in _words(text):
            ngrams.extend(_word_char_ngrams(word, low, high))
        return ngrams

    def __getstate__(self):
        return {"ngram_range": self.ngram_range}  # the remembered columns are not saved with a model

    def counts(self, texts: Sequence[str], vocabulary: Mapping[str, int], plain=None) -> sp.csr_matrix:
        """The n-gram count matrix over ``vocabulary`` (a fitted vectorizer's ``vocabulary_``).
        ``plain``, if given, is ``texts`` already lowercased and stripped of accents (``_plain``)."""
        low, high = self.ngram_range
        known = self.__dict__.setdefault("_columns", {})
        # Machine integers throughout (``array``): a batch of comments has hundreds of thousands of
        # columns, and turning that many Python integers into an array took a quarter of the time.
        indices = array("i")
        indptr = [0]
        if plain is None:
            plain = [_plain(text) for text in texts]
        for text in plain:
            for word in text.split():
                columns = known.get(word)
                if columns is None:
                    columns = array("i", [vocabulary[g] for g in _word_char_ngrams(word, low, high) if g in vocabulary])
                    if len(known) < self.remember:
                        known[word] = columns
                indices.extend(columns)
            indptr.append(len(indices))
        counts = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), np.frombuffer(indices, dtype=np.intc), np.asarray(indptr)),
            shape=(len(texts), len(vocabulary)),
        )
        counts.sum_duplicates()
        return counts


def _words(text: str) -> list[str]:
    return _plain(text).split()


def _plain(text: str) -> str:
    """A text as every block reads it: lowercased, accents stripped (scikit-learn's preprocessing)."""
    return strip_accents_unicode(text.lower())


@lru_cache(maxsize=100_000)
def _word_char_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    padded = f" {word} "
    ngrams = []
    for n in range(low, high + 1):
        if n >= len(padded):  # a word shorter than n gives itself once, padding included
            ngrams.append(padded)
            break
        ngrams.extend(padded[start : start + n] for start in range(len(padded) - n + 1))
    return tuple(ngrams)


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
        lexicon=True,
        concept_weight=0.5,
    ):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.word_min_df = word_min_df
        self.char_min_df = char_min_df
        self.char_weight = char_weight
        self.metadata_weight = metadata_weight
        self.max_char_features = max_char_features
        self.lexicon = lexicon
        self.concept_weight = concept_weight

    def _vectorizers(self, n_rows: int):
        # min_df above 1 would empty the vocabulary on a handful of comments.
        small = n_rows < 20
        word = TfidfVectorizer(
            ngram_range=tuple(self.word_ngram_range),
            sublinear_tf=True,
            min_df=1 if small else self.word_min_df,
            strip_accents="unicode",
            token_pattern=_WORD_PATTERN,
            dtype=np.float32,
        )
        char = TfidfVectorizer(
            analyzer=WordCharNgrams(self.char_ngram_range),
            sublinear_tf=True,
            min_df=1 if small else self.char_min_df,
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
        return _stack(blocks + self._concepts(texts))

    def transform(self, texts, metadata: Metadata = None):
        # Each text is lowercased, stripped of accents and split into words once, for every block:
        # the same matrix as each block's own reading gives (tests compare them).
        texts = _as_texts(texts)
        plain = [_plain(text) for text in texts]
        tokens = [_WORD.findall(text) for text in plain]
        blocks = [_word_transform(self.word_, texts, tokens)]
        if self.char_weight:
            blocks.append(_char_transform(self.char_, texts, plain) * self.char_weight)
        blocks.append(_one_hot(self.metadata_, metadata_tokens(metadata, len(texts))) * self.metadata_weight)
        return _stack(blocks + self._concepts(texts, plain, tokens))

    def _concepts(self, texts: list[str], plain=None, tokens=None) -> list:
        # Models saved before concepts existed have no such attribute and keep their columns.
        weight = getattr(self, "concept_weight", 0.0)
        if not weight:
            return []
        matrix = concept_matrix(texts) if plain is None else concept_rows(plain, tokens)
        return [matrix * weight]

    def transform_segments(self, texts, metadata: Metadata = None, split: Split = None) -> Segments:
        """Feature rows for the clauses of multi-clause comments (each with its comment's metadata).
        ``split``, if given, is each comment's ``clauses`` already found (``split_clauses``)."""
        texts = _as_texts(texts)
        if metadata is not None and len(metadata) != len(texts):
            raise ValueError(f"metadata has {len(metadata)} rows for {len(texts)} texts")
        pieces, owner = [], []
        for index, parts in enumerate(split_clauses(texts) if split is None else split):
            if len(parts) > 1:
                pieces.extend(parts)
                owner.extend([index] * len(parts))
        piece_metadata = None if metadata is None else [metadata[i] for i in owner]
        if not pieces:
            return Segments(self.transform([""])[:0], np.zeros(0, dtype=int))
        return Segments(self.transform(pieces, piece_metadata), np.asarray(owner, dtype=int))

    def context(self, texts, metadata: Metadata = None, split: Split = None) -> np.ndarray:
        """Dense context for second-stage models: one-hot metadata, a few shape measures (log word
        count, exclamation marks, share of words in capitals) and, with ``lexicon``, the sentiment
        lexicon's scores (``lexicon.COLUMNS``). ``split`` as for ``transform_segments``."""
        texts = _as_texts(texts)
        one_hot = _one_hot(self.metadata_, metadata_tokens(metadata, len(texts))).toarray()
        shape = np.array([_shape(text) for text in texts], dtype=float).reshape(len(texts), 3)
        blocks = [one_hot, shape]
        # Models saved before the lexicon existed have no such attribute and keep their inputs.
        if getattr(self, "lexicon", False):
            blocks.append(lexicon_scores(texts, split_clauses(texts) if split is None else split))
        return np.hstack(blocks)


def _shape(text: str) -> tuple[float, float, float]:
    words = text.split()
    capitals = sum(1 for word in words if len(word) > 1 and word.isupper())
    return np.log1p(len(words)), np.log1p(text.count("!")), capitals / max(1, len(words))


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


def _char_transform(vectorizer: TfidfVectorizer, texts: list[str], plain: list[str] | None = None):
    """``vectorizer.transform(texts)``, counted the fast way when the analyzer allows it.
    ``plain``, if given, is ``texts`` read by ``_plain``."""
    analyzer = vectorizer.analyzer
    if not isinstance(analyzer, WordCharNgrams) or getattr(vectorizer, "vocabulary_", None) is None:
        return _transform_or_empty(vectorizer, texts)  # models saved with scikit-learn's own analyzer
    return _tfidf(vectorizer, analyzer.counts(texts, vectorizer.vocabulary_, plain))


def _word_transform(vectorizer: TfidfVectorizer, texts: list[str], tokens: list[list[str]]):
    """``vectorizer.transform(texts)`` for the word vectorizer, from each text's words (``_WORD``
    over ``_plain(text)``), when its settings are the ones ``TextFeatures`` gives it; otherwise
    scikit-learn's own transform.

    scikit-learn counts a text's word n-grams through a chain of calls per text; here the words
    found once for every block are joined into n-grams and looked up directly (a test compares the
    two on the feedback data)."""
    if not _reads_words_as_features_do(vectorizer):
        return _transform_or_empty(vectorizer, texts)
    vocabulary = vectorizer.vocabulary_
    low, high = vectorizer.ngram_range
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for words in tokens:
        found: dict[int, int] = {}
        for n in range(low, high + 1):
            for start in range(len(words) - n + 1):
                column = vocabulary.get(words[start] if n == 1 else " ".join(words[start : start + n]))
                if column is not None:
                    found[column] = found.get(column, 0) + 1
        indices.extend(found)
        counts.extend(found.values())
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.asarray(counts, dtype=vectorizer.dtype), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(tokens), len(vocabulary)),
    )
    matrix.sort_indices()
    return _tfidf(vectorizer, matrix)


def _reads_words_as_features_do(vectorizer: TfidfVectorizer) -> bool:
    """Does the vectorizer read texts exactly as ``_plain`` and ``_WORD`` do?"""
    return (
        getattr(vectorizer, "vocabulary_", None) is not None
        and vectorizer.analyzer == "word"
        and vectorizer.input == "content"
        and vectorizer.lowercase
        and vectorizer.strip_accents == "unicode"
        and vectorizer.preprocessor is None
        and vectorizer.tokenizer is None
        and vectorizer.token_pattern == _WORD_PATTERN
        and vectorizer.stop_words is None
        and not vectorizer.binary
    )


def _tfidf(vectorizer: TfidfVectorizer, matrix: sp.csr_matrix) -> sp.csr_matrix:
    """What TfidfTransformer does to the counts, with the vectorizer's own settings and weights."""
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
    if vectorizer.use_idf:
        matrix.data *= vectorizer.idf_[matrix.indices]
    return normalize(matrix, norm=vectorizer.norm, copy=False) if vectorizer.norm else matrix


def _one_hot(vectorizer: DictVectorizer, rows: list[dict[str, float]]) -> sp.csr_matrix:
    """``vectorizer.transform(rows)`` for ``metadata_tokens`` rows (every value 1.0), built directly."""
    if not rows:
        return vectorizer.transform(rows)  # raises as scikit-learn does
    vocabulary = vectorizer.vocabulary_
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        indices.extend(vocabulary[key] for key in row if key in vocabulary)
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.ones(len(indices), dtype=vectorizer.dtype), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(rows), len(vocabulary)),
    )
    matrix.sort_indices()
    return matrix


def _stack(blocks) -> sp.csr_matrix:
    matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
    matrix.sort_indices()
    return matrix
