from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "feedback-v6"


@pytest.fixture(autouse=True)
def in_one_thread():
    """Every test here fits and scores in one thread, as `FeedbackModel` does. Tests that fit a theme or
    sentiment model on its own would otherwise run the sentiment stacker's trees with one OpenMP thread
    a core; beside the other test worker on a two-core machine those threads wait on each other, and a
    fit on 400 comments took ten times as long (41 s against 4 s)."""
    from themes.ml._base import one_thread

    with one_thread():
        yield


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
