import json

from django.conf import settings
from django.core.management import call_command

V6 = settings.BASE_DIR.parent / "shared" / "data" / "feedback-v6"


def test_heard_themes_urgent_prints_one_verdict_a_line(tmp_path, capsys):
    comments = tmp_path / "comments.txt"
    comments.write_text("She was left in a soiled pad all day and nobody came\nThe car park is too small\n")
    call_command("themes", "urgent", "--input", str(comments), "--json")
    verdicts = json.loads(capsys.readouterr().out)
    assert [v["urgent"] for v in verdicts] == [True, False]
    assert verdicts[0]["reasons"] and verdicts[0]["text"].startswith("She was left")


def test_heard_themes_evaluate_reports_every_figure(tmp_path, capsys):
    # A small slice keeps this quick; the full figures come from bench/themes_evaluate.py. 350
    # comments are enough for every stage of the model, the sentiment stacker included (it needs
    # 300); fits shared with a worker process, as on larger sets, are tested in themes/ml.
    lines = (V6 / "train.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    train = tmp_path / "train.csv"
    test = tmp_path / "test.csv"
    train.write_text("".join(lines[:351]), encoding="utf-8")
    test.write_text(lines[0] + "".join(lines[1201:1501]), encoding="utf-8")
    call_command("themes", "evaluate", "--train", str(train), "--test", str(test), "--json")
    figures = json.loads(capsys.readouterr().out)
    for key in (
        "micro_f1",
        "macro_f1",
        "samples_f1",
        "sentiment_macro_f1",
        "sentiment3_macro_f1",
        "train_seconds",
        "predict_per_second",
        "per_label",
    ):
        assert key in figures
    assert 0 < figures["micro_f1"] <= 1 and len(figures["per_label"]) == 35
