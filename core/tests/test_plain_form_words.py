"""No form of Heard's tells a problem in Django's own words ("This field is required.", "Select a valid
choice. 6 is not one of the available choices.", "Enter a valid date."): every form defined in Heard's
apps is built, sent wrong answers of every kind, and each field's words for each problem are read
(ADR 0029)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from core.forms import PlainWords, plain_field_words
from themes.taxonomies import DEFAULT_TAXONOMY, taxonomy_get

APPS = [
    "accounts",
    "audits",
    "core",
    "evidence",
    "feedback",
    "governance",
    "organisations",
    "priorities",
    "reports",
    "themes",
]
# Not Heard's pages: tests, migrations, commands, and the model's own code (no Django in it).
SKIPPED = re.compile(r"\.(tests|migrations|management)(\.|$)|^themes\.ml(\.|$)|^themes\.coding\.training(\.|$)")


def _heard_modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if not SKIPPED.search(info.name):
                yield importlib.import_module(info.name)


def heard_form_classes() -> list[type[forms.BaseForm]]:
    list(_heard_modules())
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS and not SKIPPED.search(cls.__module__):
            found.add(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = heard_form_classes()


# --- Django's words -------------------------------------------------------------------------------


def _django_field_classes():
    todo, found = [forms.Field], []
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("django."):
            found.append(cls)
    return found


class _AnyValue(dict):
    # Fills every %(name)s and %(name)d of a message; the number stands for "anything" below.
    def __missing__(self, key):
        return 987654321


def _pattern(message) -> re.Pattern:
    text = str(message % _AnyValue())
    return re.compile(re.escape(text).replace("987654321", ".+"))


def djangos_defaults() -> list:
    """Every default message of Django's form fields, of the validators they use, and of the password
    checks (a password chosen is checked by them, on a form's field)."""
    from django.contrib.auth import password_validation
    from django.core import validators

    messages = [m for cls in _django_field_classes() for m in vars(cls).get("default_error_messages", {}).values()]
    messages += [
        v.message
        for v in vars(validators).values()
        if inspect.isclass(v) and isinstance(getattr(v, "message", None), (str, type(messages[0])))
    ]
    messages += [
        # The length stands for "any length" in the pattern below.
        (v(min_length=987654321) if v is password_validation.MinimumLengthValidator else v()).get_error_message()
        for v in vars(password_validation).values()
        if inspect.isclass(v) and v.__name__.endswith("Validator") and hasattr(v, "get_error_message")
    ]
    return messages


DEFAULTS = djangos_defaults()
DEFAULT_PATTERNS = [_pattern(m) for m in DEFAULTS]


def _is_default(message) -> bool:
    return any(message is d for d in DEFAULTS) or any(p.fullmatch(str(message)) for p in DEFAULT_PATTERNS)


# --- building each form and sending it wrong answers -----------------------------------------------


def _kwargs(form_class, services) -> dict:
    """What each form's ``__init__`` asks for beyond the answers: a day, the services, a taxonomy..."""
    given = {
        "today": dt.date(2026, 12, 5),
        "services": services,
        "flag_is_open": True,
        "comments": [],
        "theme_choices": [],
        "taxonomy": taxonomy_get(DEFAULT_TAXONOMY),
        "user": None,
    }
    names = set()
    for cls in form_class.__mro__:
        if "__init__" in vars(cls):
            names |= set(inspect.signature(cls.__init__).parameters)
    return {name: value for name, value in given.items() if name in names}


def _wrong(field: forms.Field, kind: str):
    """A wrong answer of ``kind`` for ``field``, or None where that kind cannot be wrong for it."""
    if kind == "missing":
        return [] if isinstance(field, forms.MultipleChoiceField) else ""
    if isinstance(field, forms.MultipleChoiceField):
        return {"wrong": ["987654"], "too_much": "not a list"}.get(kind)
    if isinstance(field, forms.ChoiceField):
        return {"wrong": "987654", "too_much": "not one of them"}.get(kind)
    if isinstance(field, (forms.IntegerField, forms.FloatField)):
        return {"wrong": "four", "too_much": "98765432109", "too_little": "-98765432109"}.get(kind)
    if isinstance(field, forms.DateField):
        return {"wrong": "2026-02-30", "too_much": "31/31/2026"}.get(kind)
    if isinstance(field, forms.EmailField):
        return {"wrong": "not an address", "too_much": "a" * 300 + "@example.com", "too_little": "a\x00@b.c"}.get(kind)
    if isinstance(field, forms.FileField):
        return {"wrong": SimpleUploadedFile("empty.csv", b""), "too_much": "not a file"}.get(kind)
    if isinstance(field, forms.CharField):
        long = "x" * ((field.max_length or 20) + 1)
        return {"wrong": "a\x00b", "too_much": long, "too_little": "!"}.get(kind)
    return None


def _sent(form, kind: str):
    data, files = {}, {}
    for name, field in form.fields.items():
        value = _wrong(field, kind)
        if value is None:
            continue
        (files if isinstance(value, SimpleUploadedFile) else data)[form.add_prefix(name)] = value
    return data, files


def _problems(form_class, services) -> list[str]:
    problems = []
    kwargs = _kwargs(form_class, services)
    for kind in ("missing", "wrong", "too_much", "too_little"):
        data, files = _sent(form_class(**kwargs), kind)
        form = form_class(data=data, files=files, **kwargs)
        form.is_valid()
        for name, messages in form.errors.items():
            problems += [f"{name} (sent {kind}): {m}" for m in messages if _is_default(m)]
        for name, field in form.fields.items():
            problems += [f"{name} ({code}): {m}" for code, m in field.error_messages.items() if _is_default(m)]
            problems += [
                f"{name} ({v.code}): {v.message}"
                for v in field.validators
                if hasattr(v, "code") and v.code not in field.error_messages and _is_default(getattr(v, "message", ""))
            ]
    return sorted(set(problems))


def test_every_form_of_heards_apps_is_found():
    names = {f"{c.__module__}.{c.__name__}" for c in FORMS}
    # One from each place forms are defined: a forms module, a package of them, a page's own module.
    assert {
        "reports.forms.MonthlyPackForm",
        "governance.forms.meetings.MeetingForm",
        "organisations.views_held.RemoveDetailsForm",
        "accounts.forms.SignInForm",
        "accounts.forms.SetPasswordForm",
    } <= names
    assert len(FORMS) > 60


@pytest.mark.parametrize("form_class", FORMS, ids=[f"{c.__module__}.{c.__name__}" for c in FORMS])
def test_no_field_tells_a_problem_in_djangos_words(form_class, services):
    assert _problems(form_class, services) == [], f"{form_class.__name__} tells problems in Django's words"


# --- the words themselves ------------------------------------------------------------------------


class Sample(PlainWords, forms.Form):
    due = forms.DateField(label="Due by (optional)", required=False)
    count = forms.IntegerField(label="How many took part?", min_value=0, max_value=10_000)
    note = forms.CharField(label="Note", max_length=200, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], error_messages={"required": "Choose a kind."})
    nameless = forms.FloatField(label="")


