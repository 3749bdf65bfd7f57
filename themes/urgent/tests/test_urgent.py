"""Tests for the urgent-flag detector (pure Python, no Django)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from themes.urgent import LABELS, UrgentAssessment, assess, assess_many
from themes.urgent.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "themes" / "urgent" / "data"
LABELLED = DATA / "labelled.csv"
HOLDOUT = ROOT / "bench" / "data" / "urgent_holdout.csv"
TRAIN = DATA / "train.csv"
REAL = DATA / "feedback_v6_train.csv"
NARRATIVE = DATA / "narrative.csv"

POSITIVES = [
    # (text, expected category, phrase that must be quoted in a reason)
    ("Mum had bruises on her arms nobody could explain", "physical_abuse", "bruises"),
    ("I saw a carer slap a resident across the face", "physical_abuse", "slap a resident"),
    ("a male support worker touched her inappropriately in the shower", "sexual_abuse", "touched her inappropriately"),
    ("one of the carers touched her breasts when he was washing her", "sexual_abuse", "touched her breasts"),
    ("the night carer put his hand down her nightie", "sexual_abuse", "his hand down her nightie"),
    ("he showed my son porn on his phone", "sexual_abuse", "porn"),
    ("the carer took £50 from her purse", "financial_abuse", "took £50"),
    ("Money keeps going missing from dads wallet when she visits", "financial_abuse", "going missing"),
    ("staff shout at her and call her a dirty old woman", "emotional_abuse", "call her a dirty"),
    ("one of the staff keeps bullying my son", "emotional_abuse", "bullying"),
    ("she was left sitting in the same pad all day", "neglect", "same pad"),
    ("he has a grade 4 pressure sore on his heel", "neglect", "grade 4 pressure"),
    ("Mum was left alone for hours on the commode", "neglect", "left alone"),
    ("she is dehydrated and hasn't been fed for two days", "neglect", "dehydrated"),
    ("He was not given his insulin for two days", "medication", "not given his insulin"),
    ("They gave my dad someone else's tablets", "medication", "someone else's tablets"),
    ("he had a fall and they didn't get him checked, he had broken his hip", "fall_injury", "broken his hip"),
    ("she was dropped during a hoist transfer", "fall_injury", "dropped during"),
    ("he keeps saying he'd be better off dead", "self_harm", "better off dead"),
    ("I feel like I want to end it all", "self_harm", "want to end it"),
    ("i have been cutting myself again", "self_harm", "cutting myself"),
    ("My son took an overdose last week", "self_harm", "took an overdose"),
    ("i wish i'd never woken up this morning", "self_harm", "wish i'd never woken"),
    ("a carer told dad his kids don't want him any more", "emotional_abuse", "told dad his kids don't want"),
    ("they make them stand facing the wall when they shout", "emotional_abuse", "make them stand facing the wall"),
    ("She says she wishes she had never been born", "self_harm", "wishes she had never been born"),
    ("he says he's going to kill his wife when he gets out", "danger_to_others", "going to kill his"),
    ("he threatened to stab me", "danger_to_others", "threatened to stab"),
    ("staff pinned him face down on the floor", "restraint", "pinned him face down"),
    ("they tie her into the chair with a sheet", "restraint", "tie her into"),
    ("the night staff lock him in his room", "restraint", "lock him in"),
    ("the nurses are racist to my dad and leave him unwashed", "discrimination", "racist"),
    ("Discharged at 2am in his pyjamas with no one at home", "unsafe_discharge", "Discharged"),
    ("The children are being left alone while mum is out drinking", "child_at_risk", "left alone"),
    ("I raised a safeguarding concern and nothing has happened", "safeguarding", "raised a safeguarding"),
    ("I don't feel safe living here", "safeguarding", "safe"),
]

TRAPS = [
    "the food was cold",
    "waiting time was too long",
    "staff were rude",
    "parking was terrible",
    "I nearly died laughing when the nurse told me the story",
    "We were just killing time in the waiting room",
    "The food is criminal.",
    "the parking charges are daylight robbery",
    "staff were to die for, so kind",
    "I'd kill for a decent cup of tea",
    "my feet were killing me after standing in the queue",
    "The heat in the waiting room was suffocating",
    "Staff saved my life, if it wasn't for them I wouldn't be here now",
    "the paramedics were brilliant when my husband had a heart attack",
    "I felt safe and respected",
    "The safeguarding team were very helpful and sorted everything out quickly",
    "I had a fall last year and the falls clinic has been brilliant",
    "My tablets were changed without anyone explaining why",
    "the appointment system is broken",
    "I wish I hadn't woken up so early for an appointment that was cancelled",
]


@pytest.mark.parametrize("text,category,phrase", POSITIVES)
def test_positive_cases_by_category(text, category, phrase):
    a = assess(text, use_model=False)
    assert a.urgent, text
    assert category in a.categories, (text, a.categories)
    assert any(phrase.lower() in r.lower() for r in a.reasons), (phrase, a.reasons)


@pytest.mark.parametrize("text", TRAPS)
@pytest.mark.parametrize("use_model", [False, True])
def test_trap_negatives_not_urgent(text, use_model):
    a = assess(text, use_model=use_model)
    assert not a.urgent, (text, a.reasons)
    assert a.reasons == [] and a.categories == []


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("She was left hungry for days", True),
        ("Dad was left hungry and thirsty for hours", True),
        ("Tea is too early, we are hungry again by eight. Emails to the manager go unanswered for days", False),
    ],
)
def test_an_aggravating_circumstance_counts_in_the_sentence_of_the_cue(text, urgent):
    assert assess(text, use_model=False).urgent is urgent


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("She has gone missing twice this month", True),
        ("He keeps going missing at night and nobody notices", True),
        ("my brother has been going missing from his flat for days", True),
        ("Mum says her cardigans keep going missing in the laundry", False),
        ("Dad is settled but he hates the noise. Clothes keep going missing", False),
    ],
)
def test_a_person_going_missing_is_not_their_belongings_or_the_next_sentence(text, urgent):
    """Rules alone: the words between the person and "going missing" stay in one sentence and
    do not name something of theirs."""
    assert assess(text, use_model=False).urgent is urgent


@pytest.mark.parametrize(
    "text",
    [
        "the nurse told mum her family would visit on Sunday",
        "nobody told dad his son had rung",
        "I wish I hadn't woken up so early for an appointment that was cancelled",
    ],
)
def test_the_rules_for_cruel_words_and_passive_wishes_leave_ordinary_news_alone(text):
    assert not assess(text, use_model=False).urgent


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to live anymore",
        "I dont want to be here any more",
        "he doesn't want to wake up in the morning",
        "there's no point in living",
        "I can't go on like this",
        "not suicidal he says, but he's bought a rope and has written letters to his kids",
        "she wasn't fed or washed all weekend",
        "He was not given his medication for three days",
    ],
)
def test_negation_never_suppresses_strong_signals(text):
    assert assess(text, use_model=False).urgent, text


@pytest.mark.parametrize(
    "text",
    [
        "no concerns about safety",
        "There were no signs of neglect or abuse, the home was spotless",
        "She has never been left in a wet pad, they are very attentive",
        "They checked his pressure areas every day and he has no sores",
        "no one was hurt, the fire alarm test just went on too long",
        "I didn't feel unsafe at any point",
    ],
)
def test_negation_cancels_weak_signals(text):
    assert not assess(text, use_model=False).urgent, (text, assess(text, use_model=False).reasons)


def test_reasons_carry_label_and_quoted_original_phrase():
    a = assess("Honestly I just want to END IT ALL.", use_model=False)
    assert a.urgent
    # the quote keeps the commenter's own wording and case
    assert a.reasons[0] == "self-harm or suicide risk: 'want to END IT'"
    for r in assess("the carer took £50 from her purse and mum had bruises nobody could explain").reasons:
        assert re.match(r"^[a-z][a-z ,()=.0-9-]+: '.+'", r), r


def test_reason_labels_are_plain_english():
    assert LABELS["self_harm"] == "self-harm or suicide risk"
    assert LABELS["medication"] == "medication error"
    assert all(label == label.lower() for label in LABELS.values())


def test_assessment_is_frozen_dataclass_and_score_range():
    a = assess("he keeps saying he'd be better off dead")
    assert isinstance(a, UrgentAssessment)
    assert dataclasses.is_dataclass(a)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.urgent = False  # type: ignore[misc]
    assert 0.5 <= a.score <= 1.0
    calm = assess("lovely staff, thank you")
    assert 0.0 <= calm.score < 0.5


def test_empty_and_whitespace():
    for t in ("", "   ", "\n"):
        a = assess(t)
        assert not a.urgent and a.reasons == [] and a.score == 0.0


def test_assess_many_matches_assess():
    texts = [t for t, _, _ in POSITIVES[:5]] + TRAPS[:5]
    assert [a.urgent for a in assess_many(texts)] == [assess(t).urgent for t in texts]


def test_cli_json_output(tmp_path):
    f = tmp_path / "comments.txt"
    f.write_text("the food was cold\n\nhe keeps saying he'd be better off dead\n", encoding="utf-8")
    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = cli_main(["--input", str(f), "--json"])
    assert rc == 0
    out = json.loads(buf.getvalue())
    assert isinstance(out, list) and len(out) == 2
    for item in out:
        assert set(item) == {"text", "urgent", "reasons"}
        assert isinstance(item["urgent"], bool) and isinstance(item["reasons"], list)
    assert out[0] == {"text": "the food was cold", "urgent": False, "reasons": []}
    assert out[1]["urgent"] is True
    assert "better off dead" in out[1]["reasons"][0]


def test_cli_missing_file_returns_error(tmp_path, capsys):
    assert cli_main(["--input", str(tmp_path / "nope.txt"), "--json"]) == 2


def _read(path):
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_labelled_file_well_formed():
    fields, rows = _read(LABELLED)
    assert fields == ["text", "urgent", "category"]
    assert len(rows) >= 300
    assert all(r["text"].strip() and r["urgent"] in ("0", "1") and r["category"].strip() for r in rows)
    share = sum(r["urgent"] == "1" for r in rows) / len(rows)
    assert 0.3 <= share <= 0.55
    assert len({r["text"] for r in rows}) == len(rows)


URGENT_KINDS = {
    "physical_abuse",
    "sexual_abuse",
    "emotional_abuse",
    "financial_abuse",
    "domestic_abuse",
    "neglect",
    "medication",
    "fall_injury",
    "restraint",
    "discrimination",
    "unsafe_discharge",
    "child_at_risk",
    "self_harm",
    "danger_to_others",
    "safeguarding",
}


def test_holdout_is_large_and_mixed():
    fields, rows = _read(HOLDOUT)
    assert fields == ["text", "urgent", "category"]
    assert len(rows) >= 300
    assert all(r["text"].strip() and r["urgent"] in ("0", "1") and r["category"].strip() for r in rows)
    share = sum(r["urgent"] == "1" for r in rows) / len(rows)
    assert 0.35 <= share <= 0.5
    urgent_kinds = {r["category"] for r in rows if r["urgent"] == "1"}
    assert urgent_kinds >= URGENT_KINDS, URGENT_KINDS - urgent_kinds
    # the negatives include everyday complaints and the tricky kinds (idioms, negations, past events)
    assert {"complaint", "trap", "sad_safe"} <= {r["category"] for r in rows if r["urgent"] == "0"}


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9£]+", text.lower().replace("'", "")))


def test_holdout_shares_no_text_with_any_training_file():
    """The model trains on every file in data/; the held-out set must not appear there, even reworded a little."""
    from themes.urgent import model

    _, hold = _read(HOLDOUT)
    held = [(_words(r["text"]), r["text"]) for r in hold]
    assert {p.name for p in model.training_paths()} == {TRAIN.name, LABELLED.name, NARRATIVE.name, REAL.name}
    for path in model.training_paths():
        _, rows = _read(path)
        assert rows, path
        for r in rows:
            words = _words(r["text"])
            for held_words, held_text in held:
                if words == held_words:
                    raise AssertionError(f"{path.name} repeats a held-out comment: {held_text!r}")
                overlap = len(words & held_words) / len(words | held_words)
                assert overlap < 0.8, (path.name, r["text"], held_text)


def test_training_lists_are_separate():
    _, lab = _read(LABELLED)
    _, train = _read(TRAIN)
    _, narrative = _read(NARRATIVE)
    norm = lambda rows: {" ".join(r["text"].lower().split()) for r in rows}  # noqa: E731
    assert not norm(train) & norm(lab)
    assert not norm(narrative) & (norm(train) | norm(lab))


def test_narrative_file_is_ordinary_feedback():
    """Everyday narrative comments ("Mum said...", "Told the nurse"), all not urgent, none tripping a rule."""
    fields, rows = _read(NARRATIVE)
    assert fields == ["text", "urgent"]
    assert len(rows) >= 150
    assert all(r["text"].strip() and r["urgent"] == "0" for r in rows)
    assert len({r["text"].lower() for r in rows}) == len(rows)
    assert [r["text"] for r in rows if assess(r["text"], use_model=False).urgent] == []


def test_real_feedback_file_well_formed():
    fields, rows = _read(REAL)
    assert fields == ["comment_id", "text", "urgent"]
    assert len(rows) > 3000
    assert all(r["comment_id"].strip() and r["text"].strip() and r["urgent"] in ("0", "1") for r in rows)
    assert len({r["comment_id"] for r in rows}) == len(rows)
    # real feedback is mostly not urgent; the few urgent ones were marked by hand
    assert 0 < sum(r["urgent"] == "1" for r in rows) < 0.01 * len(rows)


def test_rules_alone_when_model_unavailable(monkeypatch):
    from themes.urgent import model

    monkeypatch.setattr(model, "_model", lambda: None)
    assert not model.available()
    assert assess("he keeps saying he'd be better off dead").urgent
    assert not assess("the food was cold").urgent
    assert [a.urgent for a in assess_many(["the food was cold", "I want to end it all"])] == [False, True]


def test_the_models_reason_reads_as_words_when_no_word_stands_out():
    from themes.urgent import model

    text = "He made her watch"
    assert model.top_terms(text) == []  # no content word pushed the model on its own
    a = assess(text)
    assert a.urgent
    assert a.reasons[0].endswith("% sure), from the comment as a whole")
    assert "% sure), from the words '" in assess("he does things to her at night").reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "staff put cream on her bottom as it was sore",
        "the carer helped her put her top on and brushed her hair",
        "he likes to hold my hand when we walk to the shop",
    ],
)
def test_personal_care_is_not_read_as_sexual_abuse_by_the_rules(text):
    assert assess(text, use_model=False).categories == []
