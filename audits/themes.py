"""Which themes an audit is about: one answer for the loop tracker, a theme's sources of evidence and
the actions an audit's findings opened, so that an audit counts on its theme wherever the theme is shown.

An audit is about the theme it was planned because of and the themes cited by the decision that
commissioned it. A re-audit is also about every theme its baseline is about, whatever reason it was
planned for ("the residents asked for it again"): it asks the baseline's questions again to see
whether the change worked, so it checks the baseline's themes."""

from __future__ import annotations

from collections.abc import Iterable

from audits.models import AuditRun
from governance.models import Citation, EvidenceKind
from themes.models import Framework


def run_theme_codes(
    *, organisation, framework: Framework | None, unrecorded: bool = False, run_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """The codes of the themes each audit of `organisation` is about, by audit id, each once: its own
    theme, then its commissioning decision's, then its baseline's (and so on back). An audit about none
    is left out; with `run_ids`, only those audits are answered for.

    With `framework`, only that framework's themes count (two frameworks can share a code); with
    `unrecorded` too, an audit that did not record its theme's framework counts (it was planned with the
    main framework of the day). Two queries, however many audits and however long a line of re-audits."""
    runs = AuditRun.objects.for_org(organisation)
    cited = Citation.objects.for_org(organisation).filter(kind=EvidenceKind.THEME, decision__audits__isnull=False)
    if framework is not None:
        cited = cited.filter(theme__version__framework=framework)
    baseline_of: dict[int, int | None] = {}
    own: dict[int, list[str]] = {}
    for run_id, baseline_id, code, framework_id in runs.values_list(
        "id", "baseline_id", "reason_theme_code", "reason_theme_framework_id"
    ).order_by("id"):
        baseline_of[run_id] = baseline_id
        if code and (framework is None or framework_id == framework.id or (unrecorded and framework_id is None)):
            own[run_id] = [code]
    for run_id, code in sorted(cited.values_list("decision__audits__id", "theme__code").distinct().order_by()):
        if code and code not in own.setdefault(run_id, []):
            own[run_id].append(code)

    def about(run_id: int) -> list[str]:
        codes: list[str] = []
        seen: set[int] = set()
        at: int | None = run_id
        while at is not None and at not in seen:  # a baseline is always earlier, but never loop forever
            seen.add(at)
            codes += [c for c in own.get(at, []) if c not in codes]
            at = baseline_of.get(at)
        return codes

    wanted = baseline_of.keys() if run_ids is None else [i for i in dict.fromkeys(run_ids) if i in baseline_of]
    return {run_id: codes for run_id in wanted if (codes := about(run_id))}
