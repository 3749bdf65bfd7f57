"""Finding the rules' hits in a normalised comment: each rule compiled once with the literals it
needs, benign phrases blanked, medium and weak cues cancelled by a negation in their clause, and a
strong cue told as long past and resolved counted as medium."""

from __future__ import annotations

import re
import re._casefix as _casefix
import re._constants as _sre
import re._parser as _sre_parse
from dataclasses import dataclass

from . import lexicon


@dataclass(frozen=True)
class Hit:
    category: str
    tier: str
    weight: float
    start: int
    end: int
    phrase: str
    rule: int = -1


_FLAGS = re.IGNORECASE


def _required_literals(items) -> set[str] | None:
    """Strings of which every match of the parsed pattern contains at least one; None if unknown.

    Used only to skip rules that cannot match: a sequence needs what any of its parts needs, an
    alternation needs what one of its branches needs, an optional part needs nothing.
    """
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            candidates.append({run})
            run = ""
        found = None
        if op is _sre.SUBPATTERN:
            found = _required_literals(av[3].data)
        elif op is _sre.ATOMIC_GROUP:
            found = _required_literals(av.data)
        elif op is _sre.BRANCH:
            branches = [_required_literals(b.data) for b in av[1]]
            found = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required_literals(av[2].data)
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (min(map(len, c)), -len(c)))
    return best if min(map(len, best)) >= 3 else None


def _rule(category: str, tier: str, weight: float, pattern: str):
    needs = _required_literals(_sre_parse.parse(pattern, _FLAGS).data)
    return category, tier, weight, re.compile(pattern, _FLAGS), frozenset(needs) if needs else None


_RULES = [_rule(*r) for r in lexicon.RULES]
# Every literal some rule needs; a text holding none of a rule's literals skips that rule's regex.
_LITERALS = sorted({lit for *_, needs in _RULES if needs for lit in needs})
# Letters that case-insensitive matching treats as an ASCII letter ("ſ" as "s", "ı" as "i").
_FOLDS_TO_ASCII = frozenset(chr(x) for k, xs in _casefix._EXTRA_CASES.items() if k < 128 for x in xs)
_STILL = re.compile(lexicon.STILL_PRESENT, _FLAGS)
_HISTORIC = re.compile(lexicon.HISTORIC, _FLAGS)
_RESOLVED = re.compile(lexicon.RESOLVED, _FLAGS)
_SENTENCE_END = re.compile(r"[.!?\n]")
_BENIGN = re.compile("|".join(f"(?:{p})" for p in lexicon.BENIGN), _FLAGS)
_NEGATOR = re.compile(lexicon.NEGATORS, _FLAGS)
_NEGATION_PHRASE = re.compile(lexicon.NEGATION_PHRASES, _FLAGS)
_NOT_A_NEGATOR = re.compile(r"\b(?:no[- ]?one|nobody|no body|no staff|none of the staff)\b", _FLAGS)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n()\"]|\b(?:but|however|although|though|and|whereas|yet|so|because|when|then)\b", _FLAGS
)


def _blank_benign(norm: str) -> str:
    return _BENIGN.sub(lambda m: "_" * len(m.group(0)), norm)


def _negated(text: str, start: int) -> bool:
    """True if a negation sits shortly before ``start`` in the same clause."""
    window = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    window = _NOT_A_NEGATOR.sub(" ", window)
    words = window.split()[-5:]
    tail = " ".join(words)
    return bool(_NEGATOR.search(tail) or _NEGATION_PHRASE.search(tail))


def find_hits(norm: str, negated: list[Hit] | None = None) -> list[Hit]:
    """Rule hits in normalised text; cues cancelled by negation go to ``negated``."""
    text = _blank_benign(norm)
    # A substring test would miss the few letters that case-insensitive matching folds onto
    # ASCII ones: text holding any of them runs every rule.
    present = None if _FOLDS_TO_ASCII.intersection(text) else {lit for lit in _LITERALS if lit in text}
    raw: list[Hit] = []
    for rule_no, (cat, tier, weight, rx, needs) in enumerate(_RULES):
        if present is not None and needs is not None and present.isdisjoint(needs):
            continue
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            if tier != "strong" and _negated(text, m.start()):
                if negated is not None:
                    negated.append(Hit(cat, tier, weight, m.start(), m.end(), norm[m.start() : m.end()], rule_no))
                continue
            raw.append(Hit(cat, tier, weight, m.start(), m.end(), norm[m.start() : m.end()], rule_no))
    # Keep the strongest non-overlapping hits so one phrase is counted once.
    tier_rank = {"strong": 2, "medium": 1, "weak": 0}
    raw.sort(key=lambda h: (-tier_rank[h.tier], -h.weight, -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for h in raw:
        if any(h.start < k.end and k.start < h.end for k in kept):
            continue
        kept.append(h)
    kept.sort(key=lambda h: h.start)
    return [_historic_downgrade(text, h) for h in kept]


def _sentence(text: str, start: int, end: int) -> str:
    a, b = _sentence_bounds(text, start, end)
    return text[a:b]


def _sentences_of(text: str, hits: list[Hit]) -> list[str]:
    """The sentences the hits are in, each once, in order."""
    spans = sorted({_sentence_bounds(text, h.start, h.end) for h in hits})
    return [text[a:b] for a, b in spans]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    return a, m.start() if m else len(text)


def _historic_downgrade(text: str, h: Hit) -> Hit:
    """Strong cue told as long past and resolved, in its own sentence -> medium."""
    if h.tier != "strong":
        return h
    sent = _sentence(text, h.start, h.end)
    if _HISTORIC.search(sent) and _RESOLVED.search(sent) and not _STILL.search(sent):
        return Hit(h.category, "medium", h.weight, h.start, h.end, h.phrase, h.rule)
    return h
