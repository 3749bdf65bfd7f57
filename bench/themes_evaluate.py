"""Train on feedback-v6 train.csv, score on dev.csv, print one line of JSON.

Run from the repository root: ``python bench/themes_evaluate.py``.
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from config.reproducible import pin_blas_kernels  # noqa: E402

pin_blas_kernels()  # before numpy loads, as the `heard` command does

from themes.ml.evaluate import evaluate  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "feedback-v6"

if __name__ == "__main__":
    print(json.dumps(evaluate(DATA / "train.csv", DATA / "dev.csv")))
