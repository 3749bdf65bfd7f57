import numpy as np

from themes.ml.features import TextFeatures, clauses
from themes.ml.model import ThemeModel

from .test_model import FAST, synthetic


def test_clauses_split_at_punctuation_line_breaks_but_and_dashes():
    assert clauses("Staff were lovely, but the food was cold. Parking - awful!\nThanks") == [
        "Staff were lovely,",
        "but the food was cold.",
        "Parking",
        "awful!",
        "Thanks",
    ]
    assert clauses("Nothing") == ["Nothing"]
    assert clauses("Lovely. Ok") == ["Lovely. Ok"]  # pieces under three characters are not clauses
    assert clauses("") == [""]


def test_segments_hold_only_multi_clause_comments_with_their_owner():
    texts = ["kind nurse, cold food", "fine", "long wait. rude staff. great tea"]
    metadata = [{"question": "What was good?"}, {}, {"question": "How could we improve?"}]
    features = TextFeatures(**FAST)
    matrix = features.fit_transform(texts, metadata)
    segments = features.transform_segments(texts, metadata)
    assert segments.owner.tolist() == [0, 0, 2, 2, 2]
    assert segments.matrix.shape == (5, matrix.shape[1])
    first_clause = features.transform(["kind nurse,"], [metadata[0]])
    np.testing.assert_allclose(segments.matrix[0].toarray(), first_clause.toarray())
    later = segments.subset(np.array([1, 2]))  # comments 1 and 2 become rows 0 and 1
    assert later.owner.tolist() == [1, 1, 1]
    assert later.matrix.shape[0] == 3
    pooled = segments.max_pool(np.array([[0.0], [5.0], [1.0]]), np.array([[3.0], [-1.0], [0.0], [2.0], [0.5]]))
    assert pooled.ravel().tolist() == [3.0, 5.0, 2.0]
    none = features.transform_segments(["fine"])
    assert none.matrix.shape == (0, matrix.shape[1]) and none.owner.tolist() == []


def test_a_theme_in_one_clause_of_a_long_comment_is_not_diluted():
    texts, labels, _, metadata = synthetic()
    pooled = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    whole = ThemeModel(feature_params=FAST, segment_weight=0).fit(texts, labels, metadata)
    food = pooled.labels_.index("Food")
    long_comment = [
        "We arrived in the morning and were shown to the ward by a porter who knew the way, "
        "the car park was busy as always on a weekday. The food was cold."
    ]
    assert pooled.predict(long_comment)[0, food] == 1
    # Scored whole, the food clause is one voice among many.
    assert pooled.predict_proba(long_comment)[0, food] > whole.predict_proba(long_comment)[0, food]
    # The same pooled scores whether the model builds the clauses itself or is handed them.
    features = pooled.features_
    np.testing.assert_allclose(
        pooled.proba_from_matrix(features.transform(long_comment), features.transform_segments(long_comment)),
        pooled.predict_proba(long_comment),
    )
