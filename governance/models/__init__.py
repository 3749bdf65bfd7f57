"""The governance loop: meetings and their minutes, decisions that cite evidence, the quality action
log, and leadership challenge.

Records belong to one service or, when `service` is empty, to the whole organisation. Scoping follows
`service` (SERVICE_PATH), so whole-organisation records are seen only by people whose roles cover every
service. Decisions, progress updates, status changes and challenge entries are appended with who and
when and never edited; an action's `status` is the latest of its appended status changes, kept on the
row so that lists can filter on it.

The models live in one module per part of the loop: `records` (what every record shares), `meetings`
(meetings, minutes, decisions and their citations), `actions` (the quality action log), `challenges`
(leadership challenge), `coproduction` (the co-production ledger), `handovers` (an action's or a
challenge's named person changed, with why) and `due_dates` (an action's due date agreed again, with
why). Every name is imported here, so
`from governance.models import X` is the way to reach them.
"""

from governance.models.actions import (
    ACTIVE_STATUSES,
    LEAD_STATUSES,
    Action,
    ActionKind,
    ActionSource,
    ActionStatus,
    ActionStatusChange,
    ActionUpdate,
    is_overdue,
    kind_from_title,
    overdue_q,
)
from governance.models.challenges import (
    AWAITING_ANSWER,
    UNRESOLVED_CHALLENGE,
    Challenge,
    ChallengeEntry,
    ChallengeEntryKind,
    ChallengeStatus,
    ChallengeSubject,
)
from governance.models.coproduction import (
    RUNG_MEANING,
    ActivityKind,
    ActivityWithdrawal,
    CoproductionActivity,
    CoproductionInfluence,
    CoproductionParticipant,
    Recognition,
    Rung,
)
from governance.models.due_dates import DueDateChange, due_on_at
from governance.models.handovers import (
    Handover,
    HandoverPart,
)
from governance.models.meetings import (
    LIVED_EXPERIENCE,
    Attendance,
    AttendanceRole,
    Citation,
    Decision,
    DiscussionItem,
    EvidenceKind,
    Meeting,
    MeetingType,
)
from governance.models.records import (
    AppendOnly,
    Withdrawal,
)

__all__ = [
    "AWAITING_ANSWER",
    "DueDateChange",
    "Handover",
    "HandoverPart",
    "ACTIVE_STATUSES",
    "LEAD_STATUSES",
    "due_on_at",
    "is_overdue",
    "kind_from_title",
    "overdue_q",
    "Action",
    "ActionKind",
    "ActionSource",
    "ActionStatus",
    "ActionStatusChange",
    "ActionUpdate",
    "ActivityKind",
    "ActivityWithdrawal",
    "AppendOnly",
    "Attendance",
    "AttendanceRole",
    "Challenge",
    "ChallengeEntry",
    "ChallengeEntryKind",
    "ChallengeStatus",
    "ChallengeSubject",
    "Citation",
    "CoproductionActivity",
    "CoproductionInfluence",
    "CoproductionParticipant",
    "Decision",
    "DiscussionItem",
    "EvidenceKind",
    "LIVED_EXPERIENCE",
    "Meeting",
    "MeetingType",
    "RUNG_MEANING",
    "Recognition",
    "Rung",
    "UNRESOLVED_CHALLENGE",
    "Withdrawal",
]
