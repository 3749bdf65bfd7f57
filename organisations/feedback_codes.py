"""A service's short feedback code: the part of its short public address a person types from a poster.

Eight characters from Crockford's base32 alphabet, shown in lower case with a hyphen in the middle
(``k7m2-9xqd``). The alphabet has no I, L, O or U, so nothing printed can be read as another
character; typed, case does not matter, hyphens and spaces are ignored, and the letters people
mistake for digits (i, l and o) are read as those digits, as Crockford's decoding does. ADR 0024
says why eight is enough.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 8
# What a person may type for a character the alphabet leaves out because it looks like another.
_LOOK_ALIKES = str.maketrans({"i": "1", "l": "1", "o": "0"})
# Collisions are about one in a trillion per draw: a handful of tries is already more than enough.
MAX_TRIES = 10


def new_code() -> str:
    """A fresh code, drawn with the operating system's secure random numbers."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(typed: str) -> str | None:
    """The code as stored, from what a person typed, or None if it cannot be a code at all."""
    code = typed.strip().lower().replace("-", "").replace(" ", "").translate(_LOOK_ALIKES)
    if len(code) != LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code


def shown(code: str) -> str:
    """The code as printed and linked: lower case, split in two by a hyphen to be easier to copy."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def unused_code(*, taken: Callable[[str], bool], draw: Callable[[], str] = new_code) -> str:
    """A code that ``taken`` says no service has yet (the unique constraint is the last word)."""
    for _ in range(MAX_TRIES):
        code = draw()
        if not taken(code):
            return code
    raise RuntimeError(f"No unused feedback code after {MAX_TRIES} tries.")


def feedback_codes_fill(*, service_model, draw: Callable[[], str] = new_code) -> int:
    """Give every service without a code one, and say how many were given. Called by the migration
    that added codes, with its own model of a service. A code another service has is drawn again,
    whether found by looking first or, where the field is unique, by the database refusing it."""
    manager = service_model._base_manager
    given = 0
    missing = manager.filter(Q(feedback_code__isnull=True) | Q(feedback_code="")).order_by("pk")
    for service_id in missing.values_list("pk", flat=True):
        for _ in range(MAX_TRIES):
            code = draw()
            if manager.filter(feedback_code=code).exists():
                continue
            try:
                with transaction.atomic():
                    manager.filter(pk=service_id).update(feedback_code=code)
            except IntegrityError:
                continue  # taken between the look and the write
            given += 1
            break
        else:
            raise RuntimeError(f"No unused feedback code after {MAX_TRIES} tries.")
    return given
