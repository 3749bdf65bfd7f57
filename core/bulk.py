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


# PostgreSQL plans queries from statistics that autovacuum refreshes only about a minute after a big
# load; until then it takes the new tables for nearly empty ones. Measured (bench/pages.py): the
# home page took 14.5 s right after loading 20,000 pieces of feedback and 0.4 s once analysed.
ANALYSE_FROM_ROWS = 1_000


def refresh_statistics(*models_: type[models.Model], rows: int | None = None) -> bool:
    """After inserting many rows, have PostgreSQL gather the tables' statistics now (cheap: it
    samples). Nothing to do on SQLite, or for fewer than ANALYSE_FROM_ROWS rows. True if done."""
    if connection.vendor != "postgresql" or (rows is not None and rows < ANALYSE_FROM_ROWS):
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if tables else "ANALYZE")
    return True
