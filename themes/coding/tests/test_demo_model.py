"""The demo's model is the same however often the demo is built again from the same seed."""

import io

import joblib
import numpy as np
import pytest

from feedback.demo import feedback_demo_build
from organisations.demo import demo_build
from themes.coding.demo import coding_demo_build


def _model_figures(version):
    with version.artifact.open("rb") as handle:
        model = joblib.load(io.BytesIO(handle.read()))["model"]
    figures = {k: v for k, v in version.metrics.items() if k != "train_seconds"}
    return figures, model.themes_.thresholds_.copy(), model.themes_.coef_.copy()


@pytest.mark.django_db
def test_the_demo_built_again_from_the_same_seed_trains_the_same_model():
    """Built again, the demo's records get new ids (and its framework a new one); the model must not
    depend on them."""

    def build():
        northgate = demo_build(seed=7)[0].organisation
        feedback_demo_build(organisation=northgate, seed=7, total=200)
        return _model_figures(coding_demo_build(organisation=northgate, seed=7, review_suggestions=0)["model"])

    first, again = build(), build()
    assert first[0] == again[0]
    assert np.array_equal(first[1], again[1]) and np.array_equal(first[2], again[2])
