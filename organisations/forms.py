from collections.abc import Callable, Mapping

from django import forms

from core.audit_words import AREAS
from core.forms import PlainWordsForm
from organisations.models import PHONE_NUMBER, CommunicationNeed, ServiceType
from organisations.roles import Role
from organisations.services import NEW_LINK_REASON_LENGTH, new_feedback_link_problem
from organisations.services_people import person_login_problem, role_services_problem


class ServiceForm(PlainWordsForm):
    name = forms.CharField(max_length=200, label="Service name")
    service_type = forms.ChoiceField(choices=[("", "Choose a type")] + ServiceType.choices, label="Type of service")
    cqc_location_id = forms.RegexField(
        regex=r"^1-\d{6,11}$",
        required=False,
        max_length=20,
        label="CQC location ID (optional)",
        help_text="Starts with 1- followed by numbers, for example 1-123456789",
        error_messages={"invalid": "Enter the CQC location ID in the right format, like 1-123456789"},
    )
    address = forms.CharField(widget=forms.Textarea, required=False, label="Address (optional)")
    postcode = forms.RegexField(
        regex=r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$",
        required=False,
        max_length=10,
        label="Postcode (optional)",
        error_messages={"invalid": "Enter a real postcode, like LS1 4AP"},
    )
    phone = forms.CharField(
        validators=[PHONE_NUMBER],
        required=False,
        max_length=30,
        label="Phone number (optional)",
        help_text="Shown on the public feedback pages, for someone who needs to speak to the service now",
    )

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class NewFeedbackLinkForm(PlainWordsForm):
    reason = forms.CharField(
        label="Why are you issuing a new link?",
        help_text="For example: the poster in the entrance was used to send abuse, or leaflets went to the wrong "
        "address. Do not name anyone: names, phone numbers and other personal details are replaced by "
        "“[name]” and the like when it is saved.",
        widget=forms.Textarea,
        required=False,  # said missing in the service's words, below
        max_length=NEW_LINK_REASON_LENGTH,
        error_messages={"max_length": f"Keep the reason under {NEW_LINK_REASON_LENGTH} characters."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if problem := new_feedback_link_problem(reason=reason):
            raise forms.ValidationError(problem)
        return reason.strip()


class PersonForm(PlainWordsForm):
    full_name = forms.CharField(max_length=200, label="Full name")
    job_title = forms.CharField(max_length=200, required=False, label="Job title or how they take part (optional)")
    email = forms.EmailField(required=False, label="Email address (optional)")
    phone = forms.CharField(max_length=30, required=False, label="Phone number (optional)")
    communication_needs = forms.MultipleChoiceField(
        choices=CommunicationNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Communication needs",
        help_text="How this person needs information given to them. Select all that apply.",
    )


class NewPersonForm(PersonForm):
    with_login = forms.BooleanField(
        required=False,
        label="Give this person a login",
        help_text="They will get an email to choose a password. Many co-production partners do not need one.",
    )

    def clean(self):
        data = super().clean()
        # An address that is not one is told as that, not as missing.
        if "email" not in self.errors:
            problem = person_login_problem(email=data.get("email", ""), with_login=data.get("with_login", False))
            if problem:
                self.add_error("email", problem)
        return data


class RoleForm(PlainWordsForm):
    role = forms.ChoiceField(choices=[("", "Choose a role")] + Role.choices, label="Role")
    all_services = forms.BooleanField(required=False, label="Covers all services, now and in future")
    services = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Or the services it covers"
    )

    def __init__(self, *args, services=(), over_all=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = [(str(s.id), s.name) for s in services]
        if not over_all:
            # An administrator of some services gives roles only over theirs: a choice that is
            # always refused is not offered.
            del self.fields["all_services"]
            self.fields["services"].label = "The services it covers"

    def clean(self):
        data = super().clean()
        problem = role_services_problem(
            all_services=data.get("all_services", False),
            services=data.get("services"),
            may_give_all="all_services" in self.fields,
        )
        if problem:
            self.add_error("services", problem)
        return data


class AuditFilterForm(PlainWordsForm):
    verb = forms.ChoiceField(
        required=False,
        label="What happened",
        choices=[("", "Anything")] + [(key, words) for key, (words, _) in AREAS.items()],
    )
    actor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Who did it")
    since = forms.DateField(required=False, label="From (YYYY-MM-DD)", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To (YYYY-MM-DD)", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", "Anyone")] + [(str(i), label) for i, label in actors]


# --- choosing a service -----------------------------------------------------------------------------

WHOLE_ORGANISATION = ""


def service_choices(services, *, whole: bool) -> list[tuple]:
    """Choices of services. Only a record's own service is offered once it has closed (a correction
    keeps it there), marked "(archived)" as the lists of services are; the lists of services to choose
    from, loaded without ``archived_at``, hold open services only."""

    def name(s) -> str:
        closed = "archived_at" not in s.get_deferred_fields() and s.archived_at is not None
        return f"{s.name} (archived)" if closed else s.name

    return ([(WHOLE_ORGANISATION, "The whole organisation")] if whole else []) + [(s.id, name(s)) for s in services]


def add_service_problems(form: forms.Form, problems: Mapping[str, list[str]]) -> None:
    """Put the problems a service finds with its own check (the function it checks with, given what
    the form could read, keyed by the form's field names) on ``form``, when the form has problems of
    its own: it stops on those and never reaches the service, so they are told in the same pass
    rather than once those are put right. A form with none is left to the service, which tells these
    together with the checks only it can make (someone's role at the service, a name already used)."""
    if not form.errors:
        return
    for name, messages in problems.items():
        form.add_error(name, messages)


def _service_id(value):
    return int(value) if value not in (None, "") else None


# A service sent that is not offered: taken out of the person's role or closed since the page was opened,
# or never theirs. It is not named, as it may be a service the person is not to know of.
NOT_OFFERED = "Choose one of the services listed. The one sent is not one you can choose."


class ServiceChoiceField(forms.TypedChoiceField):
    """A service chosen from those offered (open ones), in any app's form. The ids in ``closed_ids``,
    services of the person's own that have closed, are not offered but are let through, so that a form
    sent from a page opened before one closed reaches the service that refuses it naming the service
    (ADR 0009), not as one not offered; or, given ``refuse``, are refused here in the service's
    words. Any other id, such as a service outside the person's scope, is still refused here without
    naming it."""

    default_error_messages = {"invalid_choice": NOT_OFFERED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=_service_id, empty_value=None, **kwargs)
        self.closed_ids: set[str] = set()
        self._closed: dict[str, object] = {}
        self._refuse = None

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or str(value) in self.closed_ids

    def validate(self, value) -> None:
        super().validate(value)
        closed = self._closed.get(str(value))
        if closed is not None and self._refuse is not None and (refusal := self._refuse(service=closed)):
            raise forms.ValidationError(refusal)

    def offer(
        self,
        services,
        *,
        whole: bool = False,
        keep_id: int | None = None,
        empty: str = "",
        refuse: Callable[..., str | None] | None = None,
    ) -> None:
        """Offer the open ones of ``services`` (loaded with ``archived_at``) and let the closed ones through.
        ``whole`` offers the whole organisation first. ``keep_id``, a record's own service, is offered
        though it has closed, marked "(archived)": a correction may leave the record where it is.
        ``empty`` is the prompt before the services, where there is no whole organisation to choose; it
        is left out when there is only one service to choose, which is then chosen already.
        ``refuse(service=...)``, the service layer's words for a closed one (``organisations.closed``),
        refuses it here, so that it is told together with the form's other problems; a form whose other
        fields are required would otherwise stop on them and never reach the service."""
        offered = [s for s in services if s.archived_at is None or s.id == keep_id]
        prompt = [("", empty)] if empty and (whole or len(offered) != 1) else []
        self.choices = prompt + service_choices(offered, whole=whole)
        self._closed = {str(s.id): s for s in services if s.archived_at is not None and s.id != keep_id}
        self.closed_ids = set(self._closed)
        self._refuse = refuse


class OrganisationSettingsForm(PlainWordsForm):
    reply_contact_keep_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        label="Remove reply contact details this many days after the reply",
        help_text="People who ask for a reply give an email address, a phone number or an address. Heard "
        "removes them this many days after the last reply recorded, in case of a follow-up. Leave blank to "
        "keep them.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number of days, like 90, or leave it blank",
            "min_value": "Enter a number of days from 0 to 3,650, or leave it blank",
            "max_value": "Enter a number of days from 0 to 3,650, or leave it blank",
        },
    )
    reply_complaint_days = forms.IntegerField(
        min_value=1,
        max_value=60,
        label="Reply to a complaint within this many working days",
        help_text="A reply still waiting after this many working days (not counting weekends and bank "
        "holidays) is shown as late. The complaints regulations ask for a complaint to be acknowledged "
        "within 3.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter a number of working days from 1 to 60, like 3",
            "invalid": "Enter a whole number of working days, like 3",
            "min_value": "Enter a number of working days from 1 to 60, like 3",
            "max_value": "Enter a number of working days from 1 to 60, like 3",
        },
    )
    reply_other_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=60,
        label="Reply to other feedback within this many working days",
        help_text="For feedback that is not a complaint, when the person asked for a reply. Leave blank for no "
        "target: nothing but a complaint is then shown as late.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter a whole number of working days, like 10, or leave it blank",
            "min_value": "Enter a number of working days from 1 to 60, or leave it blank",
            "max_value": "Enter a number of working days from 1 to 60, or leave it blank",
        },
    )
