"""Sentiment lexicon scores: what people in general mean by a word, beside what the training data says.

An organisation's coded comments are few (hundreds to a few thousand), so many words that carry
feeling ("appalling", "wonderful", "shambles") are seen a handful of times or never. VADER's
lexicon (about 7,500 words and emoticons rated by people, with rules for negation, intensifiers,
"but" and capitals; MIT licence, shipped inside the ``vaderSentiment`` package, nothing downloaded)
gives every comment a prior reading of how positive or negative it sounds. The sentiment model's
second stage takes these as inputs next to its own probabilities; it learns how far to trust them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

# Per comment: VADER's compound score and its positive, neutral and negative shares; then the most
# negative and the most positive clause's compound score (the comment's own for one clause).
COLUMNS = ("compound", "positive", "neutral", "negative", "worst_clause", "best_clause")


@cache
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def lexicon_scores(texts: Sequence[str], clauses_of) -> np.ndarray:
    """An (n, 6) array of ``COLUMNS`` for ``texts``; ``clauses_of(text)`` splits a comment into clauses."""
    analyser = _analyser()
    rows = np.zeros((len(texts), len(COLUMNS)))
    for index, text in enumerate(texts):
        whole = analyser.polarity_scores(text)
        parts = clauses_of(text)
        if len(parts) > 1:
            compounds = [analyser.polarity_scores(part)["compound"] for part in parts]
            worst, best = min(compounds), max(compounds)
        else:
            worst = best = whole["compound"]
        rows[index] = (whole["compound"], whole["pos"], whole["neu"], whole["neg"], worst, best)
    return rows
