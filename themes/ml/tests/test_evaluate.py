import csv
import json

from themes.ml.data import BENCHMARK_LABELS
from themes.ml.evaluate import main

from .test_model import synthetic

THEME_NAMES = {
    "Food": "Food & drink provision & facilities",
    "Staff": "Staff manner & personal attributes",
    "Waiting": "Timeliness of care",
}


def write_feedback_csv(path, texts, labels, sentiments, metadata):
    header = [
        "Comment ID",
        "Respondent ID",
        "FFT categorical answer",
        "FFT question",
        "FFT answer",
        "Comment sentiment",
        *BENCHMARK_LABELS,
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, (text, themes, sentiment, meta) in enumerate(zip(texts, labels, sentiments, metadata, strict=False)):
            named = {THEME_NAMES[name] for name in themes}
            writer.writerow(
                [
                    f"c{i}",
                    f"r{i}",
                    "1",
                    meta["question"],
                    text,
                    sentiment,
                    *("1" if label in named else "" for label in BENCHMARK_LABELS),
                ]
            )


def test_main_prints_one_json_object_with_the_benchmark_keys(tmp_path, capsys):
    write_feedback_csv(tmp_path / "train.csv", *synthetic(n_per_combo=4, seed=1))
    write_feedback_csv(tmp_path / "test.csv", *synthetic(n_per_combo=1, seed=2))
    assert main(["--train", str(tmp_path / "train.csv"), "--test", str(tmp_path / "test.csv"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in (
        "micro_f1",
        "macro_f1",
        "samples_f1",
        "sentiment_macro_f1",
        "sentiment3_macro_f1",
        "train_seconds",
        "predict_per_second",
        "peak_memory_mb",
    ):
        assert isinstance(result[key], float), key
    assert set(result["per_label"]) == set(BENCHMARK_LABELS)
    # the three themes present are easy; the 32 absent ones score 0
    assert result["per_label"]["Timeliness of care"] > 0.8
    assert result["micro_f1"] > 0.8
    assert 0 < result["macro_f1"] < 0.1
