"""Forms for meetings, their attendance and minutes, and decisions."""

from __future__ import annotations

from django import forms

from core.forms import PlainWordsForm
from governance.forms._common import (
    MISSING_ACTION_FIELD,
    NO_NAMES,
    DateInput,
    _decisions,
    _ids,
    _int_or_none,
    _people,
)
from governance.forms.actions import ActionFieldsMixin
from governance.models import AttendanceRole, MeetingType
from organisations.forms import ServiceChoiceField


class MeetingForm(PlainWordsForm):
    meeting_type = forms.ChoiceField(label="Kind of meeting", choices=MeetingType.choices)
    service = ServiceChoiceField(label="Which service is it about?", required=False)
    held_on = forms.DateField(
        label="Date of the meeting", widget=DateInput, error_messages={"required": "Enter the date of the meeting."}
    )
    title = forms.CharField(label="Title (optional)", help_text=NO_NAMES, max_length=200, required=False)
    chair = forms.TypedChoiceField(label="Chair", coerce=_int_or_none, empty_value=None, required=False)

    def __init__(self, *args, services=(), people=(), whole=False, refuse=None, **kwargs):
        """``refuse(service=...)`` is the meeting service's words for a closed service."""
        super().__init__(*args, **kwargs)
        # Closed services are not offered; one sent from a page opened before it closed is refused in
        # the meeting service's words, together with whatever else is missing (ADR 0009).
        self.fields["service"].offer(services, whole=whole, refuse=refuse)
        self.fields["chair"].choices = _people(people)


class AttendanceForm(PlainWordsForm):
    person = forms.TypedChoiceField(label="Who", coerce=int, error_messages={"required": "Choose a person."})
    role = forms.ChoiceField(label="Their role at the meeting", choices=AttendanceRole.choices)
    apologies = forms.BooleanField(label="They sent apologies and did not attend", required=False)
    supported = forms.BooleanField(label="They were supported to take part", required=False)
    support = forms.CharField(
        label="How were they supported?",
        help_text="For example: easy read papers sent a week before, an advocate, a BSL interpreter, paid travel.",
        max_length=300,
        required=False,
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(people)


class ItemForm(PlainWordsForm):
    heading = forms.CharField(
        label="What was discussed",
        help_text=NO_NAMES,
        max_length=200,
        error_messages={"required": "Enter what was discussed."},
    )
    notes = forms.CharField(label="Notes", help_text=NO_NAMES, widget=forms.Textarea, required=False, max_length=10_000)


class DecisionForm(ActionFieldsMixin, PlainWordsForm):
    text = forms.CharField(
        label="What was decided",
        help_text=NO_NAMES,
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter what was decided."},
    )
    themes = forms.TypedMultipleChoiceField(
        label="Themes this decision rests on", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    feedback = forms.CharField(
        label="Feedback items (optional)",
        help_text="The numbers of feedback items, separated by commas, for example 1042, 1187.",
        required=False,
    )
    flags = forms.TypedMultipleChoiceField(
        label="Urgent flags", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    decisions = forms.TypedMultipleChoiceField(
        label="Earlier decisions", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, themes=(), flags=(), decisions=(), people=(), refusal=None, **kwargs):
        """``refusal``, the decision service's words for a meeting whose service has closed, is said
        with the form's other problems: a form stopped on those never reached the service."""
        super().__init__(*args, **kwargs)
        self.refusal = refusal
        self.fields["themes"].choices = [(t.id, t.name) for t in themes]
        self.fields["flags"].choices = [
            (f.id, f"Flag {f.id}: {f.comment.feedback.service.name}, {f.detected_at:%-d %b %Y}") for f in flags
        ]
        self.fields["decisions"].choices = _decisions(decisions, "")
        self._action_fields(people, required=False)

    def clean_feedback(self):
        return _ids(self.cleaned_data.get("feedback"), "feedback item")

    def clean(self):
        data = super().clean()
        if self.refusal:
            self.add_error(None, self.refusal)
        if data.get("action_title"):
            for name in ("lead", "verifier", "due_on"):
                if not data.get(f"action_{name}") and f"action_{name}" not in self.errors:
                    self.add_error(f"action_{name}", MISSING_ACTION_FIELD[name])
        return data
