"""Rule-based urgent-flag detector (pure Python, no Django).

``assess(text)`` returns an :class:`UrgentAssessment`. The decision is tuned
for recall: a strong cue (e.g. "better off dead", "took £50 from her purse")
always flags, whatever the sentence around it says; weaker cues add up, and a
circumstance such as "nobody could explain" or "for hours", in the sentence of
one of them, pushes them over the line. Negation ("no signs of neglect") only
cancels medium/weak cues in the same clause, never a strong one.
"""

from __future__ import annotations

import re
import re._casefix as _casefix
import re._constants as _sre
import re._parser as _sre_parse
from dataclasses import dataclass, field

from . import lexicon

LABELS: dict[str, str] = {
    "self_harm": "self-harm or suicide risk",
    "danger_to_others": "danger to others",
    "physical_abuse": "possible physical abuse",
    "sexual_abuse": "possible sexual abuse",
    "financial_abuse": "possible financial abuse",
    "emotional_abuse": "possible emotional or psychological abuse",
    "domestic_abuse": "possible domestic abuse",
    "neglect": "neglect",
    "medication": "medication error",
    "fall_injury": "physical harm or injury",
    "restraint": "restraint or restrictive practice",
    "discrimination": "discrimination causing harm",
    "unsafe_discharge": "unsafe discharge",
    "child_at_risk": "child at risk",
    "safeguarding": "safeguarding concern",
}

THRESHOLD = 1.0
MAX_REASONS = 6
# Model back-up: p >= MODEL_WITH_CUES together with at least MIN_CUE_MASS of
# rule evidence, or p >= MODEL_ALONE on its own. Chosen by 5-fold
# cross-validation on the training lists (README: "How the thresholds were
# chosen"), never on the held-out set.
MODEL_WITH_CUES = 0.35
MIN_CUE_MASS = 0.4
MODEL_ALONE = 0.45


@dataclass(frozen=True)
class UrgentAssessment:
    urgent: bool
    reasons: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    score: float = 0.0


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
_AGGRAVATORS = [(w, re.compile(p, _FLAGS)) for w, p in lexicon.AGGRAVATORS]
_MITIGATORS = [(w, re.compile(p, _FLAGS)) for w, p in lexicon.MITIGATORS]
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


def _best(patterns: list[tuple[float, re.Pattern[str]]], text: str) -> tuple[float, str]:
    best, phrase = 0.0, ""
    for w, rx in patterns:
        m = rx.search(text)
        if m and w > best:
            best, phrase = w, m.group(0)
    return best, phrase


def assess(text: str, use_model: bool = True, _p: float | None = None) -> UrgentAssessment:
    """Assess one comment. ``use_model=False`` gives the pure rule decision."""
    if not text or not text.strip():
        return UrgentAssessment(False, [], [], 0.0)
    norm, idx = normalise(text)
    negated: list[Hit] = []
    hits = find_hits(norm, negated)
    blanked = _blank_benign(norm)
    strong = [h for h in hits if h.tier == "strong"]
    soft = [h for h in hits if h.tier != "strong"]
    # A weak rule counts once however often it fires ("blood ... blood").
    soft_sum = 0.0
    seen_weak: set[int] = set()
    for h in soft:
        if h.tier == "weak":
            if h.rule in seen_weak:
                continue
            seen_weak.add(h.rule)
        soft_sum += h.weight
    agg, agg_phrase = 0.0, ""
    if soft:
        agg, agg_phrase = _best(_AGGRAVATORS, " ".join(_sentences_of(blanked, soft)))
    mit = 0.0
    if soft and not _STILL.search(blanked):
        mit, _ = _best(_MITIGATORS, blanked)
    soft_total = max(0.0, soft_sum + agg - mit)
    total = len(strong) * 1.0 + soft_total
    urgent = bool(strong) or soft_total >= THRESHOLD
    score = min(1.0, total / (2 * THRESHOLD))

    # Statistical back-up (recall): a comment the rules only half-suspect is
    # flagged when the model also leans urgent; a very confident model flags
    # on its own.
    prob: float | None = None
    by_model = False
    # Never let the model overrule a mitigated (dealt-with) or explicitly
    # negated situation ("she has never been left in a wet pad").
    if not urgent and use_model and mit == 0.0 and not (negated and not hits):
        prob = _p if _p is not None else _model_probability(text)
        cue_mass = len(strong) + soft_sum
        if prob is not None and ((prob >= MODEL_WITH_CUES and cue_mass >= MIN_CUE_MASS) or prob >= MODEL_ALONE):
            urgent = by_model = True
            score = max(score, 0.25 + prob / 2)
    score = round(min(1.0, score), 3)
    if not urgent:
        return UrgentAssessment(False, [], [], score)

    primary = [h for h in hits if h.tier != "weak"] or sorted(soft, key=lambda h: -h.weight)
    primary.sort(key=lambda h: ({"strong": 0, "medium": 1, "weak": 2}[h.tier], -h.weight, h.start))
    reasons: list[str] = []
    categories: list[str] = []
    seen: set[tuple[str, str]] = set()
    if by_model:
        terms = _model_terms(text)
        quoted = ", ".join(f"'{t}'" for t in terms) if terms else "the comment as a whole"
        # Read by a safeguarding lead: how sure in words, not as a probability.
        reasons.append(f"possible safeguarding concern (model, {int(prob * 100)}% sure), from the words {quoted}")
    for h in primary:
        phrase = _original_phrase(text, idx, h)
        key = (h.category, phrase.lower())
        if key in seen:
            continue
        seen.add(key)
        if h.category not in categories:
            categories.append(h.category)
        if len(reasons) < MAX_REASONS:
            reasons.append(f"{LABELS[h.category]}: '{phrase}'")
    if not strong and agg and agg_phrase:
        reasons.append(f"aggravating circumstance: '{agg_phrase.strip()}'")
    if by_model and not categories:
        categories.append("safeguarding")
    return UrgentAssessment(True, reasons, categories, score)


def assess_many(texts: list[str], use_model: bool = True) -> list[UrgentAssessment]:
    """Like :func:`assess` for many comments, scoring the model in one batch."""
    probs: list[float | None] = [None] * len(texts)
    if use_model:
        probs = _model_probabilities(texts)
    return [assess(t, use_model=use_model, _p=p) for t, p in zip(texts, probs, strict=False)]


def _model_probability(text: str) -> float | None:
    from . import model

    return model.probability(text)


def _model_probabilities(texts: list[str]) -> list[float | None]:
    from . import model

    return model.probabilities(texts)


def _model_terms(text: str) -> list[str]:
    from . import model

    try:
        return model.top_terms(text)
    except Exception:
        return []


def _original_phrase(text: str, idx: list[int], h: Hit) -> str:
    if not idx or h.end <= h.start:
        return h.phrase
    a = idx[h.start]
    b = idx[min(h.end, len(idx)) - 1] + 1
    phrase = " ".join(text[a:b].split())
    return phrase.strip(" ,.;:")
