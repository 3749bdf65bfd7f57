"""Optional statistical scorer, OR'ed with the rules for recall.

A small TF-IDF (words 1-2 + character 3-5 grams) logistic regression trained
at first use on ``data/train.csv`` -- a hand-written list kept separate from
the evaluation sets in ``bench/data``. Nothing is downloaded; if scikit-learn
is not installed the detector silently runs on rules alone.
"""

from __future__ import annotations

import csv
import threading
from pathlib import Path

TRAIN_PATH = Path(__file__).resolve().parent / "data" / "train.csv"
_lock = threading.Lock()


def load_training(path: Path = TRAIN_PATH) -> tuple[list[str], list[int]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = [(r["text"], int(r["urgent"])) for r in csv.DictReader(f) if r["text"].strip()]
    return [t for t, _ in rows], [y for _, y in rows]


def build(texts: list[str], labels: list[int]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    vec = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, lowercase=True),
    )
    clf = make_pipeline(vec, LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000))
    clf.fit(texts, labels)
    return clf


_UNBUILT = object()
_built = _UNBUILT


def _model():
    """The model, trained once per process on first use (about two seconds), then shared.

    Double-checked under a lock, so two requests arriving together train it once.
    """
    global _built
    if _built is _UNBUILT:
        with _lock:
            if _built is _UNBUILT:
                try:
                    texts, labels = load_training()
                    _built = build(texts, labels)
                except Exception:  # scikit-learn missing or data unreadable: rules only
                    _built = None
    return _built


def available() -> bool:
    return _model() is not None


def probability(text: str) -> float | None:
    m = _model()
    if m is None:
        return None
    return float(m.predict_proba([text])[0][1])


def probabilities(texts: list[str]) -> list[float | None]:
    m = _model()
    if m is None or not texts:
        return [None] * len(texts)
    return [float(p) for p in m.predict_proba(list(texts))[:, 1]]


def top_terms(text: str, k: int = 3) -> list[str]:
    """Words in ``text`` that pushed the model most towards 'urgent'."""
    m = _model()
    if m is None:
        return []
    union, lr = m.steps[0][1], m.steps[1][1]
    word_vec = union.transformer_list[0][1]
    x = word_vec.transform([text])
    n_word = len(word_vec.vocabulary_)
    coef = lr.coef_[0][:n_word]
    names = word_vec.get_feature_names_out()
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    def content(term: str) -> bool:
        return any(w not in ENGLISH_STOP_WORDS and len(w) > 2 for w in term.split())

    contrib = [(x[0, j] * coef[j], names[j]) for j in x.nonzero()[1] if coef[j] > 0 and content(names[j])]
    contrib.sort(reverse=True)
    return [n for _, n in contrib[:k]]
