"""The urgent model is fitted once and kept in a directory the caller names (real files, real joblib).

These tests point the model at a small training folder of their own so each fit takes
milliseconds, and put the process's real model back afterwards.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from themes.urgent import assess, model

URGENT = [
    "the carer slapped my mum across the face",
    "he said he wants to end it all tonight",
    "staff left dad in a soaking pad all day",
    "someone took money from nan's purse again",
    "they locked my son in his room as a punishment",
    "she has bruises nobody can explain",
]
CALM = [
    "the food was cold again",
    "parking is a nightmare at the clinic",
    "the receptionist was rude",
    "lovely staff, thank you so much",
    "the wait for the appointment was too long",
    "mum enjoys the singing on fridays",
]


def _write(path, rows, fields=("text", "urgent")):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        w.writerows(rows)


@pytest.fixture
def small_data(tmp_path, monkeypatch):
    """A tiny set of training files in the layout of data/, and the process model saved and restored."""
    data = tmp_path / "data"
    data.mkdir()
    _write(data / "train.csv", [(t, 1) for t in URGENT[:3]] + [(t, 0) for t in CALM[:3]])
    _write(data / "labelled.csv", [(t, 1) for t in URGENT[3:]] + [(t, 0) for t in CALM[3:5]])
    _write(data / "narrative.csv", [(t, 0) for t in CALM[5:]])
    _write(data / "feedback_v6_train.csv", [("c1", "nothing to add", 0)], ("comment_id", "text", "urgent"))
    saved = (model._built, model._cache_dir)
    monkeypatch.setattr(model, "DATA_DIR", data)
    yield data
    monkeypatch.undo()
    model._built, model._cache_dir = saved


def _fits(monkeypatch) -> list[int]:
    """Count fits by wrapping the real build()."""
    calls: list[int] = []
    real = model.build

    def counting(texts, labels):
        calls.append(len(texts))
        return real(texts, labels)

    monkeypatch.setattr(model, "build", counting)
    return calls


def test_fitted_once_then_loaded_from_the_directory(small_data, tmp_path, monkeypatch):
    fits = _fits(monkeypatch)
    cache = tmp_path / "var" / "models"  # created on first use
    model.configure(cache)
    assert model.available()
    assert fits == [13]
    files = list(cache.glob("urgent-model-*.joblib"))
    assert files == [model.cache_path(cache)]
    p_first = model.probability("the carer slapped her")

    # a new process is the same as configuring again: the file is loaded, nothing is fitted
    model.configure(cache)
    assert model.available()
    assert fits == [13]
    assert model.probability("the carer slapped her") == pytest.approx(p_first)


def test_changed_training_data_fits_a_new_model(small_data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    model.configure(cache)
    model.available()
    old = model.cache_path(cache)
    with (small_data / "train.csv").open("a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["he threatened to stab the nurse", 1])
    fits = _fits(monkeypatch)
    model.configure(cache)
    model.available()
    assert fits == [14]
    assert model.cache_path(cache) != old
    assert model.cache_path(cache).exists() and old.exists()


def test_code_version_is_part_of_the_key(small_data, monkeypatch):
    key = model.training_key()
    monkeypatch.setattr(model, "MODEL_VERSION", model.MODEL_VERSION + "-next")
    assert model.training_key() != key


def test_damaged_cache_file_is_refitted_and_replaced(small_data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    model.cache_path(cache).write_bytes(b"not a model")
    fits = _fits(monkeypatch)
    model.configure(cache)
    assert model.available()
    assert fits == [13]
    model.configure(cache)
    model.available()
    assert fits == [13]


def test_directory_that_is_a_file_still_gives_a_model(small_data, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    model.configure(blocker / "models")
    assert model.available()
    assert model.probability("the food was cold") is not None


def test_fit_at_install_writes_the_file_the_detector_loads(small_data, tmp_path, monkeypatch):
    cache = tmp_path / "installed"
    path, _ = model.fit_and_store(cache)
    assert path == model.cache_path(cache)
    fits = _fits(monkeypatch)
    model.configure(cache)
    assert assess("he said he wants to end it all tonight").urgent
    assert fits == []


def test_bad_label_names_the_file_and_line(small_data):
    _write(small_data / "train.csv", [("fine", 0), ("the carer hit him", "yes")])
    with pytest.raises(ValueError, match=r"train\.csv line 3: urgent must be 0 or 1, not 'yes'"):
        model.load_training()


def test_copy_of_the_package_data_gives_the_same_key(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(model.DATA_DIR, copy)
    key = model.training_key()
    monkeypatch.setattr(model, "DATA_DIR", copy)
    assert model.training_key() == key


def test_command_line_fits_into_the_directory(small_data, tmp_path, capsys):
    cache = tmp_path / "deploy"
    assert model.main(["--cache-dir", str(cache)]) == 0
    assert model.cache_path(cache).exists()
    assert str(model.cache_path(cache)) in capsys.readouterr().out


def test_urgent_cli_uses_the_cache_dir(small_data, tmp_path, capsys):
    from themes.urgent.cli import main

    comments = tmp_path / "comments.txt"
    comments.write_text("the food was cold\nhe said he wants to end it all tonight\n", encoding="utf-8")
    cache = tmp_path / "cli-cache"
    assert main(["--input", str(comments), "--json", "--cache-dir", str(cache)]) == 0
    assert model.cache_path(cache).exists()
    out = capsys.readouterr().out
    assert '"urgent": true' in out and '"urgent": false' in out
