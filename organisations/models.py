import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from core.tenancy import TenantManager
from organisations import feedback_codes
from organisations.roles import Role

# A UK or international phone number as people write it; it goes on public pages as a tel: link.
PHONE_NUMBER = RegexValidator(
    r"^\+?[\d ()-]{6,30}$", "Enter a phone number using numbers and spaces, like 01423 496 000"
)


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user) -> "OrganisationQuerySet":
        """Organisations in which this login is a current person with at least one role."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            people__user=user, people__archived_at__isnull=True, people__role_assignments__isnull=False
        ).distinct()


class Organisation(TimeStampedModel):
    """A provider organisation: the tenant. Nothing crosses from one organisation to another."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    safeguarding_lead = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How long a change has to show before its action is closed with evidence of impact: the check
    # may come sooner only with a stated reason (ADR 0009's addendum on the check's wait).
    impact_wait_days = models.PositiveSmallIntegerField(
        "Days before an action's impact is checked",
        default=28,
        help_text="Days after an action is marked done before it may be closed with evidence of impact.",
    )
    # Contact details given for a reply are kept until the reply is sent and a while after, in case
    # of a follow-up, then removed by `heard retention` (ADR 0025). None keeps them.
    reply_contact_keep_days = models.PositiveSmallIntegerField(
        "Remove reply contact details this many days after the reply",
        null=True,
        blank=True,
        default=90,
        help_text="Leave blank to keep them.",
    )
    # How many working days a reply asked for may take before Heard calls it late (ADR 0004's addendum
    # on reply targets): a complaint is acknowledged within 3 under the complaints regulations; other
    # feedback has no target unless the organisation sets one.
    reply_complaint_days = models.PositiveSmallIntegerField(
        "Reply to a complaint within this many working days",
        default=3,
    )
    reply_other_days = models.PositiveSmallIntegerField(
        "Reply to other feedback within this many working days",
        null=True,
        blank=True,
        default=None,
        help_text="Leave blank for no target.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReplyTargetChange(models.Model):
    """Reply targets in force for feedback given from ``applies_from`` on (None: from the beginning) until
    the next change: a piece of feedback keeps the target of the day it was given (ADR 0004's addendum on
    the target of the feedback's day). Written by the settings service beside the organisation's own
    fields, which hold the targets in force now. Only ever added to: a later change made the same day
    holds for that day's feedback in place of the earlier one."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    applies_from = models.DateField(null=True, blank=True)
    complaint_days = models.PositiveSmallIntegerField()
    other_days = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(complaint_days__gte=1), name="reply_target_complaint_days_set"),
        ]

    def __str__(self) -> str:
        since = f"from {self.applies_from:%-d %b %Y}" if self.applies_from else "from the beginning"
        return f"Reply targets {since}: {self.complaint_days} working days for a complaint"


class ServiceType(models.TextChoices):
    CARE_HOME = "care_home", "Care home"
    CARE_HOME_NURSING = "care_home_nursing", "Care home with nursing"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    HOME_CARE = "home_care", "Home care"
    COMMUNITY_MENTAL_HEALTH = "community_mental_health", "Community mental health"
    NHS_COMMUNITY = "nhs_community", "NHS community service"
    DAY_SERVICE = "day_service", "Day service"
    OTHER = "other", "Other"


class Service(TimeStampedModel):
    """A location that delivers care, registered with CQC."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "id"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    service_type = models.CharField(max_length=40, choices=ServiceType.choices)
    cqc_location_id = models.CharField(
        "CQC location ID", max_length=20, blank=True, help_text="For example 1-123456789"
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Shown to the public on the feedback pages, for someone who needs to speak to the service now.
    phone = models.CharField(
        "Phone number",
        max_length=30,
        blank=True,
        validators=[PHONE_NUMBER],
    )
    feedback_link_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="The unguessable part of the public feedback link."
    )
    feedback_code = models.CharField(
        max_length=feedback_codes.LENGTH,
        default=feedback_codes.new_code,
        unique=True,
        editable=False,
        help_text="The part of the short public feedback address people type from a poster, as stored: "
        "lower case, without the hyphen it is shown with.",
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique_in_org"),
            models.UniqueConstraint(
                fields=["cqc_location_id"], condition=~Q(cqc_location_id=""), name="service_cqc_location_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RetiredFeedbackCode(models.Model):
    """A short feedback code a service had until a new link replaced it (ADR 0024's addendum). Kept so
    that no code is given out twice: an old poster must never lead to another service. Only ever added
    to."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="retired_feedback_codes")
    code = models.CharField(max_length=feedback_codes.LENGTH, unique=True, help_text="As stored, as on `Service`.")
    retired_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-retired_at", "-id"]

    def __str__(self) -> str:
        return f"{feedback_codes.shown(self.code)}, replaced {self.retired_at:%-d %b %Y}"


class CommunicationNeed(models.TextChoices):
    """The Accessible Information Standard's usual formats."""

    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    BSL = "bsl", "British Sign Language"
    AUDIO = "audio", "Audio"
    ASSISTED = "assisted", "Support from another person"


class Person(TimeStampedModel):
    """Someone in an organisation: staff, a leader, or a co-production partner, with or without a login."""

    TENANT_PATH = "organisation"
    PERSONAL_FIELDS = ("full_name", "email", "phone", "communication_needs")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    communication_needs = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    # When an administrator removed the personal details of someone who uses services (ADR 0026):
    # their name became a neutral label and what they took part in stays, counted but unnamed.
    details_removed_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="person_one_per_login_per_org"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def has_login(self) -> bool:
        return self.user_id is not None


class RoleAssignment(TimeStampedModel):
    """A role a person holds, over all of the organisation's services or over the ones listed."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    all_services = models.BooleanField(default=False)
    services = models.ManyToManyField(Service, blank=True, related_name="role_assignments")

    objects = TenantManager()

    class Meta:
        ordering = ["person__full_name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="one_assignment_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"
