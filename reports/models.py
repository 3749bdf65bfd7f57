"""What reports keep: links that let an inspector read the CQC evidence pack, the wording of
"You said, we did" as a quality lead approved it for the public, and PDFs made in the background.

Reports themselves are made from the records each time they are read; a PDF someone asked for is
kept as a file for them to fetch.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager


class InspectorLink(models.Model):
    """A read-only, time-limited link to the organisation's CQC well-led evidence pack.

    Only the SHA-256 of the random token is kept: the link is shown once, to the person who made it.
    A link works until `expires_at` or until it is revoked, whichever comes first; after that it
    shows nothing at all. It covers the whole organisation, so only people who see every service
    make or revoke one.
    """

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=200, help_text="Who it is for, e.g. 'CQC inspection, March 2027'.")
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    times_opened = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="inspectorlink_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="inspectorlink_revoked_by_someone",
            ),
            models.CheckConstraint(condition=~Q(label=""), name="inspectorlink_has_a_label"),
        ]

    def __str__(self) -> str:
        return self.label

    def is_live(self, *, at) -> bool:
        return self.revoked_at is None and at < self.expires_at


class PairStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not on show"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Taken down"


class YouSaidPair(models.Model):
    """One "You said, we did" for an action closed with evidence, in words a quality lead approved.

    Drafted from the action and the theme it came from; only published pairs appear on the public
    page and the poster. Each change is written to the audit log with the words before and after.
    """

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.OneToOneField("governance.Action", on_delete=models.PROTECT, related_name="you_said")
    you_said = models.CharField(max_length=300)
    we_did = models.CharField(max_length=300)
    now = models.CharField(max_length=300, blank=True, help_text="What is different now, if it can be said simply.")
    picture = models.CharField(max_length=40, default="good-things")
    status = models.CharField(max_length=20, choices=PairStatus.choices, default=PairStatus.DRAFT)
    edited_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PairStatus.values), name="yousaidpair_status_known"),
            models.CheckConstraint(condition=~Q(you_said="") & ~Q(we_did=""), name="yousaidpair_says_both"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="yousaidpair_published_when"
            ),
        ]

    def __str__(self) -> str:
        return self.you_said[:120]


def report_file_path(instance: ReportFile, filename: str) -> str:
    # A random name: the path says nothing about the organisation, the report or who asked.
    return f"reports/{uuid.uuid4().hex}.pdf"


class ReportFile(models.Model):
    """A PDF of a report (or a "You said, we did" poster), made in the background for the person who
    asked, who alone may fetch it.

    Laying out a pack takes seconds, so the page asks for it and shows progress instead of holding
    the request. ``query`` is the report's choice written out in full (period and service), so the
    PDF is the report the person was looking at, read with their access as it stands when made.
    """

    TENANT_PATH = "organisation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        MAKING = "making", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"
        REMOVED = "removed", "Removed"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    query = models.JSONField(default=dict)
    # A poster's: the SHA-256 of what it prints (reports.poster.poster_key), so an unchanged poster
    # asked for again is the one already made. Empty for a report.
    key = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=report_file_path, blank=True, max_length=200)
    filename = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["monthly", "quarterly", "commissioner", "cqc", "poster"]),
                name="reportfile_known_kind",
            ),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="reportfile_ready_has_a_file"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.kind} report"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.MAKING)

    def stage_now(self, now: dt.datetime) -> str:
        """Where it has got, in words; one still waiting long after it was asked for says why it may be."""
        if self.status == self.Status.QUEUED and now - self.requested_at > NOT_STARTED_AFTER:
            return NOT_STARTED
        return self.stage


# A PDF takes seconds to start. One still waiting a minute after it was asked for is waiting for a
# worker that may not be running: its page says so, rather than "Waiting to start" for ever.
NOT_STARTED_AFTER = dt.timedelta(minutes=1)
NOT_STARTED = (
    "Not started yet. Heard's background work may not be running: ask your administrator to check it. "
    "Your request is kept, and the PDF will be made when it runs."
)
