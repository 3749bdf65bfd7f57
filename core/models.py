"""Shared model bases and the audit log."""

from django.conf import settings
from django.db import models

from core.tenancy import TenantManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One row for every write made through a service: who, when, the verb, the object, what changed.

    Rows are only ever appended. Personal details are not copied into `changes`: a changed
    personal field is recorded by name with the value "(changed)".
    """

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="The actor's name when the event was recorded.")
    at = models.DateTimeField(db_index=True)
    verb = models.CharField(max_length=100, db_index=True, help_text="Namespaced, such as organisations.service.create")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    # What the event is about, for administrators of some services (ADR 0002, addendum): the one
    # service its object belongs to, and the person it concerns. Empty means the whole
    # organisation, which only administrators of every service read.
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_label}"