def test_a_problem_is_told_naming_the_field_in_plain_words():
    form = Sample(data={"due": "2026-02-30", "count": "20000", "note": "x" * 201, "kind": "", "nameless": "z"})
    assert not form.is_valid()
    assert {name: list(messages) for name, messages in form.errors.items()} == {
        "due": ["‘Due by’ must be a real date, like 31/01/2026"],
        "count": ["Enter a whole number from 0 to 10,000 for ‘How many took part?’"],
        "note": ["‘Note’ must be 200 characters or fewer"],
        "kind": ["Choose a kind."],  # the form's own words are kept
        "nameless": ["Enter a number, like 4.2"],
    }


def test_a_field_relabelled_as_the_form_is_made_is_named_as_the_page_shows_it():
    form = Sample(data={"count": "-1", "kind": "a", "nameless": "1"})
    form.fields["count"].label = "People"
    assert {name: list(messages) for name, messages in form.errors.items()} == {
        "count": ["Enter a whole number from 0 to 10,000 for ‘People’"]
    }


def test_a_percent_sign_in_a_fields_name_is_shown_as_it_is():
    field = forms.ChoiceField(label="Share (%)", choices=[("a", "A")])
    plain_field_words(field, "share")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("b")
    assert refused.value.messages == ["Choose one of the options listed for ‘Share (%)’"]
