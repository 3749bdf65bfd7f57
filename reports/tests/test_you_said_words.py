"""Wording a "You said, we did": "Now" is the writer's, not the verifier's note for the record."""

import pytest
from django.urls import reverse

from governance import services as gov

pytestmark = pytest.mark.django_db

EVIDENCE = "Shadow-shift records for every new starter. Residents said new staff know them."


@pytest.fixture
def closed(team, loop):
    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Weekly audit running.")
    gov.action_check(
        scope=team.scope("quality"), action_id=action.id, impact_shown=True, note=EVIDENCE, link="/feedback/"
    )
    return action


def _edit(client, person, action, data=None):
    client.force_login(person.user)
    url = reverse("evidence:you-said-edit", args=[action.id])
    return client.post(url, data) if data is not None else client.get(url)


def _textarea(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.index(">", start) + 1 : html.index("</textarea>", start)].strip()


def test_now_is_left_for_the_writer_with_the_evidence_beside_it_as_staff_words(client, team, closed):
    html = _edit(client, team.quality, closed).content.decode()
    assert _textarea(html, "now") == ""
    assert "Shadow-shift records for every new starter." not in _textarea(html, "now")
    assert "What is different now for the people who use the service" in html
    assert "not shown to the public" in html and EVIDENCE in html
    # The other two are still drafted.
    assert _textarea(html, "we_did").startswith("We did this: answer call bells")
