from themes.ml.active import active_order, diversity_order, uncertainty_scores
from themes.ml.model import SentimentModel, ThemeModel

from .test_model import FAST, synthetic


def test_cold_start_order_is_a_permutation_that_covers_topics_early():
    texts = ["the food was cold"] * 20 + ["rude receptionist"] * 20 + ["waited four hours"] * 20
    order = diversity_order(texts, n_clusters=3)
    assert sorted(order) == list(range(60))
    assert {texts[i] for i in order[:3]} == set(texts)


def test_active_order_with_a_model_is_a_permutation_and_spreads_the_batch():
    texts, labels, sentiments, metadata = synthetic()
    model = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    uncoded = ["the food was cold"] * 5 + ["tea and kind nurse with long wait"] * 5 + ["parking was hard"] * 5
    order = active_order(uncoded, model, batch_size=3)
    assert sorted(order) == list(range(len(uncoded)))
    assert len({uncoded[i] for i in order[:3]}) == 3  # no duplicate text inside a batch
    sentiment = SentimentModel(feature_params=FAST).fit(texts, sentiments)
    assert sorted(active_order(uncoded, sentiment, batch_size=4)) == list(range(len(uncoded)))


def test_uncertain_comments_rank_above_confident_ones():
    texts, labels, _, metadata = synthetic()
    model = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    scores = uncertainty_scores(model, ["dinner was awful", "xyzzy plugh"])
    assert scores[1] > scores[0]


def test_edge_cases():
    assert active_order([]) == []
    assert active_order(["only one"]) == [0]
    assert sorted(active_order(["a", "b", "❤️"])) == [0, 1, 2]
