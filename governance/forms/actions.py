"""Forms for the action log: a new action, progress, the check, and leadership challenge."""

from __future__ import annotations

from django import forms

from core import clock
from core.forms import PlainWordsForm
from governance.forms._common import (
    MISSING_ACTION_FIELD,
    NO_NAMES,
    DateInput,
    _int_or_none,
    _people,
    no_names,
)
from governance.models import ActionKind
from governance.services.actions import action_plan_problems
from organisations.forms import ServiceChoiceField, add_service_problems


class ActionFieldsMixin:
    """The fields of a new action; on a decision they are optional (prefix `action`)."""

    def _action_fields(self, people, *, required: bool):
        self.fields["action_title"] = forms.CharField(
            label="Action: what is to be done",
            help_text=NO_NAMES,
            max_length=200,
            required=required,
            error_messages={"required": MISSING_ACTION_FIELD["title"]},
        )
        self.fields["action_kind"] = forms.ChoiceField(
            label="What the action does",
            help_text="Finding out why something happens, and reporting back, is not itself a change, so the "
            "reports count it apart from changes that worked. Choose neither and the title decides: "
            "\u2018Find out\u2019, \u2018look into\u2019 or \u2018report back\u2019 in it means it finds out.",
            choices=ActionKind.choices,
            widget=forms.RadioSelect,
            required=False,
        )
        self.fields["action_description"] = forms.CharField(
            label="More detail (optional)", widget=forms.Textarea, required=False, max_length=10_000
        )
        self.fields["action_lead"] = forms.TypedChoiceField(
            label="Lead",
            help_text="One named person who makes it happen. Only people who can sign in to Heard are listed.",
            coerce=_int_or_none,
            empty_value=None,
            required=False,
            choices=_people(people),
            error_messages={"required": MISSING_ACTION_FIELD["lead"]},
        )
        self.fields["action_verifier"] = forms.TypedChoiceField(
            label="Who will check its impact",
            help_text="Someone other than the lead, who can sign in to Heard.",
            coerce=_int_or_none,
            empty_value=None,
            required=False,
            choices=_people(people),
            error_messages={"required": MISSING_ACTION_FIELD["verifier"]},
        )
        self.fields["action_due_on"] = forms.DateField(
            label="Due by",
            widget=DateInput,
            required=False,
            error_messages={"required": MISSING_ACTION_FIELD["due_on"]},
        )

    def clean(self):
        """The action service's checks of who does the action and by when (its checker is its lead, a
        due date already past), said beside the form's other problems rather than once those are put
        right; the service checks them again, with the same function. Made when an action is opened:
        always where its fields are required, on a decision or a finding only once it has a title."""
        data = super().clean()
        if self.fields["action_title"].required or data.get("action_title"):
            problems = action_plan_problems(
                lead_id=data.get("action_lead"),
                verifier_id=data.get("action_verifier"),
                due_on=data.get("action_due_on"),
                today=clock.today(),
            )
            add_service_problems(self, {f"action_{name}": messages for name, messages in problems.items()})
        return data


