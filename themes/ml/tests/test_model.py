import numpy as np
import pytest

from themes.ml.model import SentimentModel, ThemeModel

FAST = {"word_ngram_range": (1, 1), "char_ngram_range": (3, 4)}

TOPICS = {
    "Food": ["the food was cold", "lovely meals and drinks", "dinner was awful", "tea and toast were great"],
    "Staff": ["the nurse was kind", "rude receptionist", "doctors were caring", "staff were friendly"],
    "Waiting": ["waited four hours", "long wait for the ambulance", "delay in seeing anyone", "quick to arrive"],
}


def synthetic(n_per_combo=6, seed=0):
    rng = np.random.default_rng(seed)
    texts, labels, sentiments, metadata = [], [], [], []
    names = sorted(TOPICS)
    for _ in range(n_per_combo):
        for first in names:
            for second in (None, *names):
                chosen = {first} if second in (None, first) else {first, second}
                texts.append(" and ".join(rng.choice(TOPICS[name]) for name in sorted(chosen)))
                labels.append(chosen)
                good = "great" in texts[-1] or "kind" in texts[-1] or "lovely" in texts[-1]
                sentiments.append(1 if good else 4)
                metadata.append({"question": "What was good?" if good else "How could we improve?"})
    return texts, labels, sentiments, metadata


def test_theme_weights_are_kept_in_the_layout_of_the_sparse_product(tmp_path):
    texts, labels, _, metadata = synthetic()
    model = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    matrix = model.features_.transform(texts, metadata)
    scores = model.decision_from_matrix(matrix)
    loaded = ThemeModel.load(model.save(tmp_path / "themes.joblib"))
    for fitted in (model, loaded):
        assert fitted.coef_.T.flags["C_CONTIGUOUS"]  # scipy multiplies by it without copying
        np.testing.assert_array_equal(fitted.decision_from_matrix(matrix), scores)

    # A model stored with its weights row by row, as before, scores exactly the same.
    loaded.coef_ = np.ascontiguousarray(loaded.coef_)
    assert not loaded.coef_.T.flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(loaded.decision_from_matrix(matrix), scores)
    np.testing.assert_array_equal(scores, np.asarray(matrix @ model.coef_.T) + model.intercept_)


def test_theme_model_learns_and_has_consistent_shapes():
    texts, labels, _, metadata = synthetic()
    model = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    assert model.labels_ == ["Food", "Staff", "Waiting"]
    probabilities = model.predict_proba(["the food was cold", "rude receptionist"])
    assert probabilities.shape == (2, 3)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    assert model.predict(["the food was cold"]).shape == (1, 3)
    assert model.predict_labels(["the food was cold", "rude receptionist and waited four hours"]) == [
        ["Food"],
        ["Staff", "Waiting"],
    ]
    assert model.predict_proba(["dinner was awful"])[0, 0] > 0.5


def test_metadata_is_optional_at_predict_time():
    texts, labels, _, metadata = synthetic()
    model = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    without = model.predict_proba(["the food was cold"])
    with_unseen_question = model.predict_proba(["the food was cold"], [{"question": "Anything else?"}])
    np.testing.assert_allclose(without, with_unseen_question)
    texts_only = ThemeModel(feature_params=FAST).fit(texts, labels)
    assert texts_only.predict(["the food was cold"], [{"question": "What was good?"}]).shape == (1, 3)


def test_save_load_round_trip(tmp_path):
    texts, labels, sentiments, metadata = synthetic()
    themes = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    sentiment = SentimentModel(feature_params=FAST).fit(texts, sentiments, metadata)
    loaded_themes = ThemeModel.load(themes.save(tmp_path / "themes.joblib"))
    loaded_sentiment = SentimentModel.load(sentiment.save(tmp_path / "nested" / "sentiment.joblib"))
    probe = ["waited four hours", "staff were friendly", "something else entirely"]
    np.testing.assert_array_equal(loaded_themes.predict_proba(probe), themes.predict_proba(probe))
    np.testing.assert_array_equal(loaded_themes.predict(probe), themes.predict(probe))
    np.testing.assert_array_equal(loaded_sentiment.predict(probe), sentiment.predict(probe))
    assert loaded_themes.version == themes.version
    assert loaded_themes.stored_params["C"] == themes.C
    with pytest.raises(TypeError):
        SentimentModel.load(tmp_path / "themes.joblib")


