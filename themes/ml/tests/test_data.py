import csv

from themes.ml.data import (
    BENCHMARK_LABELS,
    is_codable_text,
    normalise_question,
    parse_sentiment,
    read_feedback,
    row_metadata,
    sentiment_to_3,
)

HEADER = [
    "Comment ID",
    "Trust",
    "Respondent ID",
    "FFT categorical answer",
    "FFT question",
    "FFT answer",
    "Comment sentiment",
    "Not assigned",
    "Parking",
    "Positive experience & gratitude",
]


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def test_reader_filters_uncodable_rows_and_parses_cells(tmp_path):
    path = tmp_path / "feedback.csv"
    write_csv(
        path,
        [
            ["c1", "NEAS", "r1", "1", "What was good?", "Lovely staff", "1", "", "", "1"],
            ["c2", "NEAS", "r1", "1", "How could we improve?", "Did not answer", "", "", "", ""],
            ["c3", "NEAS", "r2", "", "FFT Why?", "  ...  ", "3", "", "", ""],
            ["c4", "NHFT", "r3", "5", "", "12/10", "", "", "", ""],
            ["c5", "NHFT", "r4", "", "", "❤️", "", "1", "1", ""],
        ],
    )
    feedback = read_feedback(path)
    assert feedback.ids == ["c1", "c5"]
    assert feedback.texts == ["Lovely staff", "❤️"]
    assert feedback.metadata == [{"question": "What was good?", "rating": "1"}, {}]
    assert feedback.sentiments == [1, None]
    # Parking is not a benchmark label, so it is dropped; missing benchmark columns never apply.
    assert feedback.themes == [frozenset({"Positive experience & gratitude"}), frozenset({"Not assigned"})]
    everything = read_feedback(path, labels=None, apply_filter=False)
    assert len(everything.texts) == 5
    assert everything.themes[4] == frozenset({"Not assigned", "Parking"})


def test_row_metadata_keeps_question_rating_and_service():
    row = {
        "FFT question": "What was good? ",
        "FFT categorical answer": "2",
        "Service type 1": "PTS\xa0 - Patient Transport",
    }
    assert row_metadata(row) == {"question": "What was good?", "rating": "2", "service": "PTS - Patient Transport"}
    assert row_metadata({"FFT question": "", "Service type 1": " "}) == {}


def test_codable_text_rules():
    assert not is_codable_text("")
    assert not is_codable_text(" 10/10 !! ")
    assert not is_codable_text("did not answer.")
    assert is_codable_text("Did not answer my calls")
    assert is_codable_text("ok")


def test_sentiment_levels():
    assert parse_sentiment("") is None
    assert parse_sentiment(" 4 ") == 4
    assert [sentiment_to_3(level) for level in (1, 2, 3, 4, 5, None)] == [
        "positive",
        "positive",
        "neutral or mixed",
        "negative",
        "negative",
        None,
    ]


def test_question_text_is_normalised():
    assert normalise_question("about the 111 service that \nyou were") == "about the 111 service that you were"


def test_benchmark_labels_are_the_35_readme_names(train_path):
    assert len(BENCHMARK_LABELS) == len(set(BENCHMARK_LABELS)) == 35
    with open(train_path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert set(BENCHMARK_LABELS) <= set(header)
    assert not {"Parking", "Labelling not possible", "Care plans"} & set(BENCHMARK_LABELS)


def test_real_train_file_rows(train_path):
    feedback = read_feedback(train_path)
    assert len(feedback.texts) == 4347  # the release is already filtered
    assert sum(1 for themes in feedback.themes if not themes) == 23
    assert all(text.strip() for text in feedback.texts)
