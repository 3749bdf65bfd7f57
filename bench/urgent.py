"""Benchmark for the urgent-flag detector (themes.urgent).

Reports recall, precision and F1 on the held-out set (never trained or tuned
on) and on the hand-written lists labelled.csv and train.csv (which the model
trains on, so their model figures are 5-fold cross-validated: each fifth is
scored by a model fitted without it), the flag rate on the real feedback-v6 dev comments (a
false-alarm sanity check), the model's fit and cached-load times, and
throughput. Human-readable lines first; the last line is one JSON object.

    python bench/urgent.py [--errors] [--dev PATH] [--rules-only]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from themes.urgent import assess, assess_many  # noqa: E402
from themes.urgent import model as urgent_model  # noqa: E402

DATA = ROOT / "bench" / "data"
LABELLED = urgent_model.DATA_DIR / "labelled.csv"
# The hand-written list the rules were not developed against: the honest yardstick of the two.
TRAIN = urgent_model.DATA_DIR / "train.csv"
HOLDOUT = DATA / "urgent_holdout.csv"
DEV_CANDIDATES = [ROOT.parent / "shared" / "data" / "feedback-v6" / "dev.csv"]


def load_labelled(path: Path) -> list[tuple[str, int, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return [(r["text"], int(r["urgent"]), r.get("category", "")) for r in csv.DictReader(f)]


def cross_validated_probabilities(rows: list[tuple[str, int, str]], path: Path, folds: int = 5) -> list[float]:
    """Model probability for each row of the training file ``path`` from a model fitted without
    that row's fifth.

    The other training files are always in the fit; rows are dealt to folds by label so each
    fifth has its share of urgent comments.
    """
    others = [p for p in urgent_model.training_paths() if p.resolve() != path.resolve()]
    base_texts, base_labels = urgent_model.load_training(others)
    rng = random.Random(0)
    fold_of = [0] * len(rows)
    for label in (0, 1):
        idx = [i for i, r in enumerate(rows) if r[1] == label]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            fold_of[i] = n % folds
    probs = [0.0] * len(rows)
    for k in range(folds):
        fit = [i for i in range(len(rows)) if fold_of[i] != k]
        test = [i for i in range(len(rows)) if fold_of[i] == k]
        m = urgent_model.build(base_texts + [rows[i][0] for i in fit], base_labels + [rows[i][1] for i in fit])
        for i, p in zip(test, m.predict_proba([rows[i][0] for i in test])[:, 1], strict=True):
            probs[i] = float(p)
    return probs


def evaluate(rows: list[tuple[str, int, str]], use_model: bool = True, probs: list[float] | None = None) -> dict:
    tp = fp = fn = tn = 0
    misses: list[tuple[str, str]] = []
    false_alarms: list[tuple[str, list[str]]] = []
    if probs is None:
        results = assess_many([t for t, _, _ in rows], use_model=use_model)
    else:
        results = [assess(t, use_model=True, _p=p) for (t, _, _), p in zip(rows, probs, strict=True)]
    for (text, gold, cat), a in zip(rows, results, strict=False):
        if a.urgent and gold:
            tp += 1
        elif a.urgent and not gold:
            fp += 1
            false_alarms.append((text, a.reasons))
        elif gold:
            fn += 1
            misses.append((text, cat))
        else:
            tn += 1
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "f1": round(f1, 4),
        "_misses": misses,
        "_false_alarms": false_alarms,
    }


def dev_flag_rate(path: Path, use_model: bool = True) -> dict | None:
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("FFT answer") or "").strip()]
    flagged = []
    safeguarding_pos = safeguarding_hit = 0
    results = assess_many([r["FFT answer"] for r in rows], use_model=use_model)
    for r, a in zip(rows, results, strict=False):
        sg = (r.get("Safeguarding concerns?") or "").strip() not in ("", "0")
        safeguarding_pos += sg
        if a.urgent:
            flagged.append((r["FFT answer"], a.reasons))
            safeguarding_hit += sg
    return {
        "n": len(rows),
        "flagged": len(flagged),
        "flag_rate": round(len(flagged) / len(rows), 4) if rows else 0.0,
        "safeguarding_positives": safeguarding_pos,
        "safeguarding_flagged": safeguarding_hit,
        "_flagged": flagged,
    }


def throughput(texts: list[str], min_seconds: float = 1.0, use_model: bool = True) -> float:
    """Comments per second through assess() one at a time (the arrival path)."""
    assess("warm up", use_model=use_model)  # model is trained lazily on first use
    n = 0
    t0 = time.perf_counter()
    while True:
        for t in texts:
            assess(t, use_model=use_model)
        n += len(texts)
        el = time.perf_counter() - t0
        if el >= min_seconds:
            return n / el


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true", help="print misses and false alarms")
    ap.add_argument("--dev", type=Path, default=None, help="feedback-v6 dev.csv path")
    ap.add_argument("--rules-only", action="store_true", help="disable the model back-up")
    args = ap.parse_args(argv)
    use_model = not args.rules_only

    result: dict = {"bench": "urgent"}
    if use_model:
        with tempfile.TemporaryDirectory() as cache:
            urgent_model.configure(cache)
            t0 = time.perf_counter()
            urgent_model.available()
            result["model_fit_seconds"] = round(time.perf_counter() - t0, 2)
            urgent_model.configure(cache)
            t0 = time.perf_counter()
            urgent_model.available()
            result["model_cached_load_seconds"] = round(time.perf_counter() - t0, 2)
        print(
            f"model: fitted and cached in {result['model_fit_seconds']:.1f} s, "
            f"loaded from the cache in {result['model_cached_load_seconds']:.2f} s"
        )
    result["model"] = bool(use_model and urgent_model.available())
    print(f"mode: {'rules + model back-up' if result['model'] else 'rules only'}")
    texts: list[str] = []
    for name, path in (("holdout", HOLDOUT), ("labelled", LABELLED), ("train", TRAIN)):
        if not path.exists():
            print(f"{name}: {path} missing")
            result[name] = None
            continue
        rows = load_labelled(path)
        texts += [t for t, _, _ in rows]
        trained_on = name in ("labelled", "train") and result["model"]
        probs = cross_validated_probabilities(rows, path) if trained_on else None
        r = evaluate(rows, use_model, probs)
        rules_only = evaluate(rows, False) if use_model else r
        pos = r["tp"] + r["fn"]
        how = " (model 5-fold cross-validated)" if probs is not None else ""
        print(
            f"{name}{how}: n={r['n']} urgent={pos} recall={r['recall']:.3f} "
            f"precision={r['precision']:.3f} f1={r['f1']:.3f} (tp={r['tp']} fp={r['fp']} fn={r['fn']})"
        )
        if args.errors:
            for t, c in r["_misses"]:
                print(f"  MISS [{c}] {t}")
            for t, why in r["_false_alarms"]:
                print(f"  FALSE ALARM {t} -> {why}")
        result[name] = {k: v for k, v in r.items() if not k.startswith("_")}
        if use_model:
            print(f"  (rules only: recall={rules_only['recall']:.3f} precision={rules_only['precision']:.3f})")
            result[name]["rules_only"] = {k: rules_only[k] for k in ("recall", "precision", "f1")}

    dev_path = args.dev or next((p for p in DEV_CANDIDATES if p.exists()), DEV_CANDIDATES[0])
    d = dev_flag_rate(dev_path, use_model)
    if d is None:
        print(f"feedback-v6 dev: {dev_path} not found, skipped")
        result["feedback_v6_dev"] = None
    else:
        print(
            f"feedback-v6 dev: n={d['n']} flagged={d['flagged']} flag_rate={d['flag_rate']:.3f} "
            f"(safeguarding-coded positives {d['safeguarding_positives']}, flagged {d['safeguarding_flagged']})"
        )
        if args.errors:
            for t, why in d["_flagged"]:
                print(f"  DEV FLAG {t[:200]!r} -> {why}")
        result["feedback_v6_dev"] = {k: v for k, v in d.items() if not k.startswith("_")}

    sample = texts or ["the food was cold"]
    tput = throughput(sample, use_model=use_model)
    t0 = time.perf_counter()
    assess_many(sample, use_model=use_model)
    batch = len(sample) / (time.perf_counter() - t0)
    rules = throughput(sample, use_model=False)
    print(
        f"throughput: {tput:.0f} comments/second one at a time, {batch:.0f}/s batched (assess_many), "
        f"{rules:.0f}/s rules only"
    )
    result["throughput_per_s"] = round(tput, 1)
    result["throughput_batch_per_s"] = round(batch, 1)
    result["throughput_rules_only_per_s"] = round(rules, 1)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
