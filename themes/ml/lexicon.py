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


class _Reader:
    """VADER's ``polarity_scores``, to the last digit, reading each comment once.

    The package's own function lowercases a comment's whole word list again for every rule it
    checks around every rated word, and walks the comment a character at a time looking for emoji:
    over a quarter of the time it took to score a comment. Here a comment is split and lowercased
    once, and emoji are looked for with one set test. The rules, their order and their arithmetic
    are VADER's, quirks included, and the package's own lexicon, word lists, tokenising, capitals
    test, "but" rule and final scoring are used as they are. Tests check that both give the same
    scores for every comment and clause of the feedback data and for generated sentences full of
    negations, boosters, idioms, capitals and emoji.
    """

    def __init__(self):
        from vaderSentiment import vaderSentiment as vader

        self._vader = vader
        self._analyser = vader.SentimentIntensityAnalyzer()
        self._lexicon = self._analyser.lexicon
        # The package compares a comment's characters one at a time, so only one-character keys
        # can ever match.
        self._emojis = {key: text for key, text in self._analyser.emojis.items() if len(key) == 1}
        # Every such emoji lies outside ASCII, so a text in plain ASCII (most comments) has none.
        self._ascii_emojis = any(key.isascii() for key in self._emojis)
        self._boosters = vader.BOOSTER_DICT
        self._negations = frozenset(vader.NEGATE)
        self._special = vader.SPECIAL_CASES
        self._strip_punctuation = vader.SentiText._strip_punc_if_word
        # Each token as VADER reads it (punctuation stripped) and lowercased: tokens recur from
        # comment to comment, so each is read once (up to ``remember`` distinct tokens).
        self._tokens: dict[str, tuple[str, str]] = {}

    remember = 200_000

    def polarity_scores(self, text: str) -> dict[str, float]:
        if (self._ascii_emojis or not text.isascii()) and not self._emojis.keys().isdisjoint(text):
            text = self._describe_emojis(text)
        text = text.strip()
        read = self._tokens
        tokens = [read.get(token) or self._read(token) for token in text.split()]
        words = [word for word, _ in tokens]
        lower = [low for _, low in tokens]
        lexicon, boosters, last = self._lexicon, self._boosters, len(words) - 1
        if lexicon.keys().isdisjoint(lower):
            # No rated word (about a third of comments and clauses): every word scores 0, and
            # VADER's scoring of all zeros gives exactly this.
            return {"neg": 0.0, "neu": 1.0 if lower else 0.0, "pos": 0.0, "compound": 0.0}
        shouting = self._vader.allcap_differential(words)

        sentiments: list[float] = []
        for i, word in enumerate(lower):
            if word in boosters or (word == "kind" and i < last and lower[i + 1] == "of"):
                sentiments.append(0)
            elif word in lexicon:
                sentiments.append(self._valence(words, lower, i, shouting))
            else:
                sentiments.append(0)
        if "but" in lower:
            sentiments = self._analyser._but_check(words, sentiments)
        return self._analyser.score_valence(sentiments, text)

    def _read(self, token: str) -> tuple[str, str]:
        word = self._strip_punctuation(token)
        if len(self._tokens) < self.remember:
            self._tokens[token] = (word, word.lower())
        return word, word.lower()

    def _describe_emojis(self, text: str) -> str:
        """Each emoji replaced by its description, spaced from a word before it (as VADER does)."""
        out: list[str] = []
        after_space = True
        for char in text:
            description = self._emojis.get(char)
            if description is None:
                out.append(char)
                after_space = char == " "
            else:
                if not after_space:
                    out.append(" ")
                out.append(description)
                after_space = False
        return "".join(out)

    def _negated(self, word: str) -> bool:
        return word in self._negations or "n't" in word

    def _valence(self, words: list[str], lower: list[str], i: int, shouting: bool) -> float:
        """The score of rated word ``i`` after negation, boosters, capitals, idioms and "least"."""
        vader, lexicon = self._vader, self._lexicon
        word = lower[i]
        valence = lexicon[word]
        if word == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[word] * vader.N_SCALAR
        if words[i].isupper() and shouting:
            valence = valence + vader.C_INCR if valence > 0 else valence - vader.C_INCR

        for distance in range(3):
            before = i - distance - 1
            if before < 0 or lower[before] in lexicon:
                continue
            boost = vader.scalar_inc_dec(words[before], valence, shouting)
            if distance == 1 and boost != 0:
                boost = boost * 0.95
            if distance == 2 and boost != 0:
                boost = boost * 0.9
            valence = valence + boost
            valence = self._negation(valence, lower, distance, i)
            if distance == 2:
                valence = self._idioms(valence, lower, i)

        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * vader.N_SCALAR
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * vader.N_SCALAR
        return valence

    def _negation(self, valence: float, lower: list[str], distance: int, i: int) -> float:
        n_scalar = self._vader.N_SCALAR
        if distance == 0:
            if self._negated(lower[i - 1]):
                valence = valence * n_scalar
        elif distance == 1:
            if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif self._negated(lower[i - 2]):
                valence = valence * n_scalar
        else:
            if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif self._negated(lower[i - 3]):
                valence = valence * n_scalar
        return valence

    def _idioms(self, valence: float, lower: list[str], i: int) -> float:
        special, boosters = self._special, self._boosters
        one_zero = f"{lower[i - 1]} {lower[i]}"
        two_one_zero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
        two_one = f"{lower[i - 2]} {lower[i - 1]}"
        three_two_one = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        three_two = f"{lower[i - 3]} {lower[i - 2]}"
        for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
            if sequence in special:
                valence = special[sequence]
                break
        if len(lower) - 1 > i:
            zero_one = f"{lower[i]} {lower[i + 1]}"
            if zero_one in special:
                valence = special[zero_one]
        if len(lower) - 1 > i + 1:
            zero_one_two = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zero_one_two in special:
                valence = special[zero_one_two]
        for ngram in (three_two_one, three_two, two_one):
            if ngram in boosters:
                valence = valence + boosters[ngram]
        return valence


@cache
def _reader() -> _Reader:
    return _Reader()


def lexicon_scores(texts: Sequence[str], split: Sequence[Sequence[str]]) -> np.ndarray:
    """An (n, 6) array of ``COLUMNS`` for ``texts``; ``split[i]`` is the clauses of ``texts[i]``."""
    if len(split) != len(texts):
        raise ValueError(f"{len(split)} lists of clauses for {len(texts)} texts")
    analyser = _reader()
    rows = np.zeros((len(texts), len(COLUMNS)))
    for index, (text, parts) in enumerate(zip(texts, split, strict=True)):
        whole = analyser.polarity_scores(text)
        if len(parts) > 1:
            compounds = [analyser.polarity_scores(part)["compound"] for part in parts]
            worst, best = min(compounds), max(compounds)
        else:
            worst = best = whole["compound"]
        rows[index] = (whole["compound"], whole["pos"], whole["neu"], whole["neg"], worst, best)
    return rows
