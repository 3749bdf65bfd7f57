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

    def of(field: str, *, unrecorded: bool = False) -> Q:
        """The rows whose theme is of `framework` (or, with `unrecorded`, says of none)."""
        if framework is None:
            return Q()
        chosen = Q(**{field: framework})
        return chosen | Q(**{f"{field}__isnull": True}) if unrecorded else chosen

    objective, run = "priority_objective__objective__", "audit_finding__run__"
    sources = [
        actions.filter(of("theme__version__framework"), source=ActionSource.THEME, theme__isnull=False).values_list(
            "id", "theme__code"
        ),
        actions.filter(
            of("decision__citations__theme__version__framework"), decision__citations__kind=EvidenceKind.THEME
        ).values_list("id", "decision__citations__theme__code"),
        actions.filter(of(objective + "theme_framework", unrecorded=True), source=ActionSource.PRIORITY)
        .exclude(**{objective + "theme_code": ""})
        .values_list("id", objective + "theme_code"),
        actions.filter(of(run + "reason_theme_framework", unrecorded=True), source=ActionSource.AUDIT)
        .exclude(**{run + "reason_theme_code": ""})
        .values_list("id", run + "reason_theme_code"),
        actions.filter(
            of(run + "decision__citations__theme__version__framework"),
            source=ActionSource.AUDIT,
            **{run + "decision__citations__kind": EvidenceKind.THEME},
        ).values_list("id", run + "decision__citations__theme__code"),
    ]
    codes: dict[int, list[str]] = {}
    for rows in sources:
        for action_id, code in sorted(rows.order_by().distinct()):
            if code and code not in codes.setdefault(action_id, []):
                codes[action_id].append(code)
    return codes
