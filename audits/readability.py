"""A plain-language check for audit questions: the Flesch-Kincaid grade, with syllables counted from
pyphen's hyphenation dictionary (no network and no word list to download).

Grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59. Hyphenation points
under-count syllables a little for some words, so the grade is a guide, not a verdict; questions
above `PLAIN_GRADE` are flagged for a second look, and publishing asks for them to be rewritten.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

PLAIN_GRADE = 8.0  # about a reading age of 13: what the NHS asks of information for the public
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+")


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    return len(_dictionary().positions(word.lower())) + 1


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of the text, 0 or more, to one decimal place."""
    words = _WORD.findall(text or "")
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(max(0.0, 0.39 * per_sentence + 11.8 * per_word - 15.59), 1)


def is_plain(text: str) -> bool:
    return reading_grade(text) <= PLAIN_GRADE
