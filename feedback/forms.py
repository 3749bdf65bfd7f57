import datetime as dt

from django import forms

from core.forms import PlainWordsForm
from feedback.erasure import MAX_REASON
from feedback.models import SENTIMENT3, Channel, GiverType, Kind, Rating, ReplyMethod, Sentiment
from feedback.selectors import REPLY_FILTERS
from feedback.services import ANSWERS, MAX_REPLY_NOTE, feedback_answer_problems
from organisations.forms import ServiceChoiceField, add_service_problems

STAFF_CHANNELS = [c for c in Channel.choices if c[0] not in (Channel.IMPORT, Channel.API, Channel.FHIR)]


def sentiment_levels(choice: str) -> tuple[int, ...]:
    """The five-level values a sentiment filter choice stands for."""
    if choice in SENTIMENT3:
        return tuple(int(v) for v in SENTIMENT3[choice][1])
    return (int(choice),) if choice.isdigit() else ()


class FeedbackFilterForm(PlainWordsForm):
    """The filters of the list of feedback. They are read from the address, which can be typed, cut
    short or out of date: each problem names its filter, as every form's plain words do (`core.forms`),
    because the others still apply (see `feedback.views._filters`)."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Words in the comments",
        error_messages={"max_length": "‘Words in the comments’ can be up to %(limit_value)d characters"},
    )
    service = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Service")
    channel = forms.ChoiceField(required=False, choices=[("", "Any way")] + Channel.choices, label="How it was given")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind")] + Kind.choices, label="Kind")
    rating = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=Rating.choices, widget=forms.CheckboxSelectMultiple, label="Rating"
    )
    sentiment = forms.ChoiceField(
        required=False,
        label="Positive or negative",
        choices=[("", "Any")]
        + [(key, label) for key, (label, _) in SENTIMENT3.items()]
        + [(str(s.value), f"{s.label} only") for s in (Sentiment.VERY_POSITIVE, Sentiment.VERY_NEGATIVE)],
    )
    theme = forms.ChoiceField(required=False, label="Theme")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    reply = forms.ChoiceField(required=False, label="Replies", choices=[("", "Any")] + list(REPLY_FILTERS.items()))

    def __init__(self, *args, services=(), themes=(), replies=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not replies:  # only where the person may see how to reply to people
            del self.fields["reply"]
        self.fields["service"].choices = [("", "All your services")] + [(str(s.id), s.name) for s in services]
        self.fields["theme"].choices = [("", "Any theme")] + [(t.code, t.name) for t in themes]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "‘To’ must be the same as or after ‘From’")
        return data


class FeedbackCaptureForm(PlainWordsForm):
    service = ServiceChoiceField(label="Service")
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.FEEDBACK, widget=forms.RadioSelect, label="What is it?")
    channel = forms.ChoiceField(choices=[("", "Choose how it was given")] + STAFF_CHANNELS, label="How was it given?")
    received_on = forms.DateField(label="Date it was given", widget=forms.DateInput(attrs={"type": "date"}))
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not asked")] + Rating.choices,
        label="Overall, how was their experience of the service?",
    )
    question = forms.CharField(
        required=False,
        max_length=300,
        label="Question or topic (optional)",
        help_text="For example: What could be better? or: Mealtimes",
    )
    text = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        label="What they said",
        help_text="Use their words where you can.",
    )
    giver_type = forms.ChoiceField(choices=GiverType.choices, initial=GiverType.PERSON, label="Who gave it?")
    person = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="The person (optional)",
        help_text="Only if they are known to the service and agree to be linked.",
    )
    assisted = forms.BooleanField(required=False, label="Given with or on behalf of the person (assisted)")
    consent_to_quote = forms.BooleanField(
        required=False, label="They agree to their words being quoted without their name"
    )
    may_attribute = forms.BooleanField(required=False, label="They agree to be named with the quote")
    wants_reply = forms.BooleanField(required=False, label="They would like a reply")
    reply_method = forms.ChoiceField(
        required=False, choices=[("", "Choose how")] + ReplyMethod.choices, label="How to reply"
    )
    reply_contact = forms.CharField(required=False, max_length=200, label="Contact details for the reply")

    def __init__(self, *args, today: dt.date, services=(), people=(), refuse=None, **kwargs):
        """``services`` are the person's, closed ones too (with ``archived_at``): only open ones are
        offered, and a closed one sent from a page opened before it closed is refused in the feedback
        service's words (``refuse(service=...)``), beside the form's other problems (ADR 0009).
        ``today`` is the day the feedback service checks the date against."""
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["service"].offer(services, empty="Choose a service", refuse=refuse)
        # Co-production partners (people who use the service, family, advocates) come first; staff say so.
        self.fields["person"].choices = [("", "Not linked to a person")] + [
            (str(p.id), f"{p.full_name} (staff)" if getattr(p, "is_staff", False) else p.full_name) for p in people
        ]

    def clean(self):
        """The feedback service's checks of the answers taken together (a reply asked for with no way
        to send it, a date in the future, ...), said with the form's other problems rather than after
        they are put right. The service makes the same checks, through the same function."""
        data = super().clean()
        answers = {name: data[name] for name in ANSWERS if name in data}
        if "question" in data and "text" in data:
            answers["comments"] = [(data["question"], data["text"])]
        problems = feedback_answer_problems(answers, today=self.today)
        add_service_problems(self, {"text" if name == "comments" else name: m for name, m in problems.items()})
        return data


class ReplyForm(PlainWordsForm):
    """A reply sent to the person who gave feedback (`feedback.services.reply_record` checks it)."""

    method = forms.ChoiceField(
        choices=ReplyMethod.choices,
        widget=forms.RadioSelect,
        label="How did you reply?",
        error_messages={"required": "Choose how you replied", "invalid_choice": "Choose how you replied"},
    )
    replied_on = forms.DateField(
        label="Date you replied",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date you replied", "invalid": "Enter a real date, like 31/01/2026"},
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_REPLY_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What was said (optional)",
        help_text="In short, for whoever reads this next. Their contact details are kept with the feedback already.",
        error_messages={"max_length": f"What was said must be {MAX_REPLY_NOTE:,} characters or fewer"},
    )


REASON_HINT = (
    "In short, for the audit log: who asked and how, for example ‘Her son rang on 5 December’. "
    "Do not copy what they said in the feedback."
)


def _reason_field(label: str) -> forms.CharField:
    # Left to the service to refuse, in its words, when empty.
    return forms.CharField(
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=label,
        help_text=REASON_HINT,
        error_messages={"max_length": f"The reason must be {MAX_REASON} characters or fewer"},
    )


class WithdrawConsentForm(PlainWordsForm):
    """The giver no longer agrees to be quoted (`feedback.erasure.feedback_withdraw_consent` checks it)."""

    reason = _reason_field("Why is consent being withdrawn?")


class AnonymiseForm(PlainWordsForm):
    """Removing personal details for good: each comment's text, starting from the redacted text, and
    why (`feedback.erasure.feedback_anonymise` checks every comment's text and the reason)."""

    def __init__(self, *args, comments, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (comment, suggested) in enumerate(comments, start=1):
            self.fields[f"comment_{comment.pk}"] = forms.CharField(
                required=False,
                strip=False,
                initial=suggested,
                widget=forms.Textarea(attrs={"rows": 5}),
                label=comment.question or (f"Comment {number}" if len(comments) > 1 else "The comment"),
                help_text="Take out anything else that could tell who they are, or whom they wrote about. "
                "You can only take words out, or put a marker such as [name] or [removed] in their place.",
            )
        self.fields["reason"] = _reason_field("Why are the personal details being removed?")

    def texts(self) -> dict[int, str]:
        return {
            int(name.removeprefix("comment_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment_")
        }
