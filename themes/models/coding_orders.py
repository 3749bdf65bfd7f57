"""The "code these next" order of a framework's waiting comments, worked out in the background."""

from __future__ import annotations

from django.db import models

from core.tenancy import TenantManager
from themes.models.frameworks import Framework
from themes.models.model_versions import ThemeModelVersion


class CodingOrder(models.Model):
    """The order that teaches the model most, as last worked out, for one framework of an organisation.

    It is worked out over the organisation's waiting comments, whoever may see them, so it is never
    shown as it is: a person's queue is read from it at once, keeping only the comments that person
    may code (`code_next_order`). It is derived data, worked out again and replaced as a whole, so
    it is not kept as history like codings are.
    """

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    framework = models.OneToOneField(Framework, on_delete=models.CASCADE, related_name="+")
    # The model that scored the comments; none before any model is in use (the order then spreads
    # over the range of things people write about).
    model_version = models.ForeignKey(
        ThemeModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment_ids = models.JSONField(default=list, blank=True)
    # The highest comment id in the organisation when the order was worked out: comments above it
    # came in since, and have no place in the order yet.
    newest_comment_id = models.BigIntegerField(default=0)
    worked_out_at = models.DateTimeField(null=True, blank=True)
    # Set when feedback arrives or the model changes, and cleared when a worker starts working the
    # order out again: while it is set, a refresh is already on its way and no other is queued.
    refresh_wanted_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    def __str__(self) -> str:
        return f"Order to code next in {self.framework}"
