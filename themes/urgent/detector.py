"""Rule-based urgent-flag detector (pure Python, no Django).

``assess(text)`` returns an :class:`UrgentAssessment`. The decision is tuned
for recall: a strong cue (e.g. "better off dead", "took £50 from her purse")
always flags, whatever the sentence around it says; weaker cues add up, and a
circumstance such as "nobody could explain" or "for hours", in the sentence of
one of them, pushes them over the line. Negation ("no signs of neglect") only
cancels medium/weak cues in the same clause, never a strong one.

The text is normalised first (`normalising`); the rules' hits are found in `hits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon
from .hits import _FLAGS, _STILL, Hit, _blank_benign, _sentences_of, find_hits
from .normalising import normalise

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


_AGGRAVATORS = [(w, re.compile(p, _FLAGS)) for w, p in lexicon.AGGRAVATORS]
_MITIGATORS = [(w, re.compile(p, _FLAGS)) for w, p in lexicon.MITIGATORS]


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
        words = "the words " + ", ".join(f"'{t}'" for t in terms) if terms else "the comment as a whole"
        # Read by a safeguarding lead: how sure in words, not as a probability.
        reasons.append(f"possible safeguarding concern (model, {int(prob * 100)}% sure), from {words}")
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
