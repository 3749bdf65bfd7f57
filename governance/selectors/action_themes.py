"""Which themes an action is about: one answer for the loop tracker, the reports, their charts and the
evidence pack, so that a change counts on its theme wherever the theme is shown."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from governance.models import Action, ActionSource, EvidenceKind
from themes.models import Framework


def action_theme_codes(actions: QuerySet[Action], *, framework: Framework | None = None) -> dict[int, list[str]]:
    """The codes of the themes each action is about, by action id, in this order and each once:

    - the theme it was raised on;
    - the themes cited by the decision it came from;
    - the theme measured by the quality priority's objective it was opened for;
    - for an action opened from an audit finding: the theme the audit was planned for, and the themes
      cited by the decision that commissioned the audit.

    An action about none of them is left out. With `framework`, only that framework's themes count (two
    frameworks can share a code); an objective or audit that did not record its framework was planned
    with the main framework of the day, and counts. Five queries, however many actions."""
    by_framework = framework is not None
    sources = [
        actions.filter(source=ActionSource.THEME, theme__isnull=False)
        .filter(Q(theme__version__framework=framework) if by_framework else Q())
        .values_list("id", "theme__code"),
        actions.filter(decision__citations__kind=EvidenceKind.THEME)
        .filter(Q(decision__citations__theme__version__framework=framework) if by_framework else Q())
        .values_list("id", "decision__citations__theme__code"),
        actions.filter(source=ActionSource.PRIORITY)
        .exclude(priority_objective__objective__theme_code="")
        .filter(
            Q(priority_objective__objective__theme_framework=framework)
            | Q(priority_objective__objective__theme_framework__isnull=True)
            if by_framework
            else Q()
        )
        .values_list("id", "priority_objective__objective__theme_code"),
        actions.filter(source=ActionSource.AUDIT)
        .exclude(audit_finding__run__reason_theme_code="")
        .filter(
            Q(audit_finding__run__reason_theme_framework=framework)
            | Q(audit_finding__run__reason_theme_framework__isnull=True)
            if by_framework
            else Q()
        )
        .values_list("id", "audit_finding__run__reason_theme_code"),
        actions.filter(source=ActionSource.AUDIT, audit_finding__run__decision__citations__kind=EvidenceKind.THEME)
        .filter(
            Q(audit_finding__run__decision__citations__theme__version__framework=framework) if by_framework else Q()
        )
        .values_list("id", "audit_finding__run__decision__citations__theme__code"),
    ]
    codes: dict[int, list[str]] = {}
    for rows in sources:
        for action_id, code in sorted(rows.order_by().distinct()):
            if code and code not in codes.setdefault(action_id, []):
                codes[action_id].append(code)
    return codes
