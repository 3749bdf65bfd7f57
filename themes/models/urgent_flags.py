"""Urgent flags: a comment that may need the safeguarding lead at once, and what people did about it.

A flag is raised by the detector (rules, model or both) or by a member of staff. It closes only
through an appended `UrgentFlagAction` that records, in words, what a person did; history is never
edited.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager


class DetectedBy(models.TextChoices):
    RULES = "rules", "Rules"
    MODEL = "model", "Model"
    RULES_AND_MODEL = "rules+model", "Rules and model"
    PERSON = "person", "A member of staff"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    # Closed by a person who found it was not a safeguarding matter (a false alarm): the feedback is
    # read and coded as any other again (ADR 0007).
    NOT_A_CONCERN = "not_a_concern", "Closed: not a safeguarding concern"


class ReferredTo(models.TextChoices):
    """Who a flag was referred to, as a note records it (ADR 0007)."""

    LOCAL_AUTHORITY = "local_authority", "The local authority's safeguarding team"
    POLICE = "police", "The police"
    CQC = "cqc", "The CQC"
    OTHER = "other", "Another body"


# How a sentence names each body ("Referred to the police").
REFERRAL_WORDS = {
    ReferredTo.LOCAL_AUTHORITY: "the local authority's safeguarding team",
    ReferredTo.POLICE: "the police",
    ReferredTo.CQC: "the CQC",
}


class UrgentFlag(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "comment__feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    comment = models.ForeignKey("feedback.Comment", on_delete=models.CASCADE, related_name="urgent_flags")
    reasons = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0.0)
    detected_at = models.DateTimeField(db_index=True)
    detected_by = models.CharField(max_length=20, choices=DetectedBy.choices)
    raised_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)

    objects = TenantManager()

    class Meta:
        ordering = ["detected_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "detected_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FlagStatus.values), name="urgentflag_status_known"),
            # One open flag a comment (ADR 0007): a second worry joins the open flag as a concern.
            models.UniqueConstraint(
                fields=["comment"], condition=Q(status=FlagStatus.OPEN), name="urgentflag_one_open_per_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"Urgent flag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class UrgentFlagAction(models.Model):
    """One thing a person did about a flag. Only ever appended; one may close the flag, and on a
    closed flag one may add what came of it later or open it again."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "flag__comment__feedback__service"

    flag = models.ForeignKey(UrgentFlag, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    closes = models.BooleanField(default=False)
    reopens = models.BooleanField(default=False)
    # Someone else's reason for flagging a comment whose flag was already open (ADR 0007): a concern
    # added to the record, not something done about it, so it leaves the flag "nothing recorded yet".
    adds_concern = models.BooleanField(default=False)
    # When the person keeping the flag open will look at it again (ADR 0007): the flag's review-by
    # date is that of its latest note that set one. A note that closes the flag sets none.
    review_by = models.DateField(null=True, blank=True)
    # A referral made, recorded with the note: to whom, and the reference they gave, if any.
    referred_to = models.CharField(max_length=20, choices=ReferredTo.choices, blank=True)
    referred_to_other = models.CharField(max_length=200, blank=True)  # the body, when `referred_to` is "other"
    referral_reference = models.CharField(max_length=100, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="urgentflagaction_says_what_was_done"),
            models.CheckConstraint(
                condition=Q(closes=False) | Q(reopens=False), name="urgentflagaction_closes_or_reopens_not_both"
            ),
            models.CheckConstraint(
                condition=Q(adds_concern=False) | Q(closes=False, reopens=False),
                name="urgentflagaction_a_concern_changes_no_status",
            ),
            models.CheckConstraint(
                condition=Q(review_by__isnull=True) | Q(closes=False, adds_concern=False),
                name="urgentflagaction_review_by_only_keeping_it_open",
            ),
            models.CheckConstraint(
                condition=Q(referred_to="") | Q(referred_to__in=ReferredTo.values),
                name="urgentflagaction_referral_known",
            ),
            models.CheckConstraint(
                condition=Q(referred_to=ReferredTo.OTHER, referred_to_other__gt="")
                | (~Q(referred_to=ReferredTo.OTHER) & Q(referred_to_other="")),
                name="urgentflagaction_other_body_named",
            ),
            models.CheckConstraint(
                condition=Q(referral_reference="") | ~Q(referred_to=""),
                name="urgentflagaction_reference_of_a_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Action on urgent flag {self.flag_id}"

    def save(self, *args, **kwargs):
        # What was done is a record: it is appended, never rewritten.
        if not self._state.adding:
            raise ValueError("An action on an urgent flag cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An action on an urgent flag cannot be deleted.")

    @property
    def referral_said(self) -> str:
        """The referral in words: "Referred to the local authority's safeguarding team, ref 123"; empty
        for a note without one."""
        if not self.referred_to:
            return ""
        to = self.referred_to_other if self.referred_to == ReferredTo.OTHER else REFERRAL_WORDS[self.referred_to]
        return f"Referred to {to}" + (f", ref {self.referral_reference}" if self.referral_reference else "")
