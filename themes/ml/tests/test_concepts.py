import re

import joblib
import numpy as np
import pytest
from sklearn.feature_extraction.text import strip_accents_unicode

from themes.ml.concepts import CONCEPTS, NAMES, _plain, _required_literal, concept_matrix, concept_rows, concepts_of
from themes.ml.features import _WORD, TextFeatures

from .test_features import AWKWARD


def names(text):
    return {NAMES[column] for column in concepts_of(text)}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("The clinic is 15 miles from where I live", "distance and location"),
        ("Better signage to the unit please", "distance and location"),
        ("I saw a different nurse every week", "same or changing staff"),
        ("Lovely to have the same care coordinator throughout", "same or changing staff"),
        ("The seclusion room had no natural light", "surroundings"),
        ("Staff were patient with my autistic son", "disability, age, culture and identity"),
        ("My dad is 93 years old and hard of hearing", "disability, age, culture and identity"),
        ("I want more section 17 leave", "detention and restrictions"),
        ("The call bell was never answered", "staff coming when needed"),
        ("They never rang me back", "staff coming when needed"),
        ("Nothing.", "nothing to say"),
        ("  n/a ", "nothing to say"),
    ],
)
def test_a_comment_that_expresses_a_concept_in_its_own_words_has_it(text, concept):
    assert concept in names(text)


def test_words_match_whole_words_only():
    assert "distance and location" not in names("The staff smiled")  # "miles" inside "smiled"
    assert "family and carers" not in names("The dadaist paintings on the wall")
    assert "nothing to say" not in names("Nothing was too much trouble")  # not the whole comment


def test_case_accents_and_curly_apostrophes_do_not_matter():
    assert concepts_of("They DIDN’T KNOW WHAT THEY WERE DOING") == concepts_of("they didn't know what they were doing")
    assert "skill and knowledge" in names("They didn’t know what they were doing")
    assert names("Très bien, the MEDICATION was sorted") >= {"medicines"}


def test_fast_matching_finds_exactly_what_searching_every_pattern_finds(real_feedback, dev_feedback):
    """Words are looked up once and phrases only searched where their literal occurs, from its first
    occurrence on when they start with it; none of that may change what a comment is found to express."""
    whole = [re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") for parts in CONCEPTS.values()]
    # The literal first inside a longer word, then as a word of its own; a phrase right at the start.
    tricky = ["Always better since, it was much better", "Heswas better", "was better", "xno one came. No one came"]
    for text in real_feedback.texts + dev_feedback.texts + AWKWARD + tricky:
        plain = _plain(text)
        assert concepts_of(text) == {column for column, pattern in enumerate(whole) if pattern.search(plain)}, text


def test_concepts_of_texts_read_once_for_every_block_are_the_concepts_of_the_texts(real_feedback, dev_feedback):
    """The text features hand the concepts each text lowercased, accents stripped, and its words;
    curly apostrophes still count as straight ones there."""
    texts = real_feedback.texts + dev_feedback.texts + ["They didn’t know", "Café naïve ÉCOLE", "", "No one CAME"]
    lowered = [strip_accents_unicode(text.lower()) for text in texts]
    matrix = concept_rows(lowered, [_WORD.findall(text) for text in lowered])
    reference = concept_matrix(texts)
    assert matrix.shape == reference.shape and matrix.dtype == reference.dtype
    assert matrix.nnz > 1000 and (matrix != reference).nnz == 0


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("too far", "too far"),
        ("en-?suite", "suite"),
        ("(?:natural )?light(?:ing)?", "light"),
        (r"section \d+", "section "),
        ("(?:made|make) (?:me )?better", "better"),
        ("call bells?", "call bell"),
    ],
)
def test_the_literal_a_phrase_needs_is_one_every_match_contains(pattern, literal):
    assert _required_literal(pattern) == literal


def test_concept_matrix_is_zero_one_with_a_column_per_concept():
    matrix = concept_matrix(["Too far to travel, and a different doctor each time", "", "The food was hot"])
    assert matrix.shape == (3, len(NAMES))
    assert set(np.unique(matrix.toarray())) <= {0.0, 1.0}
    assert matrix[0, NAMES.index("distance and location")] == 1
    assert matrix[0, NAMES.index("same or changing staff")] == 1
    assert matrix[1].nnz == 0


def test_text_features_add_weighted_concept_columns_after_the_others():
    texts = ["the staff were kind", "the hospital is too far away", "kind nurses"] * 4
    plain = TextFeatures(concept_weight=0.0).fit(texts)
    weighted = TextFeatures(concept_weight=0.5).fit(texts)
    without, with_concepts = plain.transform(texts), weighted.transform(texts)
    assert with_concepts.shape[1] == without.shape[1] + len(NAMES)
    assert (with_concepts[:, : without.shape[1]] != without).nnz == 0
    column = without.shape[1] + NAMES.index("distance and location")
    assert with_concepts[1, column] == pytest.approx(0.5)
    assert with_concepts[0, column] == 0


def test_features_saved_before_concepts_existed_keep_their_columns(tmp_path):
    features = TextFeatures(concept_weight=0.5).fit(["the staff were kind", "too far away"] * 5)
    del features.concept_weight  # as unpickled from a model trained before the attribute existed
    joblib.dump(features, tmp_path / "old.joblib")
    old = joblib.load(tmp_path / "old.joblib")
    assert old.transform(["too far away"]).shape[1] == len(old.word_.vocabulary_) + len(old.char_.vocabulary_) + len(
        old.metadata_.vocabulary_
    )
