"""The theme pages a co-production partner reads say lists of themes, not frameworks, taxonomies,
benchmarks or versions; staff who look after the frameworks keep their terms (ADR 0009)."""

import pytest
from django.urls import reverse

from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words, read_as, says
from themes.services import framework_install

JARGON = ("framework", "frameworks", "taxonomy", "benchmark", "version", "versions")


@pytest.fixture
def frameworks(org):
    scope = system_scope(organisation=org)
    framework_install(scope=scope, key="social-care")
    framework_install(scope=scope, key="nhs-pe-v6")


def pages(client, person):
    return read_as(
        client,
        person,
        {
            "list": reverse("themes:frameworks"),
            "social care": reverse("themes:frameworks-detail", args=["social-care"]),
            "nhs": reverse("themes:frameworks-detail", args=["nhs-pe-v6"]),
            "by number": reverse("themes:frameworks-version", args=["social-care", 1]),
        },
    )


def test_a_partner_reads_the_lists_of_themes_in_plain_words(client, org, services, frameworks):
    partner = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Margaret Wilson")
    shown = pages(client, partner)
    for name, html in shown.items():
        assert says(html, *JARGON) == [], name
    listed = page_words(shown["list"])
    assert "Lists of themes List In use since" in listed
    assert "The list we use is Social care feedback" in listed
    social = page_words(shown["social care"])
    assert "<title>" not in social and "Social care feedback – Heard" in social
    assert "Linked to What the Care Quality Commission looks for, from 2024" in social
    assert "37 themes in 8 groups" in social
    assert "What the Care Quality Commission looks for Where that is shown" in social
    assert "Used to test suggestions" in page_words(shown["nhs"])


def test_staff_who_look_after_the_frameworks_keep_their_terms(client, org, services, frameworks):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    shown = pages(client, lead)
    assert "Framework Version in use Draft" in page_words(shown["list"])
    social = page_words(shown["social care"])
    assert "Social care feedback, version 1 – Heard" in social
    assert "Maps to CQC single assessment framework (2024)" in social and "Version history" in social
    # A plain word that serves everyone is everyone's: the NHS themes used to test suggestions
    nhs = page_words(shown["nhs"])
    assert "Used to test suggestions" in nhs and says(shown["nhs"], "benchmark") == []