def test_small_data_with_empty_rare_and_universal_labels():
    texts, labels, sentiments, metadata = synthetic(n_per_combo=1)  # 12 comments
    labels = [set(row) | {"Always"} for row in labels]
    labels[0] = labels[0] | {"Once"}
    model = ThemeModel().fit(texts, labels, metadata, label_names=["Food", "Never", "Once", "Always"])
    probabilities = model.predict_proba(texts[:3])
    assert probabilities.shape == (3, 4)
    assert np.isfinite(probabilities).all()
    predicted = model.predict(texts)
    assert predicted[:, 1].sum() == 0  # no positives: never predicted
    assert predicted[:, 3].all()  # every comment has it
    sentiment = SentimentModel().fit(texts, sentiments, metadata)
    assert set(sentiment.predict(texts)) <= {1, 4}


def test_tiny_and_degenerate_inputs():
    model = ThemeModel().fit(["ok", "bad"], [{"A"}, set()])
    assert model.predict(["ok"]).shape == (1, 1)
    one_level = SentimentModel().fit(["ok", "fine", None], [2, 2, None])
    assert one_level.predict(["whatever"]).tolist() == [2]
    assert one_level.predict3(["whatever"]) == ["positive"]
    emoji_only = ThemeModel().fit(["❤️", "👍"], [{"A"}, set()])
    assert emoji_only.predict_proba(["❤️"]).shape == (1, 1)
    with pytest.raises(ValueError):
        SentimentModel().fit(["a"], [None])


def test_sentiment_model_five_and_three_levels():
    texts, _, sentiments, metadata = synthetic()
    model = SentimentModel(feature_params=FAST).fit(texts, sentiments, metadata)
    probabilities = model.predict_proba(["lovely meals and drinks"])
    assert probabilities.shape == (1, 2)
    assert probabilities.sum() == pytest.approx(1.0)
    assert model.predict(["lovely meals and drinks", "dinner was awful"]).tolist() == [1, 4]
    assert model.predict3(["lovely meals and drinks", "dinner was awful"]) == ["positive", "negative"]
    assert model.predict_proba3(["dinner was awful"]).shape == (1, 3)


def test_real_slice_beats_chance(real_slice):
    from themes.ml.data import BENCHMARK_LABELS
    from themes.ml.evaluate import theme_matrix, theme_scores

    feedback, train, test = real_slice
    model = ThemeModel(n_splits=3, feature_params=FAST).fit(
        feedback.texts[train],
        feedback.themes[train],
        feedback.metadata[train],
        label_names=BENCHMARK_LABELS,
        groups=feedback.respondents[train],
    )
    scores = theme_scores(
        theme_matrix(feedback.themes[test]), model.predict(feedback.texts[test], feedback.metadata[test])
    )
    assert scores["micro_f1"] > 0.4  # always predicting the commonest theme scores 0.24


def test_feedback_model_shares_features_and_matches_the_separate_models(tmp_path):
    from themes.ml.model import FeedbackModel

    texts, labels, sentiments, metadata = synthetic()
    model = FeedbackModel(feature_params=FAST).fit(texts, labels, sentiments, metadata)
    prediction = model.predict(["dinner was awful", "staff were friendly"], [{"question": "What was good?"}, {}])
    assert prediction.labels == ["Food", "Staff", "Waiting"]
    assert prediction.themes.shape == prediction.theme_probabilities.shape == (2, 3)
    assert prediction.themes[0].tolist() == [1, 0, 0]
    assert prediction.sentiment_levels == [1, 4]
    assert prediction.sentiment_probabilities.shape == (2, 2)
    assert len(prediction.sentiment) == len(prediction.sentiment3) == 2
    alone = ThemeModel(feature_params=FAST).fit(texts, labels, metadata)
    np.testing.assert_allclose(
        prediction.theme_probabilities,
        alone.predict_proba(["dinner was awful", "staff were friendly"], [{"question": "What was good?"}, {}]),
    )
    loaded = FeedbackModel.load(model.save(tmp_path / "feedback.joblib"))
    again = loaded.predict(["dinner was awful", "staff were friendly"], [{"question": "What was good?"}, {}])
    np.testing.assert_array_equal(again.theme_probabilities, prediction.theme_probabilities)
    assert again.sentiment == prediction.sentiment


