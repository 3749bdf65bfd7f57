"""Tests for feedback.redaction (pure Python, no Django, no database)."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.redaction import KINDS, PLACEHOLDERS, Redacted, as_saved, is_valid_nhs_number, redact

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "bench" / "data" / "redaction_labelled.jsonl"
HOLDOUT = REPO / "bench" / "data" / "redaction_holdout.jsonl"


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], k) for s, e, k in redact(text).spans]


def kinds(text: str) -> set[str]:
    return {k for _, _, k in redact(text).spans}


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


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sarah on the night shift was lovely", ["Sarah"]),
        ("my son Jamie visits on Sundays", ["Jamie"]),
        ("Dr Patel explained everything", ["Patel"]),
        ("nurse Kelly was kind", ["Kelly"]),
        ("Mrs O'Neill sorted the invoice", ["O'Neill"]),
        ("ask for Tom or Priya at reception", ["Tom", "Priya"]),
        ("Thanks to Sarah Thompson for everything", ["Sarah Thompson"]),
        ("A carer called Oluwaseun stayed late", ["Oluwaseun"]),
        ("Everyone was kind, especially Emma Wood.", ["Emma Wood"]),
        # a first name before a street word that is also a surname, with no word of place before it
        ("Sophie Lane on the night shift was kind.", ["Sophie Lane"]),
        ("Mrs Emily Hill rang me back.", ["Emily Hill"]),
        # a title before a word that is also a place word
        ("Our complaint went to Mrs Ward in the end.", ["Ward"]),
        ("Mr House from the council never rang back.", ["House"]),
        ("We thanked Dr. Lodge and Mr Court.", ["Lodge", "Court"]),
        ("Mr Oak Wood rang back about the bill.", ["Oak Wood"]),
        ("Mr Smith lives near Oak Wood.", ["Smith"]),
        # a first name and a surname that is also a place word, beside a person
        ("Dr Okoro and Jack Hill did the ward round.", ["Okoro", "Jack Hill"]),
        ("Ray Wood and Helen Bates run the kitchen.", ["Ray Wood", "Helen Bates"]),
        ("Helen Bates or Ray Wood will ring you.", ["Helen Bates", "Ray Wood"]),
        # a first name that is also a word and a surname that is also a place word: one name when
        # what follows is said of a person, or a cue for a person comes before
        ("Grace Hill was lovely to mum.", ["Grace Hill"]),
        ("Bill Green sorted the heating.", ["Bill Green"]),
        ("Jack Wood is a nurse.", ["Jack Wood"]),
        ("Mark Wood helped us.", ["Mark Wood"]),
        ("Faith Heath was so kind with Dad.", ["Faith Heath"]),
        ("Rose Park never rushes her.", ["Rose Park"]),
        ("Thanks to Hope Field for the flowers.", ["Hope Field"]),
        ("We spoke to Pat Lane about the bill.", ["Pat Lane"]),
        ("The carer Will Hall came at eight.", ["Will Hall"]),
        ("Our advocate, Joy Marsh, came to the meeting.", ["Joy Marsh"]),
        ("Hope Lane's family would like to thank the staff.", ["Hope Lane"]),
        # a person of a name that is also a tree or flower
        ("The residents laughed at Holly's jokes.", ["Holly"]),
        ("She snapped at Ivy in front of everyone.", ["Ivy"]),
        ("A big thank you goes to Hazel for the party.", ["Hazel"]),
        ("We went to Willow on reception for the forms.", ["Willow"]),
        ("Go to Rose if you need anything at night.", ["Rose"]),
        ("I went to Holly about the bill and she sorted it.", ["Holly"]),
        ("Dr A Patel and Mr. Smith came", ["A Patel", "Smith"]),
        ("The staff were great and Bartek was so patient", ["Bartek"]),
        ("Will on the day shift makes Dad laugh", ["Will"]),
        ("my mum May is 94", ["May"]),
        ("Doreen's room was cold", ["Doreen"]),
        ("Kind regards, Mrs J. A. Smith-Jones.", ["J. A. Smith-Jones"]),
        ("Kerry-Ann made me a birthday cake.", ["Kerry-Ann"]),
        ("The OT, Dee, fitted rails in the bathroom.", ["Dee"]),
        ("Zdenek plays the piano for the residents.", ["Zdenek"]),
        ("Philomena's family would like to thank the staff.", ["Philomena"]),
        ("Please contact Dorcas on the ward number.", ["Dorcas"]),
        ("Spoke with Jordan in the Patient Experience team.", ["Jordan"]),
        ("Faith is my favourite carer.", ["Faith"]),
    ],
)
def test_names_found(text, expected):
    assert [v for v, k in found(text) if k == "name"] == expected


def test_title_kept_outside_span():
    assert redact("Dr Patel was great").text == "Dr [name] was great"
    assert redact("Sister Agnes ran the ward").text == "Sister [name] ran the ward"


@pytest.mark.parametrize(
    "text",
    [
        "Will you call me back?",
        "Hope you are well.",
        "In May we moved Mum to the home.",
        "Mark this as a compliment please.",
        "Grace and dignity were shown to Mum.",
        "Rose Ward is the best ward in the hospital.",
        "The staff on Florence Ward were kind.",
        "We called NHS 111 and the GP on Monday.",
        "I called Leeds City Council in January.",
        "Christmas Day at the Care Home was magical.",
        "The Memory Clinic and the Crisis Team were excellent.",
        "Mum's Carer Was Late Again Today.",
        "The Oak Lodge unit is bright.",
        "I am Muslim and staff respected my prayer times.",
        "St Luke's Hospice gave Dad a peaceful death.",
        "The bus to the Royal Victoria takes an hour.",
        "Joy is what we saw on Mum's face.",
        "Gravy was cold. Sepsis was missed.",
        "Nurse Practitioner was very thorough.",
        "During lockdown FaceTime was our lifeline.",
        "The Marie Curie nurses came at night.",
        "Thank you Heatherwood for looking after Dad.",
        "We went to Paris for Dad's 80th.",
        # a first name before a street or building word is a place
        "The lunch club at Jasmine Gardens is lovely.",
        "Carers never find Emily Way in the dark.",
        "Sophie Court residents were not told.",
        "Mum lives on Sophie Lane now.",
        "Dad moved to Emily Hill last year.",
        # a word that is no first name before a surname that is also a place word is a place
        "Dad moved to Oak Wood.",
        "We live near Oak Wood.",
        "The walk to Oak Wood was lovely.",
        "Birch Wood residents were not told.",
        "The path over Oak Heath is muddy.",
        "We parked by Church Field.",
        "The geese on Birch Marsh are back.",
        # and so is a first name before one, after a word of moving
        "Mum moved to Emma Wood last year.",
        # a first name that is also a word before a place word, after a word of place or with what
        # follows said of a place
        "We walked up Grace Hill.",
        "The bus stops at Mark Lane.",
        "May Hill was closed for roadworks.",
        "Rose Hill is a steep walk from the bus.",
        "Grace Hill was lovely in the snow.",
        "Jack Wood car park is full.",
        # a ward after a title is a ward
        "Dr. Ward 5 is where Mum was.",
        # a first name before a street word after the end or corner of it, or beside a place
        "The bus stops at the bottom of Lily Hill.",
        "Her flat is on the corner of Harriet Lane and Mill Road.",
        "The taxi came via Market Street and Emily Lane.",
        "We were sent to Oak Road rather than Charlotte Lane.",
        # a home or ward named after a tree or flower, where someone comes, goes or is
        "Residents who come to Rowan enjoy the garden.",
        "Dad has been going to Ivy every Tuesday.",
        "Lunch at Hazel is always hot.",
        "Nobody in Holly got their post this week.",
        # Incident notes and comments that start with what happened.
        "Fell in the lounge.",
        "Hit in the face by another resident.",
        "Found in the garden at night.",
        "Look at the letter they sent.",
        "Explain at the very beginning what will happen.",
    ],
)
def test_names_not_found(text):
    assert found(text) == []


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0191 498 0000",
        "(020) 7946 0000",
        "020 7946 0000",
        "0800 123 4567",
        "01632 960 123",
        "0113 496 0001",
        "07700-900-123",
        "+447700900123",
        "+44(0)7700 900123",
        "0044 7700 900123",
        "+1 212 555 0100",
    ],
)
def test_phone_found(number):
    text = f"Please ring {number} after six."
    assert found(text) == [(number, "phone")]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 111 or 999 in an emergency.",
        "The Samaritans are on 116 123.",
        "I rang 101 about it.",
        "Take 500mg twice a day.",
        "Room 12, costs £20, rated 10/10.",
        "Seen at 10:30 on 12/03/2024.",
        "Reference 2024-0113 still open.",
        "She weighs 62kg and is 94 years old.",
        "Bed 12345 6789 on the list.",
    ],
)
def test_phone_not_found(text):
    assert "phone" not in kinds(text)


# --------------------------------------------------------------------------- NHS number


def test_nhs_checksum():
    assert is_valid_nhs_number("943 476 5919")
    assert is_valid_nhs_number("9434765919")
    assert is_valid_nhs_number("999-000-0379")
    assert not is_valid_nhs_number("9434765918")  # wrong check digit
    assert not is_valid_nhs_number("943476591")  # 9 digits
    assert not is_valid_nhs_number("94347659190")  # 11 digits
    assert not is_valid_nhs_number("abcdefghij")
    # check digit would be 10 -> never valid: search one such prefix
    prefix = next(
        p
        for p in (f"{i:09d}" for i in range(100000000, 100001000))
        if (11 - sum(int(d) * (10 - j) for j, d in enumerate(p)) % 11) == 10
    )
    assert not any(is_valid_nhs_number(prefix + str(d)) for d in range(10))


@pytest.mark.parametrize("nhs", ["943 476 5919", "9434765919", "999 000 0379", "9991230009"])
def test_nhs_found(nhs):
    text = f"His NHS number is {nhs} please."
    assert found(text) == [(nhs, "nhs_number")]
    assert "[NHS number]" in redact(text).text


def test_nhs_failing_checksum_not_nhs():
    assert "nhs_number" not in kinds("NHS number 943 476 5918 is wrong")
    assert "nhs_number" not in kinds("NHS number 9434765918 is wrong")


def test_ten_digit_phone_failing_checksum_is_phone():
    # 01632 96012 style 10-digit numbers look like phones, not NHS numbers
    assert found("call 0163296012 now") == [("0163296012", "phone")]


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    "email",
    ["janet.hughes@example.com", "d.okafor@example.org", "tom_b1972@example.co.uk", "a+b@mail.example.net"],
)
def test_email_found(email):
    text = f"Email {email}."
    assert found(text) == [(email, "email")]


@pytest.mark.parametrize("text", ["Meet @ 3pm", "Follow us @heardcare", "rated 5 @ the home", "a@b"])
def test_email_not_found(text):
    assert "email" not in kinds(text)


# --------------------------------------------------------------------------- postcode


@pytest.mark.parametrize(
    "pc",
    [
        "LS1 4AB",
        "ls1 4ab",
        "LS14AB",
        "SW1A 1AA",
        "sw1a1aa",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "EC1A 1BB",
        "W1A 0AX",
        "CF14 4XW",
        "GIR 0AA",
    ],
)
def test_postcode_found(pc):
    text = f"We live near {pc} now."
    assert found(text) == [(pc, "postcode")]


@pytest.mark.parametrize(
    "text",
    [
        "Take vitamin D3 2mg daily",
        "The M62 was closed",
        "Room B1 on the 3rd floor",
        "Bay 6 and Ward 23",
        "Dose 1 of 2",
        "ZZ9 9ZZ is not a real area",
        "He is on B12 injections",
    ],
)
def test_postcode_not_found(text):
    assert "postcode" not in kinds(text)


# --------------------------------------------------------------------------- address


@pytest.mark.parametrize(
    "addr",
    [
        "12 Acacia Avenue",
        "Flat 3, 45 High Street",
        "23b Mill Lane",
        "7 Crescent Road",
        "101 Windsor Drive",
        "2 Cedar Court",
        "17 Victoria Terrace",
        "14 St John's Road",
        "9 Orchard Way",
        "31 Beech Grove",
    ],
)
def test_address_found(addr):
    text = f"Mum lives at {addr}, near the shops."
    assert found(text) == [(addr, "address")]


@pytest.mark.parametrize(
    "text",
    [
        "Dad is in room 12 on Ward 7.",
        "It took 20 minutes drive to get there.",
        "We paid £20 for the Park Road taxi.",
        "Oxford Road surgery is rubbish.",
        "She was 3 Street lengths away",
    ],
)
def test_address_not_found(text):
    assert "address" not in kinds(text)


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
