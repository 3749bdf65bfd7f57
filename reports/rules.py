"""Who may read which report. The one place these rules live.

The monthly quality and safety pack is for the people in the monthly meeting: administrators,
quality leads, service managers (for their own services: selectors scope the figures) and leaders.
It holds counts and scores, never comment text. The quarterly co-production summary is for the same
people (leadership); its quotes are consented and redacted. The commissioner report has no personal
data at all, so commissioners read it for the services they commission, and the people who send it
may read it too. Partners and staff get "You said, we did". The CQC well-led evidence pack is for
governors too; an inspector reads it through a time-limited link, with staff named by role only.
"""

from __future__ import annotations

from enum import StrEnum

from organisations.roles import Role
from organisations.scope import ANYWHERE, Scope, allowed, require_roles


class Perm(StrEnum):
    VIEW_MONTHLY_PACK = "reports.view_monthly_pack"
    VIEW_CQC_PACK = "reports.view_cqc_pack"
    SHARE_WITH_INSPECTOR = "reports.share_with_inspector"
    EDIT_YOU_SAID = "reports.edit_you_said"
    VIEW_QUARTERLY_SUMMARY = "reports.view_quarterly_summary"
    VIEW_COMMISSIONER_REPORT = "reports.view_commissioner_report"
    # Figures without names or words (counts, rates, dates): what every report above is made of.
    VIEW_REPORT_FIGURES = "reports.view_report_figures"


GOVERNORS = frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER, Role.LEADER})

RULES: dict[Perm, frozenset[str]] = {
    Perm.VIEW_MONTHLY_PACK: GOVERNORS,
    Perm.VIEW_QUARTERLY_SUMMARY: GOVERNORS,
    Perm.VIEW_COMMISSIONER_REPORT: GOVERNORS | {Role.COMMISSIONER},
    Perm.VIEW_REPORT_FIGURES: GOVERNORS | {Role.COMMISSIONER},
    # The CQC pack names staff and links to records: the people who run governance read it.
    Perm.VIEW_CQC_PACK: GOVERNORS,
    # Handing the pack to an inspector is for those who answer for the whole organisation.
    Perm.SHARE_WITH_INSPECTOR: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.LEADER}),
    # What the public reads is worded by quality leads, and by service managers for their services.
    Perm.EDIT_YOU_SAID: frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER}),
}


def has_perm(scope: Scope | None, perm: Perm, service_id=ANYWHERE) -> bool:
    """Whether the person holds a role with this permission: anywhere, or over ``service_id``."""
    return allowed(scope, RULES[perm], service_id)


def require(scope: Scope | None, perm: Perm) -> Scope:
    """The part of the scope where this permission applies (go on with it), or PermissionDenied."""
    return require_roles(scope, RULES[perm], perm.value)
