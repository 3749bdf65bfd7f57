"""Which themes an action is about: one answer for the loop tracker, the reports, their charts and the
evidence pack, so that a change counts on its theme wherever the theme is shown."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from audits.themes import run_theme_codes
from governance.models import Action, ActionSource, EvidenceKind
from themes.models import Framework


def action_theme_codes(actions: QuerySet[Action], *, framework: Framework | None = None) -> dict[int, list[str]]:
    """The codes of the themes each action is about, by action id, in this order and each once:

    - the theme it was raised on;
    - the themes cited by the decision it came from;
    - the theme measured by the quality priority's objective it was opened for;
    - for an action opened from an audit finding: the themes the audit is about (`audits.themes`: the
      theme it was planned for, the themes cited by the decision that commissioned it, and for a
      re-audit its baseline's themes).

    An action about none of them is left out. With `framework`, only that framework's themes count (two
    frameworks can share a code); an objective or audit that did not record its framework was planned
    with the main framework of the day, and counts. Four queries, however many actions, and two more
    when some came from audit findings."""

    def of(field: str, *, unrecorded: bool = False) -> Q:
        """The rows whose theme is of `framework` (or, with `unrecorded`, says of none)."""
        if framework is None:
            return Q()
        chosen = Q(**{field: framework})
        return chosen | Q(**{f"{field}__isnull": True}) if unrecorded else chosen

    objective = "priority_objective__objective__"
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
    ]
    codes: dict[int, list[str]] = {}
    for rows in sources:
        for action_id, code in sorted(rows.order_by().distinct()):
            if code and code not in codes.setdefault(action_id, []):
                codes[action_id].append(code)
    # An audit's themes, its re-audits' included, are read as everywhere else (audits.themes).
    from_findings = sorted(
        actions.filter(source=ActionSource.AUDIT, audit_finding__isnull=False)
        .values_list("id", "audit_finding__run_id", "organisation_id")
        .order_by()
        .distinct()
    )
    if from_findings:
        about = run_theme_codes(
            organisation=from_findings[0][2],
            framework=framework,
            unrecorded=True,
            run_ids={run_id for _, run_id, _ in from_findings},
        )
        for action_id, run_id, _ in from_findings:
            for code in about.get(run_id, []):
                if code not in codes.setdefault(action_id, []):
                    codes[action_id].append(code)
    return codes