def test_feedback_model_on_a_small_organisation_with_thin_themes_and_missing_sentiment():
    from themes.ml.model import FeedbackModel

    texts, labels, sentiments, metadata = synthetic(n_per_combo=3, seed=3)
    texts, labels, sentiments, metadata = texts[:30], labels[:30], sentiments[:30], metadata[:30]
    labels = [set(row) for row in labels]
    labels[0].add("Parking")  # one example
    labels[1].add("Discharge")
    labels[2].add("Discharge")  # two examples
    sentiments = [None if i % 4 == 0 else level for i, level in enumerate(sentiments)]
    stages = []
    model = FeedbackModel().fit(
        texts,
        labels,
        sentiments,
        metadata,
        label_names=["Food", "Staff", "Waiting", "Parking", "Discharge"],
        progress=stages.append,
    )
    assert stages == ["features", "themes", "sentiment"]  # each stage said as it starts
    assert model.sentiment_.stacker_ is None  # too few comments for the second stage
    prediction = model.predict(["the food was cold, but the nurse was kind", "❤️"])
    assert prediction.themes.shape == (2, 5)
    assert np.isfinite(prediction.theme_probabilities).all()
    assert prediction.themes[0, 0] == 1
    assert np.allclose(prediction.sentiment_probabilities.sum(1), 1.0)
    assert set(prediction.sentiment) <= {1, 4}


@pytest.mark.parametrize("size", [30, 120, 500])
def test_feedback_model_trains_on_real_slices_of_every_small_size(real_feedback, size, tmp_path):
    from themes.ml.data import BENCHMARK_LABELS
    from themes.ml.model import FeedbackModel

    rows = slice(0, size)
    sentiments = [None if i % 10 == 0 else level for i, level in enumerate(real_feedback.sentiments[rows])]
    model = FeedbackModel(feature_params=FAST).fit(
        real_feedback.texts[rows],
        real_feedback.themes[rows],
        sentiments,
        real_feedback.metadata[rows],
        label_names=BENCHMARK_LABELS,
        groups=real_feedback.respondents[rows],
    )
    assert model.themes_.out_of_fold_ is None  # not kept in the saved model
    assert (model.sentiment_.stacker_ is not None) == (size >= 300)
    probe_texts = real_feedback.texts[800:840]
    probe_metadata = real_feedback.metadata[800:840]
    prediction = model.predict(probe_texts, probe_metadata)
    assert prediction.themes.shape == (40, len(BENCHMARK_LABELS))
    assert np.allclose(prediction.sentiment_probabilities.sum(1), 1.0)
    assert set(prediction.sentiment) <= set(prediction.sentiment_levels)
    loaded = FeedbackModel.load(model.save(tmp_path / "model.joblib"))
    again = loaded.predict(probe_texts, probe_metadata)
    np.testing.assert_array_equal(again.theme_probabilities, prediction.theme_probabilities)
    np.testing.assert_array_equal(again.sentiment_probabilities, prediction.sentiment_probabilities)
    assert again.sentiment3 == prediction.sentiment3
    without_metadata = model.predict(probe_texts)
    assert without_metadata.themes.shape == (40, len(BENCHMARK_LABELS))


def test_sentiment_second_stage_needs_the_context_it_was_trained_with(real_feedback):
    rows = slice(0, 400)
    model = SentimentModel(feature_params=FAST).fit(
        real_feedback.texts[rows], real_feedback.sentiments[rows], real_feedback.metadata[rows]
    )
    assert model.stacker_ is not None
    texts, metadata = real_feedback.texts[900:910], real_feedback.metadata[900:910]
    assert model.predict_proba(texts, metadata).shape == (10, len(model.classes_))
    with pytest.raises(ValueError, match="context has 0 columns"):
        model.proba_from_matrix(model.features_.transform(texts, metadata))
    plain = SentimentModel(feature_params=FAST, stack=False).fit(
        real_feedback.texts[rows], real_feedback.sentiments[rows], real_feedback.metadata[rows]
    )
    assert plain.stacker_ is None
    assert plain.proba_from_matrix(plain.features_.transform(texts, metadata)).shape == (10, len(plain.classes_))


