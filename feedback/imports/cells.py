"""Reading one cell of an imported file: text, rating, date and sentiment, and a row's key."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib

from feedback.imports.mapping import DATE_FORMATS, RATING_HINT
from feedback.models import Rating

FORMULA_STARTS = ("=", "+", "-", "@")
RATING_WORDS = {
    "very good": 1,
    "good": 2,
    "neither good nor poor": 3,
    "neither": 3,
    "poor": 4,
    "very poor": 5,
    "don't know": 6,
    "dont know": 6,
    "don’t know": 6,
}


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_rating(value) -> tuple[int | None, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        raw = _text(value)
        if not raw:
            return None, None
        word = RATING_WORDS.get(raw.lower())
        if word:
            return word, None
        try:
            number = float(raw)
        except ValueError:
            number = None
    if number is None or not float(number).is_integer() or not 1 <= number <= 7:
        return None, (f"'{_text(value)}' is not a rating. Use {RATING_HINT}.")
    return min(int(number), Rating.DONT_KNOW), None


def _parse_date(value, fmt: str) -> tuple[dt.date | None, str | None, str | None]:
    """(date, warning, error)."""
    expected = DATE_FORMATS[fmt]
    if isinstance(value, dt.date):
        return value, None, None
    raw = _text(value)
    if not raw:
        return None, None, f"The date is missing. Expected {expected}."
    part = raw.split(" ")[0].split("T")[0]

    # The year, month and day the file's date seems to give, when no date has them: said back to the
    # person ("November has 30 days") rather than that the date cannot be read.
    impossible: tuple[int, int, int] | None = None

    def build(y: str, m: str, d: str) -> dt.date | None:
        nonlocal impossible
        try:
            if len(y) != 4:
                return None
            numbers = int(y), int(m), int(d)
        except ValueError:
            return None
        try:
            return dt.date(*numbers)
        except ValueError:
            impossible = impossible or numbers
            return None

    date = None
    warning = None
    if "-" in part and len(part.split("-")[0]) == 4:
        bits = part.split("-")
        date = build(*bits) if len(bits) == 3 else None
    else:
        bits = part.replace(".", "/").split("/")
        if len(bits) == 3:
            a, b, y = bits
            if fmt == "mm/dd/yyyy":
                date = build(y, a, b)
            else:
                date = build(y, b, a)
                if date is None and fmt == "dd/mm/yyyy" and build(y, a, b) is not None:
                    # Spreadsheets saved with US settings write month/day/year: 10/17/2021 can only be that.
                    date = build(y, a, b)
                    warning = f"'{raw}' cannot be day/month/year, so it was read as month/day/year ({date:%-d %B %Y})."
    if date is None and impossible is not None:
        return None, None, f"'{raw}' is not a real date: {_why_no_such_day(*impossible)}."
    if date is None:
        return None, None, f"'{raw}' is not a date we can read. Expected {expected}."
    return date, warning, None


def _why_no_such_day(year: int, month: int, day: int) -> str:
    if year < dt.MINYEAR:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    name = calendar.month_name[month] + (f" {year}" if month == 2 else "")
    return f"{name} has {calendar.monthrange(year, month)[1]} days"


def _parse_sentiment(value) -> int | None:
    raw = _text(value)
    try:
        number = int(float(raw))
    except (ValueError, OverflowError):  # "inf" and "1e999" read as floats but not as whole numbers
        return None
    return number if 1 <= number <= 5 else None


def _norm_name(name: str) -> str:
    return " ".join(name.replace("\xa0", " ").split()).casefold()


def _key(value: str, kind: str = "") -> str:
    """The key a respondent (or a row ID, in a file without respondents) is stored under; `kind` "row"
    keeps a row's ID apart from the respondents' IDs of a file that has both."""
    prefix = f"import:{kind}:" if kind else "import:"
    key = f"{prefix}{value}"
    if len(key) > 200:
        key = f"{prefix}sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return key
