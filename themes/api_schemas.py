"""What the API says of the theme framework a record's theme codes were chosen from: one shape for
every app that keeps codes with their framework (evidence, audits, priorities), so a system reading
several of them reads it once."""

from __future__ import annotations

from ninja import Field, Schema

from themes.models import Framework


class ThemeFrameworkOut(Schema):
    """The theme framework a record's (or a measure's) theme codes are of."""

    id: int
    name: str
    version: int | None = Field(
        description="The number of its published version, which names its themes now (codes match across versions)."
    )


def theme_framework_out(framework: Framework | None, versions: dict[int, int]) -> dict | None:
    """The framework as `ThemeFrameworkOut`, given {framework id: published version number} (themes'
    `published_versions`); none for a record without theme codes."""
    if framework is None:
        return None
    return {"id": framework.id, "name": framework.name, "version": versions.get(framework.id)}
