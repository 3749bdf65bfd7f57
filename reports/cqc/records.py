"""Who reads the pack. Where Heard's own records are evidence for each quality statement and evidence
category is said by the taxonomy the pack is mapped to (its `heard_*` fields, ADR 0027), not here."""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    STAFF = "staff"
    INSPECTOR = "inspector"
