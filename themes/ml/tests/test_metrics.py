import numpy as np
import pytest

from themes.ml import metrics
from themes.ml.evaluate import sentiment_scores, theme_scores

TRUTH = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 1], [0, 0, 1]], dtype=bool)
PREDICTED = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 0], [0, 0, 0]], dtype=bool)


def test_f1_by_hand():
    # label 0: tp 2, fp 0, fn 0 -> 1; label 1: tp 1, fp 0, fn 1 -> 2/3; label 2: tp 0, fp 1, fn 2 -> 0
    assert metrics.per_label_f1(TRUTH, PREDICTED) == pytest.approx([1.0, 2 / 3, 0.0])
    assert metrics.macro_f1(TRUTH, PREDICTED) == pytest.approx(5 / 9)
    # micro: tp 3, predicted 4, actual 6 -> 6/10
    assert metrics.micro_f1(TRUTH, PREDICTED) == pytest.approx(0.6)
    # per comment: 2/3, 2/3, 2/3, 0 (nothing predicted)
    assert metrics.samples_f1(TRUTH, PREDICTED) == pytest.approx(0.5)


def test_class_macro_f1_by_hand():
    # class 1: tp 1, fp 1, fn 1 -> 0.5; class 2: tp 1, fp 0, fn 0 -> 1; class 3: tp 0, fp 1, fn 1 -> 0
    assert metrics.class_macro_f1([1, 1, 2, 3], [1, 3, 2, 1]) == pytest.approx(0.5)


def test_theme_scores_skip_comments_without_labels():
    truth = np.vstack([TRUTH, np.zeros((1, 3), bool)])
    predicted = np.vstack([PREDICTED, np.ones((1, 3), bool)])  # false positives on an unscored row
    scores = theme_scores(truth, predicted, labels=("a", "b", "c"))
    assert scores["micro_f1"] == pytest.approx(0.6)
    assert scores["per_label"] == {"a": 1.0, "b": pytest.approx(0.6667), "c": 0.0}


def test_sentiment_scores_skip_blank_and_collapse_to_3():
    scores = sentiment_scores([1, 2, 5, None], [1, 1, 5, 3], ["positive", "positive", "negative", "negative"])
    # 5 levels: class 1 -> 2/3, class 2 -> 0, class 5 -> 1
    assert scores["sentiment_macro_f1"] == pytest.approx(5 / 9)
    assert scores["sentiment3_macro_f1"] == pytest.approx(1.0)


def test_matches_scikit_learn():
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(0)
    truth, predicted = rng.random((50, 6)) < 0.3, rng.random((50, 6)) < 0.3
    for average, ours in (("micro", metrics.micro_f1), ("macro", metrics.macro_f1), ("samples", metrics.samples_f1)):
        assert ours(truth, predicted) == pytest.approx(f1_score(truth, predicted, average=average, zero_division=0))
