"""Reads for meetings, decisions, actions and challenges, always from the acting scope.

The agenda pack and the loop tracker are worked out here too (governance/packs.py and
governance/loops.py); this package holds the lists and single records.
"""

from governance.selectors.actions import (
    ActionFilters,
    StatusThen,
    action_get,
    action_list,
    action_statuses_until,
    challenge_get,
    challenge_list,
)
from governance.selectors.coproduction import (
    CoproductionFilters,
    coproduction_get,
    coproduction_ladder,
    coproduction_list,
    coproduction_meetings,
    influence_count,
    influence_decisions,
)
from governance.selectors.handovers import HeldWork, held_by_people_who_cannot_sign_in, held_count
from governance.selectors.meetings import (
    MeetingFilters,
    cited_feedback,
    decision_choices,
    decision_get,
    decision_list,
    decision_themes,
    decisions_citing_theme,
    evidence_feedback,
    feedback_they_can_open,
    lived_experience_took_part,
    meeting_get,
    meeting_list,
    previous_meeting,
    recent_decisions,
)
from governance.selectors.mine import MyGovernanceWork, my_governance_work
from governance.selectors.people import (
    can_see_feedback,
    coproduction_participant_choices,
    managers_of,
    meeting_attendee_choices,
    people_for_service,
    service_get,
)
from governance.selectors.themes import current_themes, primary, theme_by_code, theme_names

__all__ = [
    "ActionFilters",
    "CoproductionFilters",
    "HeldWork",
    "MeetingFilters",
    "MyGovernanceWork",
    "StatusThen",
    "action_get",
    "action_list",
    "action_statuses_until",
    "can_see_feedback",
    "challenge_get",
    "challenge_list",
    "coproduction_get",
    "coproduction_ladder",
    "coproduction_list",
    "coproduction_meetings",
    "current_themes",
    "decision_choices",
    "decision_get",
    "decision_list",
    "decision_themes",
    "decisions_citing_theme",
    "evidence_feedback",
    "held_by_people_who_cannot_sign_in",
    "held_count",
    "influence_count",
    "influence_decisions",
    "managers_of",
    "lived_experience_took_part",
    "cited_feedback",
    "feedback_they_can_open",
    "meeting_get",
    "meeting_list",
    "my_governance_work",
    "coproduction_participant_choices",
    "meeting_attendee_choices",
    "people_for_service",
    "previous_meeting",
    "primary",
    "recent_decisions",
    "service_get",
    "theme_by_code",
    "theme_names",
]
