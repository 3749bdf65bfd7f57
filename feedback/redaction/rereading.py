"""Whether a redacted text is worth reading again.

Redaction reads a text again after replacing what it found, until nothing new is found, so that
redacting a redacted text changes nothing (ADR 0004). A placeholder changes what the words beside it
read ("[name]" is no capitalised word, and "]" parts it from the next word), so only a word within
reach of a placeholder can read differently the second time: every other word reads as it did the
first time, when it was found to be nothing. Such a word matters only if some rule could take it for
a name: a capitalised word after a title ("Mr Road", as "Mrs Ward"), or one that is not one of the
words never taken for one ("The", "Monday", "Hospital"); a word in lower case or capitals that is a name in the gazetteer; or one after a title,
a job title, "called" or "went by" ("the carer zdenka"). Two things reach further and call for the
full reading: a text read as Title Case (where unknown words are not names, and which the
placeholders can make no longer so), and a digit or an "@" anywhere (numbers, postcodes, addresses
and emails are matched over several words).

The rules read at most four words before a word and five after it (``name_tokens._read_tokens``);
``_REACH`` is twice that, for a word whose reading depends on a neighbour's.
"""

from __future__ import annotations

import re

from feedback.redaction.lexicon import _HARD_STOP, _TOKEN_RE, FIRST_NAMES, NOT_NAMES, SURNAMES, WORDLIKE_NAMES
from feedback.redaction.lexicon import _TITLES as _NAME_TITLES
from feedback.redaction.lower_words import _ANY_NAME, _JOB_TITLES, _NAMING, _NAMING2, _TITLES

_REACH = 10
_DIGIT_OR_AT_RE = re.compile(r"[\d@]")
# Capitalised words no rule takes for a name where it was not one before, unless after a title
# ("Mrs Ward", "Mr Jobcentre"): not "Rose" nor "Will".
_NEVER_NAMES = (_HARD_STOP | NOT_NAMES) - FIRST_NAMES - SURNAMES - WORDLIKE_NAMES
# Words after which an unknown word may be a name: "dr okonjo", "called zdenka", "the carer zdenka";
# and pairs of words ("went by", "known as", "name is": ``_NAMING2``).
_CUES = _TITLES | _NAMING | _JOB_TITLES
# What each new placeholder becomes before the words are read again: a word that is neither in lower
# case nor in capitals, so no rule can take it for a name, and no cue.
_MARK = "ǂǂ"


def worth_reading_again(redacted: str, segs: list, title_case: bool) -> bool:
    """Whether reading ``redacted`` again could find anything more. ``segs`` are its pieces
    (``core._render``: the last item of each says whether it is a placeholder); ``title_case`` says
    whether the text read last was read as Title Case."""
    if title_case or _DIGIT_OR_AT_RE.search(redacted):
        return True
    probe = "".join(f" {_MARK} " if sg[4] else redacted[sg[0] : sg[1]] for sg in segs)  # a word apart
    words = _TOKEN_RE.findall(probe)
    n = len(words)
    if n >= 4 and sum(1 for w in words if w[0].isupper()) * 10 >= n * 6:
        return True  # Title Case, as the name rules judge it or more often
    if n > 2 * _REACH + 1:
        near = set()
        for k, w in enumerate(words):
            if w == _MARK:
                near.update(range(max(0, k - _REACH), min(n, k + _REACH + 1)))
        return any(_could_be_a_name(words, k) for k in sorted(near))
    return any(_could_be_a_name(words, k) for k in range(n))


def _could_be_a_name(words: list[str], k: int) -> bool:
    word = words[k]
    if word.islower() or (word.isupper() and len(word) > 1):
        low = word.lower()
        if low in _ANY_NAME:
            return True
        if k:
            before = words[k - 1].lower()
            if before in _CUES or (k > 1 and (words[k - 2].lower(), before) in _NAMING2):
                return True
        if word.islower():
            return False
    if "'" in word or "’" in word:
        word = word.replace("’", "'").split("'", 1)[0]
    if not word[:1].isupper():
        return False
    if any(w.lower() in _NAME_TITLES for w in words[max(0, k - 3) : k]):
        return True  # after a title any capitalised word is a name ("Mrs Ward"), initials between too
    return word not in _NEVER_NAMES and word.capitalize() not in _NEVER_NAMES
