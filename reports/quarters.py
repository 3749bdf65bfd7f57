"""Quarters: read from "2026-Q3", named, and found from any day in them. Shared by the reports read
for a quarter (the quarterly summary and the commissioner report) and the forms that offer one."""

from __future__ import annotations

import datetime as dt
import re

from reports.spc import add_months

QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


def parse_quarter(text: str) -> dt.date:
    """'2026-Q3' -> 1 July 2026, the quarter's first month; anything else is refused with what was given."""
    found = QUARTER.fullmatch((text or "").strip())
    if not found:
        raise ValueError(f"Give the quarter as year-Q and its number, for example 2026-Q3, not {text!r}.")
    return dt.date(int(found[1]), 3 * int(found[2]) - 2, 1)


def quarter_key(first: dt.date) -> str:
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"


def quarter_words(first: dt.date) -> str:
    """'July to September 2026'."""
    first = quarter_start(first)
    return f"{first:%B} to {add_months(first, 2):%B %Y}"


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
