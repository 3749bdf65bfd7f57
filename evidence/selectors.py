"""Reads for evidence, always from the acting scope, and a theme seen across every source at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

from django.db.models import Count, Prefetch, Q, QuerySet

from audits.models import AuditRun, RunStatus
from audits.themes import run_theme_codes
from core.words import words
from evidence.models import EvidenceItem, EvidenceKind, EvidenceTheme, MeasureReading, PerformanceMeasure
from evidence.rules import Perm, require
from feedback.models import Kind
from organisations.scope import Scope
from priorities.measures import theme_mentions_between
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Framework
from themes.selectors import ThemesShown, themes_shown
from themes.taxonomies import DEFAULT_TAXONOMY, Taxonomy, taxonomy_get

SERIOUS = ("moderate", "severe", "death")


@dataclass(frozen=True)
class ItemFilters:
    service_id: int | None = None
    kind: str = ""
    theme_code: str = ""
    withdrawn: bool = False  # include records that were withdrawn (or replaced by a correction)


def _counted(scope: Scope) -> QuerySet[EvidenceItem]:
    """The records that count as evidence: every one in scope except those withdrawn."""
    return EvidenceItem.objects.for_scope(scope).filter(withdrawal__isnull=True)


def _tagged(qs: QuerySet, framework: Framework | None, theme_code: str, code_field: str = "themes__code") -> QuerySet:
    """What is tagged with the code as a theme of the main framework: a code two frameworks share is
    not read as this framework's when it was chosen from the other. No main framework, nothing."""
    if framework is None:
        return qs.none()
    return qs.filter(**{code_field: theme_code}, theme_framework=framework)


def item_themes(*, scope: Scope, items) -> dict[int, ThemesShown]:
    """Each record's themes, named from its own framework (records from `item_list` or `item_get`)."""
    return themes_shown(
        scope=scope, tagged={i.id: (i.theme_framework, [t.code for t in i.themes.all()]) for i in items}
    )


def measure_themes(*, scope: Scope, measures) -> dict[int, ThemesShown]:
    return themes_shown(
        scope=scope, tagged={m.id: (m.theme_framework, [m.theme_code] if m.theme_code else []) for m in measures}
    )


def item_list(*, scope: Scope, filters: ItemFilters = ItemFilters()) -> QuerySet[EvidenceItem]:
    scope = require(scope, Perm.VIEW)
    qs = EvidenceItem.objects.for_scope(scope) if filters.withdrawn else _counted(scope)
    service_id = filters.service_id or scope.current_service_id
    if service_id:
        qs = qs.filter(service_id=service_id)
    if filters.kind in EvidenceKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.theme_code:
        qs = _tagged(qs, primary_framework(scope=scope), filters.theme_code)
    return (
        qs.select_related("service", "recorded_by", "withdrawal", "theme_framework")
        .prefetch_related(Prefetch("themes", queryset=EvidenceTheme.objects.for_scope(scope)))
        .order_by("-occurred_on", "-id")
    )


def item_get(*, scope: Scope, item_id: int) -> EvidenceItem:
    """One record with its themes, and what it corrected or was corrected by."""
    scope = require(scope, Perm.VIEW)
    return (
        EvidenceItem.objects.for_scope(scope)
        .select_related(
            "service",
            "recorded_by",
            "withdrawal__withdrawn_by",
            "replaces__withdrawal",
            "replaced_by__recorded_by",
            "theme_framework",
        )
        .prefetch_related(Prefetch("themes", queryset=EvidenceTheme.objects.for_scope(scope)))
        .get(pk=item_id)
    )


def measure_list(*, scope: Scope) -> list[PerformanceMeasure]:
    scope = require(scope, Perm.VIEW)
    readings = (
        MeasureReading.objects.for_scope(scope)
        .filter(replaced_by__isnull=True)
        .select_related("service", "replaces")
        .order_by("service__name", "month")
    )
    return list(
        PerformanceMeasure.objects.for_scope(scope)
        .select_related("theme_framework")
        .prefetch_related(Prefetch("readings", queryset=readings))
    )