def test_sentiment_stacker_averages_its_trees_with_a_linear_model(real_feedback):
    rows = slice(0, 400)
    texts, sentiments, metadata = (
        real_feedback.texts[rows],
        real_feedback.sentiments[rows],
        real_feedback.metadata[rows],
    )
    blended = SentimentModel(feature_params=FAST, stack_linear_weight=0.3).fit(texts, sentiments, metadata)
    stacker = blended.stacker_
    inputs = np.random.default_rng(0).normal(size=(25, stacker.trees.n_features_in_))
    np.testing.assert_allclose(
        stacker.predict_proba(inputs),
        0.7 * stacker.trees.predict_proba(inputs) + 0.3 * stacker.linear.predict_proba(inputs),
    )
    assert not np.allclose(stacker.predict_proba(inputs), stacker.trees.predict_proba(inputs))

    trees_only = SentimentModel(feature_params=FAST, stack_linear_weight=0).fit(texts, sentiments, metadata)
    assert trees_only.stacker_.linear is None
    np.testing.assert_array_equal(
        trees_only.stacker_.predict_proba(inputs), trees_only.stacker_.trees.predict_proba(inputs)
    )


def test_three_levels_are_the_five_level_answer_collapsed(real_feedback):
    from themes.ml.data import sentiment_to_3

    rows = slice(0, 400)
    model = SentimentModel(feature_params=FAST).fit(
        real_feedback.texts[rows], real_feedback.sentiments[rows], real_feedback.metadata[rows]
    )
    assert model.stacker_ is not None and not np.allclose(model.weights_, 1)  # tuned, as in use
    texts, metadata = real_feedback.texts[400:700], real_feedback.metadata[400:700]
    five, three = model.predict(texts, metadata), model.predict3(texts, metadata)
    assert three == [sentiment_to_3(int(level)) for level in five]
    assert {"positive", "neutral or mixed", "negative"} <= set(three)


def test_fits_in_worker_processes_give_the_same_model_as_fits_in_this_one(real_feedback, monkeypatch):
    """Training shares cross-validation fits between this process and a worker process on larger
    sets; the model (weights, calibration, thresholds, sentiment stacker) must be exactly the one
    fitted here in turn, so the figures a training run reports can be reproduced."""
    from themes.ml import _base
    from themes.ml.data import BENCHMARK_LABELS
    from themes.ml.model import FeedbackModel

    rows = slice(0, 400)
    handed = []
    real_executor = _base.get_reusable_executor

    class CountingExecutor:
        def __init__(self, executor):
            self.executor = executor

        def submit(self, function, *args):
            handed.append(args[0].__name__)
            return self.executor.submit(function, *args)

    monkeypatch.setattr(_base, "get_reusable_executor", lambda **kw: CountingExecutor(real_executor(**kw)))

    def fit(min_rows):
        monkeypatch.setattr(_base, "PROCESS_MIN_ROWS", min_rows)
        return FeedbackModel(feature_params=FAST).fit(
            real_feedback.texts[rows],
            real_feedback.themes[rows],
            real_feedback.sentiments[rows],
            real_feedback.metadata[rows],
            label_names=BENCHMARK_LABELS,
            groups=real_feedback.respondents[rows],
        )

    here = fit(min_rows=10**9)
    assert handed == []
    in_workers = fit(min_rows=100)
    # Each stage's six fits (on every comment and on five folds) are shared: the worker takes
    # some of the themes' fits and some of the stacker's.
    assert 0 < handed.count("_fit_part") < 6 and 0 < handed.count("_fit_stacker") < 6

    np.testing.assert_array_equal(in_workers.themes_.coef_, here.themes_.coef_)
    np.testing.assert_array_equal(in_workers.themes_.sigmoid_, here.themes_.sigmoid_)
    np.testing.assert_array_equal(in_workers.themes_.thresholds_, here.themes_.thresholds_)
    np.testing.assert_array_equal(in_workers.sentiment_.weights_, here.sentiment_.weights_)
    probe_texts, probe_metadata = real_feedback.texts[800:900], real_feedback.metadata[800:900]
    a, b = in_workers.predict(probe_texts, probe_metadata), here.predict(probe_texts, probe_metadata)
    np.testing.assert_array_equal(a.theme_probabilities, b.theme_probabilities)
    np.testing.assert_array_equal(a.sentiment_probabilities, b.sentiment_probabilities)


