from enum import StrEnum

from django import forms

from core.forms import PlainWordsForm
from governance.forms import DateInput
from themes.models import ReferredTo
from themes.services.urgent_flags import (
    MAX_OTHER_BODY_LENGTH,
    MAX_REFERENCE_LENGTH,
    REVIEW_BY_AFTER_WORKING_DAYS,
    flag_action_problem,
    flag_reason_problem,
    flag_referral_problems,
    flag_review_by_problem,
)


class FlagOutcome(StrEnum):
    """What a note does to its flag: the one question the flag page asks beside "what was done"."""

    KEEP_OPEN = "keep_open"
    CLOSE = "close"
    CLOSE_NOT_A_CONCERN = "close_not_a_concern"
    KEEP_CLOSED = "keep_closed"
    REOPEN = "reopen"

    @property
    def closes(self) -> bool:
        return self in (FlagOutcome.CLOSE, FlagOutcome.CLOSE_NOT_A_CONCERN)

    @property
    def reopens(self) -> bool:
        return self is FlagOutcome.REOPEN

    @property
    def not_a_concern(self) -> bool:
        return self is FlagOutcome.CLOSE_NOT_A_CONCERN


OPEN_FLAG_OUTCOMES = [
    (FlagOutcome.KEEP_OPEN, "Keep it open"),
    (FlagOutcome.CLOSE, "Close it: action was taken"),
    (FlagOutcome.CLOSE_NOT_A_CONCERN, "Close it: it was not a safeguarding concern"),
]
CLOSED_FLAG_OUTCOMES = [
    (FlagOutcome.KEEP_CLOSED, "Keep it closed"),
    (FlagOutcome.REOPEN, "Open it again"),
]
OUTCOME_HINTS = {
    FlagOutcome.KEEP_OPEN: "Something was done, but more is needed.",
    FlagOutcome.CLOSE: "Nothing more needs doing now. You can still add to the record later.",
    FlagOutcome.CLOSE_NOT_A_CONCERN: "Only when you are sure. The feedback can then be read and coded by "
    "everyone who reads feedback at the service, as any other.",
    FlagOutcome.KEEP_CLOSED: "Add what came of it later, such as the council's or the police's decision.",
    FlagOutcome.REOPEN: "For a flag closed too soon or by mistake, or a concern that has come back.",
}


class FlagOutcomeField(forms.TypedChoiceField):
    """Offers the outcomes of the flag as the page saw it, but takes any: if someone else closed or
    opened the flag meanwhile, the service says so in words, rather than "choose again"."""

    def valid_value(self, value) -> bool:
        return value in {outcome.value for outcome in FlagOutcome}


