from __future__ import annotations

from django import forms

from core import clock
from core.forms import PlainWordsForm
from governance.forms import (
    ActionFieldsMixin,
    DateInput,
    ServiceChoiceField,
    _decisions,
    _int_or_none,
    _people,
    _sessions,
    no_names,
    reason_field,
)
from organisations.forms import add_service_problems
from priorities.models import Measure
from priorities.services.planning import objective_plan_problems


class ObjectiveFieldsMixin:
    def _objective_fields(self, *, themes, people):
        self.fields["description"] = forms.CharField(
            label="Objective",
            help_text="What will be different, in plain words. For example: fewer people wait for the call bell at night.",
            max_length=300,
            error_messages={"required": "Say what the objective is."},
        )
        self.fields["measure"] = forms.ChoiceField(
            label="How will it be measured?",
            help_text="Worked out from what Heard holds, over the 91 days before each review.",
            choices=Measure.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose what it is measured by."},
        )
        self.fields["theme_code"] = forms.ChoiceField(
            label="Theme (for the share of feedback that raises a theme)",
            required=False,
            choices=[("", "Choose a theme")] + [(t.code, t.name) for t in themes],
        )
        self.fields["target"] = forms.FloatField(
            label="Target",
            help_text="A percentage from 0 to 100, or a number of activities.",
            error_messages={"required": "Enter the target.", "invalid": "Enter the target as a number, such as 20."},
        )
        self.fields["deadline"] = forms.DateField(
            label="To be met by",
            widget=DateInput,
            error_messages={"required": "Enter the date it should be met by.", "invalid": "Enter a real date."},
        )
        self.fields["lead"] = forms.TypedChoiceField(
            label="Lead",
            help_text="One named person who answers for it.",
            coerce=_int_or_none,
            empty_value=None,
            choices=_people(people),
            error_messages={"required": "Choose a person."},
        )

    def clean(self):
        """The objective service's checks of the target and deadline (a target out of its measure's
        range, a deadline not after today) are said beside the form's other problems; the service
        checks them again, with the same function."""
        data = super().clean()
        if data.get("measure") == Measure.THEME_SHARE and not data.get("theme_code"):
            self.add_error("theme_code", "Choose the theme it is measured by.")
        problems = objective_plan_problems(
            measure=data.get("measure"), target=data.get("target"), deadline=data.get("deadline"), today=clock.today()
        )
        add_service_problems(self, problems)
        return data


class IdeaForm(PlainWordsForm):
    text = forms.CharField(
        label="The idea, in the words people used",
        max_length=300,
        error_messages={"required": "Enter the idea in the words people used."},
    )
    votes = forms.IntegerField(
        label="Votes it got when people ranked the ideas",
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages={"required": "Enter the number of votes, 0 if none."},
    )


class IdeaCorrectForm(IdeaForm):
    """The idea as it should have been recorded, and what was wrong."""

    reason = reason_field(
        "What was wrong",
        "For example: the votes were added up wrongly, or a word was misspelt.",
        required="Say what was wrong with the idea or its votes.",
    )


class IdeaWithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it should not be ranked",
        "For example: the same idea was typed in twice.",
        required="Say why the idea is withdrawn.",
    )


class PriorityForm(ObjectiveFieldsMixin, PlainWordsForm):
    session = forms.TypedChoiceField(
        label="The planning session where it was chosen",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose a session from the co-production ledger."},
    )
    idea = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label="The priority", max_length=200, error_messages={"required": "Enter the priority in a few words."}
    )
    why = forms.CharField(
        label="Why people chose it (optional)",
        help_text=no_names(),
        widget=forms.Textarea,
        max_length=10_000,
        required=False,
    )
    service = ServiceChoiceField(label="For which service?", required=False)
    year = forms.IntegerField(
        label="Year", error_messages={"required": "Enter the year.", "invalid": "Enter a year, such as 2027."}
    )
    decision = forms.TypedChoiceField(
        label="The decision that adopted it (optional)",
        help_text="A decision of a governance meeting, about this service or the whole organisation.",
        coerce=_int_or_none,
        empty_value=None,
        required=False,
    )

    def __init__(
        self, *args, sessions=(), services=(), whole=False, themes=(), people=(), decisions=(), place=None, **kwargs
    ):
        """``sessions`` with their service and ``services`` (closed ones too, with ``archived_at``) are
        those the person may choose from. Closed services are not offered; one sent from a page opened
        before it closed, or a session of one, is refused in the priority service's words
        (``place(session=..., service=...)``, its problems by field) beside the form's other problems
        (ADR 0009)."""
        super().__init__(*args, **kwargs)
        self._sessions = {s.id: s for s in sessions}
        self._services = {s.id: s for s in services}
        self._place = place
        self.fields["session"].choices = _sessions(sessions, "Choose a planning session")
        self.fields["service"].offer(services, whole=whole)
        self.fields["decision"].choices = _decisions(decisions, "No decision in Heard")
        self._objective_fields(themes=themes, people=people)

    def clean(self):
        data = super().clean()
        if self._place is not None and data.get("session") is not None and "service" in data:
            session, service = self._sessions[data["session"]], self._services.get(data["service"])
            add_service_problems(self, self._place(session=session, service=service))
        return data


class ObjectiveForm(ObjectiveFieldsMixin, PlainWordsForm):
    def __init__(self, *args, themes=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._objective_fields(themes=themes, people=people)


class ObjectiveActionForm(ActionFieldsMixin, PlainWordsForm):
    objective = forms.TypedChoiceField(
        label="Which objective it helps meet",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose the objective."},
    )

    def __init__(self, *args, objectives=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [("", "Choose an objective")] + [(o.id, o.description) for o in objectives]
        self._action_fields(people, required=True)


class ReviewForm(PlainWordsForm):
    session = forms.TypedChoiceField(
        label="The session where it was reviewed",
        help_text="From the co-production ledger: a session where people who use services took part.",
        coerce=_int_or_none,
        empty_value=None,
        error_messages={"required": "Choose a session from the co-production ledger."},
    )
    progress = forms.CharField(
        label="Progress reported, and what people said",
        help_text=no_names(),
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Say what progress was reported and what people said."},
    )
    objective = forms.TypedChoiceField(
        label="Change an objective (optional)", coerce=_int_or_none, empty_value=None, required=False
    )
    target = forms.FloatField(
        label="New target",
        required=False,
        error_messages={"invalid": "Enter the new target as a number, such as 20."},
    )
    deadline = forms.DateField(
        label="New date to be met by",
        widget=DateInput,
        required=False,
        error_messages={"invalid": "Enter a real date."},
    )
    why = forms.CharField(
        label="Why it changed", help_text=no_names(), widget=forms.Textarea, max_length=10_000, required=False
    )

    def __init__(self, *args, sessions=(), objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = _sessions(sessions, "Choose a session")
        self.fields["objective"].choices = [("", "No change")] + [(o.id, o.description) for o in objectives]

    def clean(self):
        data = super().clean()
        # A target or date typed but not understood has its own error already: one mistake, one error.
        typed = self.has_error("target") or self.has_error("deadline")
        if data.get("objective") and data.get("target") is None and data.get("deadline") is None and not typed:
            self.add_error("target", "Give a new target or a new date, or choose “No change”.")
        if not data.get("objective") and (data.get("target") is not None or data.get("deadline") or data.get("why")):
            self.add_error("objective", "Choose the objective that changed.")
        return data


class PriorityWithdrawForm(PlainWordsForm):
    reason = reason_field(
        "Why it should not count",
        "For example: chosen twice, or recorded for the wrong service.",
        required="Say why the priority is withdrawn.",
    )