def test_a_repeated_comment_is_scored_once_and_answered_like_its_first_appearance(real_feedback, monkeypatch):
    from themes.ml.model import FeedbackModel

    rows = slice(0, 400)
    model = FeedbackModel(feature_params=FAST).fit(
        real_feedback.texts[rows],
        real_feedback.themes[rows],
        real_feedback.sentiments[rows],
        real_feedback.metadata[rows],
    )
    texts = list(real_feedback.texts[400:460])
    metadata = [dict(row) for row in real_feedback.metadata[400:460]]
    # Repeats: the same comments again, and one text again after a different question.
    texts += texts[:20] + [texts[0]]
    metadata += metadata[:20] + [{**metadata[0], "question": "Anything else?"}]
    scored = []
    original = FeedbackModel._predict
    monkeypatch.setattr(
        FeedbackModel, "_predict", lambda self, t, m=None: scored.append(len(t)) or original(self, t, m)
    )
    prediction = model.predict(texts, metadata)
    assert scored == [61]  # 60 distinct comments and the one asked after another question
    assert len(prediction.sentiment) == len(texts) == prediction.themes.shape[0]
    for i, (text, row) in enumerate(zip(texts, metadata, strict=True)):
        alone = original(model, [text], [row])
        np.testing.assert_allclose(prediction.theme_probabilities[i], alone.theme_probabilities[0], atol=1e-9)
        np.testing.assert_allclose(prediction.sentiment_probabilities[i], alone.sentiment_probabilities[0], atol=1e-9)
        assert prediction.themes[i].tolist() == alone.themes[0].tolist()
        assert (prediction.sentiment[i], prediction.sentiment3[i]) == (alone.sentiment[0], alone.sentiment3[0])


def test_scoring_finds_each_comments_clauses_once_and_scores_as_finding_them_twice(monkeypatch):
    """The clause rows and the lexicon's clause scores share one split of each comment."""
    from themes.ml import features
    from themes.ml.model import FeedbackModel

    texts, labels, sentiments, metadata = synthetic()
    model = FeedbackModel(feature_params=FAST).fit(texts, labels, sentiments, metadata)
    new = ["The food was cold, but the nurse was kind.", "Long wait - rude receptionist", "Lovely meals"]
    split, original = [], features.clauses
    monkeypatch.setattr(features, "clauses", lambda text: split.append(text) or original(text))
    model.predict(new, metadata[:3])
    assert split == new
    monkeypatch.undo()
    # Finding them in each step instead gives the same clause rows and context to the last bit.
    found = features.split_clauses(new)
    assert np.array_equal(model.features_.context(new, metadata[:3], found), model.features_.context(new, metadata[:3]))
    rows = model.features_.transform_segments(new, metadata[:3], found)
    again = model.features_.transform_segments(new, metadata[:3])
    assert rows.owner.tolist() == again.owner.tolist() == [0, 0, 1, 1]
    assert (rows.matrix != again.matrix).nnz == 0


def _fit_or_fail(number):
    if number == 3:
        raise ValueError("fit 3 failed")
    return number * 10


def test_shared_fits_come_back_in_order_and_a_failed_fit_fails_the_run():
    from themes.ml import _base

    rows = _base.PROCESS_MIN_ROWS
    assert _base.run_fits(_fit_or_fail, [(n,) for n in (0, 1, 2, 4, 5, 6)], rows) == [0, 10, 20, 40, 50, 60]
    with pytest.raises(ValueError, match="fit 3 failed"):
        _base.run_fits(_fit_or_fail, [(n,) for n in range(6)], rows)


def test_the_model_package_needs_no_django():
    """themes.ml is plain scikit-learn: it trains and scores in a process where Django is absent
    (which is also why the PostgreSQL pass of the test suite does not repeat these tests)."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "class NoDjango:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('django imported by ' + name)\n"
        "sys.meta_path.insert(0, NoDjango())\n"
        "import themes.ml.model, themes.ml.evaluate, themes.ml.active\n"
        "from themes.ml.model import FeedbackModel\n"
        "texts = ['kind staff', 'cold food', 'rude nurse', 'lovely carers'] * 10\n"
        "themes = [{'Staff'}, {'Food'}, {'Staff'}, {'Staff'}] * 10\n"
        "model = FeedbackModel().fit(texts, themes, [2, 4, 5, 1] * 10)\n"
        "print(model.predict(['kind nurse']).sentiment[0] in (1, 2, 3, 4, 5))\n"
    )
    repository = Path(__file__).resolve().parents[3]
    command = [sys.executable, "-c", script]  # our own script, run by this interpreter
    done = subprocess.run(command, cwd=repository, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
