"""Forms for the co-production ledger: an activity, its correction or withdrawal, its influence."""

from __future__ import annotations

from django import forms

from core import clock
from core.forms import PlainWordsForm
from governance.forms._common import (
    NO_NAMES,
    DateInput,
    _decisions,
    _int_or_none,
    no_names,
    reason_field,
)
from governance.models import RUNG_MEANING, ActivityKind, Recognition, Rung
from governance.services.coproduction import activity_plan_problems
from organisations.forms import ServiceChoiceField, add_service_problems


class ActivityServiceForm(PlainWordsForm):
    """The first question before an activity is added: which service it was about, because only the
    people who may take part there are offered as having taken part (ADR 0014)."""

    service = ServiceChoiceField(label="Which service was it about?", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, services=(), whole=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.whole = whole
        self.fields["service"].offer(services, whole=whole)
        choices = self.fields["service"].choices
        # With one service to choose and no whole organisation, there is nothing to ask.
        self.only_choice = choices[0][0] if len(choices) == 1 and choices[0][0] != "" else None

    def clean_service(self):
        # The whole organisation is sent as "", so only a missing answer is no answer.
        service = self.cleaned_data["service"]
        if "service" not in self.data or (service is None and not self.whole):
            raise forms.ValidationError("Choose the service the activity was about, or the whole organisation.")
        return service


class CoproductionForm(PlainWordsForm):
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of activity it was."},
    )
    title = forms.CharField(
        label="Title",
        help_text=no_names("For example: residents design the personal care audit."),
        max_length=200,
        error_messages={"required": "Enter a short title for the activity."},
    )
    service = ServiceChoiceField(label="Which service was it about?", required=False)
    held_on = forms.DateField(
        label="Date", widget=DateInput, error_messages={"required": "Enter the date of the activity."}
    )
    rung = forms.ChoiceField(
        label="How far did people share power?",
        help_text="The ladder of co-production, from the highest rung to the lowest.",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far people shared power in this activity."},
    )
    summary = forms.CharField(
        label="What happened and what people said (optional)",
        help_text=NO_NAMES,
        widget=forms.Textarea,
        max_length=10_000,
        required=False,
    )
    participants = forms.TypedMultipleChoiceField(
        label="People in Heard who took part",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others_count = forms.IntegerField(
        label="How many other people took part?",
        help_text="People who are not in Heard, such as residents or family members. Enter 0 if none.",
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
        error_messages={
            "invalid": "Enter a whole number, such as 4.",
            "min_value": "Enter 0 or more.",
            "max_value": "Enter a number up to 10,000.",
        },
    )
    others_description = forms.CharField(
        label="Who were they?",
        help_text=no_names("For example: 4 residents and 2 family members."),
        max_length=300,
        required=False,
    )
    recognition = forms.ChoiceField(
        label="How were the people who took part recognised?",
        choices=Recognition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the people who took part were recognised."},
    )
    recognition_note = forms.CharField(
        label="Details (optional)",
        help_text=no_names("For example: £20 an hour and travel."),
        max_length=300,
        required=False,
    )
    meeting = forms.TypedChoiceField(
        label="Was it part of a meeting in Heard? (optional)", coerce=_int_or_none, empty_value=None, required=False
    )

    def __init__(
        self,
        *args,
        services=(),
        whole=False,
        kept_service_id=None,
        people=(),
        partner_ids=(),
        meetings=(),
        refuse=None,
        **kwargs,
    ):
        """``services`` are the person's, closed ones too (with ``archived_at``): a closed one is offered
        only as the entry's own (``kept_service_id``, for a correction); any other closed one sent from
        a page opened before it closed is refused in the ledger service's words (``refuse(service=...)``),
        beside the form's other problems (ADR 0009)."""
        super().__init__(*args, **kwargs)
        self.fields["service"].offer(services, whole=whole, keep_id=kept_service_id, refuse=refuse)
        self.fields["rung"].choices = [(r.value, f"{r.label}: {RUNG_MEANING[r]}") for r in reversed(Rung)]
        # Co-production partners first: they are who the ledger is about, and the list can be long.
        partners = set(partner_ids)
        ordered = sorted(people, key=lambda p: (p.id not in partners, p.full_name))
        self.fields["participants"].choices = [
            (
                p.id,
                f"{p.full_name} (co-production partner)"
                if p.id in partners
                else f"{p.full_name}{' (' + p.job_title + ')' if p.job_title else ''}",
            )
            for p in ordered
        ]
        if not ordered:
            # Nobody may be offered (the service sent is not one of the person's, or nobody has a role
            # there): people ticked on a page opened earlier are not judged against an empty list,
            # which could only say "not one of the available choices" beside no choice at all.
            self.fields["participants"].disabled = True
        self.fields["meeting"].choices = [("", "Not part of a meeting")] + [
            (m.id, f"{m}, {m.scope_label}{': ' + m.title if m.title else ''}") for m in meetings
        ]

    def activity_fields(self) -> dict:
        """The answers as the ledger services' ``ActivityInput`` fields."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "service_id": data["service"],
            "held_on": data["held_on"],
            "title": data["title"],
            "rung": data["rung"],
            "summary": data["summary"],
            "participant_ids": data["participants"],
            "others_count": data["others_count"],
            "others_description": data["others_description"],
            "recognition": data["recognition"],
            "recognition_note": data["recognition_note"],
            "meeting_id": data["meeting"],
        }

    def clean_others_count(self):
        return self.cleaned_data.get("others_count") or 0

    def clean(self):
        """The ledger service's checks of the date and the other people counted (a date in the future,
        people counted but not said who), said beside the form's other problems; the service checks
        them again, with the same function."""
        data = super().clean()
        problems = activity_plan_problems(
            held_on=data.get("held_on"),
            others_count=data.get("others_count"),
            others_description=data.get("others_description", ""),
            today=clock.today(),
        )
        add_service_problems(self, problems)
        return data


class CoproductionCorrectForm(CoproductionForm):
    reason = reason_field(
        "What was wrong with the entry", "For example: the date was wrong, or a partner who took part was left out."
    )


class ActivityWithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it should not count",
        "For example: recorded twice, or the session did not take place.",
        required="Say why the entry is withdrawn.",
    )


class InfluenceForm(PlainWordsForm):
    text = forms.CharField(
        label="What did it change or influence?",
        help_text=no_names("For example: the audit asks the questions residents wrote."),
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Say what the activity influenced."},
    )
    decision = forms.TypedChoiceField(
        label="The decision it shaped (optional)", coerce=_int_or_none, empty_value=None, required=False
    )

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = _decisions(decisions, "No decision in Heard")
