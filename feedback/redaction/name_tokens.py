"""The words of a text as the name rules read them, and which capitalised ones are places.

A capitalised word before a place word ("Rose Ward", "Oak Lodge", "the Oakwood care home"), or after
a word that starts a place name ("Royal Victoria", "St Anne's"), is marked as a place, so the name
rules (``names.py``) leave it alone.
"""

from __future__ import annotations

from feedback.redaction.lexicon import (
    _ABBREV_TITLES,
    _BOUNDARY_RE,
    _CONTRACTION_SUFFIXES,
    _HARD_STOP,
    _PERSON_VERBS,
    _SPACE_ONLY_RE,
    _TITLES,
    _TOKEN_RE,
    FACILITY_WORDS,
    FIRST_NAMES,
    WORDLIKE_NAMES,
)
from feedback.redaction.place_words import (
    _BY_A_PLACE,
    _LOCATION_PREPS,
    _LOWER_FACILITY,
    _LOWER_FACILITY_HEAD,
    _LOWER_FACILITY_TAIL,
    _MOTION_VERBS,
    _PLACE_PARTS,
    _PLACE_PREFIX,
    _WEAK_FACILITY,
)


class _Tok:
    __slots__ = ("start", "end", "wend", "word", "core", "low", "cap", "initial", "joined_next", "single")

    def __init__(self, start: int, end: int, word: str):
        self.start = start
        self.wend = end
        self.word = word
        self.low = word.lower()
        self.initial = False
        self.joined_next = False
        core = word
        if "'" in word or "’" in word:
            idx = max(word.rfind("'"), word.rfind("’"))
            if idx > 0 and word[idx + 1 :] in _CONTRACTION_SUFFIXES:
                core = word[:idx]
                end = start + idx
        self.core = core
        self.end = end
        if core[0].isupper():
            self.single = single = len(core) == 1
            self.cap = single or not core.isupper() or "'" in core
        else:
            self.single = self.cap = False


def _at_a_place(toks: list, i: int, place: list | None = None) -> bool:
    """The words before token i say a place follows: "on Sophie Lane", "moved to Sophie Lane", "live by
    Emma Wood", "the end of Lucy Lane", or a place and "and", "or", "instead of": "Station Road and Emily Lane"."""
    p1 = toks[i - 1] if i >= 1 else None
    if p1 is None or not p1.joined_next or toks[i].initial:
        return False
    if p1.low in _LOCATION_PREPS:
        return True
    p2 = toks[i - 2] if i >= 2 else None
    if p2 is None or not p2.joined_next:
        return False
    if (p1.low == "to" and p2.low in _MOTION_VERBS) or (p1.low == "by" and p2.low in _BY_A_PLACE):
        return True
    if p1.low == "of" and p2.low in _PLACE_PARTS:
        return True
    if place is None:
        return False
    link = 2 if (p2.low, p1.low) in (("instead", "of"), ("rather", "than")) else 1
    if link == 1 and p1.low not in ("and", "or", "nor"):
        return False
    if link == 1 and i + 2 < len(toks) and toks[i + 2] is not None and toks[i + 2].low in _PERSON_VERBS:
        return False  # "on Rose Ward and Emma Wood is her nurse": a person after "and"
    k = i - link - 1  # the word before the link: the place word ending a place's name
    before = toks[k] if k >= 1 else None
    if before is None or before.core not in FACILITY_WORDS or not before.joined_next or not place[k - 1]:
        return False
    # A place in its own right: "Station Road", "on Amelia Park"; not "Jack Hill", a place only for want
    # of anything saying so, which may be a person: "thanks to Jack Hill and Emma Park".
    start = toks[k - 1]
    return (
        before.core not in _WEAK_FACILITY
        or (start.core not in FIRST_NAMES and start.core not in WORDLIKE_NAMES)
        or _at_a_place(toks, k - 1, place)
    )


