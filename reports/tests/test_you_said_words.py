"""Wording a "You said, we did": "Now" is the writer's, not the verifier's note for the record, and the
form says every problem at once, each name to take out once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import YouSaidPair
from reports.tests.conftest import EVIDENCE
from reports.you_said import MAX_CHARACTERS, you_said_save

pytestmark = pytest.mark.django_db


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
    assert _textarea(html, "we_did").startswith("Answer call bells")


def test_a_line_too_long_and_names_elsewhere_are_said_together_each_name_once(client, team, closed):
    long_line = "You said " + "the call bells rang for a long time " * 4
    assert len(long_line.strip()) > MAX_CHARACTERS
    with pytest.raises(ValidationError) as refused:
        you_said_save(
            scope=team.scope("quality"),
            action_id=closed.id,
            you_said=long_line,
            we_did="Tom Hargreaves added a night carer: ring 07700 900123.",
            publish=True,
        )
    problems = refused.value.message_dict
    assert problems["you_said"] == [
        f"Keep this to {MAX_CHARACTERS} characters or fewer, so it fits on the poster; it has {len(long_line.strip())}."
    ]
    [named] = problems["we_did"]
    assert named.startswith("The public page cannot name anyone or show personal details. Take out: ")
    assert "07700 900123" in named and "Tom Hargreaves" in named
    assert named.count("Tom") == 1 and named.count("Hargreaves") == 1
    assert not YouSaidPair.objects.for_org(closed.organisation).exists()


def test_one_field_too_long_and_naming_someone_says_both(team, closed):
    with pytest.raises(ValidationError) as refused:
        you_said_save(
            scope=team.scope("quality"),
            action_id=closed.id,
            you_said="You said the bells were slow.",
            we_did="We asked Aisha Rahman to " + "check the bells every night and " * 4 + "more.",
            publish=True,
        )
    [too_long, named] = refused.value.message_dict["we_did"]
    assert too_long.startswith("Keep this to") and named.endswith("Take out: Aisha Rahman.")


def test_the_page_shows_every_problem_at_once(client, team, closed):
    response = _edit(
        client,
        team.quality,
        closed,
        {
            "you_said": "x" * (MAX_CHARACTERS + 10),
            "we_did": "Tom Hargreaves added a night carer.",
            "now": "",
            "picture": "better",
            "publish": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"it has {MAX_CHARACTERS + 10}" in html
    assert "Take out: Tom Hargreaves." in html


def test_posters_are_offered_only_for_services_with_something_published(client, team, closed, services):
    client.force_login(team.quality.user)
    before = client.get(reverse("evidence:you-said")).content.decode()
    assert "A4 poster" not in before and f"{closed.service.name}: nothing published yet" in before
    you_said_save(
        scope=team.scope("quality"),
        action_id=closed.id,
        you_said="You said new staff did not know you.",
        we_did="New staff now work with someone you know first.",
        publish=True,
    )
    after = client.get(reverse("evidence:you-said")).content.decode()
    assert f"{closed.service.name}: 1 published" in after
    assert f'A4 poster<span class="nhsuk-u-visually-hidden"> for {closed.service.name}' in after
    others = [s for s in services if s.id != closed.service_id]
    assert others and all(f"{s.name}: nothing published yet" in after for s in others)
