"""Choosing the main framework: the one feedback is coded with, and loops, measures and reports follow."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from themes.coding.selectors import coding_queue, primary_framework, themes_applied
from themes.coding.services import comment_code
from themes.coding.tests.test_coding import record
from themes.coding.training import code_next_order
from themes.models import Framework, FrameworkVersion, ModelStatus, Theme, ThemeModelVersion, VersionStatus
from themes.services import framework_install, framework_make_primary, framework_version_draft


@pytest.fixture
def social_care(org):
    return framework_install(scope=system_scope(organisation=org), key="social-care")


@pytest.fixture
def nhs(org, social_care):
    return framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")


def primaries(org):
    return list(Framework.objects.for_org(org).filter(is_primary=True).values_list("slug", flat=True))


def test_the_first_framework_installed_is_the_main_one_until_another_is_chosen(org, social_care, nhs):
    assert primaries(org) == ["social-care"]


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.ADMINISTRATOR])
def test_a_quality_lead_or_administrator_makes_another_framework_the_main_one(org, social_care, nhs, make_scope, role):
    scope = make_scope(role)
    chosen = framework_make_primary(scope=scope, framework=nhs)
    assert chosen.is_primary
    assert primaries(org) == ["nhs-pe-v6"]
    assert primary_framework(scope=scope) == nhs
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework.make_primary")
    assert event.actor == scope.user and event.object_id == str(nhs.pk)
    assert event.changes == {
        "primary": {"from": "Social care feedback", "to": "NHS patient experience (v6)"},
        "version": 1,
        "model_in_use": None,
    }

    # And back again: the earlier framework is main once more, and each change is in the log
    framework_make_primary(scope=scope, framework=social_care)
    assert primaries(org) == ["social-care"]
    assert AuditEvent.objects.for_org(org).filter(verb="themes.framework.make_primary").count() == 2


def test_choosing_the_main_framework_again_changes_and_records_nothing(org, social_care, nhs, make_scope):
    framework_make_primary(scope=make_scope(Role.QUALITY_LEAD), framework=social_care)
    assert primaries(org) == ["social-care"]
    assert not AuditEvent.objects.for_org(org).filter(verb="themes.framework.make_primary").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.SERVICE_MANAGER, Role.LEADER, Role.COMMISSIONER])
def test_other_roles_may_not_choose_the_main_framework(org, social_care, nhs, make_scope, role):
    with pytest.raises(PermissionDenied):
        framework_make_primary(scope=make_scope(role, all_services=True), framework=nhs)
    assert primaries(org) == ["social-care"]
    assert not AuditEvent.objects.for_org(org).filter(verb="themes.framework.make_primary").exists()


def test_another_organisations_framework_is_not_found(org, other_org, social_care, nhs, make_scope):
    framework_install(scope=system_scope(organisation=other_org), key="social-care")
    outsider = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    with pytest.raises(Framework.DoesNotExist):
        framework_make_primary(scope=outsider, framework=nhs)
    assert primaries(org) == ["social-care"]
    assert list(Framework.objects.for_org(other_org).filter(is_primary=True).values_list("slug", flat=True)) == [
        "social-care"
    ]


def test_a_framework_with_no_published_version_cannot_be_chosen(org, social_care, nhs, make_scope):
    lead = make_scope(Role.QUALITY_LEAD)
    only_draft(org, nhs)
    with pytest.raises(ValidationError) as refused:
        framework_make_primary(scope=lead, framework=nhs)
    assert refused.value.messages == [
        "NHS patient experience (v6) has no published version, so there are no themes to code with yet. "
        "Publish a version of it first."
    ]
    assert primaries(org) == ["social-care"]


def test_coding_done_with_a_framework_comes_back_when_it_is_chosen_again(
    org, services, admin_scope, social_care, nhs, make_scope
):
    lead = make_scope(Role.QUALITY_LEAD)
    before, during = record(admin_scope, services[0], "The food was cold.", "Nobody came when I rang.")
    food = Theme.objects.for_org(org).get(version__framework=social_care, code="food-and-drink")
    comment_code(scope=lead, comment_id=before.pk, framework=social_care, theme_ids=[food.pk], sentiment=4)
    # The "code these next" order is kept for a while, per framework: it stays right across the change
    assert code_next_order(scope=lead, framework=social_care) == [during.pk]

    framework_make_primary(scope=lead, framework=nhs)
    assert set(coding_queue(scope=lead, framework=nhs).values_list("pk", flat=True)) == {before.pk, during.pk}
    assert set(code_next_order(scope=lead, framework=nhs)) == {before.pk, during.pk}
    comment_code(scope=lead, comment_id=during.pk, framework=nhs, theme_ids=[], sentiment=4)

    framework_make_primary(scope=lead, framework=social_care)
    assert list(coding_queue(scope=lead, framework=social_care)) == [during]
    assert code_next_order(scope=lead, framework=social_care) == [during.pk]
    assert [row.theme for row in themes_applied(scope=lead).filter(comment=before)] == [food]


def test_exactly_one_framework_is_main_after_every_change(org, social_care, nhs, make_scope):
    lead = make_scope(Role.QUALITY_LEAD)
    for framework in (nhs, nhs, social_care, nhs, social_care):
        framework_make_primary(scope=lead, framework=framework)
        assert primaries(org) == [framework.slug]
    assert Framework.objects.for_org(org).count() == 2


def only_draft(org, framework):
    """Leave the framework with a draft and no published version, as one written here is at first."""
    framework_version_draft(scope=system_scope(organisation=org), framework=framework)
    FrameworkVersion.objects.for_org(org).filter(framework=framework, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )


# --- pages -----------------------------------------------------------------------------------


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def lead(org):
    return person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")


def url(framework) -> str:
    return reverse("themes:frameworks-make-primary", args=[framework.slug])


def test_the_page_asks_first_saying_what_follows_the_framework_and_what_is_kept(
    org, services, admin_scope, social_care, nhs, lead, client
):
    # Two comments coded with the social-care framework, one of them with the NHS one too; one waiting
    coded = [*record(admin_scope, services[0], "The food was cold."), *record(admin_scope, services[1], "Kind staff.")]
    record(admin_scope, services[0], "Nobody came when I rang.")
    grace = scope_for(user=lead.user, organisation=org)
    for comment in coded:
        comment_code(scope=grace, comment_id=comment.pk, framework=social_care, theme_ids=[], sentiment=3)
    comment_code(scope=grace, comment_id=coded[0].pk, framework=nhs, theme_ids=[], sentiment=3)
    client.force_login(lead.user)

    listing = page_text(client.get(reverse("themes:frameworks")))
    assert f'<a href="{url(nhs)}">Code feedback with NHS patient experience (v6)</a>' in listing
    assert url(social_care) not in listing  # the main framework has nothing to choose
    detail = page_text(client.get(reverse("themes:frameworks-detail", args=[nhs.slug])))
    assert f'<a href="{url(nhs)}">Code feedback with this framework</a>' in detail

    asked = client.get(url(nhs))
    page = page_text(asked)
    assert asked.status_code == 200
    assert "<h1>Code feedback with NHS patient experience (v6)?</h1>" in page
    assert "will be the main framework in place of Social care feedback" in page
    assert "the coding queue asks for its themes: 2 comments waiting to be coded with it, 1 coded already" in page
    assert "loops, quality priority measures, reports and the feedback list's theme filter count its themes" in page
    assert "has no suggestions model yet, so comments will wait without suggested themes" in page
    assert "A model needs at least 30 comments coded with it one by one, and 1 is so far." in page
    assert "Coding already done with Social care feedback (2 comments) is kept" in page
    assert "It all comes back if you choose Social care feedback again" in page
    assert f'<form method="post" action="{url(nhs)}"' in page and 'name="csrfmiddlewaretoken"' in page
    assert "Keep coding with Social care feedback" in page
    assert primaries(org) == ["social-care"]  # asking changes nothing


def test_the_page_names_the_model_that_will_suggest_themes(org, social_care, nhs, lead, client):
    ThemeModelVersion.objects.create(
        organisation=org,
        framework=nhs,
        number=3,
        status=ModelStatus.PROMOTED,
        algorithm="test",
        trained_on=412,
        requested_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    client.force_login(lead.user)
    page = page_text(client.get(url(nhs)))
    assert (
        "NHS patient experience (v6) has a suggestions model: model 3, trained on 412 comments coded with it." in page
    )
    assert "no suggestions model yet" not in page


def test_confirming_makes_it_the_main_framework_and_coding_follows_it(org, social_care, nhs, lead, client):
    client.force_login(lead.user)
    done = client.post(url(nhs), follow=True)
    assert done.redirect_chain == [(reverse("themes:frameworks"), 302)]
    listing = page_text(done)
    assert "Feedback is now coded with NHS patient experience (v6), the main framework." in listing
    assert "The main framework, NHS patient experience (v6), is the one Heard uses to code comments" in listing
    rows = listing.split('<tr class="nhsuk-table__row">')
    [social_row] = [row for row in rows if "Social care feedback</a>" in row]
    [nhs_row] = [row for row in rows if "NHS patient experience (v6)</a>" in row]
    assert "Main framework" in nhs_row and "Main framework" not in social_row
    assert f'<a href="{url(social_care)}">Code feedback with Social care feedback</a>' in social_row
    assert primaries(org) == ["nhs-pe-v6"]
    assert AuditEvent.objects.for_org(org).get(verb="themes.framework.make_primary").actor == lead.user
    # The coding pages open on the new main framework
    assert client.get(reverse("themes:coding")).url == reverse("themes:coding-queue", args=[nhs.slug])
    detail = page_text(client.get(reverse("themes:frameworks-detail", args=[nhs.slug])))
    assert "This is the main framework: feedback is coded with it" in detail
    assert url(nhs) not in detail
    # Its page now sends you to the framework, and posting again changes nothing
    assert client.get(url(nhs)).url == reverse("themes:frameworks-detail", args=[nhs.slug])
    again = page_text(client.post(url(nhs), follow=True))
    assert "NHS patient experience (v6) is already the main framework." in again
    assert AuditEvent.objects.for_org(org).filter(verb="themes.framework.make_primary").count() == 1


def test_the_form_is_protected_against_posts_from_other_sites(org, social_care, nhs, lead):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(lead.user)
    assert strict.post(url(nhs)).status_code == 403
    assert primaries(org) == ["social-care"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', strict.get(url(nhs)).content.decode()).group(1)
    assert strict.post(url(nhs), {"csrfmiddlewaretoken": token}).status_code == 302
    assert primaries(org) == ["nhs-pe-v6"]


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.SERVICE_MANAGER, Role.LEADER])
def test_people_who_may_not_change_frameworks_see_no_way_to_choose(org, social_care, nhs, client, role):
    client.force_login(person_with_role(org, role, all_services=True).user)
    assert url(nhs) not in client.get(reverse("themes:frameworks")).content.decode()
    assert url(nhs) not in client.get(reverse("themes:frameworks-detail", args=[nhs.slug])).content.decode()
    assert client.get(url(nhs)).status_code == 403
    assert client.post(url(nhs)).status_code == 403
    assert primaries(org) == ["social-care"]


def test_another_organisations_framework_is_not_found_by_its_page(org, other_org, social_care, nhs, client):
    framework_install(scope=system_scope(organisation=other_org), key="social-care")
    client.force_login(person_with_role(other_org, Role.ADMINISTRATOR, all_services=True).user)
    assert client.get(url(nhs)).status_code == 404
    assert client.post(url(nhs)).status_code == 404
    assert primaries(org) == ["social-care"]


def test_a_framework_with_nothing_published_says_why_it_cannot_be_chosen(org, social_care, nhs, lead, client):
    only_draft(org, nhs)
    client.force_login(lead.user)
    assert url(nhs) not in client.get(reverse("themes:frameworks")).content.decode()
    assert url(nhs) not in client.get(reverse("themes:frameworks-version", args=[nhs.slug, 2])).content.decode()
    page = page_text(client.get(url(nhs)))
    assert "has no published version, so there are no themes to code with yet. Publish a version of it first." in page
    assert "<button" not in page.split("<main")[1]
    refused = page_text(client.post(url(nhs), follow=True))
    assert "has no published version, so there are no themes to code with yet." in refused
    assert primaries(org) == ["social-care"]