def _read_tokens(text: str) -> tuple[list, list[int]]:
    """The tokens near a capitalised word (the others are None), and which of them start with a capital."""
    if text.islower():
        return [], []  # no capital letter at all: nothing to read
    spans = [m.span() for m in _TOKEN_RE.finditer(text)]
    cand = [i for i, sp in enumerate(spans) if text[sp[0]].isupper()]
    if not cand:
        return [], []
    n = len(spans)
    toks: list = [None] * n
    # Only tokens near a capitalised word matter: build those (3 before, 5 after, as far as a rule
    # reads: "Pat Moor has been our social worker"). The windows are met in order, so each starts
    # where the last one ended or later.
    built = 0
    for c in cand:
        lo = c - 3 if c - 3 > built else built
        hi = c + 6 if c + 6 < n else n
        for i in range(lo, hi):
            st, en = spans[i]
            t = toks[i] = _Tok(st, en, text[st:en])
            if i == 0:
                t.initial = True
            else:
                pe = spans[i - 1][1]
                if pe != st - 1 or text[pe] != " ":
                    gap = text[pe:st]
                    if _BOUNDARY_RE.search(gap):
                        pw = text[spans[i - 1][0] : pe]
                        t.initial = not (
                            gap.strip() == "." and (pw.lower() in _ABBREV_TITLES or (len(pw) == 1 and pw.isupper()))
                        )
            if i + 1 < n:
                ns = spans[i + 1][0]
                if ns == en + 1 and text[en] == " ":
                    t.joined_next = True
                else:
                    gap = text[en:ns]
                    t.joined_next = bool(_SPACE_ONLY_RE.fullmatch(gap)) or (
                        gap in (".", ". ") and (t.low in _ABBREV_TITLES or t.single)
                    )
        if hi > built:
            built = hi
    return toks, cand


def _mark_places(toks: list, caps: list[int], n: int) -> list[bool]:
    """Which capitalised tokens are part of a place's name: a run before a place word, or after "Royal"."""
    place = [False] * n
    for i in caps:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else None
        if not t.cap or nxt is None or not t.joined_next:
            continue
        facility = False
        if nxt.cap and nxt.core in FACILITY_WORDS:
            if (
                nxt.core in _WEAK_FACILITY
                and t.core in FIRST_NAMES
                and t.core not in WORDLIKE_NAMES
                and not _at_a_place(toks, i, place)
            ):
                facility = False  # "Emma Wood": surname; "on Sophie Lane", "Jasmine Gardens": a place
            else:
                facility = True
        elif not nxt.cap and t.word == t.core:
            facility = nxt.low in _LOWER_FACILITY or (
                nxt.low in _LOWER_FACILITY_HEAD
                and i + 2 < n
                and toks[i + 2] is not None
                and toks[i + 2].low in _LOWER_FACILITY_TAIL
                and nxt.joined_next
            )
        if not facility and nxt.cap and t.core in _PLACE_PREFIX and nxt.core not in _HARD_STOP:
            # "Royal Victoria", "St Anne's", "Queen Elizabeth": place names, mark the word after
            k2 = i + 1
            while k2 < n and toks[k2] is not None and toks[k2].cap:
                place[k2] = True
                if not toks[k2].joined_next or toks[k2].word != toks[k2].core:
                    break
                k2 += 1
        if facility and nxt.core in _WEAK_FACILITY:
            _mark_surname_place(toks, i, place)
        elif facility:
            _mark_run(toks, i, place)
    return place


def _mark_run(toks: list, i: int, place: list[bool]) -> int:
    """Mark the capitalised words ending at token i as a place, back to a title; return the first."""
    k = i
    while k >= 0 and toks[k].cap and toks[k].low not in _TITLES:
        place[k] = True
        if k == 0 or not toks[k - 1].joined_next:
            break
        k -= 1
    return k if place[k] else k + 1


def _mark_surname_place(toks: list, i: int, place: list[bool]) -> None:
    """Tokens up to i and the place word after them that is also a surname ("Wood", "Heath"). With
    no first name among them they are a place, the place word too: "Oak Wood", "Birch Heath". A first
    name makes a place only after a word of place ("moved to Emma Wood"), and a title makes a
    person: "Mr Oak Wood"."""
    k = i
    while toks[k].low not in _TITLES and k > 0 and toks[k - 1] is not None and toks[k - 1].joined_next:
        if not toks[k - 1].cap:
            break
        k -= 1
    if toks[k].low in _TITLES:
        return
    start = _mark_run(toks, i, place)
    first_name = any(toks[j].core in FIRST_NAMES or toks[j].core in WORDLIKE_NAMES for j in range(start, i + 1))
    if not first_name or _at_a_place(toks, start, place):
        place[i + 1] = True
