"""Redaction reads a redacted text again only where a placeholder could change what is found, and
gives what reading it again every time gives: on every benchmark sentence, the 4,968 comments of the
public feedback set, their redacted texts, and random pieces of text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.redaction import redact
from feedback.redaction.core import _detect, _redact, _render
from feedback.redaction.rereading import worth_reading_again

REPO = Path(__file__).resolve().parents[2]
V6 = REPO.parent / "shared" / "data" / "feedback-v6"


def _benchmark_sentences() -> list[str]:
    return [
        json.loads(line)["text"]
        for path in sorted((REPO / "bench" / "data").glob("redaction_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _public_comments() -> list[str]:
    texts = []
    for name in ("train.csv", "dev.csv"):
        with open(V6 / name, encoding="utf-8", newline="") as fh:
            texts += [row["FFT answer"] for row in csv.DictReader(fh)]
    return texts


def _read_again(text: str) -> bool:
    spans, title_case = _detect(text)
    out, segs = _render(text, spans)
    return worth_reading_again(out, segs, title_case)


def _same_as_reading_again_every_time(texts: list[str]) -> None:
    for text in texts:
        once = redact(text)
        assert once == _redact(text), text
        again = redact(once.text)
        assert again == _redact(once.text), text
        assert again.text == once.text and again.spans == [], text


def test_benchmark_sentences_and_their_redacted_texts_as_when_read_again_every_time():
    texts = _benchmark_sentences()
    assert len(texts) > 1000
    _same_as_reading_again_every_time(texts)


def test_public_comments_and_their_redacted_texts_as_when_read_again_every_time():
    texts = _public_comments()
    assert len(texts) == 4968
    _same_as_reading_again_every_time(texts)


def test_most_redacted_benchmark_sentences_are_read_once():
    redacted = [t for t in _benchmark_sentences() if redact(t).spans]
    read_again = sum(_read_again(t) for t in redacted)
    assert read_again < len(redacted) / 2


@pytest.mark.parametrize(
    "text",
    [
        "Please ring me on 07700 900123 if anything changes.",
        "Dr Patel was very patient.",
        "my son liam has been waiting",
        "Email me at jo@example.com please.",
    ],
)
def test_nothing_near_a_placeholder_could_be_a_name(text):
    assert not _read_again(text)


@pytest.mark.parametrize(
    "text",
    [
        # Title Case read first: unknown words were no names, and the placeholders may change that
        "My daughter Keziah lives at Flat 2, 88 Moss Lane, M16 7BS.",
        # a digit left after the placeholder
        "Call 07700 900123 before 5pm.",
        # a name the gazetteer knows, a capitalised word, a cue beside a placeholder
        "Dr Patel said we could hope.",
        "Dr Patel came with Gravy.",
        "Dr Patel changed the carer rota.",
        "Dr Patel said her name was different.",
    ],
)
def test_a_word_that_could_be_a_name_is_read_again(text):
    assert _read_again(text)


def test_a_name_found_only_when_read_again_is_found():
    text = "My daughter Keziah lives at Flat 2, 88 Moss Lane, M16 7BS."
    assert redact(text).text == "My daughter [name] lives at [address], [postcode]."


def test_a_word_never_a_name_but_after_a_title_is_read_again():
    # "Road" is never a name, but after a title ("Mrs Ward", "Mr Road") it is
    _same_as_reading_again_every_time(["Mr Road Sarah'jo@example.com came"])


def test_a_word_joined_to_a_placeholder_is_read_again():
    # "900123'emma" was one word; once the number is a placeholder, "emma" is a word of its own
    assert _read_again("Ring 07700 900123'emma Wood")
    _same_as_reading_again_every_time(["Ring 07700 900123'emma Wood", "Sent to LS1 4AB'emma Wood came"])


_PIECES = st.sampled_from(
    list("abcXYZ .,;:!?'-()[]\n")
    + ["Sarah", "Dr ", "Mrs ", "nurse ", "the carer ", "my ", "07700 900123", "LS1 4AB", "jo@example.com"]
    + ["Flat 3, ", "12 ", " Road", "[name]", "[phone number]", " and ", "Will ", "Rose Ward", "Emma", "Wood"]
    + [
        "Hill",
        "went by ",
        "called ",
        "zdenka ",
        "emma ",
        "'",
        "Mr ",
        "Road ",
        "Sarah'",
        "Keziah ",
        "lives at ",
        "sorted it",
        "was kind",
        "The ",
    ]
    + ["Thanks to ", "Grace ", "Holly ", "at ", "Willow ", "Moss ", "SARAH ", "JONES ", "seen by ", "Bill "]
    + ["On Monday ", "is a nurse ", "Birch ", "Heath ", "came ", "who ", "Pat ", "Moor ", "has been our carer"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_random_pieces_as_when_read_again_every_time(text):
    _same_as_reading_again_every_time([text])
