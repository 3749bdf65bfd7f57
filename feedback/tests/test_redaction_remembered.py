"""A redacted comment text is remembered by a digest of the text: the same as redacting it again,
bounded, and without keeping the words as written."""

from __future__ import annotations

import json
from pathlib import Path

from feedback.redaction import redact, remembered
from feedback.redaction.remembered import redacted_text

SENTENCES = [
    json.loads(line)["text"]
    for line in (Path(__file__).resolve().parents[2] / "bench" / "data" / "redaction_labelled.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


ORG = 1


def test_remembered_text_is_the_redacted_text_first_and_again():
    remembered._remembered.clear()
    first = [redacted_text(text, organisation_id=ORG) for text in SENTENCES]
    again = [redacted_text(text, organisation_id=ORG) for text in SENTENCES]
    assert first == again == [redact(text).text for text in SENTENCES]


def test_the_words_as_written_are_not_kept():
    remembered._remembered.clear()
    assert (
        redacted_text("Sarah Thompson rang from 07700 900123.", organisation_id=ORG)
        == "[name] rang from [phone number]."
    )
    kept = list(remembered._remembered.items())
    assert len(kept) == 1
    key, value = kept[0]
    assert isinstance(key, bytes) and b"Sarah" not in key and len(key) == 16
    assert value == "[name] rang from [phone number]."


def test_only_the_most_recently_used_are_kept(monkeypatch):
    remembered._remembered.clear()
    monkeypatch.setattr(remembered, "_LIMIT", 3)
    for text in ("Ann rang.", "Bob rang.", "Cy rang.", "Dee rang."):
        redacted_text(text, organisation_id=ORG)
    redacted_text("Bob rang.", organisation_id=ORG)  # used again: kept ahead of the others
    redacted_text("Eve rang.", organisation_id=ORG)
    assert list(remembered._remembered) == [remembered._key(t, ORG) for t in ("Dee rang.", "Bob rang.", "Eve rang.")]
    assert redacted_text("Ann rang.", organisation_id=ORG) == redact("Ann rang.").text  # redacted again once forgotten
    remembered._remembered.clear()


def test_each_organisation_has_its_own():
    # The same words sent to two organisations are remembered twice: one organisation's search never
    # comes upon what another's left, not even by how quickly it is answered.
    remembered._remembered.clear()
    redacted_text("Ann rang.", organisation_id=1)
    redacted_text("Ann rang.", organisation_id=2)
    assert len(remembered._remembered) == 2
    redacted_text("Ann rang.", organisation_id=1)
    assert len(remembered._remembered) == 2
    remembered._remembered.clear()