@dataclass(frozen=True)
class SourceRow:
    category: str  # the name of the evidence category it belongs to, in the taxonomy the themes map to
    source: str
    count: int | None  # None for a measure, which is a figure rather than a count
    detail: str


def triangulate(
    *, scope: Scope, theme_code: str, first: dt.date, last: dt.date, service_id: int | None = None
) -> list[SourceRow]:
    """One theme across every source Heard holds, from `first` to `last`, by the evidence categories of the
    taxonomy the primary framework's published version maps to (CQC's, as its file places each source):
    what people said (and how much of it was complaints), what staff and partners said, audits
    commissioned because of it (and their re-audits), incidents tagged with it (and how many caused
    moderate harm or worse), and the measures tracked for it."""
    scope = require(scope, Perm.VIEW)
    place = Q(service_id=service_id) if service_id else Q()
    framework = primary_framework(scope=scope)
    version = primary_version(scope=scope, framework=framework) if framework else None
    taxonomy = taxonomy_get(version.taxonomy if version else DEFAULT_TAXONOMY)
    items = (
        _tagged(_counted(scope), framework, theme_code)
        .filter(place, occurred_on__range=(first, last))
        .values("kind")
        .annotate(n=Count("id", distinct=True), serious=Count("id", filter=Q(harm__in=SERIOUS), distinct=True))
    )
    by_kind = {r["kind"]: r for r in items}
    said = theme_mentions_between(scope=scope, theme_code=theme_code, service_id=service_id, first=first, last=last)
    complaints = theme_mentions_between(
        scope=scope, theme_code=theme_code, service_id=service_id, first=first, last=last, kind=Kind.COMPLAINT
    )
    rows = [
        SourceRow(
            _category(taxonomy, "feedback"),
            "Feedback from people who use services",
            said,
            f"{complaints} of them complaints",
        ),
    ]
    for kind in (EvidenceKind.STAFF_FEEDBACK, EvidenceKind.PARTNER_FEEDBACK):
        rows.append(SourceRow(_category(taxonomy, kind.value), kind.label, by_kind.get(kind, {}).get("n", 0), ""))
    # Audits about the theme as the loop tracker counts them (audits.themes), re-audits included.
    # Findings are joined in to be counted, so each audit is counted once however many it has.
    about = run_theme_codes(organisation=scope.organisation, framework=framework) if framework else {}
    audits = (
        AuditRun.objects.for_scope(scope)
        .filter(
            place,
            id__in=[run_id for run_id, codes in about.items() if theme_code in codes],
            planned_for__range=(first, last),
            withdrawal__isnull=True,
        )
        .aggregate(
            n=Count("id", distinct=True),
            done=Count("id", filter=Q(status=RunStatus.COMPLETE), distinct=True),
            findings=Count("findings"),
        )
    )
    rows.append(
        SourceRow(
            _category(taxonomy, "audits"),
            "Audits commissioned because of it",
            audits["n"],
            f"{audits['done']} complete, {words(audits['findings'], 'finding')}",
        )
    )
    for measure in _tagged(
        PerformanceMeasure.objects.for_scope(scope), framework, theme_code, code_field="theme_code"
    ).order_by("name"):
        figures = (
            MeasureReading.objects.for_scope(scope)
            .filter(place, measure=measure, month__range=(first.replace(day=1), last), replaced_by__isnull=True)
            .values_list("service_id", "month", "value")
        )
        measured = _category(taxonomy, f"{measure.category}_measures")
        rows.append(SourceRow(measured, measure.name, None, _measure_change(measure, figures)))
    incidents = by_kind.get(EvidenceKind.INCIDENT, {})
    rows.append(
        SourceRow(
            _category(taxonomy, EvidenceKind.INCIDENT.value),
            EvidenceKind.INCIDENT.label + "s",
            incidents.get("n", 0),
            f"{incidents.get('serious', 0)} caused moderate harm or worse",
        )
    )
    return rows


