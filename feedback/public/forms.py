"""The public feedback forms: the standard one on a single page, and the easy read one a question at a time.

Both end in the same `FeedbackInput`, so the rules for what can be saved live in one place (the service);
these forms only add the plain words a member of the public needs when something is missing.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from core import clock
from core.forms import PlainWordsForm
from feedback.models import FFT_QUESTION, QUESTION_BETTER, QUESTION_GOOD, GiverType, Rating, ReplyMethod
from feedback.replies import ReplyProblem, reply_problems
from feedback.services import MAX_COMMENT_LENGTH, FeedbackInput, rating_or_comment_given

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
GIVER_CHOICES = [(value, label) for value, label in GiverType.choices if value != GiverType.NOT_SAID]
REPLY_METHODS = [(m.value, m.label) for m in (ReplyMethod.EMAIL, ReplyMethod.PHONE, ReplyMethod.LETTER)]
PUBLIC_METHODS = frozenset(value for value, _ in REPLY_METHODS)
HONEYPOT = "leave_this_empty"
MAX_CONTACT_LENGTH = 200

NEED_SOMETHING = "Choose how your experience was, or tell us what was good or what could be better"
# The same rule in easy read words, for the easy read form's last page.
EASY_NEED_SOMETHING = "Please answer at least one question: how was it, what was good, or what could be better"
TOO_LONG = "This answer can be up to %(limit_value)s characters. It has %(show_value)s. Please make it shorter"
CONTACT_MISSING = {
    ReplyMethod.EMAIL: "Enter your email address, so that we can get back to you",
    ReplyMethod.PHONE: "Enter your phone number, so that we can get back to you",
    ReplyMethod.LETTER: "Enter your address, so that we can get back to you",
}
# A phone number as people write one: digits, spaces, brackets and hyphens, "+" only in front (+44).
PHONE_PATTERN = re.compile(r"\+?[0-9() \-]+")
# The shortest UK numbers have ten digits (0800 123 456); with +44 and "(0)" or another country's code,
# no number has more than fifteen (E.164).
PHONE_DIGITS = (10, 15)
PHONE_INVALID = "Enter a phone number using numbers only, like 07700 900123"
EMAIL_INVALID = "Enter an email address in the right format, like name@example.com"
# A reply that could not be sent (`feedback.replies`, the rule every way feedback arrives checks), as
# the person is asked to put it right.
NO_METHOD = "Choose how you would like us to get back to you"
METHOD_UNKNOWN = "Choose email, phone or letter"


def phone_format(value: str) -> None:
    """Beyond the rule: a phone number written as one, as a guide to the person typing it. It needs
    its digits ("++++++" is not a number); staff capture does not check this (ADR 0004)."""
    digits = sum(c.isdigit() for c in value)
    written = value.strip()
    if len(written) > 30 or not PHONE_PATTERN.fullmatch(written) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(PHONE_INVALID, code="invalid")


def comment_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )


def rating_field(label: str = FFT_QUESTION) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=Rating.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers"},
    )


def yes_no_field(label: str, *, required: bool = False, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": "Choose yes or no", "invalid_choice": "Choose yes or no"},
    )


class HoneypotMixin:
    """A field people never see or reach; software that fills in every box fills it in too."""

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class PublicFeedbackForm(HoneypotMixin, PlainWordsForm):
    need_something = NEED_SOMETHING

    rating = rating_field()
    good = comment_field(QUESTION_GOOD)
    better = comment_field(QUESTION_BETTER)
    giver_type = forms.ChoiceField(
        label="Who are you? (optional)",
        choices=GIVER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="This helps us understand your feedback.",
        error_messages={"invalid_choice": "Choose one of the answers"},
    )
    consent_to_quote = yes_no_field(
        "Can we use your words, without your name, in reports and posters?",
        help_text="We take out names and other details that could identify anyone.",
    )
    wants_reply = yes_no_field(
        "Would you like us to get back to you? (optional)",
        help_text="You do not have to give your details. If you do, only the people who need them can see them.",
    )
    reply_method = forms.ChoiceField(
        label="How should we get back to you?",
        choices=REPLY_METHODS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose email, phone or letter"},
    )
    reply_contact = forms.CharField(
        label="Your email address, phone number or postal address",
        help_text="For a letter, include your postcode.",
        required=False,
        max_length=MAX_CONTACT_LENGTH,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        data = super().clean()
        # An answer that could not be read is told as its own problem, not as nothing said.
        unread = {"rating", "good", "better"} & set(self.errors)
        texts = (data.get("good", ""), data.get("better", ""))
        if not unread and not rating_or_comment_given(rating=data.get("rating"), texts=texts):
            self.add_error("rating", self.need_something)
        if data.get("wants_reply") == YES and "reply_method" not in self.errors:
            self._check_reply(data.get("reply_method") or "", data.get("reply_contact", ""))
        return data

    def _check_reply(self, method: str, contact: str) -> None:
        readable = None if "reply_contact" in self.errors else contact
        problems = reply_problems(method=method, contact=readable)
        words = {
            ReplyProblem.NO_METHOD: NO_METHOD,
            ReplyProblem.UNKNOWN_METHOD: METHOD_UNKNOWN,
            ReplyProblem.NO_CONTACT: CONTACT_MISSING.get(method, ""),
            ReplyProblem.NOT_AN_EMAIL: EMAIL_INVALID,
        }
        for name, problem in problems.items():
            self.add_error(name, words[problem])
        if not problems and readable and method == ReplyMethod.PHONE:
            try:
                phone_format(readable)
            except ValidationError as exc:
                self.add_error("reply_contact", exc)

    def feedback_input(self, *, service_id: int, channel: str) -> FeedbackInput:
        data = self.cleaned_data
        wants_reply = data.get("wants_reply") == YES
        method = data.get("reply_method") if wants_reply else ""
        return FeedbackInput(
            service_id=service_id,
            channel=channel,
            received_on=clock.today(),
            rating=data.get("rating"),
            giver_type=data.get("giver_type") or GiverType.NOT_SAID,
            comments=[(QUESTION_GOOD, data.get("good", "")), (QUESTION_BETTER, data.get("better", ""))],
            consent_to_quote=data.get("consent_to_quote") == YES,
            wants_reply=wants_reply,
            reply_method=method or "",
            reply_contact=data.get("reply_contact", "") if method else "",
        )


# The easy read form: one small form per page. Each keeps its answer under the names the standard form uses,
# so the last page can check every answer with `PublicFeedbackForm` before anything is saved.


class EasyReadFeedbackForm(PublicFeedbackForm):
    """The easy read answers, checked by the same rules, told in easy read words."""

    need_something = EASY_NEED_SOMETHING


class EasyRatingForm(PlainWordsForm):
    rating = rating_field("How was it?")


class EasyGoodForm(PlainWordsForm):
    good = comment_field(QUESTION_GOOD)


class EasyBetterForm(PlainWordsForm):
    better = comment_field(QUESTION_BETTER)


class EasyWhoForm(PlainWordsForm):
    giver_type = forms.ChoiceField(
        label="Who are you?", choices=GIVER_CHOICES, required=False, widget=forms.RadioSelect
    )


class EasyQuoteForm(PlainWordsForm):
    consent_to_quote = yes_no_field("Can we use your words?")


class EasyReplyForm(PlainWordsForm):
    wants_reply = yes_no_field("Do you want us to get back to you?")


class EasyReplyMethodForm(PlainWordsForm):
    reply_method = forms.ChoiceField(
        label="How should we get back to you?",
        choices=REPLY_METHODS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose email, phone or letter", "invalid_choice": "Choose email, phone or letter"},
    )


class EasyEmailForm(PlainWordsForm):
    reply_contact = forms.EmailField(
        label="What is your email address?",
        max_length=MAX_CONTACT_LENGTH,
        error_messages={"required": "Enter your email address", "invalid": EMAIL_INVALID},
    )


class EasyPhoneForm(PlainWordsForm):
    reply_contact = forms.CharField(
        label="What is your phone number?",
        max_length=30,
        validators=[phone_format],
        error_messages={"required": "Enter your phone number"},
    )


class EasyAddressForm(PlainWordsForm):
    reply_contact = forms.CharField(
        label="What is your address?",
        max_length=MAX_CONTACT_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": "Enter your address", "max_length": TOO_LONG},
    )


class EasyCheckForm(HoneypotMixin, PlainWordsForm):
    """The last page has nothing to fill in but the trap."""
