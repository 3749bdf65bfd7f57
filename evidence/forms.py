from __future__ import annotations

from django import forms

from core.forms import PlainWordsForm
from evidence.models import EvidenceKind, Harm
from evidence.services import ItemInput
from evidence.services._common import NO_SERVICE
from governance.forms import DateInput, ServiceChoiceField, _int_or_none, reason_field


class ItemForm(PlainWordsForm):
    kind = forms.ChoiceField(
        label="What kind of evidence is it?",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose incident, feedback from staff or feedback from a partner."},
    )
    service = ServiceChoiceField(label="Service", error_messages={"required": NO_SERVICE})
    occurred_on = forms.DateField(
        label="When it happened", widget=DateInput, error_messages={"required": "Enter the date, as YYYY-MM-DD."}
    )
    summary = forms.CharField(
        label="What happened",
        help_text="No names: personal details are taken out before it is saved.",
        widget=forms.Textarea,
        max_length=500,
        error_messages={"required": "Say what happened, without names."},
    )
    harm = forms.ChoiceField(
        label="For an incident: how much harm did it cause?",
        choices=[("", "Not an incident")] + list(Harm.choices),
        required=False,
    )
    reference = forms.CharField(label="Its reference in another system (optional)", max_length=100, required=False)
    themes = forms.MultipleChoiceField(label="Themes", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, services=(), themes=(), kept_service_id=None, refuse=None, **kwargs):
        """``services`` are those where the person records, closed ones too (with ``archived_at``): a
        closed one is offered only as a corrected record's own (``kept_service_id``); another sent from
        a page opened before it closed is refused in the evidence service's words
        (``refuse(service=...)``), beside the form's other problems."""
        super().__init__(*args, **kwargs)
        self.fields["service"].offer(
            services, whole=False, keep_id=kept_service_id, empty="Choose a service", refuse=refuse
        )
        self.fields["themes"].choices = [(t.code, t.name) for t in themes]

    def item_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            service_id=data["service"],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            harm=data["harm"],
            reference=data["reference"],
            theme_codes=data["themes"],
        )


class CorrectForm(ItemForm):
    reason = reason_field("What was wrong with it")


class WithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it should not count",
        "For example: entered twice, or it happened at another organisation's service.",
        required="Say why the record is withdrawn.",
    )


class ImportForm(PlainWordsForm):
    file = forms.FileField(
        label="A CSV file",
        help_text=(
            "Columns: service, kind, occurred_on, summary, harm, reference, themes (theme codes separated by "
            "semicolons). Kind is incident, feedback from staff or feedback from a partner; harm, for an "
            "incident, is none, low, moderate, severe or death."
        ),
        error_messages={"required": "Choose a CSV file."},
    )


class MeasureForm(PlainWordsForm):
    name = forms.CharField(label="Measure", max_length=200, error_messages={"required": "Enter the measure's name."})
    unit = forms.CharField(
        label="Unit (optional)", help_text="For example: per 1,000 bed days.", max_length=100, required=False
    )
    lower_is_better = forms.TypedChoiceField(
        label="Is lower better?",
        choices=[("yes", "Yes, lower is better"), ("no", "No, higher is better")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    category = forms.ChoiceField(
        label="CQC evidence category",
        choices=[("outcomes", "Outcomes"), ("processes", "Processes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose processes or outcomes."},
    )
    theme_code = forms.ChoiceField(label="Theme it tells you about (optional)", required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme_code"].choices = [("", "No theme")] + [(t.code, t.name) for t in themes]


class ReadingForm(PlainWordsForm):
    measure = forms.TypedChoiceField(
        label="Measure", coerce=_int_or_none, empty_value=None, error_messages={"required": "Choose a measure."}
    )
    service = ServiceChoiceField(label="Service", error_messages={"required": NO_SERVICE})
    month = forms.DateField(
        label="Any day in the month it is for",
        widget=DateInput,
        error_messages={"required": "Enter the month the figure is for."},
    )
    value = forms.FloatField(
        label="Figure", error_messages={"required": "Enter the figure.", "invalid": "Enter a number, such as 4.2."}
    )
    correction = forms.CharField(
        label="Correcting a figure already recorded? Say why it was wrong",
        help_text="Leave empty for a new month. The earlier figure is kept.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10_000,
        required=False,
    )

    def __init__(self, *args, measures=(), services=(), refuse=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Choose a measure")] + [(m.id, m.name) for m in measures]
        # As the record's form: a closed service is not offered, and one sent is refused in the
        # service's words beside the form's other problems.
        self.fields["service"].offer(services, whole=False, empty="Choose a service", refuse=refuse)
