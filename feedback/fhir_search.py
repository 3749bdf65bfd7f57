"""FHIR search for QuestionnaireResponse: a query read into what it asks for, or every problem with it.

Heard searches by:

    identifier          the sender's identifier: `system|value`, `value` in any system, `|value` with no
                        system, `system|` any value in that system
    authored            the date the feedback was given, with a prefix (eq, ne, gt, lt, ge, le) and a
                        date (2026, 2026-11, 2026-11-30) or a date and time with its zone; the day it
                        was given (in UK time) is compared with the value's range as FHIR compares
                        ranges (`_authored`)
    _lastUpdated        when Heard recorded it (`Feedback.created_at`: recorded feedback is never changed)
    subject:identifier  the service, as the response's subject carries it (`SERVICE_SYSTEM|12`)
    service_id          the service, by the id the other endpoints take (`12`)
    _count              how many on a page, 0 to `MAX_COUNT` (0 gives only the total); `DEFAULT_COUNT`
    _page               where a page starts: given in the Bundle's next and previous links, never made up
    _format             json only

Values of one parameter separated by commas are alternatives; a parameter given twice must hold both
ways (as in `authored=ge2026-01-01&authored=lt2026-04-01`). A comma, bar or backslash in a value is
escaped with a backslash. This builds the condition (`search_parse`), `selectors.feedback_matching`
finds what meets it, and `page_of` cuts the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import Exact

from core.api_schemas import MAX_INT, NUL_MESSAGE
from feedback.fhir import SERVICE_SYSTEM, UK_TIME, VIA
from feedback.services import sent_key

DEFAULT_COUNT = 50
MAX_COUNT = 200
FILTERS = ("identifier", "authored", "_lastUpdated", "subject:identifier", "service_id")
CONTROLS = ("_count", "_page", "_format")
JSON_FORMATS = frozenset({"json", "application/json", "application/fhir+json"})
PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")
NOTHING = Q(pk__in=[])


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
class Cursor:
    """Where a page starts: just after (or, going back, just before) the feedback given on ``authored``
    with ``id``, in the order of the search (authored, then id)."""

    after: bool
    authored: dt.date
    id: int

    def token(self) -> str:
        return f"{'after' if self.after else 'before'}_{self.authored.isoformat()}_{self.id}"

    def beyond(self) -> Q:
        """Feedback on the far side of the cursor, going its way."""
        if self.after:
            return Q(received_on__gt=self.authored) | Q(received_on=self.authored, id__gt=self.id)
        return Q(received_on__lt=self.authored) | Q(received_on=self.authored, id__lt=self.id)


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
                    where &= _either(_READERS[name], value)
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


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    next: Cursor | None = None
    previous: Cursor | None = None


def page_of(found: QuerySet, search: Search) -> Page:
    """The page of ``found`` (ordered by authored, then id) the search asks for. A page starts from the
    feedback before it (its cursor), never from a count of those before, so that feedback recorded
    while someone pages through is neither given twice nor makes another be missed among those
    already found."""
    total = found.count()
    if search.count == 0:
        return Page(items=[], total=total)
    cursor = search.cursor
    if cursor is None:
        items = list(found[: search.count])
    elif cursor.after:
        items = list(found.filter(cursor.beyond())[: search.count])
    else:
        items = list(reversed(found.filter(cursor.beyond()).order_by("-received_on", "-id")[: search.count]))
    if not items:
        return Page(items=[], total=total)
    first, last = items[0], items[-1]
    earlier = Cursor(after=False, authored=first.received_on, id=first.id)
    later = Cursor(after=True, authored=last.received_on, id=last.id)
    return Page(
        items=items,
        total=total,
        next=later if found.filter(later.beyond()).exists() else None,
        previous=earlier if found.filter(earlier.beyond()).exists() else None,
    )


# --- values ---------------------------------------------------------------------------------------


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


def _either(read, value: str) -> Q:
    """Values separated by commas are alternatives."""
    condition = NOTHING
    for alternative in _split(value, ","):
        condition |= read(alternative.strip())
    return condition


def _identifier(value: str) -> Q:
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


def _service_id(value: str) -> Q:
    if not re.fullmatch(r"\d{1,19}", value) or not 1 <= int(value) <= MAX_INT:
        raise ValueError(f"service_id must be a Heard service id, a whole number, not {value!r}.")
    return Q(service_id=int(value))


def _subject(value: str) -> Q:
    parts = _split(value, "|", 1)
    system, code = (SERVICE_SYSTEM, parts[0]) if len(parts) == 1 else parts
    if system != SERVICE_SYSTEM:
        raise ValueError(f"subject:identifier names a service by its Heard id, as {SERVICE_SYSTEM}|12.")
    if not re.fullmatch(r"\d{1,19}", code) or not 1 <= int(code) <= MAX_INT:
        raise ValueError(f"subject:identifier must end in a Heard service id, a whole number, as {SERVICE_SYSTEM}|12.")
    return Q(service_id=int(code))


# --- dates ---------------------------------------------------------------------------------------

_DATE_VALUE = re.compile(
    r"(?P<prefix>[a-z]{2})?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d{1,9})?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?"
)
WHEN_EXAMPLES = "as in ge2026-11-01, le2026-11, eq2026, or gt2026-11-30T14:05:00Z"


@dataclass(frozen=True)
class _When:
    """A search value's range as instants [start, end), end None when it runs past the last date there
    is; and as UK days: the first that begins within it (None if none does), and the day it ends in
    (None with end). The days wholly within the range are those from ``first_whole_day`` up to, not
    including, ``ends_on``."""

    start: dt.datetime
    end: dt.datetime | None
    first_whole_day: dt.date | None
    ends_on: dt.date | None


def _when(name: str, value: str) -> tuple[str, _When]:
    # A `+` left unencoded in a query reaches Heard as a space; there, it can only be a zone's sign.
    value = re.sub(r" (\d{2}:\d{2})$", r"+\1", value)
    match = _DATE_VALUE.fullmatch(value)
    if match is None:
        raise ValueError(f"{name} is not a date Heard can read: give a prefix and a date, {WHEN_EXAMPLES}.")
    prefix = match["prefix"] or "eq"
    if prefix not in PREFIXES:
        raise ValueError(f"{name} cannot start with {prefix}: use one of {', '.join(PREFIXES)}, {WHEN_EXAMPLES}.")
    if match["hour"] is not None and match["zone"] is None:
        raise ValueError(
            f"The time in {name} has no time zone: add one, as in 2026-11-30T14:05:00Z, or give the date alone."
        )
    try:
        return prefix, _range(match)
    except (ValueError, OverflowError):
        raise ValueError(f"{name} is not a date there is: {value[len(match['prefix'] or '') :]!r}.") from None


def _range(match: re.Match) -> _When:
    year = int(match["year"])
    if match["hour"] is not None:
        zone = dt.UTC if match["zone"] == "Z" else dt.datetime.strptime(match["zone"].replace(":", ""), "%z").tzinfo
        fraction = (match["fraction"] or "")[1:7]
        start = dt.datetime(
            year,
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=zone,
        )
        unit = (
            dt.timedelta(minutes=1)
            if match["second"] is None
            else dt.timedelta(microseconds=10 ** (6 - len(fraction)))
            if fraction
            else dt.timedelta(seconds=1)
        )
        return _with_days(start, _plus(start, unit))
    if match["day"] is not None:
        first = last = dt.date(year, int(match["month"]), int(match["day"]))
    elif match["month"] is not None:
        first = dt.date(year, int(match["month"]), 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.datetime.combine(first, dt.time(), tzinfo=UK_TIME)
    end = None if last == dt.date.max else dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=UK_TIME)
    return _with_days(start, end)


def _with_days(start: dt.datetime, end: dt.datetime | None) -> _When:
    local = start.astimezone(UK_TIME)
    first_whole_day = local.date()
    if local.time() != dt.time():  # the range starts during that day, so the next is the first whole one
        first_whole_day = None if first_whole_day == dt.date.max else first_whole_day + dt.timedelta(days=1)
    ends_on = None if end is None else end.astimezone(UK_TIME).date()
    return _When(start, end, first_whole_day, ends_on)


def _plus(start: dt.datetime, unit: dt.timedelta) -> dt.datetime | None:
    try:
        return start + unit
    except OverflowError:
        return None


def _authored(value: str) -> Q:
    """`authored` is a day, so a range too: the whole UK day the feedback was given, compared with the
    search value's range as FHIR compares ranges. `eq`: the value's range holds the whole day; `ne`:
    it does not; `gt`: some of the day is after the value's range; `lt`: some of it is before; `ge` and
    `le`: either that or `eq`. A date gives whole days, so each prefix reads as it says; a date and time
    is a second or a minute, which never holds a whole day (`eq` finds nothing), and `gt` and `lt` find
    the day it falls on, as the feedback may have been given after it, or before."""
    prefix, when = _when("authored", value)
    every_day = Q(received_on__lte=dt.date.max)  # not Q(), which an OR would drop
    starts_within = NOTHING if when.first_whole_day is None else Q(received_on__gte=when.first_whole_day)
    ends_within = every_day if when.ends_on is None else Q(received_on__lt=when.ends_on)
    within = starts_within & ends_within
    after = NOTHING if when.ends_on is None else Q(received_on__gte=when.ends_on)
    before = every_day if when.first_whole_day is None else Q(received_on__lt=when.first_whole_day)
    return {
        "eq": within,
        "ne": ~within,
        "gt": after,
        "lt": before,
        "ge": after | within,
        "le": before | within,
    }[prefix]


def _last_updated(value: str) -> Q:
    """`_lastUpdated` is an instant: within the search value's range, or wholly after or before it."""
    prefix, when = _when("_lastUpdated", value)
    after_start = Q(created_at__gte=when.start)
    before_end = Q() if when.end is None else Q(created_at__lt=when.end)
    return {
        "eq": after_start & before_end,
        "ne": ~(after_start & before_end),
        "gt": NOTHING if when.end is None else Q(created_at__gte=when.end),
        "lt": Q(created_at__lt=when.start),
        "ge": after_start,
        "le": before_end,
    }[prefix]


_READERS = {
    "identifier": _identifier,
    "authored": _authored,
    "_lastUpdated": _last_updated,
    "subject:identifier": _subject,
    "service_id": _service_id,
}
