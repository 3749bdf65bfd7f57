from ninja import Schema


class ErrorOut(Schema):
    detail: str
    fields: dict[str, list[str]] | None = None


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
