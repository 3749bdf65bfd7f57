"""A form sent back with something to put right answers 400 Bad Request, on every page: the person
sees the same page with the errors, and monitoring, tests and API clients can tell a refused form
from a page that simply loaded."""

import pytest
from django.urls import reverse

from feedback.public import easy_read
from organisations.roles import Role
from organisations.tests.factories import person_with_role

STAFF_FORMS = [
    ("feedback:capture", Role.STAFF, {"text": ""}),
    ("governance:action-new", Role.QUALITY_LEAD, {"title": ""}),
    ("governance:meeting-new", Role.QUALITY_LEAD, {"meeting_type": ""}),
    ("themes:safeguarding-lead", Role.ADMINISTRATOR, {"lead": "999999"}),
    ("accounts:tokens", Role.ADMINISTRATOR, {"name": ""}),
]


@pytest.mark.parametrize("name, role, data", STAFF_FORMS, ids=[n for n, _, _ in STAFF_FORMS])
def test_a_staff_form_with_errors_answers_400_and_shows_them(client, org, services, name, role, data):
    client.force_login(person_with_role(org, role, all_services=True).user)
    url = reverse(name)
    assert client.get(url).status_code == 200
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()


def test_the_public_forms_with_errors_answer_400_and_show_them(client, services):
    link = services[0].feedback_link_id
    refused = client.post(reverse("public:form", args=[link]), {"rating": "11"})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    step = reverse("public:easy-read-step", args=[link, easy_read.STEPS[0].slug])
    assert client.get(step).status_code == 200
    refused = client.post(step, {"rating": "99"})
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
