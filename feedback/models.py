"""What people tell us: one `Feedback` per response, with its free-text `Comment`s.

The rating and who gave it belong to the response (so Friends and Family Test scores count each
person once); themes, sentiment, urgent flags and quotes belong to each comment.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest

from core.tenancy import TenantManager

FFT_QUESTION = "Overall, how was your experience of our service?"
QUESTION_GOOD = "What was good?"
QUESTION_BETTER = "What could be better?"


class Kind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback"
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"
    FORUM = "forum", "Notes from a forum or meeting"
    CONVERSATION = "conversation", "Notes from a conversation"


class Channel(models.TextChoices):
    ONLINE_FORM = "online_form", "Online form"
    EASY_READ_FORM = "easy_read_form", "Easy read form"
    PAPER = "paper", "Paper form"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting or forum"
    IMPORT = "import", "Imported file"
    # Said as a reader would put it: the names of the protocols mean nothing to a partner.
    API = "api", "Sent from another system"
    FHIR = "fhir", "Sent from an NHS or care record system"


class Rating(models.IntegerChoices):
    """The Friends and Family Test scale, in its standard order."""

    VERY_GOOD = 1, "Very good"
    GOOD = 2, "Good"
    NEITHER = 3, "Neither good nor poor"
    POOR = 4, "Poor"
    VERY_POOR = 5, "Very poor"
    DONT_KNOW = 6, "Don't know"

    @classmethod
    def positive(cls) -> tuple[int, int]:
        return (cls.VERY_GOOD, cls.GOOD)


class GiverType(models.TextChoices):
    PERSON = "person", "A person using the service"
    FAMILY = "family", "Family member or friend"
    ADVOCATE = "advocate", "Advocate"
    STAFF = "staff", "Member of staff"
    OTHER = "other", "Someone else"
    NOT_SAID = "not_said", "Not said"


class ReplyMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Sentiment(models.IntegerChoices):
    """Five levels, as the NHS patient-experience framework codes them."""

    VERY_POSITIVE = 1, "Very positive"
    POSITIVE = 2, "Positive"
    NEUTRAL = 3, "Neutral or mixed"
    NEGATIVE = 4, "Negative"
    VERY_NEGATIVE = 5, "Very negative"


SENTIMENT3 = {
    "positive": ("Positive", (Sentiment.VERY_POSITIVE, Sentiment.POSITIVE)),
    "neutral": ("Neutral or mixed", (Sentiment.NEUTRAL,)),
    "negative": ("Negative", (Sentiment.NEGATIVE, Sentiment.VERY_NEGATIVE)),
}


class Feedback(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"
    PERSONAL_FIELDS = ("person", "reply_contact")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="feedback")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FEEDBACK)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField(db_index=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    giver_type = models.CharField(max_length=20, choices=GiverType.choices, default=GiverType.NOT_SAID)
    person = models.ForeignKey(
        "organisations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_given",
        help_text="The person who gave it, when they are known to the service.",
    )
    assisted = models.BooleanField(default=False, help_text="Given with, or on behalf of, the person by someone else.")
    recorded_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_recorded"
    )
    consent_to_quote = models.BooleanField(default=False)
    may_attribute = models.BooleanField(default=False, help_text="The giver agreed to be named with a quote.")
    wants_reply = models.BooleanField(default=False)
    reply_method = models.CharField(max_length=20, choices=ReplyMethod.choices, blank=True)
    reply_contact = models.CharField(max_length=200, blank=True)
    source_key = models.CharField(
        max_length=200, blank=True, help_text="Identifies an imported row, so importing it again adds nothing."
    )
    sender_id = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The id the system that sent it gave it, as given: the JSON API's external_id, or a FHIR "
        "identifier as system|value. Given back to that system; `source_key` is what tells copies apart.",
    )
    import_source = models.CharField(
        max_length=100,
        blank=True,
        help_text="The survey or system an imported row came from, as named when it was imported: a row is "
        "the same as one imported before only if it has the same key from the same source.",
    )
    urgent_check_pending = models.BooleanField(
        default=False,
        help_text="Part of a large import the model has not yet read for urgent concerns: until it has, only "
        "people who may see urgent flags read it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What was withdrawn or removed afterwards, and when (ADR 0025). Set once; nothing puts them back.
    consent_withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the giver withdrew their consent to be quoted."
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the link to the person, their contact details and the personal "
        "details in the comments were removed.",
    )
    anonymised_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_contact_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the contact details for a reply were removed, once no longer needed."
    )

    objects = TenantManager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "service", "-received_on"]),
            models.Index(fields=["organisation", "-received_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_source", "source_key"],
                condition=~Q(source_key=""),
                name="feedback_source_unique",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=6), name="feedback_rating_fft"
            ),
            # Anonymous feedback keeps no way back to the person (ADR 0025).
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True)
                | Q(person__isnull=True, reply_contact="", consent_to_quote=False, may_attribute=False),
                name="feedback_anonymous_keeps_nothing_personal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.received_on:%-d %b %Y} at {self.service}"

    @property
    def is_anonymous(self) -> bool:
        return self.anonymised_at is not None

    # What changes recorded feedback as another system reads it (ADR 0025's addendum): consent to
    # quote withdrawn, and its personal details removed. Contact details removed once no longer
    # needed change nothing another system is sent.
    CHANGED_AT = ("consent_withdrawn_at", "anonymised_at")

    @property
    def last_changed_at(self) -> dt.datetime:
        """When it was recorded, or last changed after: FHIR's ``meta.lastUpdated``."""
        return max([self.created_at, *(t for t in (getattr(self, f) for f in self.CHANGED_AT) if t is not None)])

    @classmethod
    def last_changed(cls) -> Greatest:
        """``last_changed_at`` as the database works it out, to search by (FHIR's ``_lastUpdated``)."""
        return Greatest("created_at", *(Coalesce(f, "created_at") for f in cls.CHANGED_AT))

    def sent_with_id(self, *, via: str) -> str:
        """The id a system gave this feedback when it sent it through `via` ("api" for the JSON API,
        "fhir"), as it gave it; "" if it came another way or with no id."""
        if self.import_source or not self.source_key.startswith(f"{via}:"):
            return ""
        return self.sender_id


class Reply(models.Model):
    """A reply sent to someone about their feedback: how, when and by whom, and in short what was said.

    Someone who asked for a reply is waiting for one until a reply is recorded (ADR 0004). Replies are
    added, never changed: a second reply (a follow-up call, a letter after the call) is another row."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    method = models.CharField(max_length=20, choices=ReplyMethod.choices)
    replied_on = models.DateField()
    replied_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, help_text="In short, what was said or done.")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["replied_on", "id"]

    def __str__(self) -> str:
        return f"Reply by {self.get_method_display().lower()} on {self.replied_on:%-d %b %Y}"


class Comment(models.Model):
    """One free-text answer. Themes, sentiment, urgent flags and quotes hang from comments."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="comments")
    question = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    sentiment = models.PositiveSmallIntegerField(
        choices=Sentiment.choices,
        null=True,
        blank=True,
        help_text="The current sentiment: as imported, or as coded by a person or suggested by the model.",
    )

    objects = TenantManager()

    class Meta:
        ordering = ["feedback_id", "position"]

    def __str__(self) -> str:
        return self.text[:80]
