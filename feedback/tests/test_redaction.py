"""Tests for feedback.redaction as a whole (pure Python, no Django, no database): the result, offsets,
idempotence, odd input and the labelled sets. Names are tested in ``test_redaction_names.py`` and
``test_redaction_any_case.py``, numbers and contacts in ``test_redaction_contacts.py``."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.redaction import KINDS, PLACEHOLDERS, Redacted, as_saved, redact

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "bench" / "data" / "redaction_labelled.jsonl"
HOLDOUT = REPO / "bench" / "data" / "redaction_holdout.jsonl"


# --------------------------------------------------------------------------- basics


def test_result_shape():
    r = redact("Sarah rang 07700 900123.")
    assert isinstance(r, Redacted)
    assert r.text == "[name] rang [phone number]."
    assert r.spans == [(0, 5, "name"), (11, 23, "phone")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "x"  # type: ignore[misc]


def test_empty_and_clean_text():
    assert redact("") == Redacted("", [])
    clean = "The food was lovely and the staff were kind."
    assert redact(clean).text == clean
    assert redact(clean).spans == []


def test_non_string_rejected():
    with pytest.raises(TypeError):
        redact(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- as saved


def test_as_saved_is_the_redacted_text():
    assert as_saved("Spoke to Mrs Okafor on 07700 900123.") == "Spoke to Mrs [name] on [phone number]."
    assert as_saved("The food was lovely.") == "The food was lovely."


def test_as_saved_cuts_to_the_limit_after_redacting():
    # "Jo" (2 characters) becomes "[name]" (6): the limit holds for what is saved, not what was typed
    text = "Ask Jo"
    assert len(text) <= 8
    assert as_saved(text) == "Ask [name]"
    assert as_saved(text, 8) == "Ask [nam"
    assert as_saved(text, None) == "Ask [name]"


# --------------------------------------------------------------------------- combined


def test_several_kinds_and_offsets():
    text = (
        "Write to Flat 3, 45 High Street, Leeds LS1 4AB or email jo.bloggs@example.com; "
        "Mum's NHS number is 943 476 5919 and my mobile is 07700 900123. Thanks, Sarah"
    )
    r = redact(text)
    got = [(text[s:e], k) for s, e, k in r.spans]
    assert got == [
        ("Flat 3, 45 High Street", "address"),
        ("LS1 4AB", "postcode"),
        ("jo.bloggs@example.com", "email"),
        ("943 476 5919", "nhs_number"),
        ("07700 900123", "phone"),
        ("Sarah", "name"),
    ]
    assert r.text == (
        "Write to [address], Leeds [postcode] or email [email address]; "
        "Mum's NHS number is [NHS number] and my mobile is [phone number]. Thanks, [name]"
    )


def _rebuild(text: str, spans) -> str:
    out, pos = [], 0
    for s, e, k in spans:
        out.append(text[pos:s])
        out.append(PLACEHOLDERS[k])
        pos = e
    out.append(text[pos:])
    return "".join(out)


def test_offsets_map_to_original_for_labelled_set():
    for row in _load(LABELLED):
        r = redact(row["text"])
        prev_end = 0
        for s, e, k in r.spans:
            assert 0 <= prev_end <= s < e <= len(row["text"])
            assert k in KINDS
            prev_end = e
        assert _rebuild(row["text"], r.spans) == r.text


def test_idempotent_on_examples():
    for row in _load(LABELLED):
        once = redact(row["text"]).text
        twice = redact(once)
        assert twice.text == once
        assert twice.spans == []


def test_adjacent_numbers_split():
    text = "Call 07700 900123/07700 900124 or Tel:01632 960123."
    assert [k for _, _, k in redact(text).spans] == ["phone", "phone", "phone"]


def test_pathological_inputs_are_quick():
    for text in ("1 " * 20000, "Sarah " * 5000, "a@" * 20000, "12 Acacia " * 5000, "[name] " * 5000):
        start = time.perf_counter()
        r = redact(text)
        assert time.perf_counter() - start < 2.0
        assert redact(r.text).text == r.text


def test_placeholders_are_left_alone():
    text = "[name] rang from [phone number] about [address], [postcode], [NHS number], [email address]."
    assert redact(text).text == text


# --------------------------------------------------------------------------- hypothesis

_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'’-()[]+@£/\n\t\"")
    + [
        "Sarah",
        " Dr ",
        "Mrs ",
        " nurse ",
        "07700 900123",
        "+44",
        "LS1 4AB",
        "@example.com",
        "943 476 5919",
        " Road",
        "Flat 3, ",
        "[name]",
        "[phone number]",
        " and ",
        "Will ",
        "Rose Ward",
        "é",
        "ß",
        "🙂",
        "\u0301",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_never_crashes_and_idempotent_on_fragments(text):
    r = redact(text)
    assert _rebuild(text, r.spans) == r.text
    assert redact(r.text).text == r.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_on_any_text(text):
    r = redact(text)
    assert _rebuild(text, r.spans) == r.text
    assert redact(r.text).text == r.text


# --------------------------------------------------------------------------- speed
# How fast redaction is belongs to `bench/redaction.py`; this only guards against a rule whose
# time grows much faster than the text.


def test_long_text_is_linear_enough():
    text = "Sarah rang 07700 900123 about Mum at 12 Acacia Avenue, LS1 4AB. " * 500
    start = time.perf_counter()
    r = redact(text)
    assert time.perf_counter() - start < 2.0
    assert len(r.spans) == 2000


# --------------------------------------------------------------------------- labelled set


def _load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_labelled_set_well_formed():
    rows = _load(LABELLED)
    assert len(rows) >= 300
    with_pii = sum(1 for r in rows if r["spans"])
    assert 0.5 <= with_pii / len(rows) <= 0.7
    for row in rows:
        assert set(row) == {"text", "spans"}
        text = row["text"]
        assert isinstance(text, str) and text
        prev_end = 0
        for start, end, kind in row["spans"]:
            assert kind in KINDS
            assert 0 <= prev_end <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
            prev_end = end


def test_holdout_set_well_formed_if_present():
    if not HOLDOUT.exists():
        pytest.skip("no hold-out set")
    for row in _load(HOLDOUT):
        for start, end, kind in row["spans"]:
            assert kind in KINDS
            assert 0 <= start < end <= len(row["text"])
