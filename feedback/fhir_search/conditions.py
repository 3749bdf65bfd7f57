"""Each filter's value, other than a date, as the condition it sets."""

from __future__ import annotations

import re

from django.db.models import Q, Value
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import Exact

from core.api_schemas import MAX_INT
from feedback.fhir import SERVICE_SYSTEM, VIA
from feedback.services import sent_key

__all__ = ["NOTHING", "either", "identifier", "service_id", "subject"]

NOTHING = Q(pk__in=[])


def _split(text: str, separator: str, limit: int = -1) -> list[str]:
    """``text`` cut at each ``separator`` not escaped with a backslash (at most ``limit`` times), each
    part with its escapes undone (FHIR's `\\,` `\\|` `\\$` `\\\\`)."""
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += char if char in ",|$\\" else "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator and limit != 0:
            parts.append(current)
            current, limit = "", limit - 1
        else:
            current += char
    return [*parts, current + ("\\" if escaped else "")]


def either(read, value: str) -> Q:
    """Values separated by commas are alternatives."""
    condition = NOTHING
    for alternative in _split(value, ","):
        condition |= read(alternative.strip())
    return condition


def identifier(value: str) -> Q:
    parts = _split(value, "|", 1)
    system, code = (None, parts[0]) if len(parts) == 1 else parts
    if not code and not system:
        raise ValueError("identifier needs a value, a system, or both, as system|value.")
    if system is not None and code:
        return Q(import_source="", source_key=sent_key(via=VIA, sender_id=f"{system}|{code}"))
    # The identifier is kept as system|value, and a system (a URI) holds no bar: the first parts them.
    bar = StrIndex("sender_id", Value("|"))
    sent_as_fhir = Q(import_source="", source_key__startswith=f"{VIA}:") & ~Q(sender_id="")
    if code:
        return sent_as_fhir & Q(Exact(Substr("sender_id", bar + 1), Value(code)))
    return sent_as_fhir & Q(Exact(Substr("sender_id", 1, bar - 1), Value(system)))


def service_id(value: str) -> Q:
    if not re.fullmatch(r"\d{1,19}", value) or not 1 <= int(value) <= MAX_INT:
        raise ValueError(f"service_id must be a Heard service id, a whole number, not {value!r}.")
    return Q(service_id=int(value))


def subject(value: str) -> Q:
    parts = _split(value, "|", 1)
    system, code = (SERVICE_SYSTEM, parts[0]) if len(parts) == 1 else parts
    if system != SERVICE_SYSTEM:
        raise ValueError(f"subject:identifier names a service by its Heard id, as {SERVICE_SYSTEM}|12.")
    if not re.fullmatch(r"\d{1,19}", code) or not 1 <= int(code) <= MAX_INT:
        raise ValueError(f"subject:identifier must end in a Heard service id, a whole number, as {SERVICE_SYSTEM}|12.")
    return Q(service_id=int(code))
