"""Does coding comments in the active-learning order beat coding random ones?

Simulation on feedback-v6: the train file is the uncoded pool (its codes are revealed only
when a comment is "coded"). Active: a cold-start diversity seed, then rounds in which the
model is retrained and the next batch is taken in ``active_order``. Random: the same number
of comments drawn at random. Each final model is scored on dev (macro F1 over the 35
benchmark themes). Prints one line of JSON.

Run from the repository root: ``python bench/themes_active_learning.py [--budget 500]``.
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

from themes.ml.active import active_order  # noqa: E402
from themes.ml.data import BENCHMARK_LABELS, read_feedback  # noqa: E402
from themes.ml.evaluate import theme_matrix, theme_scores  # noqa: E402
from themes.ml.model import ThemeModel  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "feedback-v6"


def fit(pool, indices, random_state):
    indices = list(indices)
    return ThemeModel(random_state=random_state).fit(
        [pool.texts[i] for i in indices],
        [pool.themes[i] for i in indices],
        [pool.metadata[i] for i in indices],
        label_names=BENCHMARK_LABELS,
        groups=[pool.respondents[i] for i in indices],
    )


def macro_f1(model, dev) -> float:
    return theme_scores(theme_matrix(dev.themes), model.predict(dev.texts, dev.metadata))["macro_f1"]


def active_selection(pool, budget, seed_size, batch_size, random_state) -> list[int]:
    coded = active_order(pool.texts, random_state=random_state)[:seed_size]
    while len(coded) < budget:
        model = fit(pool, coded, random_state)
        taken = set(coded)
        uncoded = [i for i in range(len(pool.texts)) if i not in taken]
        step = min(batch_size, budget - len(coded))
        order = active_order(
            [pool.texts[i] for i in uncoded],
            model,
            [pool.metadata[i] for i in uncoded],
            batch_size=step,
            random_state=random_state,
        )
        coded.extend(uncoded[i] for i in order[:step])
    return coded


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=500)
    parser.add_argument("--seed-size", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    pool = read_feedback(DATA / "train.csv")
    dev = read_feedback(DATA / "dev.csv")
    started = time.perf_counter()
    active, random = [], []
    for seed in range(args.repeats):
        chosen = active_selection(pool, args.budget, args.seed_size, args.batch_size, seed)
        active.append(macro_f1(fit(pool, chosen, seed), dev))
        drawn = np.random.default_rng(seed).choice(len(pool.texts), size=args.budget, replace=False)
        random.append(macro_f1(fit(pool, drawn, seed), dev))
    print(
        json.dumps(
            {
                "budget": args.budget,
                "seed_size": args.seed_size,
                "batch_size": args.batch_size,
                "repeats": args.repeats,
                "active_macro_f1": round(float(np.mean(active)), 4),
                "random_macro_f1": round(float(np.mean(random)), 4),
                "active_runs": [round(x, 4) for x in active],
                "random_runs": [round(x, 4) for x in random],
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
