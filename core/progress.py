"""Progress of long work kept on its own row (a model being trained, a PDF being made), which the
page polls: how far it has got, what it is doing, and any other fields that changed with it."""

from __future__ import annotations

from django.db import models


def progress_save(row: models.Model, percent: int, stage: str, **fields) -> None:
    """Set ``progress`` and ``stage`` (and ``fields``) on ``row`` and save only those columns."""
    row.progress, row.stage = percent, stage
    for key, value in fields.items():
        setattr(row, key, value)
    row.save(update_fields=["progress", "stage", *fields])
