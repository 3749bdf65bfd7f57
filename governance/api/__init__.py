"""API for the governance loop: meetings and decisions with their evidence, the action log, leadership
challenges, the loop tracker and the co-production ledger. Scoped and permissioned exactly like the pages; handlers make one
domain call each."""

from governance.api._common import MAX_LIMIT, router
from governance.api.decisions import (
    AttendanceOut,
    CitationOut,
    DecisionOut,
    MeetingDetailOut,
    MeetingOut,
    decision,
    meeting,
    meetings,
)

# isort: split
# The API description lists the routes in the order they are added: meetings and decisions first,
# then the action log, then the co-production ledger.
from governance.api.action_log import (
    ActionOut,
    ChallengeOut,
    CheckIn,
    LoopOut,
    UpdateIn,
    action,
    action_check,
    action_update,
    actions,
    challenges,
    loops,
)
from governance.api.ledger import (
    ActivityDetailOut,
    ActivityIn,
    ActivityOut,
    InfluenceIn,
    InfluenceOut,
    ParticipantOut,
    coproduction_activities,
    coproduction_activity,
    coproduction_influence,
    coproduction_record,
)

__all__ = [
    "MAX_LIMIT",
    "ActionOut",
    "ActivityDetailOut",
    "ActivityIn",
    "ActivityOut",
    "AttendanceOut",
    "ChallengeOut",
    "CheckIn",
    "CitationOut",
    "DecisionOut",
    "InfluenceIn",
    "InfluenceOut",
    "LoopOut",
    "MeetingDetailOut",
    "MeetingOut",
    "ParticipantOut",
    "UpdateIn",
    "action",
    "action_check",
    "action_update",
    "actions",
    "challenges",
    "coproduction_activities",
    "coproduction_activity",
    "coproduction_influence",
    "coproduction_record",
    "decision",
    "loops",
    "meeting",
    "meetings",
    "router",
]