NO_CATEGORY = "No evidence category"


def _category(taxonomy: Taxonomy, source: str) -> str:
    """The name of the category the taxonomy sets one of Heard's kinds of evidence under (its
    `heard_sources`), or plainly none: a taxonomy need not place every kind."""
    found = taxonomy.category_for(source)
    return found.name if found else NO_CATEGORY


def _measure_change(measure: PerformanceMeasure, figures) -> str:
    """The measure's first and latest figure in the period, and whether it got better.

    Across several services a month's figure is their mean, taken only in the months every one of them
    has a figure for: a month one service has not sent yet would otherwise be set against a month of
    all of them, and the change would be a change in who reported rather than in the measure.
    """
    by_month: dict[dt.date, list[float]] = defaultdict(list)
    reporting = set()
    for service_id, month, value in figures:
        by_month[month].append(value)
        reporting.add(service_id)
    if not by_month:
        return "No figures in the period"
    months = sorted(month for month, values in by_month.items() if len(values) == len(reporting))
    if not months:
        return "No month has a figure from every service: choose a service to see how it changed"
    (start, end) = months[0], months[-1]
    begun, ended = fmean(by_month[start]), fmean(by_month[end])
    better = ended < begun if measure.lower_is_better else ended > begun
    trend = "no change" if ended == begun else ("better" if better else "worse")
    unit = f" {measure.unit}" if measure.unit else ""
    detail = f"From {begun:.3g}{unit} in {start:%b %Y} to {ended:.3g}{unit} in {end:%b %Y}: {trend}"
    if len(months) < len(by_month):
        detail += f" (months with a figure from all {len(reporting)} services)"
    return detail


def incident_counts(
    *, scope: Scope, first: dt.date, last: dt.date, service_id: int | None = None
) -> dict[str, dict[str, int]]:
    """{service name: {harm: incidents}} for incidents that happened from `first` to `last`."""
    scope = require(scope, Perm.VIEW)
    rows = (
        _counted(scope)
        .filter(kind=EvidenceKind.INCIDENT, occurred_on__range=(first, last))
        .filter(Q(service_id=service_id) if service_id else Q())
        .values("service__name", "harm")
        .annotate(n=Count("id"))
        .order_by("service__name")
    )
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["service__name"], {})[r["harm"]] = r["n"]
    return out


@dataclass(frozen=True)
class Held:
    """The evidence records counted from one day to another, to be set under CQC's evidence categories."""

    records: dict[str, int]  # kind -> records not withdrawn
    serious_incidents: int  # incidents of moderate harm or worse
    measures: dict[str, int]  # evidence category -> measures with a figure in the period


def held_between(*, scope: Scope, first: dt.date, last: dt.date, service_id: int | None = None) -> Held:
    """Incidents, staff and partner feedback that happened from `first` to `last` (withdrawn records
    left out), and the measures with a figure for a month in the period, at one service or all."""
    scope = require(scope, Perm.VIEW)
    place = Q(service_id=service_id) if service_id else Q()
    items = (
        _counted(scope)
        .filter(place, occurred_on__range=(first, last))
        .values("kind")
        .annotate(n=Count("id"), serious=Count("id", filter=Q(harm__in=SERIOUS)))
        .order_by()
    )
    by_kind = {r["kind"]: r for r in items}
    measures = (
        MeasureReading.objects.for_scope(scope)
        .filter(place, month__range=(first.replace(day=1), last), replaced_by__isnull=True)
        .values("measure__category")
        .annotate(n=Count("measure", distinct=True))
        .order_by()
    )
    return Held(
        records={kind: r["n"] for kind, r in by_kind.items()},
        serious_incidents=by_kind.get(EvidenceKind.INCIDENT, {}).get("serious", 0),
        measures={r["measure__category"]: r["n"] for r in measures},
    )
