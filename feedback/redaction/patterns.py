"""Email addresses, postcodes and street addresses."""

from __future__ import annotations

import re

from feedback.redaction.base import (
    _words,
)

# --------------------------------------------------------------------------
# Email, postcode, address
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+"
)

_POSTCODE_AREAS = _words(
    """AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH
    EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML
    N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN
    TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
)
_POSTCODE_RE = re.compile(
    r"(?<![\w£$])(?:(GIR) ?0AA|([A-Z]{1,2})(\d[A-Z\d]?) {0,2}(\d)([ABD-HJLNP-UW-Z]{2}))(?![\w])",
    re.IGNORECASE,
)
_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th"})

_STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Court|Ct|Crescent|Cres|Gardens|Gdns|Terrace|"
    r"Terr|Place|Pl|Grove|Gr|Park|Square|Sq|Walk|Row|Rise|Hill|Mews|View|Green|Parade|Vale|Boulevard|Wharf|Yard|"
    r"Croft|Meadows?|Fold|Gate|Chase|Mount|Heights|Brow|Bank|Side|Wynd|Brae|Lea|Approach|Circus|Hollow|Way)"
)
_STREET_WORD = r"(?:St\.? |[A-Z][a-z]+(?:['’][a-z]+|-[A-Z][a-z]+)?\s+)"
_ADDRESS_RE = re.compile(
    r"(?<![\w£$/.])"
    r"(?:(?:Flat|Apartment|Apt|Unit)\.?\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:[-–/]\d{1,4}[A-Za-z]?)?,?\s+"
    rf"{_STREET_WORD}{{1,3}}"
    rf"{_STREET_SUFFIX}\b\.?",
)


def _find_emails(text: str, out: list) -> None:
    if "@" not in text:
        return
    for m in _EMAIL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".-":
            end -= 1
        out.append((m.start(), end, "email"))


def _find_postcodes(text: str, out: list) -> None:
    for m in _POSTCODE_RE.finditer(text):
        if m.group(1):
            out.append((m.start(), m.end(), "postcode"))
            continue
        area, inward = m.group(2), m.group(5)
        if area.upper() not in _POSTCODE_AREAS:
            continue
        if inward.islower() and inward in _ORDINAL_SUFFIX:
            continue
        token = m.group()
        # All-lowercase or mixed-case forms must still look deliberate: mixed case
        # like "Me2 3ab" is rejected, lowercase "ls1 4ab" and upper "LS1 4AB" accepted.
        letters = [c for c in token if c.isalpha()]
        if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
            continue
        out.append((m.start(), m.end(), "postcode"))


def _find_addresses(text: str, out: list) -> None:
    for m in _ADDRESS_RE.finditer(text):
        end = m.end()
        if text[end - 1] == ".":
            # keep a full stop that ends the sentence out of the span unless it ends an abbreviation
            word = text[m.start() : end - 1].rsplit(None, 1)[-1]
            if (
                word not in {"St", "Rd", "Ave", "Ln", "Cl", "Dr", "Ct", "Cres", "Gdns", "Terr", "Pl", "Gr", "Sq"}
                or end == len(text)
                or text[end : end + 1] in "\n"
            ):
                end -= 1
        out.append((m.start(), end, "address"))
