"""Pages for urgent flags, the safeguarding lead and theme frameworks (the coding pages are in
``themes.coding.views``)."""

from themes.views.drafts import category_add, category_edit, theme_add, theme_edit, version_item_change
from themes.views.frameworks import (
    framework_detail,
    framework_install,
    framework_list,
    framework_make_primary,
    framework_new_version,
    framework_version,
    version_discard,
    version_publish,
)
from themes.views.urgent import safeguarding_lead, urgent_flag, urgent_queue, urgent_raise

__all__ = [
    "category_add",
    "category_edit",
    "framework_detail",
    "framework_install",
    "framework_list",
    "framework_make_primary",
    "framework_new_version",
    "framework_version",
    "safeguarding_lead",
    "theme_add",
    "theme_edit",
    "urgent_flag",
    "urgent_queue",
    "urgent_raise",
    "version_discard",
    "version_item_change",
    "version_publish",
]
