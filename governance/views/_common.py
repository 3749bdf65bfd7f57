"""Helpers shared by the governance pages."""

from __future__ import annotations

PAGE_SIZE = 25


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
