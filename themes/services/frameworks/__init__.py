"""Writes for theme frameworks: installing shipped ones, drafting, publishing and discarding versions
(`versions`), and editing a draft's categories and themes (`edits`).

A published version never changes; edits go to a draft copied from the latest version.
"""

from themes.services.frameworks.edits import (
    category_add,
    category_move,
    category_remove,
    category_rename,
    theme_add,
    theme_move,
    theme_remove,
    theme_update,
)
from themes.services.frameworks.versions import (
    UnmappedThemes,
    framework_install,
    framework_version_discard,
    framework_version_draft,
    framework_version_publish,
)

__all__ = [
    "UnmappedThemes",
    "category_add",
    "category_move",
    "category_remove",
    "category_rename",
    "framework_install",
    "framework_version_discard",
    "framework_version_draft",
    "framework_version_publish",
    "theme_add",
    "theme_move",
    "theme_remove",
    "theme_update",
]
