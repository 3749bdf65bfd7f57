"""Choosing the main framework: the one feedback is coded with, and loops, measures and reports follow."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from themes.coding.selectors import primary_framework
from themes.models import Framework, FrameworkVersion, VersionStatus
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
    # A framework whose only version is a draft (as one written here is until it is first published)
    framework_version_draft(scope=lead, framework=nhs)
    FrameworkVersion.objects.for_org(org).filter(framework=nhs, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    with pytest.raises(ValidationError) as refused:
        framework_make_primary(scope=lead, framework=nhs)
    assert refused.value.messages == [
        "NHS patient experience (v6) has no published version, so there are no themes to code with yet. "
        "Publish a version of it first."
    ]
    assert primaries(org) == ["social-care"]


def test_exactly_one_framework_is_main_after_every_change(org, social_care, nhs, make_scope):
    lead = make_scope(Role.QUALITY_LEAD)
    for framework in (nhs, nhs, social_care, nhs, social_care):
        framework_make_primary(scope=lead, framework=framework)
        assert primaries(org) == [framework.slug]
    assert Framework.objects.for_org(org).count() == 2
