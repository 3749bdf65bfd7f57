"""FHIR search for QuestionnaireResponse: a query read into what it asks for, or every problem with it.

Heard searches by:

    identifier          the sender's identifier: `system|value`, `value` in any system, `|value` with no
                        system, `system|` any value in that system
    authored            the date the feedback was given, with a prefix (eq, ne, gt, lt, ge, le) and a
                        date (2026, 2026-11, 2026-11-30) or a date and time with its zone; the day it
                        was given (in UK time) is compared with the value's range as FHIR compares
                        ranges (`dates.authored`)
    _lastUpdated        when Heard recorded it, or last changed it after by withdrawing consent to quote
                        or making it anonymous (`Feedback.last_changed`)
    subject:identifier  the service, as the response's subject carries it (`SERVICE_SYSTEM|12`)
    service_id          the service, by the id the other endpoints take (`12`)
    _count              how many on a page, 0 to `MAX_COUNT` (0 gives only the total); `DEFAULT_COUNT`
    _page               where a page starts: given in the Bundle's next and previous links, never made up
    _format             json only

Values of one parameter separated by commas are alternatives; a parameter given twice must hold both
ways (as in `authored=ge2026-01-01&authored=lt2026-04-01`). A comma, bar or backslash in a value is
escaped with a backslash. This builds the condition (`search_parse`), `selectors.feedback_matching`
finds what meets it, and `page_of` cuts the page.

The query is read in `query`, each filter's value made a condition in `conditions` (and, for the two
dates, in `dates`), and the page cut in `paging`. Each module's `__all__` is what the others may use;
a name with an underscore is its own, used nowhere else.
"""

from feedback.fhir_search.paging import Cursor, Page, page_of
from feedback.fhir_search.query import (
    CONTROLS,
    DEFAULT_COUNT,
    FILTERS,
    MAX_COUNT,
    Problem,
    Search,
    SearchRefused,
    not_searched_by,
    search_parse,
)

__all__ = [
    "CONTROLS",
    "DEFAULT_COUNT",
    "FILTERS",
    "MAX_COUNT",
    "Cursor",
    "Page",
    "Problem",
    "Search",
    "SearchRefused",
    "not_searched_by",
    "page_of",
    "search_parse",
]
