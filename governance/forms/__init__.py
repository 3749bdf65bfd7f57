"""The governance forms: meetings and decisions, the action log and challenges, the co-production
ledger, and the choices and fields other apps' forms share with them."""

from governance.forms._common import (
    MISSING_ACTION_FIELD,
    NO_NAMES,
    DateInput,
    _decisions,
    _ids,
    _int_or_none,
    _people,
    _sessions,
    no_names,
    reason_field,
)
from governance.forms.actions import (
    ActionFieldsMixin,
    ActionForm,
    AnswerForm,
    ChallengeForm,
    CheckForm,
    ConcludeForm,
    HandoverForm,
    NewDueDateFields,
    TextForm,
    ThemeChallengeForm,
)
from governance.forms.coproduction import (
    ActivityServiceForm,
    ActivityWithdrawForm,
    CoproductionCorrectForm,
    CoproductionForm,
    InfluenceForm,
)
from governance.forms.meetings import AttendanceForm, DecisionForm, ItemForm, MeetingForm

# The choice of a service is shared by every app's forms, so it lives with services.
from organisations.forms import WHOLE_ORGANISATION, ServiceChoiceField
from organisations.forms import service_choices as _services

__all__ = [
    "MISSING_ACTION_FIELD",
    "NO_NAMES",
    "WHOLE_ORGANISATION",
    "ActionFieldsMixin",
    "ActionForm",
    "ActivityWithdrawForm",
    "AnswerForm",
    "NewDueDateFields",
    "AttendanceForm",
    "ChallengeForm",
    "CheckForm",
    "ConcludeForm",
    "HandoverForm",
    "CoproductionCorrectForm",
    "CoproductionForm",
    "DateInput",
    "DecisionForm",
    "InfluenceForm",
    "ActivityServiceForm",
    "ItemForm",
    "MeetingForm",
    "ServiceChoiceField",
    "TextForm",
    "ThemeChallengeForm",
    "_decisions",
    "_ids",
    "_int_or_none",
    "_people",
    "_services",
    "_sessions",
    "no_names",
    "reason_field",
]
