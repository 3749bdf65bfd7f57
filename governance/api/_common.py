"""What the governance API's modules share: the router they add their routes to, and how a theme's
framework is named."""

from ninja import Router

from themes.api_schemas import theme_framework_out

router = Router(tags=["governance"])
MAX_LIMIT = 200


def theme_framework(theme, versions: dict[int, int]) -> dict | None:
    """The framework a record's theme is of (`ThemeFrameworkOut`), none for a record without a theme;
    ``versions`` from `themes.selectors.published_versions`."""
    return theme_framework_out(theme.version.framework, versions) if theme is not None else None
