"""Reading a search's query: each parameter, its values, and every problem with them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from core.api_schemas import MAX_INT, NUL_MESSAGE
from feedback.fhir_search import conditions, dates
from feedback.fhir_search.paging import Cursor

__all__ = [
    "CONTROLS",
    "DEFAULT_COUNT",
    "FILTERS",
    "MAX_COUNT",
    "Problem",
    "Search",
    "SearchRefused",
    "not_searched_by",
    "search_parse",
]

DEFAULT_COUNT = 50
MAX_COUNT = 200
FILTERS = ("identifier", "authored", "_lastUpdated", "subject:identifier", "service_id")
CONTROLS = ("_count", "_page", "_format")
JSON_FORMATS = frozenset({"json", "application/json", "application/fhir+json"})


@dataclass(frozen=True)
class Problem:
    parameter: str  # as sent
    message: str
    unknown: bool = False  # a parameter Heard does not search by, rather than a value it cannot read


class SearchRefused(Exception):
    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


@dataclass(frozen=True)
class Search:
    where: Q
    count: int = DEFAULT_COUNT
    cursor: Cursor | None = None
    applied: tuple[tuple[str, str], ...] = ()  # the filters and _count as read, for the Bundle's links
    ignored: tuple[str, ...] = field(default_factory=tuple)  # unknown parameters a lenient search left out


def search_parse(query: Iterable[tuple[str, list[str]]], *, lenient: bool = False) -> Search:
    """Read a query (name, values) into a Search, or raise SearchRefused naming every problem. Strict
    (FHIR's `handling=strict`, the default) refuses a parameter Heard does not search by; lenient leaves
    it out and says so (`Search.ignored`), and takes a `_count` over the most as the most. A value that
    cannot be read is refused either way: left out, it would find more than was asked for."""
    problems: list[Problem] = []
    where, applied, ignored = Q(), [], []
    count, cursor = DEFAULT_COUNT, None
    for name, values in query:
        if "\x00" in name or any("\x00" in v for v in values):
            problems.append(Problem(name.replace("\x00", "\\u0000"), NUL_MESSAGE))
            continue
        if name not in FILTERS and name not in CONTROLS:
            if lenient:
                ignored.append(name)
            else:
                problems.append(Problem(name, not_searched_by(name), unknown=True))
            continue
        if name in CONTROLS and len(values) > 1:
            problems.append(Problem(name, f"{name} is given {len(values)} times: give it once."))
            continue
        for value in values:
            try:
                if not value.strip():
                    raise ValueError(f"{name} is blank: give a value, or leave {name} out.")
                if name == "_count":
                    count = _count(value, lenient=lenient)
                elif name == "_page":
                    cursor = _cursor(value)
                elif name == "_format":
                    if value.strip() not in JSON_FORMATS:
                        raise ValueError("_format can only be json: Heard answers in FHIR JSON.")
                else:
                    where &= conditions.either(_READERS[name], value)
            except ValueError as exc:
                problems.append(Problem(name, str(exc)))
                continue
            if name in FILTERS:
                applied.append((name, value))
    if problems:
        raise SearchRefused(problems)
    applied.append(("_count", str(count)))
    return Search(where=where, count=count, cursor=cursor, applied=tuple(applied), ignored=tuple(ignored))


def not_searched_by(name: str) -> str:
    return (
        f"Heard does not search QuestionnaireResponse by {name}. It searches by "
        + ", ".join(FILTERS)
        + ", and pages with _count and the _page of the Bundle's links."
    )


def _count(value: str, *, lenient: bool) -> int:
    if not re.fullmatch(r"\d{1,6}", value.strip()):
        raise ValueError(f"_count must be a whole number from 0 to {MAX_COUNT}.")
    count = int(value)
    if count > MAX_COUNT:
        if lenient:
            return MAX_COUNT
        raise ValueError(f"_count can be at most {MAX_COUNT}: page through more with the Bundle's next link.")
    return count


_TOKEN = re.compile(r"(after|before)_(\d{4}-\d{2}-\d{2})_(\d{1,19})")


def _cursor(value: str) -> Cursor:
    match = _TOKEN.fullmatch(value.strip())
    try:
        if match is None or int(match[3]) > MAX_INT:
            raise ValueError
        return Cursor(after=match[1] == "after", authored=dt.date.fromisoformat(match[2]), id=int(match[3]))
    except ValueError:
        raise ValueError("_page is not one Heard gave: follow the Bundle's next and previous links as given.") from None


_READERS = {
    "identifier": conditions.identifier,
    "authored": dates.authored,
    "_lastUpdated": dates.last_updated,
    "subject:identifier": conditions.subject,
    "service_id": conditions.service_id,
}
