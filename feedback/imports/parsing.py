"""Reading an uploaded CSV or Excel file into rows with their line numbers.

Line numbers are the ones a person sees when they open the file in a spreadsheet: the header is
line 1 and each record is one line, even when a cell holds several lines of text.

Everything that can go wrong with the file as a whole (too big, empty, not a spreadsheet, an
encoding we cannot read, a broken Excel file) raises `ImportFileError` with a message written
for the person who uploaded it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 25 * 1024 * 1024
NOT_READABLE = (
    "This file is not a CSV or Excel file we can read. Save it as CSV (UTF-8) or Excel (.xlsx) and try again."
)
SAMPLE_BYTES = 64 * 1024
# The longest cell we accept; a comment is at most 5,000 characters, so this only stops nonsense.
FIELD_LIMIT = 1_000_000
# An .xlsx is a zip of XML parts, and a small zip can unpack to gigabytes. A sheet holding as much as
# the largest CSV we take is about five times that CSV's size unpacked (100,000 rows of the
# feedback-v6 layout: a 16 MB CSV, an 81 MB sheet packed 13 times), so each part may unpack to ten
# times the upload limit and the whole file to sixteen times (a sheet, its shared strings, styles).
# A part of more than a megabyte packed more than 100 times is not a spreadsheet (XML packs 5 to 30
# times; a zip bomb a thousand), nor are more than a thousand parts (a workbook has a dozen or two).
MAX_XLSX_PART_BYTES = 10 * MAX_FILE_BYTES
MAX_XLSX_BYTES = 16 * MAX_FILE_BYTES
MAX_XLSX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024
MAX_XLSX_PARTS = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be read. `str(error)` is a message for the person who uploaded it."""


@dataclass
class Table:
    """A file's header and its rows. `rows()` can be called more than once (it reads the file again)."""

    kind: str  # "csv" or "xlsx"
    encoding: str
    columns: list[str]
    _rows: callable = field(repr=False)

    def rows(self) -> Iterator[tuple[int, list]]:
        """(line number, cells) for every non-blank record after the header."""
        return self._rows()

    def count(self) -> int:
        return sum(1 for _ in self.rows())


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "This is an old Excel file (.xls). Open it in your spreadsheet program, save it as Excel (.xlsx) "
            "or CSV (UTF-8), and upload that instead."
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("This file is saved as Unicode text (UTF-16). Save it as CSV (UTF-8) and try again.")
    if b"\x00" in head:
        raise ImportFileError(NOT_READABLE)
    return "csv"


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"This file says it is UTF-8 but has characters that are not (at byte {exc.start + 3}). "
                "Save it again as CSV (UTF-8) and try again."
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in Windows-1252: £, curly quotes and accents are common.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "We could not tell which character set this file uses. Save it as CSV (UTF-8) and try again."
        ) from exc


