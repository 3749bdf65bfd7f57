"""An action is about a theme the pages and the API offer: one of the published version of the main
framework. The service took a theme of any version of any of the organisation's frameworks."""

import pytest
from django.core.exceptions import ValidationError

from governance import services as gov
from governance.models import Action
from organisations.scope import system_scope
from organisations.tests.factories import OrganisationFactory
from themes.models import Theme, VersionStatus
from themes.selectors import version_unmapped_themes
from themes.services import framework_install, framework_version_draft, framework_version_publish

from .conftest import action_input, theme

FOOD = "food-and-drink"
REFUSED = {"theme": ["Choose the theme this action is about."]}


def open_about(team, services, theme_id: int) -> Action:
    return gov.action_create(
        scope=team.scope("quality"),
        data=action_input(team, source="theme", theme_id=theme_id, service_id=services[0].id),
    )


def refusal(team, services, theme_id: int) -> dict:
    with pytest.raises(ValidationError) as caught:
        open_about(team, services, theme_id)
    return caught.value.message_dict


def test_a_theme_of_a_draft_or_a_retired_version_is_refused(org, services, team, framework):
    system = system_scope(organisation=org)
    published = theme(org, FOOD)
    draft = framework_version_draft(scope=system, framework=framework)
    drafted = Theme.objects.for_org(org).get(version=draft, code=FOOD)
    assert refusal(team, services, drafted.id) == REFUSED

    unmapped = version_unmapped_themes(scope=system, version=draft)
    framework_version_publish(scope=system, version=draft, confirmed_unmapped=[t.pk for t in unmapped])
    published.version.refresh_from_db()
    assert published.version.status == VersionStatus.RETIRED
    assert refusal(team, services, published.id) == REFUSED
    assert not Action.objects.for_org(org).exists()

    action = open_about(team, services, drafted.id)  # the version in force now
    assert action.theme == drafted == theme(org, FOOD)


def test_a_theme_of_a_framework_other_than_the_main_one_is_refused(org, services, team, framework):
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    framework.refresh_from_db()
    assert framework.is_primary and not nhs.is_primary
    # A code both frameworks have: the other one's theme is not taken for the main one's.
    other = Theme.objects.for_org(org).get(version__framework=nhs, code="staff-continuity")
    assert refusal(team, services, other.id) == REFUSED
    assert not Action.objects.for_org(org).exists()

    action = open_about(team, services, theme(org, "staff-continuity").id)
    assert action.theme.version.framework == framework


def test_another_organisations_theme_is_refused_as_none_chosen(org, services, team, framework):
    elsewhere = OrganisationFactory()
    theirs = framework_install(scope=system_scope(organisation=elsewhere), key="social-care")
    assert (
        refusal(team, services, Theme.objects.for_org(elsewhere).get(version__framework=theirs, code=FOOD).id)
        == REFUSED
    )
