"""Normalising a comment before the rules read it: lower case, straight quotes, one space, and the
apostrophes people leave out put back, keeping for each character the place it came from."""

from __future__ import annotations

import re

# Words commonly written without an apostrophe, restored so that the lexicon
# only has to spell "don't" one way.
_CONTRACTIONS = {
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "wont": "won't",
    "cant": "can't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "isnt": "isn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "arent": "aren't",
    "aint": "ain't",
    "im": "i'm",
    "ive": "i've",
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    "theyve": "they've",
    "youre": "you're",
    "thats": "that's",
    "whats": "what's",
    "wouldve": "would've",
    "couldve": "could've",
    "id": "i'd",
    "ill": "i'll",
    "noone": "no one",
    "nobodys": "nobody's",
    "cannot": "cannot",
}
_TOKEN = re.compile(r"[A-Za-z]+|\s+|[\u2018\u2019\u201b\u2032`\u00b4]|[\u201c\u201d\u201e]|&", re.UNICODE)


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case, straighten quotes, squeeze spaces, restore apostrophes.

    Returns the normalised string and, for each of its characters, the index
    of the original character it came from (so reasons can quote the
    original wording).
    """
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        for i in range(pos, m.start()):
            ch = text[i].lower()
            out.append(ch[0] if ch else text[i])
            idx.append(i)
        tok = m.group(0)
        if tok.isspace():
            if not out or out[-1] != " ":
                out.append(" ")
                idx.append(m.start())
        elif tok in "\u2018\u2019\u201b\u2032`\u00b4":
            out.append("'")
            idx.append(m.start())
        elif tok in "\u201c\u201d\u201e":
            out.append('"')
            idx.append(m.start())
        elif tok == "&":
            for ch in "and":
                out.append(ch)
                idx.append(m.start())
        else:
            low = tok.lower()
            rep = _CONTRACTIONS.get(low)
            # "ill"/"id"/"wont"/"cant" are also real words; only restore
            # them when they are clearly the contraction.
            if low in ("ill", "id") and not _looks_like_pronoun_contraction(text, m):
                rep = None
            if rep is None or rep == low:
                for k, ch in enumerate(low):
                    out.append(ch)
                    idx.append(m.start() + min(k, len(tok) - 1))
            else:
                for k, ch in enumerate(rep):
                    out.append(ch)
                    idx.append(m.start() + min(k, len(tok) - 1))
        pos = m.end()
    for i in range(pos, len(text)):
        ch = text[i].lower()
        out.append(ch[0] if ch else text[i])
        idx.append(i)
    return "".join(out), idx


def _looks_like_pronoun_contraction(text: str, m: re.Match[str]) -> bool:
    # "Ill" / "Id" written for "I'll" / "I'd": capital I at sentence start, or
    # followed by a verb-ish word; "ill" as in "very ill" stays "ill".
    tok = m.group(0)
    before = text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\b(?:very|so|too|really|was|is|been|seriously|terminally|mentally|critically|an?)\s*$", before):
        return False
    after = text[m.end() : m.end() + 12].lower()
    return tok[0] == "I" or bool(
        re.match(r"\s+(?:be|have|kill|rather|like|love|never|just|go|do|say|hurt|end|give|take)\b", after)
    )
