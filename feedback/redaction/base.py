"""Shared pieces: placeholders, the result type and the helpers every detector uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDERS: dict[str, str] = {
    "name": "[name]",
    "phone": "[phone number]",
    "nhs_number": "[NHS number]",
    "email": "[email address]",
    "postcode": "[postcode]",
    "address": "[address]",
}
KINDS = tuple(PLACEHOLDERS)


# Lower number wins when two detections overlap.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PRIORITY = {"email": 0, "nhs_number": 1, "phone": 2, "address": 3, "postcode": 4, "name": 5}

_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass(frozen=True)
class Redacted:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
