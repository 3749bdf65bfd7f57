from django import forms
from django.contrib.auth.forms import AuthenticationForm

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
