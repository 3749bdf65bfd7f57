"""Spreadsheet exports (CSV and XLSX) that are safe to open.

A cell starting with =, +, -, @ or a tab/carriage return would run as a formula in spreadsheet
programs (CSV injection). Such cells are written with a leading apostrophe, which spreadsheets
show as plain text. Control characters other than tab and line breaks (a vertical tab pasted from
a word processor, say) cannot be stored in an Excel file at all, so they become spaces.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float | dt.date | None:
    if value is None or isinstance(value, (bool, int, float, dt.date)):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub(" ", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if (c := safe_cell(v)) is None else c for v in row])
    return buffer.getvalue()


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data") -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    ws.append([safe_cell(h) for h in header])
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            cells.append(value)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
