import datetime as dt

from organisations.scope import system_scope
from themes.coding.selectors import primary_framework, primary_version
from themes.models import FrameworkVersion, ModelStatus, Theme, ThemeModelVersion
from themes.selectors import version_unmapped_themes
from themes.services import framework_version_publish


def theme(org, code: str) -> Theme:
    """A theme of the organisation's primary framework, published version, by code."""
    scope = system_scope(organisation=org)
    version = primary_version(scope=scope, framework=primary_framework(scope=scope))
    return Theme.objects.for_org(org).get(version=version, code=code)


def promoted_model(org, framework, number: int = 1) -> ThemeModelVersion:
    """A model version of the framework (1 unless told), in use, with no stored model (for suggestions made by hand)."""
    return ThemeModelVersion.objects.create(
        organisation=org,
        framework=framework,
        number=number,
        status=ModelStatus.PROMOTED,
        algorithm="test",
        requested_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )


def publish(scope, draft: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft as someone shown the themes that map to no quality statement, and who went on."""
    unmapped = version_unmapped_themes(scope=scope, version=draft)
    return framework_version_publish(scope=scope, version=draft, confirmed_unmapped=[t.pk for t in unmapped])
