from organisations.scope import system_scope
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Theme


def theme(org, code: str) -> Theme:
    """A theme of the organisation's primary framework, published version, by code."""
    scope = system_scope(organisation=org)
    version = primary_version(scope=scope, framework=primary_framework(scope=scope))
    return Theme.objects.for_org(org).get(version=version, code=code)
