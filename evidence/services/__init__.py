"""Writes for evidence: items entered one at a time or imported from a CSV file, performance measures
and their monthly readings. Each checks permission first, works inside one transaction and writes
its audit event; an import saves every row or none, and names the line and column of each problem."""

from evidence.services._common import evidence_closed_refusal
from evidence.services.imports import HARM_WORDS, IMPORT_COLUMNS, KIND_WORDS, MAX_IMPORT_ROWS, items_import
from evidence.services.measures import measure_create, reading_record
from evidence.services.records import REFERENCE_HELD, ItemInput, item_correct, item_record, item_withdraw

__all__ = [
    "HARM_WORDS",
    "IMPORT_COLUMNS",
    "KIND_WORDS",
    "MAX_IMPORT_ROWS",
    "REFERENCE_HELD",
    "ItemInput",
    "evidence_closed_refusal",
    "item_correct",
    "item_record",
    "item_withdraw",
    "items_import",
    "measure_create",
    "reading_record",
]