class ActionForm(ActionFieldsMixin, PlainWordsForm):
    source = forms.ChoiceField(
        label="Where does this action come from?",
        choices=[("theme", "A theme"), ("feedback", "A piece of feedback")],
        widget=forms.RadioSelect,
    )
    theme = forms.TypedChoiceField(label="Theme", coerce=_int_or_none, empty_value=None, required=False)
    feedback = forms.IntegerField(label="Feedback item number", required=False, min_value=1)
    service = ServiceChoiceField(label="Service", required=False)

    def __init__(self, *args, themes=(), services=(), whole=False, people=(), refuse=None, **kwargs):
        """``services`` as the theme challenge's: closed ones are not offered. One sent from a page
        opened before it closed is refused in the action service's words (``refuse(service=...)``),
        together with whatever else is missing."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Choose a theme")] + [(t.id, t.name) for t in themes]
        self.fields["service"].offer(services, whole=whole, refuse=refuse)
        self._action_fields(people, required=True)
        self.fields["action_lead"].required = True
        self.fields["action_verifier"].required = True
        self.fields["action_due_on"].required = True


class TextForm(PlainWordsForm):
    """One text saved without personal details: progress, what was done, why an action was withdrawn,
    the answer to a challenge."""

    text = forms.CharField(widget=forms.Textarea, max_length=10_000)

    def __init__(self, *args, label="", help_text="", required_message="Enter some text.", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = no_names(help_text)
        self.fields["text"].error_messages["required"] = required_message


class NewDueDateFields(PlainWordsForm):
    """A new due date and why, both optional here: the due dates service names what is missing."""

    new_due_on = forms.DateField(
        label="New due date (optional)",
        help_text="Only if a new date has been agreed. The old date and your reason stay in the history.",
        widget=DateInput,
        required=False,
    )
    new_reason = forms.CharField(
        label="Why the due date is changing",
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10_000,
    )


class CheckForm(NewDueDateFields):
    impact_shown = forms.TypedChoiceField(
        label="Does the evidence show the action worked?",
        choices=[("yes", "Yes: close the action with this evidence"), ("no", "Not yet: send it back to the lead")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the evidence shows the action worked."},
    )
    note = forms.CharField(
        label="The evidence",
        help_text=no_names(
            "What changed and how you know: feedback since, a measure, a later audit, a review with people who use "
            "the service."
        ),
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )
    link = forms.CharField(
        label="Link to what shows it",
        help_text="For example the feedback page filtered to this service and theme from the day it was done, or "
        "the re-audit.",
        required=False,
        max_length=500,
    )
    early_reason = forms.CharField(
        label="Closing before the wait is over? Say why it can be closed now",
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10_000,
    )
    variation_reason = forms.CharField(
        label="The figures do not show that it worked. Closing it all the same? Say why",
        help_text=no_names("For example: a re-audit or a review with people who use the service shows the change."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=10_000,
    )
    field_order = ["impact_shown", "note", "link", "early_reason", "variation_reason", "new_due_on", "new_reason"]


class AnswerForm(NewDueDateFields):
    """The answer to a challenge; on an action, with a new due date if one is agreed."""

    text = forms.CharField(
        label="Your answer",
        help_text=NO_NAMES,
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter your answer."},
    )
    field_order = ["text", "new_due_on", "new_reason"]


class ChallengeForm(PlainWordsForm):
    question = forms.CharField(
        label="Your challenge",
        help_text=no_names("For example: why is this late? Show me the impact."),
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter the question you are asking."},
    )


class ThemeChallengeForm(ChallengeForm):
    service = ServiceChoiceField(label="Service", required=False)
    addressed_to = forms.TypedChoiceField(
        label="Who should answer",
        help_text="They answer in Heard, so only people who can sign in are listed.",
        coerce=_int_or_none,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, services=(), whole=False, people=(), **kwargs):
        """``services`` are those in the person's scope, closed ones too (with ``archived_at``): only
        open ones are offered, and a closed one sent is refused by the challenge's service, naming it.
        The question and the person are not required here: the service names each one missing together
        with a closed service, so every problem is shown at once."""
        super().__init__(*args, **kwargs)
        self.fields["question"].required = False
        self.fields["service"].offer(services, whole=whole)
        self.fields["addressed_to"].choices = _people(people)


class HandoverForm(PlainWordsForm):
    """Giving an action's lead or verifier, or a challenge, to someone else (a quality lead or an
    administrator), with why. ``parts`` are the choices of what is handed over; none for a challenge."""

    part = forms.ChoiceField(
        label="What is handed over",
        widget=forms.RadioSelect,
        required=False,
    )
    to_person = forms.TypedChoiceField(
        label="Hand it to",
        help_text="Only people who can sign in to Heard are listed.",
        coerce=_int_or_none,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label="Why",
        help_text=(
            "Say why, for example: “Olivia has left Beech Court”, “no longer has a login” or “on long leave”. "
            "The names of the people it is handed from and to are kept; any other name, phone number or "
            "personal detail is replaced by “[name]” and the like when it is saved."
        ),
        widget=forms.Textarea,
        max_length=10_000,
        required=False,
    )

    def __init__(self, *args, people=(), parts=(), **kwargs):
        """The person and the reason are not required here: the service names each one missing."""
        super().__init__(*args, **kwargs)
        self.fields["to_person"].choices = _people(people)
        if parts:
            self.fields["part"].choices = list(parts)
        else:
            del self.fields["part"]


class ConcludeForm(PlainWordsForm):
    outcome = forms.ChoiceField(
        label="What is your conclusion?",
        choices=[("satisfied", "I am satisfied: close the challenge"), ("escalate", "Escalate it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are satisfied or escalating it."},
    )
    text = forms.CharField(label="Why", help_text=NO_NAMES, widget=forms.Textarea, max_length=10_000, required=False)
    escalate_to = forms.TypedChoiceField(
        label="If you escalate it, who should answer it now?",
        coerce=_int_or_none,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, people=(), asked=None, **kwargs):
        """``people`` are those above ``asked`` (the person who was asked it) whom it may go to, the
        nearest rank up first: left unchosen, it goes to the first (ADR 0009)."""
        super().__init__(*args, **kwargs)
        people = list(people)
        self.fields["escalate_to"].choices = _people(people)
        if people and asked is not None:
            self.fields["escalate_to"].help_text = (
                f"Someone above {asked.full_name}, who answered it. If you choose no one, it goes to "
                f"{people[0].full_name}."
            )
