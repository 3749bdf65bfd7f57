"""Inserting many rows of one model with a single parameterised `executemany`.

`bulk_create` builds a model instance per row and compiles SQL for every batch; for the 100,000
rows of a large import that is most of the time on SQLite. This writes the same rows: table and
column names come from the model's metadata (quoted), and every value is a parameter, adapted for
the database the way Django would (datetimes, booleans). Rows get no primary keys back and no
signals are sent, so it is only for rows nothing else needs to react to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, models


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (values in the order of `fields`, foreign keys as ids); returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    ops = connection.ops
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    datetimes = [i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.DateTimeField)]
    if datetimes:
        adapted = []
        for row in rows:
            row = list(row)
            for i in datetimes:
                if isinstance(row[i], dt.datetime):
                    row[i] = ops.adapt_datetimefield_value(row[i])
            adapted.append(row)
        rows = adapted
    quoted = ", ".join(ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({quoted}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
