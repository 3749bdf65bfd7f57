"""Reads for audits, always from the acting scope; results and re-audit comparisons are worked out here."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from scipy.stats import fisher_exact

from audits.models import (
    Answer,
    AuditAnswer,
    AuditAuditor,
    AuditCase,
    AuditFinding,
    AuditQuestion,
    AuditRun,
    AuditTemplate,
    RunStatus,
    TemplateVersion,
    TrialRun,
    VersionStatus,
)
from audits.rules import Perm, require
from governance.models import CoproductionActivity
from organisations.scope import Scope
from themes.selectors import themes_shown

# Cases counted in an audit's results: those not withdrawn.
_CURRENT_CASES = Count("cases", filter=Q(cases__withdrawal__isnull=True), distinct=True)

NOISE_P = 0.05  # a change is called more than noise when Fisher's exact test gives p below this


WITHDRAWN = "withdrawn"  # the programme's filter for audits taken off it; not a status an audit has


@dataclass(frozen=True)
class RunFilters:
    service_id: int | None = None
    status: str = ""  # a RunStatus, or WITHDRAWN


def programme(*, scope: Scope, filters: RunFilters = RunFilters()) -> QuerySet[AuditRun]:
    """The audit programme: planned audits (soonest first), then completed ones (latest first).
    Withdrawn audits are not in it; the WITHDRAWN filter lists them alone, with who withdrew them."""
    scope = require(scope, Perm.VIEW)
    qs = AuditRun.objects.for_scope(scope)
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    qs = qs.filter(withdrawal__isnull=filters.status != WITHDRAWN)
    if filters.status in RunStatus.values:
        qs = qs.filter(status=filters.status)
    planned = Q(status=RunStatus.PLANNED)
    return (
        qs.select_related("service", "version__template", "lead", "withdrawal__withdrawn_by", "reason_theme_framework")
        .annotate(case_count=_CURRENT_CASES, finding_count=Count("findings", distinct=True))
        # Planned audits first, the soonest first; then completed ones, the latest first. (Ordering by
        # the status's value would put "complete" before "planned".)
        .order_by(
            Case(When(planned, then=Value(0)), default=Value(1)),
            Case(When(planned, then=F("planned_for"))).asc(nulls_last=True),
            F("planned_for").desc(),
            "-id",
        )
    )


def commissioned_by(*, scope: Scope, decision_ids: Iterable[int]) -> dict[int, list[AuditRun]]:
    """The audits each governance decision commissioned (at the services this person may see)."""
    scope = require(scope, Perm.VIEW)
    found = defaultdict(list)
    for run in (
        AuditRun.objects.for_scope(scope)
        .filter(decision_id__in=list(decision_ids), withdrawal__isnull=True)
        .select_related("service", "version__template", "lead")
        .order_by("planned_for", "id")
    ):
        found[run.decision_id].append(run)
    return dict(found)


def _runs(scope: Scope) -> QuerySet[AuditRun]:
    return AuditRun.objects.for_scope(scope).select_related(
        "service",
        "version__template",
        "version__design_session",
        "lead",
        "baseline",
        "completed_by",
        "decision__meeting",
        "withdrawal__withdrawn_by",
        "reason_theme_framework",
    )


def run_header_get(*, scope: Scope, run_id: int) -> AuditRun:
    """One audit with what its heading shows (service, template, lead), not its cases or findings:
    for pages about one part of it."""
    scope = require(scope, Perm.VIEW)
    return _runs(scope).get(pk=run_id)


def run_get(*, scope: Scope, run_id: int) -> AuditRun:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        _runs(scope)
        .prefetch_related(
            Prefetch("auditors", queryset=AuditAuditor.objects.for_org(org).select_related("person")),
            Prefetch(
                "reaudits",
                queryset=AuditRun.objects.for_scope(scope)
                .filter(withdrawal__isnull=True)
                .order_by("planned_for", "id"),
            ),
            Prefetch("findings", queryset=AuditFinding.objects.for_org(org).select_related("question", "action__lead")),
            Prefetch(
                "cases",
                queryset=AuditCase.objects.for_org(org)
                .filter(withdrawal__isnull=True)
                .select_related("recorded_by", "replaces__withdrawal")
                .prefetch_related(
                    Prefetch("answers", queryset=AuditAnswer.objects.for_org(org).select_related("question"))
                ),
                to_attr="current_cases",
            ),
            Prefetch(
                "cases",
                queryset=AuditCase.objects.for_org(org)
                .filter(withdrawal__isnull=False)
                .select_related("recorded_by", "withdrawal__withdrawn_by"),
                to_attr="withdrawn_cases",
            ),
        )
        .get(pk=run_id)
    )


def current_case_count(*, scope: Scope, run: AuditRun) -> int:
    """How many cases of ``run`` count (not withdrawn)."""
    scope = require(scope, Perm.VIEW)
    return AuditCase.objects.for_scope(scope).filter(run=run, withdrawal__isnull=True).count()


def cases_of(*, scope: Scope, run: AuditRun) -> QuerySet[AuditCase]:
    """The cases of ``run``, withdrawn ones included, by number, with their answers, who recorded
    them, their withdrawal and what each corrects."""
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        AuditCase.objects.for_scope(scope)
        .filter(run=run)
        .select_related("recorded_by", "withdrawal__withdrawn_by", "replaces__withdrawal", "replaced_by")
        .prefetch_related(Prefetch("answers", queryset=AuditAnswer.objects.for_org(org).select_related("question")))
        .order_by("number", "id")
    )


def case_get(*, scope: Scope, run: AuditRun, case_id: int) -> AuditCase:
    """One case of ``run`` (withdrawn or not), as ``cases_of`` gives them."""
    return cases_of(scope=scope, run=run).get(pk=case_id)


def questions_of(*, scope: Scope, version: TemplateVersion) -> list[AuditQuestion]:
    scope = require(scope, Perm.VIEW)
    return list(AuditQuestion.objects.for_scope(scope).filter(version=version).order_by("position", "id"))


@dataclass(frozen=True)
class QuestionResult:
    question: AuditQuestion
    yes: int
    no: int
    not_applicable: int

    @property
    def answered(self) -> int:
        return self.yes + self.no

    @property
    def percent(self) -> float | None:
        """Compliance: yes out of yes and no ("does not apply" left out)."""
        return 100 * self.yes / self.answered if self.answered else None


def results(*, scope: Scope, run: AuditRun) -> list[QuestionResult]:
    scope = require(scope, Perm.VIEW)
    counts = Counter(
        AuditAnswer.objects.for_scope(scope)
        .filter(case__run=run, case__withdrawal__isnull=True)
        .values_list("question_id", "answer")
    )
    return [
        QuestionResult(
            question=q,
            yes=counts[(q.id, Answer.YES)],
            no=counts[(q.id, Answer.NO)],
            not_applicable=counts[(q.id, Answer.NOT_APPLICABLE)],
        )
        for q in questions_of(scope=scope, version=run.version)
    ]


@dataclass(frozen=True)
class Comparison:
    """One question in a re-audit and in its baseline (matched by the question's lineage). A question
    the baseline asked that the re-audit's version no longer has is kept, with no result now, so the
    comparison shows every question of both audits."""

    question: AuditQuestion
    baseline: QuestionResult | None
    now: QuestionResult | None
    p_value: float | None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.now is None or self.baseline.percent is None or self.now.percent is None:
            return None
        return self.now.percent - self.baseline.percent

    @property
    def verdict(self) -> str:
        if self.now is None:
            return "No longer asked"
        if self.p_value is None:
            return "Cannot compare" if self.baseline is None else "Too few answers to tell"
        if self.p_value < NOISE_P:
            # "More than chance", not "noise": the words the agenda pack uses too, plain for everyone
            return "Better, more than chance" if self.change > 0 else "Worse, more than chance"
        return "Could be chance"


def compare(*, scope: Scope, run: AuditRun) -> list[Comparison]:
    """Question by question against the baseline: compliance then and now, and Fisher's exact test on
    the yes/no counts (two-sided), so a change is called real only when chance is unlikely to explain it.
    The re-audit's questions come first, in order, then those of the baseline it no longer asks."""
    now = results(scope=scope, run=run)
    if run.baseline_id is None:
        return []
    before = {r.question.lineage: r for r in results(scope=scope, run=run.baseline)}
    out = []
    for r in now:
        base = before.pop(r.question.lineage, None)
        p = None
        if base is not None and base.answered and r.answered:
            p = float(fisher_exact([[r.yes, r.no], [base.yes, base.no]]).pvalue)
        out.append(Comparison(question=r.question, baseline=base, now=r, p_value=p))
    out.extend(Comparison(question=b.question, baseline=b, now=None, p_value=None) for b in before.values())
    return out


def baselines_for(*, scope: Scope, limit: int = 50, including: int | None = None) -> list[AuditRun]:
    """Completed audits a re-audit can be compared with, newest first. The one `including` names (the
    audit a page came from, or the one chosen) is there however old it is. Those of a service that has
    closed are not: no audit is planned there (ADR 0016)."""
    scope = require(scope, Perm.VIEW)
    completed = (
        AuditRun.objects.for_scope(scope)
        .filter(status=RunStatus.COMPLETE, withdrawal__isnull=True, service__archived_at__isnull=True)
        .select_related("service", "version__template")
        .order_by("-planned_for", "-id")
    )
    found = list(completed[:limit])
    if including and all(r.id != including for r in found):
        found += list(completed.filter(pk=including))
    return found


def templates(*, scope: Scope) -> QuerySet[AuditTemplate]:
    scope = require(scope, Perm.VIEW)
    return AuditTemplate.objects.for_scope(scope).prefetch_related(
        Prefetch(
            "versions",
            queryset=TemplateVersion.objects.for_scope(scope)
            .select_related("design_session")
            .annotate(question_count=Count("questions")),
        )
    )


def versions_in_use(*, scope: Scope) -> list[TemplateVersion]:
    scope = require(scope, Perm.VIEW)
    return list(
        TemplateVersion.objects.for_scope(scope)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("template")
        .order_by("template__title")
    )


def version_get(*, scope: Scope, version_id: int) -> TemplateVersion:
    scope = require(scope, Perm.VIEW)
    org = scope.organisation
    return (
        TemplateVersion.objects.for_scope(scope)
        .select_related("template", "design_session", "published_by", "created_by")
        .prefetch_related(
            Prefetch("questions", queryset=AuditQuestion.objects.for_org(org).order_by("position", "id")),
            Prefetch("trials", queryset=TrialRun.objects.for_org(org).select_related("session", "recorded_by")),
        )
        .get(pk=version_id)
    )


def sessions(*, scope: Scope, limit: int = 50) -> list[CoproductionActivity]:
    """Sessions in the co-production ledger, newest first (for design and trials)."""
    scope = require(scope, Perm.VIEW)
    return list(
        CoproductionActivity.objects.for_scope(scope)
        .filter(withdrawal__isnull=True)
        .select_related("service")
        .order_by("-held_on", "-id")[:limit]
    )


@dataclass(frozen=True)
class RunSummary:
    """A completed audit as a meeting's pack or a report shows it."""

    run: AuditRun
    cases: int
    findings: int
    better: int  # questions better than the baseline by more than noise (re-audits)
    worse: int  # questions worse by more than noise


def completed_between(*, scope: Scope, since, until, service_id: int | None = None) -> list[RunSummary]:
    """Audits completed from `since` to `until` (both included), oldest first, with their re-audit verdicts."""
    scope = require(scope, Perm.VIEW)
    runs = (
        AuditRun.objects.for_scope(scope)
        .filter(status=RunStatus.COMPLETE, completed_at__date__range=(since, until), withdrawal__isnull=True)
        .select_related("service", "version__template", "baseline")
        .annotate(case_count=_CURRENT_CASES, finding_count=Count("findings", distinct=True))
        .order_by("completed_at", "id")
    )
    if service_id:
        runs = runs.filter(service_id=service_id)
    out = []
    for run in runs:
        verdicts = [c for c in compare(scope=scope, run=run) if c.p_value is not None and c.p_value < NOISE_P]
        out.append(
            RunSummary(
                run=run,
                cases=run.case_count,
                findings=run.finding_count,
                better=sum(1 for c in verdicts if c.change > 0),
                worse=sum(1 for c in verdicts if c.change < 0),
            )
        )
    return out


def reason_themes(*, scope: Scope, runs) -> dict:
    """{run id: its themes as shown}: the theme an audit was planned because of, named from the
    framework it is of (themes' `themes_shown`), so it keeps its name after the main framework
    changes, and links to a theme page only if it is the main framework's."""
    return themes_shown(
        scope=scope,
        tagged={r.id: (r.reason_theme_framework, [r.reason_theme_code]) for r in runs if r.reason_theme_code},
    )
