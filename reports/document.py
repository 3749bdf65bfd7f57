"""A report as plain data: sections of words, charts and tables.

Selectors build a `Report`; the same object is shown on screen, printed to PDF and written to a
spreadsheet (one sheet per table), so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup


class Link(str):
    """Words in a table cell that link to a record: a link on screen, the words alone in a spreadsheet."""

    href: str

    def __new__(cls, text: str, href: str):
        made = super().__new__(cls, text)
        made.href = href
        return made


class Percent(float):
    """A share in a table cell, as a percentage (70.0 is 70%): "70.0%" on screen and in print, and in a
    spreadsheet the number 0.7 shown as a percentage, so it can be sorted and charted."""

    is_percent = True

    def __str__(self) -> str:
        return f"{float(self):.1f}%"


class Month(dt.date):
    """A month in a table cell, kept as its first day: "Oct 2026" on screen and in print, and in a
    spreadsheet a date shown as its month, so it can be sorted and charted as a date."""

    is_month = True

    def __new__(cls, day: dt.date):
        return super().__new__(cls, day.year, day.month, 1)

    def __str__(self) -> str:
        return self.strftime("%b %Y")

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else super().__format__(spec)


class Counted(str):
    """A name with a count in a table cell: "Privacy (3)" on screen and in print; in a spreadsheet two
    columns, the name and the count as a number (see ``Table.counted``)."""

    name: str
    count: int

    def __new__(cls, name: str, count: int):
        made = super().__new__(cls, f"{name} ({count})")
        made.name, made.count = name, count
        return made


SHEET_NAME_MAX = 31  # Excel's limit


def short_sheet_name(prefix: str, name: str) -> str:
    """'Impact 1 – Call bells': the prefix and as many whole words of the name as fit in a sheet name,
    never a word cut in half (the full name goes in the sheet's first cell, `Table.heading`)."""
    shown = prefix
    for word in name.split():
        longer = f"{shown} – {word}" if shown == prefix else f"{shown} {word}"
        if len(longer) > SHEET_NAME_MAX:
            break
        shown = longer
    return shown.rstrip(" &,–-")


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list]
    sheet: str  # the name of its sheet in the spreadsheet (31 characters at most)
    note: str = ""
    # Columns of names with counts (``Counted``), each with what its counts count: in a spreadsheet
    # each is two columns, whether or not a row has a name in it, so the sheet's shape never varies.
    counted: tuple[tuple[int, str], ...] = ()
    # Written in the sheet's first cell, above the header: the full name a short sheet name stands for.
    heading: str = ""

    def __post_init__(self):
        widths = {len(row) for row in self.rows}
        if widths and widths != {len(self.header)}:
            raise ValueError(f"Table {self.caption!r}: every row needs {len(self.header)} cells.")

    @property
    def numeric_columns(self) -> frozenset[int]:
        """Columns after the first whose values are all numbers (or none): they line up on the right."""
        numeric = set()
        for i in range(1, len(self.header)):
            values = [row[i] for row in self.rows if row[i] is not None]
            if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
                numeric.add(i)
        return frozenset(numeric)


@dataclass(frozen=True)
class Figure:
    """A chart with the table of its figures, shown beside it on screen and after it in print."""

    chart: Markup
    table: Table
    icons: tuple[Markup, ...] = ()
    icon_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    # The comments whose words it prints (people's own words, quoted with their consent), so that a
    # PDF of it is not kept once one of them has withdrawn it (``reports.files``).
    quoted: tuple[int, ...] = ()

    @property
    def all_tables(self) -> list[Table]:
        return [f.table for f in self.figures] + list(self.tables)


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    organisation: str
    coverage: str  # which services, in words
    period: str  # e.g. "October 2026"
    generated_at: dt.datetime
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.all_tables]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def quoted(self) -> frozenset[int]:
        """The comments whose words it prints, from every section."""
        return frozenset(c for s in self.sections for c in s.quoted)
