"""Phone numbers, NHS numbers, email addresses, postcodes and street addresses."""

from __future__ import annotations

import pytest

from feedback.redaction import is_valid_nhs_number, redact


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], k) for s, e, k in redact(text).spans]


def kinds(text: str) -> set[str]:
    return {k for _, _, k in redact(text).spans}


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
