"""Choosing a password from the emailed link: each problem is told in plain words saying what to do,
not in Django's ("This password is entirely numeric.", "The two password fields didn’t match.")."""

import html

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.forms import PASSWORDS_DIFFER
from organisations.roles import Role
from organisations.tests.factories import person_with_role


@pytest.fixture
def form_url(client, org):
    user = person_with_role(org, Role.STAFF).user
    user.set_unusable_password()
    user.save()
    link = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return client.get(link)["Location"]


@pytest.mark.parametrize(
    "first, second, said, not_said",
    [
        ("", "", ["Fill in ‘New password’", "Fill in ‘Type your new password again’"], "This field is required."),
        ("a long enough password", "a long enough passwrod", [PASSWORDS_DIFFER], "didn’t match"),
        ("short", "short", ["Use at least 12 characters."], "This password is too short."),
        ("123456789012345", "123456789012345", ["Use letters as well as numbers."], "entirely numeric"),
        ("password1234", "password1234", ["one of the most used, so it is easy to guess"], "too common"),
    ],
)
def test_a_password_that_will_not_do_is_refused_in_plain_words(client, form_url, first, second, said, not_said):
    response = client.post(form_url, {"new_password1": first, "new_password2": second})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and "There is a problem" in body
    for words in said:
        assert words in body
    assert not_said not in body
