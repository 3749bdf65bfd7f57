"""Statistical scorer, OR'ed with the rules for recall.

A TF-IDF (words 1-2 + character 2-5 grams) logistic regression trained on the
package's own data (``data/``): three hand-written lists (``train.csv``,
``labelled.csv`` and ``narrative.csv``, ordinary comments told as narrative or
reported speech) and the real NHS Friends and Family Test comments of the
feedback-v6 training split (``feedback_v6_train.csv``; mostly not urgent, the
few urgent ones marked by hand). Nothing is downloaded; if scikit-learn is not
installed the detector runs on rules alone.

Fitting takes a few seconds, so a caller that can give it a directory should
(``configure(cache_dir=...)``): the fitted model is then written there once and
loaded by every later process. The file name carries a hash of the training
data, this code's version and the library versions, so a change to any of them
fits a fresh model instead of loading a stale one. Without a directory the
model is fitted in memory on first use, once per process.
"""

from __future__ import annotations

import csv
import hashlib
import os
import tempfile
import threading
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAINING_FILES = ("train.csv", "labelled.csv", "narrative.csv", "feedback_v6_train.csv")
# Bump when build() or the way training rows are read changes.
MODEL_VERSION = "3"

_lock = threading.Lock()
_UNBUILT = object()
_built = _UNBUILT
_cache_dir: Path | None = None


def training_paths(data_dir: Path | None = None) -> list[Path]:
    return [(data_dir or DATA_DIR) / name for name in TRAINING_FILES]


def read_rows(path: Path) -> list[tuple[str, int]]:
    """(text, urgent) rows of one training file; a bad label is an error naming file and line."""
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            text = (row.get("text") or "").strip()
            if not text:
                continue
            label = (row.get("urgent") or "").strip()
            if label not in ("0", "1"):
                raise ValueError(f"{path.name} line {reader.line_num}: urgent must be 0 or 1, not {label!r}")
            rows.append((text, int(label)))
    return rows


def load_training(paths: list[Path] | None = None) -> tuple[list[str], list[int]]:
    rows = [r for p in paths or training_paths() for r in read_rows(p)]
    return [t for t, _ in rows], [y for _, y in rows]


def build(texts: list[str], labels: list[int]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    vec = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
        ]
    )
    clf = make_pipeline(vec, LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear", max_iter=5000))
    clf.fit(texts, labels)
    return clf


def training_key(paths: list[Path] | None = None) -> str:
    """Hash of what the fitted model depends on: training files, code version, library versions."""
    import sklearn

    h = hashlib.sha256()
    h.update(f"urgent-model {MODEL_VERSION} sklearn {sklearn.__version__}\n".encode())
    for p in paths or training_paths():
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def cache_path(cache_dir: Path | str, key: str | None = None) -> Path:
    return Path(cache_dir) / f"urgent-model-{(key or training_key())[:20]}.joblib"


def configure(cache_dir: Path | str | None) -> None:
    """Keep the fitted model in ``cache_dir`` (created if missing); None fits in memory only.

    Drops a model already loaded in this process, so the next use reads or writes the cache.
    """
    global _cache_dir, _built
    with _lock:
        _cache_dir = Path(cache_dir) if cache_dir is not None else None
        _built = _UNBUILT


def fit_and_store(cache_dir: Path | str):
    """Fit now and write the model to ``cache_dir`` (e.g. at install or deploy); returns the path."""
    import joblib

    key = training_key()
    target = cache_path(cache_dir, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    texts, labels = load_training()
    model = build(texts, labels)
    fd, tmp = tempfile.mkstemp(prefix=".urgent-model-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            joblib.dump({"key": key, "model": model}, f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # atomic: a reader sees the old file or the whole new one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, model


def _load_or_fit(cache_dir: Path | None):
    if cache_dir is None:
        texts, labels = load_training()
        return build(texts, labels)
    import joblib

    key = training_key()
    path = cache_path(cache_dir, key)
    stored = None
    if path.exists():
        try:
            stored = joblib.load(path)
        except Exception:  # unreadable or damaged: fitted afresh below, and overwritten
            stored = None
    if isinstance(stored, dict) and stored.get("key") == key:
        return stored["model"]
    try:
        return fit_and_store(cache_dir)[1]
    except OSError:  # directory not writable: still usable, just not cached
        texts, labels = load_training()
        return build(texts, labels)


def _model():
    """The model, loaded from the cache or fitted, once per process, then shared.

    Double-checked under a lock, so two requests arriving together load it once.
    """
    global _built
    if _built is _UNBUILT:
        with _lock:
            if _built is _UNBUILT:
                try:
                    _built = _load_or_fit(_cache_dir)
                except ImportError:  # scikit-learn missing: rules only
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


def top_terms(text: str, k: int = 3, model=None) -> list[str]:
    """Words in ``text`` that pushed the model most towards 'urgent'."""
    m = model if model is not None else _model()
    if m is None:
        return []
    word_vec, coef, names = _word_weights(m)
    x = word_vec.transform([text])
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    def content(term: str) -> bool:
        return any(w not in ENGLISH_STOP_WORDS and len(w) > 2 for w in term.split())

    contrib = [(x[0, j] * coef[j], names[j]) for j in x.nonzero()[1] if coef[j] > 0 and content(names[j])]
    contrib.sort(reverse=True)
    return [n for _, n in contrib[:k]]


_word_weights_of: dict[int, tuple] = {}


def _word_weights(m):
    """The word vectoriser, its coefficients and names; worked out once per model (the names are many)."""
    found = _word_weights_of.get(id(m))
    if found is None or found[0] is not m:
        union, lr = m.steps[0][1], m.steps[1][1]
        word_vec = union.transformer_list[0][1]
        coef = lr.coef_[0][: len(word_vec.vocabulary_)]
        found = (m, word_vec, coef, word_vec.get_feature_names_out())
        _word_weights_of.clear()
        _word_weights_of[id(m)] = found
    return found[1:]


def main(argv: list[str] | None = None) -> int:
    """``python -m themes.urgent.model --cache-dir DIR``: fit now (at install or deploy) and store."""
    import argparse
    import time

    ap = argparse.ArgumentParser(prog="python -m themes.urgent.model", description=main.__doc__)
    ap.add_argument("--cache-dir", required=True, help="directory the detector is configured with")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    path, _ = fit_and_store(args.cache_dir)
    print(f"urgent model fitted in {time.perf_counter() - t0:.1f} s and written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
