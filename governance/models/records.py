"""What every governance record shares: written once and never changed, and withdrawn (not
deleted) when it was wrong."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager


class AppendOnly(models.Model):
    """A record: written once, never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name} is a record: it cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} is a record: it cannot be deleted.")


class Withdrawal(AppendOnly):
    """A record taken out of what counts because it was wrong (entered twice, never happened, or
    corrected by a later record), with why and by whom. The record itself stays, marked. Each kind
    of record has its own table with a one-to-one link to it, named ``withdrawal`` (ADR 0019)."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    withdrawn_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        abstract = True
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="%(class)s_says_why")]
