from __future__ import annotations

from django import forms

from governance.models import RUNG_MEANING, ActivityKind, AttendanceRole, MeetingType, Recognition, Rung

WHOLE_ORGANISATION = ""

# What an action's form says of a field left empty: the title as the action service says it, and the
# same words whether the field is needed always (a new action) or once a title is given (a decision).
MISSING_ACTION_FIELD = {
    "title": "Enter what is to be done.",
    "lead": "Choose the action's lead.",
    "verifier": "Choose who will check the action's impact.",
    "due_on": "Enter the date the action is due.",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def _people(people) -> list[tuple]:
    return [("", "Choose a person")] + [
        (p.id, f"{p.full_name}{' (' + p.job_title + ')' if p.job_title else ''}") for p in people
    ]


def _sessions(sessions, empty: str = "Choose a session") -> list[tuple]:
    """Choices of activities in the co-production ledger: title, date and what it was about, and
    whether that service has closed since (work is not started there, so say so before it is chosen)."""

    def about(s) -> str:
        closed = s.service_id and s.service.archived_at is not None
        return f"{s.scope_label}, now archived" if closed else s.scope_label

    return [("", empty)] + [(s.id, f"{s.title} ({s.held_on:%-d %b %Y}, {about(s)})") for s in sessions]


def _decisions(decisions, empty: str) -> list[tuple]:
    """Choices of governance decisions: the meeting's date and the start of what was decided."""
    return ([("", empty)] if empty else []) + [
        (d.id, f"{d.meeting.held_on:%-d %b %Y}: {d.text[:90]}") for d in decisions
    ]


def _services(services, *, whole: bool) -> list[tuple]:
    return ([(WHOLE_ORGANISATION, "The whole organisation")] if whole else []) + [(s.id, s.name) for s in services]


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


class MeetingForm(forms.Form):
    meeting_type = forms.ChoiceField(label="Kind of meeting", choices=MeetingType.choices)
    service = forms.TypedChoiceField(
        label="Which service is it about?", coerce=_int_or_none, empty_value=None, required=False
    )
    held_on = forms.DateField(
        label="Date of the meeting", widget=DateInput, error_messages={"required": "Enter the date of the meeting."}
    )
    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    chair = forms.TypedChoiceField(label="Chair", coerce=_int_or_none, empty_value=None, required=False)

    def __init__(self, *args, services=(), people=(), whole=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _services(services, whole=whole)
        self.fields["chair"].choices = _people(people)


class AttendanceForm(forms.Form):
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


class ItemForm(forms.Form):
    heading = forms.CharField(
        label="What was discussed", max_length=200, error_messages={"required": "Enter what was discussed."}
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False, max_length=10_000)


def _ids(value: str, what: str) -> list[int]:
    ids = []
    for part in (value or "").replace(",", " ").split():
        part = part.strip().lstrip("#")
        if not part.isdigit():
            raise forms.ValidationError(f"“{part}” is not a {what} number. Use numbers separated by commas.")
        ids.append(int(part))
    return ids


class ActionFieldsMixin:
    """The fields of a new action; on a decision they are optional (prefix `action`)."""

    def _action_fields(self, people, *, required: bool):
        self.fields["action_title"] = forms.CharField(
            label="Action: what is to be done",
            help_text="Do not name anyone: names, phone numbers and other personal details are replaced by “[name]” and the like when it is saved.",
            max_length=200,
            required=required,
            error_messages={"required": MISSING_ACTION_FIELD["title"]},
        )
        self.fields["action_description"] = forms.CharField(
            label="More detail (optional)", widget=forms.Textarea, required=False, max_length=10_000
        )
        self.fields["action_lead"] = forms.TypedChoiceField(
            label="Lead",
            help_text="One named person who makes it happen.",
            coerce=_int_or_none,
            empty_value=None,
            required=False,
            choices=_people(people),
            error_messages={"required": MISSING_ACTION_FIELD["lead"]},
        )
        self.fields["action_verifier"] = forms.TypedChoiceField(
            label="Who will check its impact",
            help_text="Someone other than the lead.",
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


class DecisionForm(ActionFieldsMixin, forms.Form):
    text = forms.CharField(
        label="What was decided",
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

    def __init__(self, *args, themes=(), flags=(), decisions=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
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
        if data.get("action_title"):
            for name in ("lead", "verifier", "due_on"):
                if not data.get(f"action_{name}"):
                    self.add_error(f"action_{name}", MISSING_ACTION_FIELD[name])
        return data


class ActionForm(ActionFieldsMixin, forms.Form):
    source = forms.ChoiceField(
        label="Where does this action come from?",
        choices=[("theme", "A theme"), ("feedback", "A piece of feedback")],
        widget=forms.RadioSelect,
    )
    theme = forms.TypedChoiceField(label="Theme", coerce=_int_or_none, empty_value=None, required=False)
    feedback = forms.IntegerField(label="Feedback item number", required=False, min_value=1)
    service = forms.TypedChoiceField(label="Service", coerce=_int_or_none, empty_value=None, required=False)

    def __init__(self, *args, themes=(), services=(), whole=False, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Choose a theme")] + [(t.id, t.name) for t in themes]
        self.fields["service"].choices = _services(services, whole=whole)
        self._action_fields(people, required=True)
        self.fields["action_lead"].required = True
        self.fields["action_verifier"].required = True
        self.fields["action_due_on"].required = True


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, max_length=10_000)

    def __init__(self, *args, label="", help_text="", required_message="Enter some text.", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text
        self.fields["text"].error_messages["required"] = required_message


class CheckForm(forms.Form):
    impact_shown = forms.TypedChoiceField(
        label="Does the evidence show the action worked?",
        choices=[("yes", "Yes: close the action with this evidence"), ("no", "Not yet: send it back to the lead")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the evidence shows the action worked."},
    )
    note = forms.CharField(
        label="The evidence",
        help_text="What changed and how you know: feedback since, a measure, a later audit, a review with people who use the service.",
        widget=forms.Textarea,
        required=False,
        max_length=10_000,
    )
    link = forms.CharField(
        label="Link to what shows it",
        help_text="For example the feedback page filtered to this theme since the change, or the re-audit.",
        required=False,
        max_length=500,
    )


class ChallengeForm(forms.Form):
    question = forms.CharField(
        label="Your challenge",
        help_text="For example: why is this late? Show me the impact.",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter the question you are asking."},
    )


class ThemeChallengeForm(ChallengeForm):
    service = forms.TypedChoiceField(label="Service", coerce=_int_or_none, empty_value=None, required=False)
    addressed_to = forms.TypedChoiceField(label="Who should answer", coerce=_int_or_none, empty_value=None)

    def __init__(self, *args, services=(), whole=False, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _services(services, whole=whole)
        self.fields["addressed_to"].choices = _people(people)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is your conclusion?",
        choices=[("satisfied", "I am satisfied: close the challenge"), ("escalate", "Escalate it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are satisfied or escalating it."},
    )
    text = forms.CharField(label="Why", widget=forms.Textarea, max_length=10_000, required=False)


class CoproductionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of activity it was."},
    )
    title = forms.CharField(
        label="Title",
        help_text="For example: residents design the personal care audit.",
        max_length=200,
        error_messages={"required": "Enter a short title for the activity."},
    )
    service = forms.TypedChoiceField(
        label="Which service was it about?", coerce=_int_or_none, empty_value=None, required=False
    )
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
    others_description = forms.CharField(label="Who were they?", max_length=300, required=False)
    recognition = forms.ChoiceField(
        label="How were the people who took part recognised?",
        choices=Recognition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the people who took part were recognised."},
    )
    recognition_note = forms.CharField(
        label="Details (optional)", help_text="For example: £20 an hour and travel.", max_length=300, required=False
    )
    meeting = forms.TypedChoiceField(
        label="Was it part of a meeting in Heard? (optional)", coerce=_int_or_none, empty_value=None, required=False
    )

    def __init__(self, *args, services=(), whole=False, people=(), partner_ids=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _services(services, whole=whole)
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


def reason_field(label: str, help_text: str = "", *, required: str = "") -> forms.CharField:
    """Why a record is withdrawn or corrected (ADR 0019). With ``required`` (its message) the form
    asks for it; without, the service names it missing together with every other problem at once."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea,
        max_length=10_000,
        required=bool(required),
        error_messages={"required": required} if required else {},
    )


class CoproductionCorrectForm(CoproductionForm):
    reason = reason_field(
        "What was wrong with the entry", "For example: the date was wrong, or Margaret Wilson took part too."
    )


class ActivityWithdrawForm(forms.Form):
    reason = reason_field(
        "Why it should not count",
        "For example: recorded twice, or the session did not take place.",
        required="Say why the entry is withdrawn.",
    )


class InfluenceForm(forms.Form):
    text = forms.CharField(
        label="What did it change or influence?",
        help_text="For example: the audit asks the questions residents wrote.",
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
