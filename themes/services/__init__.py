"""Writes for the themes app: urgent flags (`urgent_flags`, with who is told in `urgent_notify` and
imported feedback's checks in `urgent_imports`), theme frameworks (`frameworks`) and which of them
is the main one (`primary_framework`)."""

from themes.services.frameworks import (
    UnmappedThemes,
    category_add,
    category_move,
    category_remove,
    category_rename,
    framework_install,
    framework_version_discard,
    framework_version_draft,
    framework_version_publish,
    theme_add,
    theme_move,
    theme_remove,
    theme_update,
)
from themes.services.primary_framework import framework_make_primary
from themes.services.urgent_flags import (
    MODEL_REASON,
    RaisedByHand,
    detected_by,
    flag_review_by_needed,
    organisation_set_safeguarding_lead,
    urgent_check,
    urgent_check_demo,
    urgent_flag_raise,
    urgent_flag_record_action,
)
from themes.services.urgent_imports import ImportedComment, import_checked_by_model_now, urgent_check_import
from themes.services.urgent_notify import FALLBACK_ROLES, Recipients, urgent_recipients

__all__ = [
    "FALLBACK_ROLES",
    "MODEL_REASON",
    "ImportedComment",
    "RaisedByHand",
    "Recipients",
    "UnmappedThemes",
    "category_add",
    "category_move",
    "category_remove",
    "category_rename",
    "detected_by",
    "flag_review_by_needed",
    "framework_install",
    "framework_make_primary",
    "framework_version_discard",
    "framework_version_draft",
    "framework_version_publish",
    "import_checked_by_model_now",
    "organisation_set_safeguarding_lead",
    "theme_add",
    "theme_move",
    "theme_remove",
    "theme_update",
    "urgent_check",
    "urgent_check_demo",
    "urgent_check_import",
    "urgent_flag_raise",
    "urgent_flag_record_action",
    "urgent_recipients",
]
