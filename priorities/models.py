"""Co-produced quality priorities: ideas raised and ranked at a planning session with the people who
use services, the priorities chosen from them, each priority's measurable objectives (a measure bound
to data in Heard, a baseline, a target, a deadline and a named lead), and the quarterly reviews held
with people who use services, with the readings taken and any adjustments made.

Sessions are activities in the co-production ledger (`governance.CoproductionActivity`): who took
part and how far they shared power is recorded there once. Everything here is appended, like the
rest of the governance record: an objective's target or deadline changes only through an adjustment
made at a review, with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from governance.models import AppendOnly, Withdrawal


class Measure(models.TextChoices):
    THEME_SHARE = "theme_share", "Share of feedback that raises a theme (%)"
    FFT_POSITIVE = "fft_positive", "Friends and Family Test answers that are good or very good (%)"
    COPRODUCTION_HIGH = "coproduction_high", "Co-production activities at co-design or co-production (number)"


class PriorityIdea(AppendOnly):
    """An idea people raised at a planning session, with the votes it got when they ranked them. A
    mistyped idea or total is corrected by a new row that `replaces` it (the old one is withdrawn,
    with what was wrong); only ideas not withdrawn are ranked (ADR 0015)."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "session__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "governance.CoproductionActivity", on_delete=models.PROTECT, related_name="priority_ideas"
    )
    text = models.CharField(max_length=300)
    votes = models.PositiveIntegerField(default=0)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The withdrawn idea this one corrects.",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["session", "-votes", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="priorityidea_says_what")]

    def __str__(self) -> str:
        return self.text


class IdeaWithdrawal(Withdrawal):
    """An idea taken out of the ranking: raised twice, never raised, or corrected by a later row."""

    SERVICE_PATH = "idea__session__service"

    idea = models.OneToOneField(PriorityIdea, on_delete=models.PROTECT, related_name="withdrawal")


class QualityPriority(AppendOnly):
    """A priority chosen at a planning session, for a year, for one service or the whole organisation."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"
    # A priority of the whole organisation binds every service, so everyone who reads priorities at
    # any service reads it (ADR 0015): its page opens for them, and links to it are shown.
    READ_AT_EVERY_SERVICE = True

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a priority of the whole organisation.",
    )
    year = models.PositiveIntegerField(db_index=True)
    title = models.CharField(max_length=200)
    why = models.TextField(blank=True, help_text="What people said, in their words.")
    session = models.ForeignKey(
        "governance.CoproductionActivity", on_delete=models.PROTECT, related_name="priorities_chosen"
    )
    idea = models.OneToOneField(PriorityIdea, null=True, blank=True, on_delete=models.PROTECT, related_name="chosen_as")
    decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="priorities",
        help_text="The governance decision that adopted the priority, if one did.",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name_plural = "quality priorities"
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="qualitypriority_has_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_label(self) -> str:
        return self.service.name if self.service_id else "Whole organisation"


class PriorityWithdrawal(Withdrawal):
    """A priority taken out of the list and the reports: chosen twice, or recorded by mistake, before
    anyone reviewed it or opened an action for it. The priority stays, marked (ADR 0019)."""

    SERVICE_PATH = "priority__service"

    priority = models.OneToOneField(QualityPriority, on_delete=models.PROTECT, related_name="withdrawal")


class Objective(AppendOnly):
    """A measurable objective of a priority. `baseline` is the measure over the 91 days before it was
    set (empty when Heard held no data for it); the target and deadline in force are the latest
    adjustment's, or these."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "priority__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    priority = models.ForeignKey(QualityPriority, on_delete=models.PROTECT, related_name="objectives")
    description = models.CharField(max_length=300)
    measure = models.CharField(max_length=30, choices=Measure.choices)
    theme_code = models.SlugField(max_length=100, blank=True)
    # Two frameworks can share a code: the theme is measured only with the framework it was chosen from.
    theme_framework = models.ForeignKey(
        "themes.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The framework its theme is of (the main framework when it was set).",
    )
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField()
    deadline = models.DateField()
    lead = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="objective_measure_known"),
            models.CheckConstraint(
                condition=Q(measure=Measure.THEME_SHARE, theme_code__gt="")
                | (~Q(measure=Measure.THEME_SHARE) & Q(theme_code="")),
                name="objective_theme_only_for_theme_share",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="objective_says_what"),
        ]

    def __str__(self) -> str:
        return self.description

    def _latest_adjustment(self) -> ObjectiveAdjustment | None:
        made = list(self.adjustments.all())  # in the order the reviews were held; prefetched by the pages
        return made[-1] if made else None

    def in_force_on(self, day: dt.date) -> tuple[float, dt.date]:
        """The target and deadline in force after the reviews held up to `day`: a review recorded late,
        for a session held before others, does not overrule what was agreed since."""
        made = [a for a in self.adjustments.all() if a.review.session.held_on <= day]
        return (made[-1].target, made[-1].deadline) if made else (self.target, self.deadline)

    @property
    def target_now(self) -> float:
        latest = self._latest_adjustment()
        return latest.target if latest else self.target

    @property
    def deadline_now(self):
        latest = self._latest_adjustment()
        return latest.deadline if latest else self.deadline

    @property
    def is_percentage(self) -> bool:
        return self.measure != Measure.COPRODUCTION_HIGH

    def met_by(self, value: float | None) -> bool | None:
        """Whether a value meets the target in force, moving from the baseline; None when unknown."""
        if value is None or self.baseline is None:
            return None
        target = self.target_now
        return value >= target if target >= self.baseline else value <= target


class PriorityReview(AppendOnly):
    """A quarterly review of a priority, held at a session in the co-production ledger where people
    who use services took part."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "priority__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    priority = models.ForeignKey(QualityPriority, on_delete=models.PROTECT, related_name="reviews")
    session = models.ForeignKey(
        "governance.CoproductionActivity", on_delete=models.PROTECT, related_name="priority_reviews"
    )
    progress = models.TextField()
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["priority", "session__held_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "session"], name="priorityreview_once_per_session"),
            models.CheckConstraint(condition=~Q(progress=""), name="priorityreview_says_progress"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.priority}"


class ObjectiveReading(AppendOnly):
    """The measure as it stood when a review was held (over the 91 days before the session)."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "review__priority__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(PriorityReview, on_delete=models.CASCADE, related_name="readings")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="readings")
    value = models.FloatField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["review", "objective"]
        constraints = [models.UniqueConstraint(fields=["review", "objective"], name="objectivereading_once")]


class ObjectiveAdjustment(AppendOnly):
    """A change to an objective's target or deadline agreed at a review, with the reason."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "objective__priority__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(PriorityReview, on_delete=models.CASCADE, related_name="adjustments")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="adjustments")
    target = models.FloatField()
    deadline = models.DateField()
    why = models.TextField()

    objects = TenantManager()

    class Meta:
        # The one in force is the one agreed at the review held last, whenever it was recorded.
        ordering = ["objective", "review__session__held_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(why=""), name="objectiveadjustment_says_why")]


class ObjectiveAction(AppendOnly):
    """An action in the quality action log opened to meet an objective. The action itself lives in the
    log, with its lead, checker, due date and evidence of impact; this row says which objective it
    serves."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "objective__priority__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    action = models.OneToOneField("governance.Action", on_delete=models.PROTECT, related_name="priority_objective")

    objects = TenantManager()

    class Meta:
        ordering = ["objective", "id"]
