"""The easy read form's pages: one question each, in order, skipping the ones that do not apply.

Answers are kept in the session between pages, under the same names as the standard form, so the
last page can check them all with `PublicFeedbackForm` and save them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from feedback.models import ReplyMethod
from feedback.public import forms as public_forms

SESSION_PREFIX = "heard_easy_read:"
# No time limit: a visitor without a login keeps their answers for 30 days, whatever the login session length is.
ANONYMOUS_SESSION_AGE = 60 * 60 * 24 * 30


def _always(answers: dict) -> bool:
    return True


def _wants_reply(answers: dict) -> bool:
    return answers.get("wants_reply") == public_forms.YES


def _has_method(answers: dict) -> bool:
    return _wants_reply(answers) and answers.get("reply_method") in public_forms.PUBLIC_METHODS


CONTACT_FORMS: dict[str, type[forms.Form]] = {
    ReplyMethod.EMAIL: public_forms.EasyEmailForm,
    ReplyMethod.PHONE: public_forms.EasyPhoneForm,
    ReplyMethod.LETTER: public_forms.EasyAddressForm,
}


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.Form] | None
    picture: str
    hint: str = ""
    applies: Callable[[dict], bool] = _always
    # What the check page calls this answer.
    summary: str = ""

    def form_for(self, answers: dict) -> type[forms.Form]:
        if self.form_class is not None:
            return self.form_class
        return CONTACT_FORMS[answers["reply_method"]]

    def field_names(self, answers: dict) -> list[str]:
        return list(self.form_for(answers).base_fields)


STEPS = [
    Step("how-was-it", public_forms.EasyRatingForm, "", "Choose one picture.", summary="How was it?"),
    Step(
        "good",
        public_forms.EasyGoodForm,
        "good-things.svg",
        "Write as much or as little as you like. You can leave it empty.",
        summary="What was good?",
    ),
    Step(
        "better",
        public_forms.EasyBetterForm,
        "better.svg",
        "Write as much or as little as you like. You can leave it empty.",
        summary="What could be better?",
    ),
    Step("who", public_forms.EasyWhoForm, "who.svg", "You do not have to say.", summary="Who are you?"),
    Step(
        "your-words",
        public_forms.EasyQuoteForm,
        "quote.svg",
        "We might put what you said in reports and on posters. We will not use your name.",
        summary="Can we use your words?",
    ),
    Step(
        "reply",
        public_forms.EasyReplyForm,
        "reply.svg",
        "You do not have to. If you say yes, we keep your details private.",
        summary="Do you want us to get back to you?",
    ),
    Step(
        "how-to-reply",
        public_forms.EasyReplyMethodForm,
        "",
        applies=_wants_reply,
        summary="How should we get back to you?",
    ),
    Step(
        "contact",
        None,
        "",
        "Only the people who reply to you will see this.",
        applies=_has_method,
        summary="Your details",
    ),
]
BY_SLUG = {step.slug: step for step in STEPS}


def answered(step: Step, answers: dict) -> bool:
    return all(name in answers for name in step.field_names(answers))


def next_slug(step: Step, answers: dict, *, changing: bool) -> str | None:
    """The page after `step`; None for the check page. When changing an answer, skip what is already answered."""
    later = STEPS[STEPS.index(step) + 1 :]
    for candidate in later:
        if candidate.applies(answers) and not (changing and answered(candidate, answers)):
            return candidate.slug
    return None


def previous_slug(step: Step | None, answers: dict) -> str | None:
    """The page before `step` (before the check page, when `step` is None); None when that is the start page."""
    earlier = STEPS if step is None else STEPS[: STEPS.index(step)]
    for candidate in reversed(earlier):
        if candidate.applies(answers):
            return candidate.slug
    return None


def session_key(link_id: str) -> str:
    return f"{SESSION_PREFIX}{link_id}"


def load(request, link_id: str) -> dict:
    return dict(request.session.get(session_key(link_id), {}))


def save(request, link_id: str, answers: dict) -> None:
    if not request.user.is_authenticated:
        request.session.set_expiry(ANONYMOUS_SESSION_AGE)
    request.session[session_key(link_id)] = answers


def forget(request, link_id: str) -> None:
    request.session.pop(session_key(link_id), None)


def as_answers(form: forms.Form) -> dict[str, str]:
    """A valid step form's answers as plain strings, ready for the session."""
    return {name: "" if value is None else str(value) for name, value in form.cleaned_data.items()}
