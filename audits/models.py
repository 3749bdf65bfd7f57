"""Audits: co-designed, versioned templates; audit runs at a service, commissioned for a reason the
evidence gives; cases audited with the observed person's consent; findings that open actions; and
re-audits compared question by question with their baseline.

A template's questions are written and tried out while its version is a draft; publishing names the
design session in the co-production ledger (who designed it, and its rung). A new version starts as
a copy, with what changed and why. Questions keep their `origin` (the first version's question)
across versions, so that a re-audit on a later version is compared with its baseline question by
question. Cases, answers and findings are appended and never changed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from governance.models import AppendOnly, Withdrawal


class AuditTemplate(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="What the audit is for, in plain words.")
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="audittemplate_has_title")]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "In use"
    RETIRED = "retired", "Replaced"


class TemplateVersion(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    change_note = models.TextField(blank=True, help_text="What changed from the version before, and why.")
    design_session = models.ForeignKey(
        "governance.CoproductionActivity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_versions_designed",
        help_text="The session in the co-production ledger where it was designed; needed to publish.",
    )
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    published_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="templateversion_number_once"),
            models.UniqueConstraint(
                fields=["template"], condition=Q(status="published"), name="templateversion_one_in_use"
            ),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="templateversion_status_known"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(design_session__isnull=False, published_at__isnull=False),
                name="templateversion_published_with_its_design",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.title}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class AuditQuestion(models.Model):
    """A question of a version. Questions of a draft may be added and taken out; once the version is
    published they are fixed. `reading_grade` is the question's US school grade by Flesch-Kincaid,
    worked out when it was written."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="questions")
    origin = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The question it was copied from in an earlier version; empty for a new question.",
    )
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    is_observation = models.BooleanField(
        default=False, help_text="Answered by watching care, so the observed person's consent is recorded."
    )
    reading_grade = models.FloatField()

    objects = TenantManager()

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="auditquestion_says_what")]

    def __str__(self) -> str:
        return self.text

    @property
    def lineage(self) -> int:
        """The same question across versions: its first version's question."""
        return self.origin_id or self.id


class TrialRun(AppendOnly):
    """A draft tried out with people, at a session in the co-production ledger, and what was learned."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="trials")
    session = models.ForeignKey(
        "governance.CoproductionActivity", on_delete=models.PROTECT, related_name="audit_trials"
    )
    learned = models.TextField()
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["version", "recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(learned=""), name="trialrun_says_what_was_learned")]


class RunStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMPLETE = "complete", "Complete"


class AuditRun(models.Model):
    """One audit at one service: the programme's entry while planned, the results once complete."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="runs")
    planned_for = models.DateField(db_index=True)
    lead = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why this audit, here, now: what the evidence said.")
    reason_theme_code = models.SlugField(max_length=100, blank=True)
    # Two frameworks can share a code: the theme is read only with the framework it was chosen from.
    reason_theme_framework = models.ForeignKey(
        "themes.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The framework its theme is of (the main framework when it was planned).",
    )
    reason_mentions = models.PositiveIntegerField(null=True, blank=True)
    reason_until = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
        help_text="The governance decision that commissioned this audit, if one did.",
    )
    baseline = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reaudits",
        help_text="For a re-audit: the earlier audit it is compared with.",
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.PLANNED)
    completed_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-planned_for", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="auditrun_status_known"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(completed_by__isnull=False, completed_at__isnull=False),
                name="auditrun_completed_by_someone",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="auditrun_says_why"),
        ]

    def __str__(self) -> str:
        return f"{self.version.template.title} at {self.service.name}"


class AuditRunWithdrawal(Withdrawal):
    """A planned audit taken off the programme (the wrong service or template, planned twice, or no
    longer needed). The audit is kept, with any cases recorded, marked withdrawn; a completed audit is
    never withdrawn, as its results have gone to meetings (ADR 0016)."""

    SERVICE_PATH = "run__service"

    run = models.OneToOneField(AuditRun, on_delete=models.PROTECT, related_name="withdrawal")


class AuditAuditor(AppendOnly):
    """Someone who carried out the audit; a lay auditor is a co-production partner (read from their roles)."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "run__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="auditors")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    lay = models.BooleanField()

    objects = TenantManager()

    class Meta:
        ordering = ["run", "-lay", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="auditauditor_once")]


class Consent(models.TextChoices):
    AGREED = "agreed", "The person agreed to be observed"
    REPRESENTATIVE = "representative", "Someone who may speak for them agreed"
    NOT_OBSERVED = "not_observed", "Nobody was observed (records or surroundings only)"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Does not apply"


class AuditCase(AppendOnly):
    """One case audited: a person's care observed (with their consent), a record or a room."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "run__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField()
    consent = models.CharField(max_length=20, choices=Consent.choices)
    note = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The withdrawn case this one corrects (it keeps that case's number).",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["run", "number", "id"]
        constraints = [
            # A correction keeps the number of the case it replaces (which is withdrawn).
            models.UniqueConstraint(
                fields=["run", "number"], condition=Q(replaces__isnull=True), name="auditcase_number_once"
            ),
            models.CheckConstraint(condition=Q(consent__in=Consent.values), name="auditcase_consent_known"),
        ]


class AuditCaseWithdrawal(Withdrawal):
    """A case taken out of an audit's results while the audit is in progress (recorded twice, the
    wrong answers, the wrong audit); a correction is a new case that names the one it replaces."""

    SERVICE_PATH = "case__run__service"

    case = models.OneToOneField(AuditCase, on_delete=models.PROTECT, related_name="withdrawal")


class AuditAnswer(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "case__run__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=5, choices=Answer.choices)

    objects = TenantManager()

    class Meta:
        ordering = ["case", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "question"], name="auditanswer_once"),
            models.CheckConstraint(condition=Q(answer__in=Answer.values), name="auditanswer_known"),
        ]


class AuditFinding(AppendOnly):
    """A finding of a completed audit about one question, and the action it opened."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "run__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="findings")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    action = models.OneToOneField("governance.Action", on_delete=models.PROTECT, related_name="audit_finding")
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="auditfinding_says_what")]
