import random

import joblib
import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from themes.ml.features import TextFeatures, WordCharNgrams, _char_transform, clauses
from themes.ml.lexicon import COLUMNS, _Reader, lexicon_scores

AWKWARD = ["", "a", "ab", "  x\ty\n\nz ", "Café naïve ÉCOLE", "x" * 12, "Staff!!! were :) GREAT", "día 🙂 ok"]


def test_word_char_ngrams_are_scikit_learns_char_wb_ngrams(real_feedback):
    stock = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), strip_accents="unicode").build_analyzer()
    ours = WordCharNgrams((2, 5))
    texts = real_feedback.texts + AWKWARD
    assert [ours(text) for text in texts] == [stock(text) for text in texts]


def test_fast_character_counts_give_exactly_the_vectorizers_matrix(real_feedback):
    features = TextFeatures().fit(real_feedback.texts[:1500], real_feedback.metadata[:1500])
    vectorizer = features.char_
    unseen = real_feedback.texts[3000:3400] + AWKWARD
    pieces = [piece for text in unseen for piece in clauses(text)]
    for texts in (unseen, pieces):
        fast = _char_transform(vectorizer, texts)
        assert fast.dtype == np.float32
        assert fast.shape == (len(texts), len(vectorizer.vocabulary_))
        assert (fast != vectorizer.transform(texts)).nnz == 0
    # A second pass uses the remembered columns and still agrees.
    assert (_char_transform(vectorizer, unseen) != vectorizer.transform(unseen)).nnz == 0


def test_remembered_columns_are_not_saved_with_a_model(tmp_path):
    features = TextFeatures().fit(["the staff were kind", "the food was cold", "kind nurses"] * 10)
    _char_transform(features.char_, ["kind staff"])
    assert features.char_.analyzer._columns
    joblib.dump(features, tmp_path / "features.joblib")  # as a model is saved
    copy = joblib.load(tmp_path / "features.joblib")
    assert not hasattr(copy.char_.analyzer, "_columns")
    assert (copy.transform(["kind staff"]) != features.transform(["kind staff"])).nnz == 0


def test_a_vectorizer_with_scikit_learns_own_analyzer_is_used_as_it_is():
    """Models saved before the fast counting have ``analyzer="char_wb"``; they must score as before."""
    texts = ["the staff were kind", "the food was cold", "kind nurses"] * 5
    stock = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float32).fit(texts)
    assert (_char_transform(stock, ["kind staff"]) != stock.transform(["kind staff"])).nnz == 0


def test_lexicon_reads_praise_complaint_and_a_mixed_comment():
    scores = lexicon_scores(
        [
            "The staff were wonderful and so kind.",
            "Appalling care, I was ignored and left in pain.",
            "The nurses were lovely, but the food was awful.",
            "",
        ],
        clauses,
    )
    compound, worst, best = COLUMNS.index("compound"), COLUMNS.index("worst_clause"), COLUMNS.index("best_clause")
    assert scores.shape == (4, len(COLUMNS))
    assert scores[0, compound] > 0.5 > -0.5 > scores[1, compound]
    assert scores[2, best] > 0.3 and scores[2, worst] < -0.3  # one clause praises, the other complains
    assert scores[0, worst] == scores[0, best] == scores[0, compound]  # one clause: the comment itself
    assert list(scores[3]) == [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


@pytest.fixture(scope="module")
def vader_pair():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer(), _Reader()


def test_the_fast_lexicon_reader_scores_every_comment_and_clause_as_vader_does(real_feedback, vader_pair):
    package, ours = vader_pair
    texts = real_feedback.texts + AWKWARD
    texts += [piece for text in real_feedback.texts for piece in clauses(text) if piece != text]
    differ = [text for text in texts if ours.polarity_scores(text) != package.polarity_scores(text)]
    assert len(texts) > 9000 and differ == []


def test_the_fast_lexicon_reader_keeps_vaders_rules_for_negation_boosters_idioms_and_emoji(vader_pair):
    """Random sentences of the words VADER's rules look for and of rated words, some in capitals."""
    from vaderSentiment import vaderSentiment as vader

    package, ours = vader_pair
    rules = list(vader.BOOSTER_DICT) + vader.NEGATE + list(vader.SPECIAL_CASES)
    rules += ["no", "or", "nor", "least", "at", "very", "so", "this", "never", "without", "doubt"]
    rules += ["kind", "of", "but", "the", "to", "die", "for", "yeah", "right"]
    rated = sorted(package.lexicon)
    marks = ["", ".", "!", "!!!", "??", "????", " :)", " 🙂", "💔", "😀!"]
    generator = random.Random(7)
    differ = []
    for _ in range(20_000):
        words = [
            generator.choice(rules if generator.random() < 0.6 else rated) for _ in range(generator.randint(1, 12))
        ]
        words = [word.upper() if generator.random() < 0.1 else word for word in words]
        text = " ".join(words) + generator.choice(marks)
        if ours.polarity_scores(text) != package.polarity_scores(text):
            differ.append(text)
    assert differ == []


def test_context_carries_the_lexicon_unless_the_model_predates_it():
    texts = ["the staff were kind", "the food was awful"] * 10
    features = TextFeatures().fit(texts)
    assert features.context(texts).shape == (20, 3 + len(COLUMNS))
    assert TextFeatures(lexicon=False).fit(texts).context(texts).shape == (20, 3)
    del features.lexicon  # as a model saved before the lexicon existed is loaded
    assert features.context(texts).shape == (20, 3)
