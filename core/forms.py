"""Plain words for what Django's form fields refuse, in every Heard form (ADR 0029).

A field a form gives no words of its own for a problem (a date that is not one, a choice not offered,
too long an answer) would say Django's: "Enter a valid date.", "Select a valid choice. 6 is not one of
the available choices.", "Ensure this value has at most 200 characters (it has 212)." Heard's forms
derive from `PlainWordsForm` (or add `PlainWords` to a form of Django's), which, as the form is
checked, gives every such field plain words naming it: what is wrong and what to do. Words a form
gives its own are kept. It works on the fields as the form made them, after its ``__init__``, so
fields added or relabelled there are named as the page shows them.

A model's own checks (`full_clean`, run by a service before it saves) say Django's words too ("This
field cannot be blank.", "Ensure this value has at most 200 characters (it has 201)."), which reach
whoever called the service: the JSON API above all, where no form stands in front. `full_clean_in_plain_words`
runs them and tells what they find in the same words, naming the field as its form would."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.utils import pretty_name

# How a date is asked for in words (dates are read as en-GB: day first, or YYYY-MM-DD).
DATE_EXAMPLE = "31/01/2026"


def _default_messages(base: type) -> dict[str, list]:
    """The default messages, by code, of ``base`` and of every class of Django's that derives from it."""
    words: dict[str, list] = {}
    todo = [base]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("django.") and "default_error_messages" in vars(cls):
            for code, message in cls.default_error_messages.items():
                words.setdefault(code, []).append(message)
    return words


@cache
def _djangos_words() -> dict[str, list]:
    """Django's words for each problem, from the default messages of its field classes."""
    return _default_messages(forms.Field)


def _is_djangos(message, code: str) -> bool:
    """Whether ``message`` is Django's own words for ``code``, or words equal to them (a form that
    copied them gives people Django's words all the same)."""
    return any(message is d or (str(d) and str(message) == str(d)) for d in _djangos_words().get(code, ()))


def _is_djangos_validator(validator) -> bool:
    """A validator of Django's saying its class's own words (not words it was given, as
    `organisations.models.PHONE_NUMBER` is)."""
    cls = type(validator)
    return (
        cls.__module__.startswith("django.")
        and hasattr(validator, "code")
        and getattr(validator, "message", None) is getattr(cls, "message", object())
    )


class _Words:
    """The field's name as the page shows it, put into a sentence: ``the`` as its subject ("‘Date’"),
    ``for_`` after what to do (" for ‘Date’"). A field with no label is "this answer"."""

    def __init__(self, label: str):
        label = str(label or "").strip().removesuffix("(optional)").strip()
        self.label = label
        self.the = f"‘{label}’" if label else "This answer"
        self.for_ = f" for ‘{label}’" if label else ""


def _whole(field: forms.Field) -> bool:
    # Django's FloatField and DecimalField are kinds of its IntegerField.
    return isinstance(field, forms.IntegerField) and not isinstance(field, (forms.FloatField, forms.DecimalField))


def _number(field: forms.Field) -> str:
    return "a whole number" if _whole(field) else "a number"


def _example(field: forms.Field) -> str:
    return "4" if _whole(field) else "4.2"


def _bounds(field: forms.Field, w: _Words) -> str:
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if low is not None and high is not None:
        return f"Enter {_number(field)} from {low:,} to {high:,}{w.for_}"
    if low is not None:
        return f"Enter {_number(field)} of {low:,} or more{w.for_}"
    if high is not None:
        return f"Enter {_number(field)} of {high:,} or less{w.for_}"
    return f"Enter {_number(field)}{w.for_}, like {_example(field)}"


def _required(field: forms.Field, w: _Words) -> str:
    if isinstance(field, forms.BooleanField):
        return f"Tick {w.the} to go on" if w.label else "Tick the box to go on"
    if isinstance(field, forms.MultipleChoiceField):
        return f"Choose at least one of the options{w.for_}"
    if isinstance(field, forms.ChoiceField):
        return f"Choose one of the options{w.for_}"
    if isinstance(field, forms.FileField):
        return f"Choose a file{w.for_}"
    if isinstance(field, forms.DateField):
        return f"Enter a date{w.for_}, like {DATE_EXAMPLE}"
    if isinstance(field, forms.IntegerField):
        return f"Enter {_number(field)}{w.for_}, like {_example(field)}"
    if isinstance(field, forms.EmailField):
        return f"Enter an email address{w.for_}"
    return f"Fill in {w.the}" if w.label else "Fill this in"


def _invalid(field: forms.Field, w: _Words) -> str:
    if isinstance(field, forms.IntegerField):
        return f"Enter {_number(field)}{w.for_}, like {_example(field)}"
    if isinstance(field, forms.DateTimeField):
        return f"{w.the} must be a real date and time, like {DATE_EXAMPLE} 14:30"
    if isinstance(field, forms.DateField):
        return f"{w.the} must be a real date, like {DATE_EXAMPLE}"
    if isinstance(field, forms.TimeField):
        return f"{w.the} must be a real time, like 14:30"
    if isinstance(field, forms.EmailField):
        return f"Enter an email address in the right format{w.for_}, like name@example.com"
    if isinstance(field, forms.URLField):
        return f"Enter a web address{w.for_}, like https://www.example.org"
    if isinstance(field, forms.MultipleChoiceField):
        return f"Choose from the options listed{w.for_}"
    if isinstance(field, forms.FileField):
        return f"The file{w.for_} did not arrive. Choose it again"
    return f"{w.the} is not written in the right form. Check it and enter it again"


