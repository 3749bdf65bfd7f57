from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import ConfigDict

# The database's largest integer: an id or offset beyond it in a query is refused (422, naming the
# field), where it would otherwise reach the database and fail there (a server error).
MAX_INT = 2**63 - 1


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] | None = None


# A field a request body does not have, sent all the same: most often one misnamed (`theme_id` for
# `theme_code`, `due_date` for `due_on`), which was dropped without a word, so that the request was
# refused for the field it seemed to leave out, or done without it (ADR 0001).
UNKNOWN_FIELD = "Heard does not know this field. Check its name against the API description (/api/docs)."
# A query parameter an operation does not take, sent all the same: most often one misspelt
# (`servce_id`), which was ignored, so that a list came back unfiltered without a word (ADR 0001).
UNKNOWN_PARAMETER = (
    "Heard does not know this query parameter here. Check its name against the API description (/api/docs)."
)


class BodyIn(Schema):
    """A request body: a field it does not name is refused (a 422 naming it as sent, `UNKNOWN_FIELD`),
    nested ones too, and the OpenAPI description gives it `additionalProperties: false`. Every schema a
    request body is read into is one; an answer's schema is not, so that it may gain fields."""

    model_config = ConfigDict(extra="forbid")


# The errors an operation may answer. The OpenAPI description keeps the 404 only for operations whose
# address names something to find, or that say when they answer one (`not_found`;
# `config.api.HeardApi.get_openapi_schema`).
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
NOT_FOUND = "Not Found"


def not_found(when: str) -> dict:
    """The `openapi_extra` of an operation whose address names nothing but which answers 404 all the
    same, saying ``when``: a create whose body names something outside the person's scope, refused as
    if it did not exist rather than as a field they may fix (ADR 0002). Its 404 is then described."""
    return {"responses": {404: {"description": f"{NOT_FOUND}: {when}"}}}


# PostgreSQL cannot store a NUL character in text: one sent on to the database was a server error.
NUL_MESSAGE = "This holds a NUL character (\\u0000), which cannot be stored. Remove it."


def nul_at(data: object) -> tuple | None:
    """Where in parsed JSON a string holds a NUL character, as a path of keys and indexes; None if
    nowhere. Walked without recursion, as JSON may nest deeply."""
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return loc
        elif isinstance(value, dict):
            stack.extend(reversed([(child, (*loc, key)) for key, child in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(child, (*loc, index)) for index, child in enumerate(value)]))
    return None


def field_path(loc: Iterable) -> str:
    """Where in the request a problem is, as its sender names it: `rating`, `comments[0].text`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@contextmanager
def fields_as_sent(names: Mapping[str, str]) -> Iterator[None]:
    """A rule a service refuses, keyed by the name the request gave the field (`service_id`) rather
    than the service's own (`service`), so that a client finds the field it sent. ``names`` maps the
    service's names to the request's; any other key (`__all__` among them) is left as it is."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({names.get(name, name): messages for name, messages in exc.message_dict.items()}) from exc
