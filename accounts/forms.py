from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.core.exceptions import ValidationError

from core.forms import PlainWords, PlainWordsForm


class SignInForm(PlainWords, AuthenticationForm):
    username = forms.EmailField(label="Email address", max_length=254)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Enter the email address and password of your Heard login. The password is case-sensitive; the email address is not.",
        "inactive": "This login has been switched off. Ask your organisation's administrator.",
    }


class ApiTokenForm(PlainWordsForm):
    name = forms.CharField(
        max_length=100, label="Name", help_text="What will use this token, for example 'Rota system'"
    )
    days = forms.TypedChoiceField(
        coerce=int,
        label="Expires after",
        choices=[(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")],
        initial=90,
    )


PASSWORDS_DIFFER = "The two passwords are not the same. Type the same password in both boxes."
# What the password checks of settings.AUTH_PASSWORD_VALIDATORS find, by their codes: Django's words
# ("This password is entirely numeric.") say what is wrong but not what to do.
PASSWORD_PROBLEMS = {
    "password_too_short": "Use at least %(min_length)d characters. A few words strung together are easy to "
    "remember and hard to guess.",
    "password_too_similar": "Choose a password that is not like your name or email address.",
    "password_too_common": "This password is one of the most used, so it is easy to guess. Choose another.",
    "password_entirely_numeric": "Use letters as well as numbers.",
}


class SetPasswordForm(PlainWords, DjangoSetPasswordForm):
    """Choosing a password from the emailed link, with the problems told in plain words."""

    error_messages = {"password_mismatch": PASSWORDS_DIFFER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        # Django's hint lists its checks in its own words; these are the same checks in ours.
        self.fields[
            "new_password1"
        ].help_text = "Not only numbers, not a password many people use, and not like your name or email address."
        self.fields["new_password2"].label = "Type your new password again"

    def validate_password_for_user(self, user, password_field_name):
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as refused:
            self.add_error(
                password_field_name,
                [
                    ValidationError(PASSWORD_PROBLEMS[e.code], code=e.code, params=e.params)
                    if e.code in PASSWORD_PROBLEMS
                    else e
                    for e in refused.error_list
                ],
            )
