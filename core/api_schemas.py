from collections.abc import Iterable

from ninja import Schema

# The database's largest integer: an id or offset beyond it in a query is refused (422, naming the
# field), where it would otherwise reach the database and fail there (a server error).
MAX_INT = 2**63 - 1


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] | None = None


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def field_path(loc: Iterable) -> str:
    """Where in the request a problem is, as its sender names it: `rating`, `comments[0].text`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
