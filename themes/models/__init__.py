"""The themes app's models, one module per subject: `urgent_flags` (a comment that may need the
safeguarding lead at once, and what people did about it), `frameworks` (theme frameworks, their
versions, categories and themes), `model_versions` (the trained theme and sentiment model) and
`codings` (themes and sentiment on comments, with who or what made each, and reviews) and
`coding_orders` (the "code these next" order, worked out in the background). Every name is
imported here, so `from themes.models import X` is the way to reach them; a migration names
`themes.models.model_artifact_path`, so it must stay importable from here.
"""

# isort: off
# In the order the models were first written, so that the app registry lists them as it always has
# (the demo deletes an organisation's rows in an order worked out from it).
from themes.models.urgent_flags import (
    DetectedBy,
    FlagStatus,
    ReferredTo,
    UrgentFlag,
    UrgentFlagAction,
)
from themes.models.frameworks import (
    Category,
    Framework,
    FrameworkSource,
    FrameworkVersion,
    Theme,
    VersionStatus,
)
from themes.models.model_versions import (
    ModelStatus,
    ThemeModelVersion,
    model_artifact_path,
)
from themes.models.codings import (
    AssignmentBase,
    CodingReview,
    SentimentAssignment,
    Source,
    ThemeAssignment,
)
from themes.models.coding_orders import CodingOrder
# isort: on

__all__ = [
    "AssignmentBase",
    "Category",
    "CodingOrder",
    "CodingReview",
    "DetectedBy",
    "FlagStatus",
    "Framework",
    "FrameworkSource",
    "FrameworkVersion",
    "ModelStatus",
    "ReferredTo",
    "SentimentAssignment",
    "Source",
    "Theme",
    "ThemeAssignment",
    "ThemeModelVersion",
    "UrgentFlag",
    "UrgentFlagAction",
    "VersionStatus",
    "model_artifact_path",
]
