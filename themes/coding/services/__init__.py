"""Writes for coding: a person's coding of a comment, the model's suggestions, bulk acceptance.

Rows are appended. A person's decision about a theme that already has a current row (the model's
suggestion, an imported label, or an earlier person's coding) is a new row that supersedes it;
a model suggestion that a better model replaces before anyone has reviewed it is withdrawn (it
stops being current, with the time). A person's coding of a comment leaves only their rows current
in the framework: a row of a theme the published version no longer has is ended, with no
successor. Nothing is edited in place and nothing is deleted.

Every person's coding of a comment ends with a `CodingReview`, which takes the comment out of the
queue. Audit entries name the themes and sentiment, never the comment's words.
"""

from themes.coding.services.coding import (
    CodingResult,
    comment_code,
    imported_codings_store,
    is_stale,
    theme_for_code,
)
from themes.coding.services.suggestions import (
    BulkResult,
    Suggestion,
    suggestions_accept_confident,
    suggestions_confident_count,
    suggestions_on_arrival,
    suggestions_store,
)

__all__ = [
    "BulkResult",
    "CodingResult",
    "Suggestion",
    "comment_code",
    "imported_codings_store",
    "is_stale",
    "suggestions_accept_confident",
    "suggestions_confident_count",
    "suggestions_on_arrival",
    "suggestions_store",
    "theme_for_code",
]
