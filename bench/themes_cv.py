"""Grouped k-fold cross-validation of FeedbackModel on feedback-v6 train.csv only.

``python bench/themes_cv.py '{"theme_params": {...}, "sentiment_params": {...}}' [--seed N] [--folds K]``
prints one JSON line with pooled out-of-fold themes micro/macro F1 and sentiment 5/3-level macro F1.
Folds are grouped by respondent (GroupKFold), so no respondent is split across folds. Without
``--seed`` the folds are GroupKFold's fixed ones; ``--seed N`` shuffles the respondents into other
folds, to check that a difference between settings holds on more than one split. ``--folds`` (5
unless given) sets how many folds: each model trains on (K - 1) / K of the comments, so 10 folds
come closer to a model trained on all of train.csv, as the evaluate command's is, at twice the time.
"""

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from config.reproducible import pin_blas_kernels  # noqa: E402

pin_blas_kernels()  # before numpy loads, as the `heard` command does

import numpy as np  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from themes.ml.data import BENCHMARK_LABELS, read_feedback  # noqa: E402
from themes.ml.evaluate import sentiment_scores, theme_matrix, theme_scores  # noqa: E402
from themes.ml.model import FeedbackModel  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "feedback-v6"


def run_fold(data, train, test, params):
    pick = lambda seq, idx: [seq[i] for i in idx]  # noqa: E731
    model = FeedbackModel(**params)
    model.fit(
        pick(data.texts, train),
        pick(data.themes, train),
        pick(data.sentiments, train),
        pick(data.metadata, train),
        label_names=BENCHMARK_LABELS,
        groups=pick(data.respondents, train),
    )
    prediction = model.predict(pick(data.texts, test), pick(data.metadata, test))
    return test, prediction.themes, prediction.sentiment, prediction.sentiment3


def cross_validate(params, n_splits=5, n_jobs=1, seed=None):
    # Folds run one after another: each fold's training already shares its fits with a worker
    # process, so folds in parallel would run four processes on a two-core machine for no gain.
    data = read_feedback(DATA / "train.csv")
    n = len(data.texts)
    splitter = GroupKFold(n_splits=n_splits) if seed is None else GroupKFold(n_splits, shuffle=True, random_state=seed)
    folds = splitter.split(np.zeros(n), groups=data.respondents)
    start = time.perf_counter()
    results = Parallel(n_jobs=n_jobs)(delayed(run_fold)(data, tr, te, params) for tr, te in folds)
    themes = np.zeros((n, len(BENCHMARK_LABELS)), dtype=bool)
    sent5, sent3 = [None] * n, [None] * n
    for test, predicted, s5, s3 in results:
        themes[test] = predicted
        for i, a, b in zip(test, s5, s3, strict=True):
            sent5[i], sent3[i] = a, b
    scores = theme_scores(theme_matrix(data.themes), themes)
    scores.pop("per_label")
    scores.update(sentiment_scores(data.sentiments, sent5, sent3))
    scores = {key: round(value, 4) for key, value in scores.items()}
    scores["seconds"] = round(time.perf_counter() - start, 1)
    return scores


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("params", nargs="?", default="{}", help="FeedbackModel parameters as JSON")
    parser.add_argument("--seed", type=int, default=None, help="shuffle respondents into folds with this seed")
    parser.add_argument("--folds", type=int, default=5, help="number of folds (default 5)")
    args = parser.parse_args()
    params = json.loads(args.params)
    result = {"params": params, **({} if args.seed is None else {"seed": args.seed})}
    if args.folds != 5:
        result["folds"] = args.folds
    print(json.dumps({**result, **cross_validate(params, n_splits=args.folds, seed=args.seed)}), flush=True)
