"""Reads for reports from the governance loop, and theme rates, always from the acting scope.

Two kinds of read live here. Figures (dates, counts, statuses, theme rates, roles) need only
`VIEW_REPORT_FIGURES`, which commissioners hold: they carry no name and no free text, because
the fields that do are never selected for them. Details (titles, decision wording, names of
leads, questions asked) are read only with `personal=True`, which needs a governor's role.

Statuses are worked out as they stood at the end of the period, from the appended status rows
and challenge entries, so a pack for a past month reads the same later.
"""

from reports.oversight.actions import WHOLE_ORGANISATION, ActionFact, actions_until
from reports.oversight.challenges import ChallengeFact, challenges_until
from reports.oversight.coproduction import INFLUENCE_COUNTED, ActivityFact, activities_in
from reports.oversight.decisions import DecisionFact, decisions_in
from reports.oversight.meetings import MeetingFact, meetings_in
from reports.oversight.rates import (
    MIN_FOR_A_SIGNAL,
    UNDER_WAY,
    ThemeRates,
    fft_by_month,
    theme_rates,
    untested_months,
)
from reports.oversight.roles import ROLE_ORDER, ROLE_WORDS, roles_of
from reports.oversight.services_and_months import (
    bounds,
    chart_first_month,
    coverage,
    first_feedback_month,
    service_in_scope,
    service_named,
    services_in_scope,
)

__all__ = [
    "INFLUENCE_COUNTED",
    "MIN_FOR_A_SIGNAL",
    "UNDER_WAY",
    "untested_months",
    "ROLE_ORDER",
    "ROLE_WORDS",
    "ActionFact",
    "WHOLE_ORGANISATION",
    "ActivityFact",
    "ChallengeFact",
    "DecisionFact",
    "MeetingFact",
    "ThemeRates",
    "actions_until",
    "activities_in",
    "bounds",
    "challenges_until",
    "chart_first_month",
    "coverage",
    "decisions_in",
    "fft_by_month",
    "first_feedback_month",
    "meetings_in",
    "roles_of",
    "service_in_scope",
    "service_named",
    "services_in_scope",
    "theme_rates",
]
