"""The coding page chooses the model's sentiment for the person only when the model is sure enough."""

import re

import pytest
from django.urls import reverse

from organisations.scope import system_scope
from themes.coding.services import Suggestion, suggestions_store
from themes.coding.views import PRE_SELECT_SENTIMENT
from themes.models import CodingReview, SentimentAssignment

from .test_coding import record
from .test_pages import coder, login, model_version  # noqa: F401  (fixtures)


def chosen_level(page: str) -> str | None:
    found = re.findall(r'<input[^>]+name="sentiment" type="radio" value="(\d)" checked', page)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def suggest(org, services, admin_scope, model_version):  # noqa: F811
    def make(confidence):
        [comment] = record(admin_scope, services[0], "The carers are kind but always in a rush.")
        suggestions_store(
            scope=system_scope(organisation=org),
            model_version=model_version,
            suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.9}, 2, confidence)],
        )
        return comment

    return make


def test_a_sentiment_the_model_is_unsure_of_is_shown_but_left_for_the_person_to_choose(
    client,
    org,
    coder,  # noqa: F811
    framework,
    suggest,
):
    comment = suggest(0.34)
    url = reverse("themes:coding-comment", args=[framework.slug, comment.pk])
    page = " ".join(login(client, coder).get(url).content.decode().split())
    assert chosen_level(page) is None
    assert 'The model suggests "Positive" (34% sure).' in page
    assert "It is chosen for you only when the model is at least 50% sure: choose the level that fits." in page
    assert re.search(r'value="2"[^>]*>\s*<label[^>]*>Positive<span[^>]*> \(suggested\)</span>', page)
    # Saving without choosing does not accept the guess: the person is asked to choose
    response = client.post(url, {"themes": [], "seen": ""})
    assert response.status_code == 400
    assert "Choose how positive or negative the comment is." in response.content.decode()
    assert not CodingReview.objects.for_org(org).exists()


@pytest.mark.parametrize("confidence", [PRE_SELECT_SENTIMENT, 0.81])
def test_a_sentiment_the_model_is_sure_of_is_chosen_for_the_person(
    client,
    coder,  # noqa: F811
    framework,
    suggest,
    confidence,
):
    comment = suggest(confidence)
    url = reverse("themes:coding-comment", args=[framework.slug, comment.pk])
    page = " ".join(login(client, coder).get(url).content.decode().split())
    assert chosen_level(page) == "2"
    assert f'The model suggests "Positive" ({int(confidence * 100)}% sure).' in page
    assert "choose the level that fits" not in page


def test_a_sentiment_suggested_without_a_confidence_is_left_for_the_person_and_the_page_opens(
    client,
    org,
    coder,  # noqa: F811
    framework,
    suggest,
):
    comment = suggest(None)
    assert SentimentAssignment.objects.for_org(org).get(comment=comment).confidence is None
    response = login(client, coder).get(reverse("themes:coding-comment", args=[framework.slug, comment.pk]))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert chosen_level(page) is None
    assert 'The model suggests "Positive" (how sure it is is not known).' in page