def _looks_like_text(text: str) -> bool:
    sample = text[:SAMPLE_BYTES]
    if not sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n" or 0x7F <= ord(ch) < 0xA0)
    return control / len(sample) < 0.01


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_table(data: bytes) -> Table:
    text, encoding = _decode(data)
    if not _looks_like_text(text):
        raise ImportFileError(NOT_READABLE)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    csv.field_size_limit(FIELD_LIMIT)

    def records() -> Iterator[tuple[int, list]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 0
        try:
            for cells in reader:
                line += 1
                yield line, cells
        except csv.Error as exc:
            raise ImportFileError(f"{NOT_READABLE} (Line {line + 1}: {exc}.)") from exc

    header: list[str] | None = None
    for _, cells in records():
        header = cells
        break
    if not header or not any(c.strip() for c in header):
        raise ImportFileError("The first line of the file should name the columns, but it is blank.")
    if len(header) == 1 and len(header[0]) > 200:
        raise ImportFileError(NOT_READABLE)

    def rows() -> Iterator[tuple[int, list]]:
        iterator = records()
        next(iterator, None)
        for line, cells in iterator:
            if any(c.strip() for c in cells):
                yield line, cells

    return Table(kind="csv", encoding=encoding, columns=[c.strip() for c in header], _rows=rows)


def _cell(value) -> str | dt.date | int | float:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _check_xlsx_unpacked(path: Path) -> None:
    """Refuse an .xlsx that would unpack to more than a spreadsheet can hold, before it is opened.

    The sizes are the ones the zip declares: Python's zipfile never unpacks a part beyond its
    declared size (it stops there and fails the checksum), so they bound what reading it costs.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(NOT_READABLE) from exc
    if len(parts) > MAX_XLSX_PARTS:
        raise ImportFileError(
            f"This Excel file is made of {len(parts):,} parts; a spreadsheet has a few dozen, and Heard reads "
            f"files of up to {MAX_XLSX_PARTS:,}. Save it again as Excel (.xlsx) or CSV (UTF-8) and try again."
        )
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_XLSX_PART_BYTES:
            raise ImportFileError(
                f"This Excel file is too big to read: opened, one part of it comes to {_megabytes(part.file_size)}, "
                f"and Heard reads at most {_megabytes(MAX_XLSX_PART_BYTES)}. Split it into smaller files."
            )
        if part.file_size > XLSX_RATIO_FROM_BYTES and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
            raise ImportFileError(
                f"Heard cannot safely open this Excel file: opened, one part of it grows "
                f"{part.file_size // max(part.compress_size, 1):,} times, to {_megabytes(part.file_size)}, and a "
                f"spreadsheet grows at most {MAX_XLSX_RATIO} times. "
                "Save it again as Excel (.xlsx) or CSV (UTF-8) and try again."
            )
    if total > MAX_XLSX_BYTES:
        raise ImportFileError(
            f"This Excel file is too big to read: opened, it comes to {_megabytes(total)}, and Heard reads "
            f"at most {_megabytes(MAX_XLSX_BYTES)}. Split it into smaller files."
        )


def _xlsx_table(path: Path) -> Table:
    from openpyxl import load_workbook

    _check_xlsx_unpacked(path)

    def open_sheet():
        try:
            book = load_workbook(path, read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise ImportFileError(NOT_READABLE) from exc
        except Exception as exc:  # openpyxl raises many kinds of error for a broken file
            raise ImportFileError(NOT_READABLE) from exc
        if not book.worksheets:
            raise ImportFileError("The Excel file has no sheets.")
        sheet = book.worksheets[0]
        # Read-only mode trusts the size the file says its sheet has, and some programs write "A1"
        # whatever the sheet holds (every column but the first was lost) or the whole grid (every
        # row padded to 16,384 cells): read the cells that are there instead.
        sheet.reset_dimensions()
        return book, sheet

    def records() -> Iterator[tuple[int, list]]:
        book, sheet = open_sheet()
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, [_cell(v) for v in values]
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(NOT_READABLE) from exc
        finally:
            book.close()

    header = None
    for _, cells in records():
        header = [str(c).strip() for c in cells]
        break
    if header is None or not any(header):
        raise ImportFileError(
            "The file is empty." if header is None else "The first row should name the columns, but it is blank."
        )
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list]]:
        iterator = records()
        next(iterator, None)
        for line, cells in iterator:
            if any(c != "" and (not isinstance(c, str) or c.strip()) for c in cells):
                yield line, cells

    return Table(kind="xlsx", encoding="xlsx", columns=header, _rows=rows)


EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def read_table(path: Path, *, name: str = "") -> Table:
    """The file at `path` as a Table, or ImportFileError saying why it cannot be read.

    `name` is the file's name as the person knows it (an upload is stored under another): a file
    named as Excel must be one, or its bytes would be read as a one-column CSV of nonsense.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("The file is empty.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB. Files can be up to {MAX_FILE_BYTES // 1024 // 1024} MB: "
            "split it into smaller files."
        )
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    kind = _sniff_kind(head)
    if kind == "csv" and (name or path.name).lower().endswith(EXCEL_SUFFIXES):
        raise ImportFileError(
            "This file is named as an Excel file but is not one inside (it may be a web page or text that was "
            "given an Excel name). Open it in your spreadsheet program, save it as Excel (.xlsx) or CSV (UTF-8), "
            "and upload that instead."
        )
    if kind == "xlsx":
        return _xlsx_table(path)
    return _csv_table(path.read_bytes())
