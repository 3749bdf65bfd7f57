from __future__ import annotations

from django import forms

from audits.models import Answer, Consent
from core.forms import PlainWordsForm
from governance.forms import (
    ActionFieldsMixin,
    DateInput,
    ServiceChoiceField,
    _decisions,
    _int_or_none,
    _people,
    _sessions,
    reason_field,
)


class TemplateForm(PlainWordsForm):
    title = forms.CharField(
        label="What is audited", max_length=200, error_messages={"required": "Enter a title for the audit."}
    )
    purpose = forms.CharField(
        label="What it is for (optional)", widget=forms.Textarea, max_length=10_000, required=False
    )


class QuestionForm(PlainWordsForm):
    text = forms.CharField(
        label="Question",
        help_text="Plain words, as people who use the service would say them. For example: did staff knock before coming in?",
        max_length=300,
        error_messages={"required": "Enter the question in plain words."},
    )
    is_observation = forms.BooleanField(label="It is answered by watching someone's care", required=False)


class TrialForm(PlainWordsForm):
    session = forms.TypedChoiceField(
        label="Where it was tried",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose the session in the co-production ledger where it was tried."},
    )
    learned = forms.CharField(
        label="What people found, and what will change",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Say what people found and what will change."},
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = _sessions(sessions)


class PublishForm(PlainWordsForm):
    design_session = forms.TypedChoiceField(
        label="Where people who use services designed it",
        help_text="A session in the co-production ledger; its rung shows how far they shared the design.",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose the session in the co-production ledger where it was designed."},
    )
    change_note = forms.CharField(
        label="What changed from the version before, and why", widget=forms.Textarea, max_length=10_000, required=False
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["design_session"].choices = _sessions(sessions)


class PlanForm(PlainWordsForm):
    version = forms.TypedChoiceField(
        label="Audit",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose an audit that is in use."},
    )
    service = ServiceChoiceField(label="Service", error_messages={"required": "Choose the service to audit."})
    planned_for = forms.DateField(
        label="Planned for", widget=DateInput, error_messages={"required": "Enter the date it is planned for."}
    )
    lead = forms.TypedChoiceField(
        label="Lead auditor", coerce=_int_or_none, empty_value=None, error_messages={"required": "Choose a person."}
    )
    auditors = forms.TypedMultipleChoiceField(
        label="Other auditors, lay auditors included (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    theme_code = forms.ChoiceField(label="Commissioned because of a theme (optional)", required=False)
    reason = forms.CharField(
        label="Why this audit, here, now",
        help_text="What people said, and what the evidence shows.",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Say why this audit is needed here and now."},
    )
    baseline = forms.TypedChoiceField(
        label="Re-audit of (optional)", coerce=_int_or_none, empty_value=None, required=False
    )
    decision = forms.TypedChoiceField(
        label="The decision that commissioned it (optional)",
        help_text="A decision of a governance meeting, about this service or the whole organisation.",
        coerce=_int_or_none,
        empty_value=None,
        required=False,
    )

    def __init__(
        self,
        *args,
        versions=(),
        services=(),
        people=(),
        themes=(),
        baselines=(),
        decisions=(),
        refuse=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [("", "Choose an audit")] + [(v.id, v.template.title) for v in versions]
        # Closed services are not offered; one sent from a page opened before it closed is refused in
        # the programme service's words (``refuse(service=...)``), beside the form's other problems
        # (ADR 0016).
        self.fields["service"].offer(services, whole=False, empty="Choose a service", refuse=refuse)
        self.fields["lead"].choices = _people(people)
        self.fields["auditors"].choices = [(p.id, p.full_name) for p in people]
        self.fields["theme_code"].choices = [("", "No theme")] + [(t.code, t.name) for t in themes]
        self.fields["baseline"].choices = [("", "Not a re-audit")] + [
            (r.id, f"{r.version.template.title} at {r.service.name}, {r.planned_for:%-d %b %Y}") for r in baselines
        ]
        self.fields["decision"].choices = _decisions(decisions, "No decision in Heard")


class CaseForm(PlainWordsForm):
    consent = forms.ChoiceField(
        label="Was anyone observed, and did they agree?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether anyone was observed and whether they agreed."},
    )
    note = forms.CharField(
        label="Notes (optional)", help_text="No names.", widget=forms.Textarea, max_length=10_000, required=False
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q{q.id}"] = forms.ChoiceField(
                label=f"{q.position}. {q.text}",
                help_text="Answered by watching care." if q.is_observation else "",
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,  # the service names every question left out, with the consent rules, at once
            )

    def question_fields(self):
        return [self[f"q{q.id}"] for q in self.questions]

    def answers(self) -> dict[int, str]:
        return {q.id: self.cleaned_data.get(f"q{q.id}") or "" for q in self.questions}


class CaseCorrectForm(CaseForm):
    reason = reason_field("What was wrong with it", "For example: question 2's answer was ticked by mistake.")


class CaseWithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it should not count",
        "For example: recorded twice, or recorded in the wrong audit.",
        required="Say why the case is withdrawn.",
    )


class RunWithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it is withdrawn",
        "For example: planned for the wrong service, planned twice, or no longer needed.",
        required="Say why the audit is withdrawn.",
    )


class FindingForm(ActionFieldsMixin, PlainWordsForm):
    # Not required here: the service tells every field missing, the finding's and its action's, at once.
    question = forms.TypedChoiceField(label="Which question", coerce=_int_or_none, empty_value=None, required=False)
    text = forms.CharField(label="What the audit found", widget=forms.Textarea, max_length=10_000, required=False)

    def __init__(self, *args, questions=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "Choose a question")] + [
            (q.id, f"{q.position}. {q.text}") for q in questions
        ]
        self._action_fields(people, required=False)
