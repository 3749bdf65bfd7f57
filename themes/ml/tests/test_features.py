import random

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from themes.ml.concepts import concept_matrix
from themes.ml.features import (
    _WORD,
    TextFeatures,
    WordCharNgrams,
    _char_transform,
    _one_hot,
    _plain,
    _word_transform,
    clauses,
    metadata_tokens,
    split_clauses,
)
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


def assert_same_matrix(ours, reference):
    """The same sparse matrix to the last bit: type, shape, dtype and every stored entry in order."""
    assert type(ours) is type(reference)
    assert ours.shape == reference.shape and ours.dtype == reference.dtype
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(ours, part), getattr(reference, part)), part


@pytest.fixture(scope="module")
def read_once(real_feedback, dev_feedback):
    """Features fitted on part of train, and every comment and clause of train and dev to read."""
    features = TextFeatures().fit(real_feedback.texts[:1500], real_feedback.metadata[:1500])
    texts = real_feedback.texts + dev_feedback.texts + AWKWARD
    metadata = real_feedback.metadata + dev_feedback.metadata + [{}] * len(AWKWARD)
    pieces = [piece for text in texts for piece in clauses(text) if piece != text]
    return features, texts, metadata, pieces


def test_word_counts_from_words_read_once_give_exactly_the_vectorizers_matrix(read_once):
    features, texts, _, pieces = read_once
    for batch in (texts, pieces):
        tokens = [_WORD.findall(_plain(text)) for text in batch]
        assert_same_matrix(_word_transform(features.word_, batch, tokens), features.word_.transform(batch))


def test_a_word_vectorizer_that_reads_otherwise_is_used_as_it_is(read_once):
    """The words read once are the word vectorizer's only when it has the settings features give it."""
    features, texts, _, _ = read_once
    texts = texts[:300]
    tokens = [_WORD.findall(_plain(text)) for text in texts]
    for settings in ({"token_pattern": r"(?u)\b\w\w+\b"}, {"lowercase": False}, {"stop_words": ["the"]}):
        other = TfidfVectorizer(ngram_range=(1, 2), strip_accents="unicode", dtype=np.float32, **settings)
        other.set_params(token_pattern=settings.get("token_pattern", r"(?u)\b\w+\b")).fit(texts)
        assert_same_matrix(_word_transform(other, texts, tokens), other.transform(texts))


def test_one_hot_metadata_built_directly_is_the_dict_vectorizers_matrix(read_once):
    features, texts, metadata, _ = read_once
    metadata = metadata + [{"question": "never seen", "rating": "9"}, {}, None]
    rows = metadata_tokens(metadata, len(metadata))
    assert_same_matrix(_one_hot(features.metadata_, rows), features.metadata_.transform(rows))
    with pytest.raises(ValueError):
        _one_hot(features.metadata_, [])  # as scikit-learn refuses no rows


def test_features_read_once_are_each_blocks_own_reading_stacked(read_once):
    """``transform`` reads each text once for all blocks; a straightforward stack of each block's
    own transform must give the same matrix to the last bit, for comments and for clauses."""
    features, texts, metadata, _ = read_once

    def reference(batch, batch_metadata):
        blocks = [
            features.word_.transform(batch),
            features.char_.transform(batch) * features.char_weight,
            features.metadata_.transform(metadata_tokens(batch_metadata, len(batch))) * features.metadata_weight,
            concept_matrix(batch) * features.concept_weight,
        ]
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
        matrix.sort_indices()
        return matrix

    assert_same_matrix(features.transform(texts, metadata), reference(texts, metadata))
    segments = features.transform_segments(texts, metadata)
    pieces = [piece for text in texts for piece in clauses(text) if len(clauses(text)) > 1]
    assert_same_matrix(segments.matrix, reference(pieces, [metadata[i] for i in segments.owner]))


def test_lexicon_reads_praise_complaint_and_a_mixed_comment():
    texts = [
        "The staff were wonderful and so kind.",
        "Appalling care, I was ignored and left in pain.",
        "The nurses were lovely, but the food was awful.",
        "",
    ]
    scores = lexicon_scores(texts, split_clauses(texts))
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


def test_a_text_without_a_rated_word_scores_as_vader_scores_it_to_the_bit(real_feedback, dev_feedback, vader_pair):
    """Such texts skip VADER's scoring; its answer for them, signs of zeros included, is kept."""
    package, ours = vader_pair
    texts = real_feedback.texts + dev_feedback.texts
    texts += [piece for text in texts for piece in clauses(text) if piece != text]
    texts += ["", "   ", "the", "THE WARD!!!", "kind of the ward??", "the ward but the room", "no no no"]
    unrated = [text for text in texts if package.lexicon.keys().isdisjoint(_lowered_words(text))]
    assert len(unrated) > 1000
    assert [repr(ours.polarity_scores(text)) for text in unrated] == [
        repr(package.polarity_scores(text)) for text in unrated
    ]


def _lowered_words(text: str) -> list[str]:
    from vaderSentiment.vaderSentiment import SentiText

    return [SentiText._strip_punc_if_word(token).lower() for token in text.split()]


def test_the_lexicon_reader_remembers_tokens_up_to_its_limit_and_scores_the_same(vader_pair, monkeypatch):
    package, _ = vader_pair
    reader = _Reader()
    monkeypatch.setattr(reader, "remember", 4)
    texts = ["The staff were NOT helpful!!", "the staff, the STAFF... were :) great", "not helpful at all"]
    for text in texts * 2:  # the second time round, from the remembered tokens
        assert reader.polarity_scores(text) == package.polarity_scores(text), text
    assert list(reader._tokens) == ["The", "staff", "were", "NOT"]
    assert reader._tokens["NOT"] == ("NOT", "not")


def test_context_carries_the_lexicon_unless_the_model_predates_it():
    texts = ["the staff were kind", "the food was awful"] * 10
    features = TextFeatures().fit(texts)
    assert features.context(texts).shape == (20, 3 + len(COLUMNS))
    assert TextFeatures(lexicon=False).fit(texts).context(texts).shape == (20, 3)
    del features.lexicon  # as a model saved before the lexicon existed is loaded
    assert features.context(texts).shape == (20, 3)