class FlagActionForm(PlainWordsForm):
    """What was done about a flag, and what happens to the flag: the choices offered are those of the
    flag as it is now (keep open or close; keep closed or open again). The service checks again."""

    # Not `required`: the service's check (`flag_action_problem`) says what is missing.
    action = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        label="What was done?",
        help_text="Say who you told, what you checked and what happens next. This is kept as a record.",
    )
    outcome = FlagOutcomeField(
        coerce=FlagOutcome,
        widget=forms.RadioSelect,
        label="What happens to the flag?",
        error_messages={
            "required": "Choose what happens to the flag.",
            "invalid_choice": "Choose what happens to the flag.",
        },
    )

    # Not `required`: whether it is needed depends on the outcome and the flag's age, which the
    # service checks (`flag_review_by_problem`).
    review_by = forms.DateField(
        widget=DateInput,
        required=False,
        label="Review by",
        error_messages={"invalid": "Enter the review-by date as a real date."},
    )
    referred_to = forms.ChoiceField(
        choices=[("", "No referral with this note"), *ReferredTo.choices],
        required=False,
        label="Referred to (optional)",
        help_text="If you referred this concern to someone outside the organisation with this note.",
        error_messages={"invalid_choice": "Choose who it was referred to from the list."},
    )
    referred_to_other = forms.CharField(
        required=False,
        max_length=MAX_OTHER_BODY_LENGTH,
        label="Name of the other body",
        help_text="Only if you chose another body.",
    )
    referral_reference = forms.CharField(
        required=False,
        max_length=MAX_REFERENCE_LENGTH,
        label="Their reference number (optional)",
    )

    def __init__(self, *args, flag_is_open: bool, review_needed: bool = False, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.flag_is_open, self.review_needed, self.today = flag_is_open, review_needed, today
        choices = OPEN_FLAG_OUTCOMES if flag_is_open else CLOSED_FLAG_OUTCOMES
        self.fields["outcome"].choices = [(value.value, text) for value, text in choices]
        self.fields["outcome"].choice_hints = {value.value: OUTCOME_HINTS[value] for value, _ in choices}
        review = self.fields["review_by"]
        keeping = "keep it open" if flag_is_open else "open it again"
        if review_needed:
            review.help_text = (
                f"This flag was raised more than {REVIEW_BY_AFTER_WORKING_DAYS} working days ago: if you {keeping}, "
                "enter the date by which you will look at it again."
                + (" Leave it empty if you close it." if flag_is_open else " Leave it empty if it stays closed.")
            )
        else:
            review.label = "Review by (optional)"
            review.help_text = (
                f"If you {keeping}, the date by which you will look at it again. It is needed once the flag is "
                f"more than {REVIEW_BY_AFTER_WORKING_DAYS} working days old."
            )

    def clean_action(self):
        value = self.cleaned_data["action"].strip()
        if problem := flag_action_problem(value):
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("referred_to") != ReferredTo.OTHER:
            # Typed before another choice was made: the name is not of the body chosen.
            cleaned["referred_to_other"] = ""
        if "referred_to" in cleaned:
            problems = flag_referral_problems(
                referred_to=cleaned["referred_to"],
                referred_to_other=cleaned.get("referred_to_other", "").strip(),
                referral_reference=cleaned.get("referral_reference", "").strip(),
            )
            for name, problem in problems.items():
                if name not in self.errors:
                    self.add_error(name, problem)
        outcome = cleaned.get("outcome")
        if self.today is not None and outcome is not None and "review_by" not in self.errors:
            # As the flag stood when the page was opened; the service checks again as it stands now.
            open_after = outcome is FlagOutcome.REOPEN or (self.flag_is_open and outcome is FlagOutcome.KEEP_OPEN)
            if problem := flag_review_by_problem(
                review_by=cleaned.get("review_by"),
                open_after=open_after,
                closes=outcome.closes,
                needed=self.review_needed,
                today=self.today,
            ):
                self.add_error("review_by", problem)
        return cleaned


class RaiseFlagForm(PlainWordsForm):
    comment = forms.TypedChoiceField(coerce=int, label="Which comment?")
    # Neither `required` nor `max_length`: the service's check (`flag_reason_problem`) says what is wrong.
    reason = forms.CharField(widget=forms.Textarea, required=False, label="Why does this need urgent attention?")

    def __init__(self, *args, comments=(), show_text=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Feedback withheld from this person since they opened it (someone flagged it) keeps the
        # comment they chose, without its words: the page then holds it as a hidden field.
        self.fields["comment"].choices = [(c.id, c.text[:120] if show_text else str(c.id)) for c in comments]
        self.fields["comment"].widget = forms.RadioSelect(choices=self.fields["comment"].choices)

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if problem := flag_reason_problem(value):
            raise forms.ValidationError(problem)
        return value


class SafeguardingLeadForm(PlainWordsForm):
    lead = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Safeguarding lead")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "No one named yet")] + [
            (p.id, f"{p.full_name}{' (' + p.job_title + ')' if p.job_title else ''}") for p in people
        ]


# --- theme frameworks ------------------------------------------------------------------------


class NameForm(PlainWordsForm):
    name = forms.CharField(max_length=200, label="Name", error_messages={"required": "Enter a name."})


class NewThemeForm(PlainWordsForm):
    name = forms.CharField(max_length=200, label="Theme name", error_messages={"required": "Enter a name."})
    category = forms.TypedChoiceField(coerce=int, label="Category")

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.id, c.name) for c in categories]


class PublishForm(PlainWordsForm):
    notes = forms.CharField(
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        label="What changed in this version? (optional)",
        help_text="This is shown in the version history.",
    )


class NewVersionForm(PlainWordsForm):
    taxonomy = forms.ChoiceField(label="Map themes to", required=False)

    def __init__(self, *args, taxonomies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taxonomy"].choices = [(t.key, f"{t.name} ({t.status_label.lower()})") for t in taxonomies]


class ThemeForm(PlainWordsForm):
    """A theme of a draft, with its mapping: one group of checkboxes for each key question."""

    name = forms.CharField(max_length=200, label="Theme name", error_messages={"required": "Enter a name."})
    description = forms.CharField(widget=forms.Textarea, max_length=2000, required=False, label="Description")
    category = forms.TypedChoiceField(coerce=int, label="Category")

    def __init__(self, *args, categories=(), taxonomy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.id, c.name) for c in categories]
        self.statement_fields = []
        for question in taxonomy.key_questions:
            name = f"statements_{question.id}"
            self.fields[name] = forms.MultipleChoiceField(
                choices=[(s.id, s.name) for s in question.statements],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=f"{question.name}: quality statements",
            )
            self.statement_fields.append(name)
        self.fields["evidence"] = forms.MultipleChoiceField(
            choices=[(e.id, e.name) for e in taxonomy.evidence_categories],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Evidence categories",
            help_text="Which kinds of evidence feedback on this theme gives.",
        )
        self.fields["unmapped_on_purpose"] = forms.BooleanField(
            required=False,
            label="This theme maps to no quality statement on purpose",
            help_text="For example, a label for comments that cannot be themed. Publishing will not ask about it.",
        )

    @staticmethod
    def initial_for(theme, taxonomy) -> dict:
        chosen = set(theme.quality_statements)
        initial = {
            "name": theme.name,
            "description": theme.description,
            "category": theme.category_id,
            "evidence": theme.evidence_categories,
            "unmapped_on_purpose": theme.unmapped_on_purpose,
        }
        for question in taxonomy.key_questions:
            initial[f"statements_{question.id}"] = [s.id for s in question.statements if s.id in chosen]
        return initial

    def mappings(self) -> dict:
        statements = [s for name in self.statement_fields for s in self.cleaned_data.get(name, [])]
        return {"quality_statements": statements, "evidence_categories": list(self.cleaned_data.get("evidence", []))}
