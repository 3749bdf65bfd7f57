"""The co-production ledger: each activity, its rung on the ladder, who took part, how they were
recognised and what it went on to influence."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from governance.models.meetings import Decision, Meeting
from governance.models.records import AppendOnly, Withdrawal


class Rung(models.TextChoices):
    """The ladder of co-production, lowest rung first (Think Local Act Personal's ladder)."""

    COERCION = "coercion", "Coercion"
    EDUCATING = "educating", "Educating"
    INFORMING = "informing", "Informing"
    CONSULTATION = "consultation", "Consultation"
    ENGAGEMENT = "engagement", "Engagement"
    CO_DESIGN = "co_design", "Co-design"
    CO_PRODUCTION = "co_production", "Co-production"


RUNG_MEANING = {
    Rung.COERCION: "People were there, but had no say in what happened.",
    Rung.EDUCATING: "People were helped to understand the service. They did not shape it.",
    Rung.INFORMING: "People were told about decisions already made.",
    Rung.CONSULTATION: "People were asked what they think. The service decided.",
    Rung.ENGAGEMENT: "People were asked and could see how their views were used. The service still decided.",
    Rung.CO_DESIGN: "People helped design it and had a real say in what it looks like.",
    Rung.CO_PRODUCTION: "People shared power and responsibility as equal partners, from start to finish.",
}


class ActivityKind(models.TextChoices):
    FORUM = "forum", "Co-production forum"
    AUDIT_DESIGN = "audit_design", "Designing an audit"
    PLANNING = "planning", "Planning session"
    INTERVIEW_PANEL = "interview_panel", "Interview panel"
    REVIEW = "review", "Review of a service, policy or document"
    OTHER = "other", "Other"


class Recognition(models.TextChoices):
    PAYMENT = "payment", "Paid for their time"
    VOUCHER = "voucher", "A voucher or gift"
    EXPENSES = "expenses", "Travel and other costs paid"
    TRAINING = "training", "Training or a certificate"
    THANKS = "thanks", "Thanked in writing"
    NONE = "none", "Not recognised"


class CoproductionActivity(AppendOnly):
    """One co-production activity in the ledger: what it was, how far people shared power (its rung),
    who took part and how they were recognised. What it went on to influence is appended later as
    `CoproductionInfluence` rows, because that is usually known only after the activity."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"
    # An activity of the whole organisation (a planning day, a review of its priorities) is read by
    # everyone who reads the ledger at any service, as its priorities are (ADR 0014, 0015 addenda).
    READ_AT_EVERY_SERVICE = True

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for an activity about the whole organisation.",
    )
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField(db_index=True)
    rung = models.CharField(max_length=20, choices=Rung.choices)
    summary = models.TextField(blank=True, help_text="What happened and what people said.")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="coproduction_activities"
    )
    others_count = models.PositiveIntegerField(default=0, help_text="People who took part who are not in Heard.")
    others_description = models.CharField(max_length=300, blank=True)
    recognition = models.CharField(max_length=20, choices=Recognition.choices)
    recognition_note = models.CharField(max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The withdrawn entry this one corrects.",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name_plural = "co-production activities"
        indexes = [models.Index(fields=["organisation", "held_on"], name="coproduction_by_date")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="coproduction_kind_known"),
            models.CheckConstraint(condition=Q(rung__in=Rung.values), name="coproduction_rung_known"),
            models.CheckConstraint(
                condition=Q(recognition__in=Recognition.values), name="coproduction_recognition_known"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="coproduction_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_label(self) -> str:
        return self.service.name if self.service_id else "Whole organisation"

    @property
    def rung_meaning(self) -> str:
        return RUNG_MEANING[Rung(self.rung)]

    @property
    def rung_step(self) -> int:
        """1 (coercion) to 7 (co-production)."""
        return Rung.values.index(self.rung) + 1


class ActivityWithdrawal(Withdrawal):
    """A ledger entry taken out of the ledger's counts: recorded twice, never happened, or corrected."""

    SERVICE_PATH = "activity__service"

    activity = models.OneToOneField(CoproductionActivity, on_delete=models.PROTECT, related_name="withdrawal")


class CoproductionParticipant(AppendOnly):
    """A person in Heard who took part. `lived_experience` is read from their roles when recorded:
    a co-production partner uses services or is a family carer or advocate."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "activity__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(CoproductionActivity, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    lived_experience = models.BooleanField()

    objects = TenantManager()

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="coproduction_participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.activity}"


class CoproductionInfluence(AppendOnly):
    """What an activity went on to influence: a decision in the governance record, or described in words."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "activity__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(CoproductionActivity, on_delete=models.CASCADE, related_name="influences")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="coproduction_influences"
    )
    text = models.TextField()
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["activity", "recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="coproduction_influence_says_what")]

    def __str__(self) -> str:
        return self.text[:120]