def _invalid_choice(field: forms.Field, w: _Words) -> str:
    if isinstance(field, forms.MultipleChoiceField):
        return f"Choose from the options listed{w.for_}"
    return f"Choose one of the options listed{w.for_}"


def _max_length(field: forms.Field, w: _Words) -> str:
    if isinstance(field, forms.FileField):
        return f"The name of the file{w.for_} is too long. Rename the file and choose it again"
    return f"{w.the} must be {field.max_length:,} characters or fewer"


WORDS: dict[str, Callable[[forms.Field, _Words], str]] = {
    "required": _required,
    "invalid": _invalid,
    "invalid_choice": _invalid_choice,
    "invalid_list": lambda field, w: f"Choose from the options listed{w.for_}",
    "max_length": _max_length,
    "min_length": lambda field, w: f"{w.the} must be {field.min_length:,} characters or more",
    "min_value": _bounds,
    "max_value": _bounds,
    "step_size": lambda field, w: f"Enter a multiple of {field.step_size:,}{w.for_}",
    "null_characters_not_allowed": lambda field, w: (
        f"{w.the} has a hidden character in it that cannot be saved, often from pasted text. Type it in again"
    ),
    "missing": lambda field, w: f"Choose a file{w.for_}",
    "empty": lambda field, w: f"The file chosen{w.for_} is empty. Choose one with something in it",
    "contradiction": lambda field, w: f"Choose a new file{w.for_} or tick to remove it, not both",
}

# Django puts the problem's details (the value sent, the limit) into the words of these; a "%" in a
# field's name must then be written "%%".
FORMATTED = {"invalid_choice", "max_length", "min_length", "min_value", "max_value", "step_size"}


def plain_field_words(field: forms.Field, name: str) -> None:
    """Give ``field`` plain words naming it for each problem it would otherwise tell in Django's."""
    label = field.label if field.label is not None else pretty_name(name)
    codes = {code for code, message in field.error_messages.items() if _is_djangos(message, code)}
    codes |= {v.code for v in field.validators if _is_djangos_validator(v) and v.code not in field.error_messages}
    for code in codes & WORDS.keys():
        words = WORDS[code](field, _Words(label))
        field.error_messages[code] = words.replace("%", "%%") if code in FORMATTED else words


class PlainWords:
    """For a form: Django's words for a field's problems become plain words naming the field."""

    def full_clean(self):
        for name, field in self.fields.items():
            plain_field_words(field, name)
        super().full_clean()


class PlainWordsForm(PlainWords, forms.Form):
    """The form every Heard form derives from."""


# --- a model's own checks ------------------------------------------------------------------------

# A model field's words for a missing answer, where a form field's are "required".
MODEL_CODES = {"blank": "required", "null": "required"}


@cache
def _djangos_model_words() -> dict[str, list]:
    """Django's words for each problem a model's own checks find: the default messages of its model
    field classes, and of its validators (`MaxLengthValidator`, `EmailValidator`, ...)."""
    words = _default_messages(models.Field)
    for cls in vars(validators).values():
        if isinstance(cls, type) and isinstance(getattr(cls, "code", None), str) and hasattr(cls, "message"):
            words.setdefault(cls.code, []).append(cls.message)
    return words


def _plain_model_error(model: type[models.Model], name: str, error: ValidationError) -> ValidationError:
    """One problem a model's checks found with field ``name``, in plain words if they were Django's."""
    defaults = _djangos_model_words().get(error.code or "", ())
    if not any(str(error.message) == str(d) for d in defaults):
        return error
    try:
        field = model._meta.get_field(name).formfield()
    except FieldDoesNotExist:
        return error
    code = MODEL_CODES.get(error.code, error.code)
    if field is None or code not in WORDS:
        # Left in Django's words, rather than hidden behind words that say nothing (ADR 0029).
        return error
    return ValidationError(WORDS[code](field, _Words(field.label or pretty_name(name))), code=error.code)


def model_problems_in_plain_words(model: type[models.Model], exc: ValidationError) -> ValidationError:
    """What a model's own checks found (``exc``), each problem told in Django's words put as a form puts
    it, naming the field by its label; words Heard gave its own (a validator's message) are kept."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {name: [_plain_model_error(model, name, error) for error in errors] for name, errors in exc.error_dict.items()}
    )


def full_clean_in_plain_words(instance: models.Model, **options) -> None:
    """``instance.full_clean(**options)``, what it finds told in plain words (`model_problems_in_plain_words`)."""
    try:
        instance.full_clean(**options)
    except ValidationError as exc:
        raise model_problems_in_plain_words(type(instance), exc) from exc
