"""A refused coding says what went wrong next to the themes, and the error summary leads there."""

import re

from django.urls import reverse

from organisations.scope import system_scope
from themes.models import CodingReview
from themes.services import framework_version_draft

from .helpers import publish, theme
from .test_coding import record
from .test_pages import coder, login, model_version, waiting  # noqa: F401  (fixtures)

NEW_VERSION = "A theme you ticked is not in the framework&#39;s current version"


def test_ticking_a_theme_of_a_version_published_since_the_page_opened_is_explained_beside_the_themes(
    client,
    org,
    coder,  # noqa: F811
    framework,
    waiting,  # noqa: F811
):
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    login(client, coder).get(url)
    food = theme(org, "food-and-drink")  # of version 1, as the open page offers it
    publish(
        system_scope(organisation=org),
        framework_version_draft(scope=system_scope(organisation=org), framework=framework),
    )

    response = client.post(url, {"themes": [food.pk], "sentiment": "4"})

    page = " ".join(response.content.decode().split())
    assert response.status_code == 400 and not CodingReview.objects.for_org(org).exists()
    assert "Check the themes and save again." in page
    assert re.search(r'<a href="#id_themes"[^>]*>\s*' + NEW_VERSION, page)
    assert re.search(r'<div class="nhsuk-form-group nhsuk-form-group--error" id="id_themes"', page)
    assert re.search(r'<span class="nhsuk-error-message" id="id_themes-error">.*?' + NEW_VERSION, page)
    # The other themes are open, to tick again
    assert '<details class="nhsuk-details" id="other-themes" open>' in page


def test_the_error_summary_leads_to_the_themes_on_a_comment_without_suggestions(
    client,
    org,
    services,
    admin_scope,
    coder,  # noqa: F811
    framework,
):
    [bare] = record(admin_scope, services[0], "The garden is lovely in spring.")
    url = reverse("themes:coding-comment", args=[framework.slug, bare.pk])
    response = login(client, coder).post(url, {"themes": ["999999"], "sentiment": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_themes"' in page and page.count('id="id_themes"') == 1


def test_a_confirmation_with_a_count_that_is_not_a_number_asks_again_and_codes_nothing(
    client,
    org,
    coder,  # noqa: F811
    framework,
    waiting,  # noqa: F811
):
    url = reverse("themes:coding-bulk-accept", args=[framework.slug])
    # "²" passes str.isdigit() but is no number int() reads
    response = login(client, coder).post(url, {"threshold": "80", "confirm": "yes", "expected": "²"})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and not CodingReview.objects.for_org(org).exists()
    assert "Accept the model's suggestions on 1 comment?" in page and 'name="expected" value="1"' in page
