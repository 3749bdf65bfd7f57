"""Phone numbers and NHS numbers."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Numbers: phone and NHS
# --------------------------------------------------------------------------

_NUMBER_RUN_RE = re.compile(r"(?<![\w£$€.+])(?:\+\d+|\(?\d+\)?)(?:(?:[ \-]|(?<=\))|(?=\())\(?\d+\)?)*")
_GROUP_RE = re.compile(r"\+?\(?\d+\)?")


def is_valid_nhs_number(value: str) -> bool:
    """Modulus 11 check on a 10-digit NHS number (spaces/hyphens ignored)."""
    digits = re.sub(r"[ \-]", "", value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def _phone_digits(groups: list[str]) -> str | None:
    """Normalise a window of digit groups to a national UK number, or None."""
    first = groups[0]
    rest = groups[1:]
    if first.startswith("+44") and len(first) > 3:
        first, rest = "+44", [first[3:]] + rest
    if first.startswith("+"):
        if first != "+44":
            # other countries: + and 8 to 15 digits in all
            other = "".join(g.strip("()+") for g in groups)
            return other if 8 <= len(other) <= 15 and len(groups) >= 2 else None
        if rest and rest[0] == "(0)":
            rest = rest[1:]
        body = "".join(g.strip("()") for g in rest)
        if not body or body.startswith("0"):
            return None
        digits = "0" + body
    else:
        digits = "".join(g.strip("()") for g in groups)
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
    if not digits.startswith("0") or len(digits) < 10 or digits[1] == "0":
        return None
    if len(digits) == 11 and digits[1] in "1235789":
        return digits
    if len(digits) == 10 and (digits.startswith("01") or digits.startswith("0800") or digits.startswith("0500")):
        return digits
    return None


def _classify_window(groups: list[str]) -> str | None:
    plain = "".join(g.strip("()+") for g in groups)
    shape = tuple(len(g) for g in groups)
    if (
        len(plain) == 10
        and all(g.isdigit() for g in groups)
        and (shape == (3, 3, 4) or (shape == (10,) and not plain.startswith("0")))
        and is_valid_nhs_number(plain)
    ):
        return "nhs_number"
    if _phone_digits(groups) is not None:
        return "phone"
    return None


def _find_numbers(text: str, out: list[tuple[int, int, str]]) -> None:
    for run in _NUMBER_RUN_RE.finditer(text):
        s = run.group()
        if len(s) < 8:
            continue
        base = run.start()
        groups = [(m.start() + base, m.end() + base, m.group()) for m in _GROUP_RE.finditer(s)]
        n = len(groups)
        # prefix sums of digit counts: only windows with 8..15 digits can match
        cum = [0]
        for g in groups:
            cum.append(cum[-1] + sum(ch.isdigit() for ch in g[2]))
        i = 0
        while i < n:
            found = False
            for j in range(min(n, i + 6), i, -1):
                digits = cum[j] - cum[i]
                if digits < 8 or digits > 15:
                    continue
                kind = _classify_window([g[2] for g in groups[i:j]])
                if kind:
                    out.append((groups[i][0], groups[j - 1][1], kind))
                    i = j
                    found = True
                    break
            if not found:
                i += 1
