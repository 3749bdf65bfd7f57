from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "feedback-v6"


@pytest.fixture(scope="session")
def train_path() -> Path:
    path = DATA / "train.csv"
    if not path.exists():
        pytest.skip(f"feedback-v6 data not found at {path}")
    return path


@pytest.fixture(scope="session")
def real_slice(train_path):
    from themes.ml.data import read_feedback

    feedback = read_feedback(train_path)
    return feedback, slice(0, 600), slice(600, 800)


@pytest.fixture(scope="session")
def real_feedback(train_path):
    from themes.ml.data import read_feedback

    return read_feedback(train_path)


@pytest.fixture(scope="session")
def dev_feedback(train_path):
    from themes.ml.data import read_feedback

    path = train_path.parent / "dev.csv"
    if not path.exists():
        pytest.skip(f"feedback-v6 data not found at {path}")
    return read_feedback(path)
