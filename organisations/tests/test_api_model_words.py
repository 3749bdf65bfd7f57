"""What a service's or a person's own checks find (`full_clean`) reaches an API caller in Heard's plain
words, naming the field, where it said Django's ("This field cannot be blank.", "Ensure this value has
at most 200 characters (it has 201).", "Enter a valid email address."): ADR 0029."""

import pytest

from core.forms import _djangos_model_words
from organisations.roles import Role
from organisations.tests.factories import PersonFactory, api_call, api_token_for

DJANGOS = {str(message) for messages in _djangos_model_words().values() for message in messages}


@pytest.fixture
def token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


def refused(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    fields = response.json()["fields"]
    # Not one of Django's own, nor one of its with the value put in ("...at most 200 characters (it has 201).").
    said = [message for messages in fields.values() for message in messages]
    assert not [m for m in said if m in DJANGOS or m.startswith(("Ensure this value", "This field", "Enter a valid"))]
    return fields


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"full_name": "   "}, {"full_name": ["Fill in ‘Full name’"]}),
        (
            {"full_name": "Sam Okafor", "email": "sam at example"},
            {"email": ["Enter an email address in the right format for ‘Email’, like name@example.com"]},
        ),
        (
            {"full_name": "Sam Okafor", "job_title": "x" * 201},
            {"job_title": ["‘Job title’ must be 200 characters or fewer"]},
        ),
        ({"full_name": "Sam Okafor", "phone": "1" * 31}, {"phone": ["‘Phone’ must be 30 characters or fewer"]}),
    ],
)
def test_adding_a_person_says_what_to_put_right_in_plain_words(client, token, body, expected):
    assert refused(api_call(client, "post", "/api/people", token, body)) == expected


def test_changing_a_person_says_it_the_same_way(client, org, token):
    person = PersonFactory(organisation=org, full_name="Sam Okafor")
    response = api_call(client, "patch", f"/api/people/{person.id}", token, {"full_name": " ", "email": "sam@"})
    assert refused(response) == {
        "full_name": ["Fill in ‘Full name’"],
        "email": ["Enter an email address in the right format for ‘Email’, like name@example.com"],
    }
    person.refresh_from_db()
    assert person.full_name == "Sam Okafor"


def test_adding_or_changing_a_service_says_it_too(client, services, token):
    response = api_call(client, "post", "/api/services", token, {"name": "  ", "service_type": "care_home"})
    assert refused(response) == {"name": ["Fill in ‘Name’"]}
    response = api_call(client, "patch", f"/api/services/{services[0].id}", token, {"name": "\t"})
    assert refused(response) == {"name": ["Fill in ‘Name’"]}


def test_words_heard_gave_its_own_are_kept(client, services, token):
    response = api_call(client, "patch", f"/api/services/{services[0].id}", token, {"phone": "call us"})
    assert refused(response) == {"phone": ["Enter a phone number using numbers and spaces, like 01423 496 000"]}
    response = api_call(client, "patch", f"/api/services/{services[0].id}", token, {"name": services[1].name})
    assert refused(response) == {"name": ["This organisation already has a service with this name."]}
