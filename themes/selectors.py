"""Reads for urgent flags and theme frameworks, always from the acting scope, and theme codes named as
the framework they were chosen from has them."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from core import clock
from feedback.models import Comment
from feedback.replies import reply_shortfall
from feedback.selectors import comments_flaggable
from organisations.models import Organisation, Person, RoleAssignment
from organisations.scope import Scope
from organisations.signin import SIGNS_IN
from themes.coding.selectors import primary_framework
from themes.models import (
    Category,
    FlagStatus,
    Framework,
    FrameworkVersion,
    Theme,
    UrgentFlag,
    UrgentFlagAction,
    VersionStatus,
)
from themes.rules import SEE_AND_ACT, Perm, has_perm, is_safeguarding_lead, require

SHIPPED_DIR = Path(__file__).resolve().parent / "frameworks"


def urgent_flags_visible(*, scope: Scope) -> QuerySet[UrgentFlag]:
    """Flags this person may see: every flag for the safeguarding lead, else those of their services."""
    scope = require(scope, Perm.VIEW_URGENT)
    if is_safeguarding_lead(scope):
        return UrgentFlag.objects.for_org(scope.organisation)
    return UrgentFlag.objects.for_scope(scope)


def with_review_by(flags: QuerySet[UrgentFlag], *, organisation: Organisation, today: dt.date) -> QuerySet[UrgentFlag]:
    """The flags, each with its review-by date (`review_by`: that of its latest note that set one,
    ADR 0007) and whether that date has passed while the flag is open (`review_overdue`)."""
    latest = (
        UrgentFlagAction.objects.for_org(organisation)
        .filter(flag=OuterRef("pk"), review_by__isnull=False)
        .order_by("-at", "-id")
        .values("review_by")[:1]
    )
    return flags.annotate(review_by=Subquery(latest)).annotate(
        review_overdue=Case(
            When(Q(status=FlagStatus.OPEN, review_by__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _referrals(organisation: Organisation) -> Prefetch:
    """A flag's notes that record a referral, oldest first, as `flag.referrals`."""
    notes = UrgentFlagAction.objects.for_org(organisation).exclude(referred_to="").order_by("at", "id")
    return Prefetch("actions", queryset=notes, to_attr="referrals")


def urgent_queue(*, scope: Scope, today: dt.date | None = None, review_overdue: bool = False) -> QuerySet[UrgentFlag]:
    """Open flags first, the one flagged longest ago at the top; then closed ones, the most recently
    flagged first. Each says whether anyone has recorded what was done (`acted_on`) and when the last
    such note was (`last_note_at`); a concern someone added by flagging the comment too is neither.
    Each has its review-by date and whether its review is overdue on `today` (`with_review_by`), and
    its referrals (`referrals`). With `review_overdue`, only the open flags whose review-by date has
    passed, as `urgent_reviews_overdue` counts them."""
    flags = with_review_by(
        urgent_flags_visible(scope=scope), organisation=scope.organisation, today=today or clock.today()
    )
    if review_overdue:
        flags = flags.filter(review_overdue=True)
    return _in_queue_order(flags, organisation=scope.organisation).prefetch_related(_referrals(scope.organisation))


def _in_queue_order(flags: QuerySet[UrgentFlag], *, organisation: Organisation) -> QuerySet[UrgentFlag]:
    """The flags in the urgent list's order, each with `acted_on` and `last_note_at` (`urgent_queue`)."""
    notes = UrgentFlagAction.objects.for_org(organisation).filter(flag=OuterRef("pk"), adds_concern=False)
    is_open = Q(status=FlagStatus.OPEN)
    return (
        flags.select_related("comment__feedback__service")
        .annotate(
            _open_first=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
            _open_since=Case(When(is_open, then=F("detected_at"))),
            _closed_flagged=Case(When(~is_open, then=F("detected_at"))),
            acted_on=Exists(notes),
            last_note_at=Subquery(notes.order_by("-at", "-id").values("at")[:1]),
        )
        .order_by(
            "_open_first", F("_open_since").asc(nulls_last=True), F("_closed_flagged").desc(nulls_last=True), "id"
        )
    )


def urgent_flags_with_notes(*, scope: Scope, today: dt.date, status: str = "") -> QuerySet[UrgentFlag]:
    """The flags this person may see, in the urgent list's order, each with every note (`notes`, who
    wrote each; its referrals are among them), and its review-by date as `urgent_queue` gives it; only
    those of `status` when one is given (`open`, or `closed` for both ways of closing)."""
    notes = UrgentFlagAction.objects.for_org(scope.organisation).select_related("who").order_by("at", "id")
    flags = with_review_by(urgent_flags_visible(scope=scope), organisation=scope.organisation, today=today)
    flags = _in_queue_order(flags, organisation=scope.organisation).prefetch_related(
        Prefetch("actions", queryset=notes, to_attr="notes")
    )
    if status == "open":
        return flags.filter(status=FlagStatus.OPEN)
    if status == "closed":
        return flags.exclude(status=FlagStatus.OPEN)
    return flags


def urgent_open_count(*, scope: Scope) -> int | None:
    """How many flags are open, in one COUNT query; None for someone who may not see flags."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return None
    return urgent_flags_visible(scope=scope).filter(status=FlagStatus.OPEN).count()


def urgent_open_since(*, scope: Scope) -> dt.datetime | None:
    """When the flag open longest was raised; None if none is open or the person may not see flags."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return None
    return urgent_flags_visible(scope=scope).filter(status=FlagStatus.OPEN).aggregate(m=Min("detected_at"))["m"]


def urgent_reviews_overdue(*, scope: Scope, today: dt.date) -> int | None:
    """How many open flags this person may see are past their review-by date; None for someone who
    may not see flags."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return None
    flags = urgent_flags_visible(scope=scope).filter(status=FlagStatus.OPEN)
    return with_review_by(flags, organisation=scope.organisation, today=today).filter(review_overdue=True).count()


@dataclass(frozen=True)
class UrgentOversight:
    """What a leader may know of the urgent flags at their services: how many are open, how many are
    past their review-by date, how long the oldest has been open, and who holds them. Never the flags."""

    open: int
    review_overdue: int
    oldest_days: int | None  # UK days the longest-open flag has been open; None when none is
    lead_name: str  # the safeguarding lead's name; empty when nobody is named


def urgent_oversight(*, scope: Scope, today: dt.date) -> UrgentOversight | None:
    """For a leader, who may not open flags (ADR 0007), the counts of the open flags at their
    services (one query, and one for the lead's name); None for anyone else, and for someone who may
    see flags anyway (the flags themselves are counted for them, `urgent_open_count`)."""
    if has_perm(scope, Perm.VIEW_URGENT) or not has_perm(scope, Perm.COUNT_URGENT):
        return None
    counted = require(scope, Perm.COUNT_URGENT)
    flags = UrgentFlag.objects.for_scope(counted).filter(status=FlagStatus.OPEN)
    found = with_review_by(flags, organisation=scope.organisation, today=today).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(review_overdue=True)), since=Min("detected_at")
    )
    lead = safeguarding_lead(scope=scope) if found["open"] else None
    return UrgentOversight(
        open=found["open"],
        review_overdue=found["overdue"],
        oldest_days=(today - clock.day_of(found["since"])).days if found["since"] else None,
        lead_name=lead.full_name if lead else "",
    )


def urgent_flag_get(*, scope: Scope, flag_id: int, today: dt.date | None = None) -> UrgentFlag:
    """One flag this person may see, with its notes (who wrote each), its review-by date and whether
    its review is overdue on `today`."""
    actions = UrgentFlagAction.objects.for_org(scope.organisation).select_related("who").order_by("at", "id")
    flags = with_review_by(
        urgent_flags_visible(scope=scope), organisation=scope.organisation, today=today or clock.today()
    )
    return (
        flags.select_related("comment__feedback__service", "raised_by")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .get(pk=flag_id)
    )


@dataclass(frozen=True)
class ReplyAsked:
    """Whether the person who gave the feedback asked for a reply, and how to reach them."""

    wanted: bool
    method: str  # "Phone", "Email", ...; empty when they did not say
    contact: str
    shortfall: str = ""  # why it cannot be sent as recorded, and what to do (`feedback.replies`)


def urgent_flag_reply(*, scope: Scope, flag: UrgentFlag) -> ReplyAsked | None:
    """For whoever may act on the flag (the safeguarding lead at any service), whether the person
    asked for a reply and how to reach them; None for anyone else."""
    feedback = flag.comment.feedback
    if not has_perm(scope, Perm.ACT_ON_URGENT, feedback.service_id):
        return None
    if not feedback.wants_reply:
        return ReplyAsked(wanted=False, method="", contact="")
    return ReplyAsked(
        wanted=True,
        method=feedback.get_reply_method_display() if feedback.reply_method else "",
        contact=feedback.reply_contact,
        shortfall=reply_shortfall(wants_reply=True, method=feedback.reply_method, contact=feedback.reply_contact),
    )


def urgent_flags_by_comment(*, scope: Scope, feedback_id: int) -> dict[int, list[UrgentFlag]]:
    """The flags on one piece of feedback's comments, oldest first, by comment id: for those who
    may see flags at its service; nothing for anyone else."""
    if not has_perm(scope, Perm.VIEW_URGENT):
        return {}
    found: dict[int, list[UrgentFlag]] = {}
    for flag in (
        urgent_flags_visible(scope=scope).filter(comment__feedback_id=feedback_id).order_by("detected_at", "id")
    ):
        found.setdefault(flag.comment_id, []).append(flag)
    return found


def comments_flaggable_on(*, scope: Scope, feedback_id: int) -> list[Comment]:
    """The comments of one piece of feedback this person may flag by hand, by the rule
    ``urgent_flag_raise`` applies: a role that raises flags, over the feedback's service, and a
    comment they may flag (``comments_flaggable``). None for anyone else, so a page offers the
    button only where flagging would be accepted."""
    try:
        flaggable = comments_flaggable(scope=require(scope, Perm.RAISE_URGENT))
    except PermissionDenied:
        return []
    return list(flaggable.filter(feedback_id=feedback_id))


def safeguarding_lead_candidates(*, organisation: Organisation) -> QuerySet[Person]:
    """People who can be the safeguarding lead: current, with an active login, and holding a role
    that sees and acts on urgent flags (administrator, quality lead or service manager). The lead
    reads every flag in the organisation, so never a commissioner, a co-production partner, a
    leader or a member of staff."""
    with_role = RoleAssignment.objects.for_org(organisation).filter(role__in=SEE_AND_ACT).values("person_id")
    return Person.objects.for_org(organisation).filter(SIGNS_IN, pk__in=with_role).order_by("full_name")


def safeguarding_lead(*, scope: Scope) -> Person | None:
    lead_id = scope.organisation.safeguarding_lead_id
    if lead_id is None:
        return None
    return Person.objects.for_org(scope.organisation).filter(pk=lead_id).first()


# --- theme frameworks ------------------------------------------------------------------------


def framework_list(*, scope: Scope) -> QuerySet[Framework]:
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    versions = FrameworkVersion.objects.for_org(scope.organisation).order_by("-number")
    return Framework.objects.for_org(scope.organisation).prefetch_related(Prefetch("versions", queryset=versions))


def framework_get(*, scope: Scope, slug: str) -> Framework:
    return framework_list(scope=scope).get(slug=slug)


def framework_versions(*, scope: Scope, framework: Framework) -> QuerySet[FrameworkVersion]:
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    return (
        FrameworkVersion.objects.for_org(scope.organisation)
        .filter(framework=framework)
        .select_related("created_by")
        .order_by("-number")
    )


def published_versions(*, scope: Scope) -> dict[int, int]:
    """{framework id: the number of its published version}, to say which version a record's theme codes
    are read by (codes match across versions)."""
    return dict(
        FrameworkVersion.objects.for_org(scope.organisation)
        .filter(status=VersionStatus.PUBLISHED)
        .values_list("framework_id", "number")
    )


def framework_version_get(*, scope: Scope, framework: Framework, number: int) -> FrameworkVersion:
    return framework_versions(scope=scope, framework=framework).select_related("framework").get(number=number)


def framework_current_version(*, scope: Scope, framework: Framework) -> FrameworkVersion | None:
    """The published version; before anything is published, none."""
    return framework_versions(scope=scope, framework=framework).filter(status=VersionStatus.PUBLISHED).first()


def framework_draft(*, scope: Scope, framework: Framework) -> FrameworkVersion | None:
    return framework_versions(scope=scope, framework=framework).filter(status=VersionStatus.DRAFT).first()


def version_categories(*, scope: Scope, version: FrameworkVersion) -> list[Category]:
    """The version's categories in order, each with its themes in order (two queries)."""
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    themes = Theme.objects.for_org(scope.organisation).filter(version=version).order_by("position", "id")
    return list(
        Category.objects.for_org(scope.organisation)
        .filter(version=version)
        .prefetch_related(Prefetch("themes", queryset=themes))
        .order_by("position", "id")
    )


def version_unmapped_themes(*, scope: Scope, version: FrameworkVersion) -> list[Theme]:
    """The version's themes that map to no quality statement and that nobody has marked as mapping to
    none on purpose: CQC reports show them under none, so publishing asks about them."""
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    themes = (
        Theme.objects.for_org(scope.organisation)
        .filter(version=version)
        .select_related("category")
        .order_by("category__position", "category_id", "position", "id")
    )
    return [theme for theme in themes if not theme.quality_statements and not theme.unmapped_on_purpose]


def version_theme_get(*, scope: Scope, version: FrameworkVersion, theme_id: int) -> Theme:
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    return Theme.objects.for_org(scope.organisation).select_related("category").get(version=version, pk=theme_id)


def version_category_get(*, scope: Scope, version: FrameworkVersion, category_id: int) -> Category:
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    return Category.objects.for_org(scope.organisation).get(version=version, pk=category_id)


@dataclass(frozen=True)
class DraftChanges:
    """What a draft changes in the version it was copied from, theme by theme (a theme keeps its code)."""

    compared_with: FrameworkVersion | None
    changed: int
    added: int
    removed: int


def draft_changes(*, scope: Scope, version: FrameworkVersion) -> DraftChanges:
    """Themes renamed, redescribed, moved to another category or re-mapped; added; removed.

    A draft is copied from the published version, or before anything is published from the latest;
    while it is open neither changes, so that is the version it is compared with.
    """
    scope = require(scope, Perm.VIEW_FRAMEWORKS)
    earlier = FrameworkVersion.objects.for_org(scope.organisation).filter(
        framework_id=version.framework_id, number__lt=version.number
    )
    base = earlier.filter(status=VersionStatus.PUBLISHED).first() or earlier.order_by("-number").first()

    def by_code(of: FrameworkVersion | None) -> dict[str, tuple]:
        if of is None:
            return {}
        themes = Theme.objects.for_org(scope.organisation).filter(version=of).select_related("category")
        return {t.code: (t.name, t.description, t.category.name, t.mappings, t.benchmark) for t in themes}

    before, after = by_code(base), by_code(version)
    return DraftChanges(
        compared_with=base,
        changed=sum(1 for code in after.keys() & before.keys() if after[code] != before[code]),
        added=len(after.keys() - before.keys()),
        removed=len(before.keys() - after.keys()),
    )


@cache
def shipped_frameworks() -> dict[str, dict]:
    """The framework definitions shipped with Heard (themes/frameworks/*.json), by key."""
    found = {}
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != path.stem:
            raise ValueError(f"{path.name} holds framework {data['key']}; the file must be named after its key.")
        found[data["key"]] = data
    return found


def feedback_waiting_for_urgent_check(
    *, organisation: Organisation, first_feedback_id: int, last_feedback_id: int
) -> list[int]:
    """Ids of the feedback in this id range still waiting for the model's urgent check (a second
    check reads them after taking this list, so it ends the wait only for feedback it has read)."""
    from feedback.models import Feedback

    return list(
        Feedback.objects.for_org(organisation)
        .filter(pk__gte=first_feedback_id, pk__lte=last_feedback_id, urgent_check_pending=True)
        .values_list("pk", flat=True)
    )


def comments_without_flags(*, organisation: Organisation, first_feedback_id: int, last_feedback_id: int) -> list:
    """Comments of the feedback in this id range still waiting for the model's urgent check that no
    urgent flag points at yet (a second check reads only those, whatever else the range holds)."""
    from feedback.models import Comment

    flagged = UrgentFlag.objects.for_org(organisation).values("comment_id")
    return list(
        Comment.objects.for_org(organisation)
        .filter(
            feedback_id__gte=first_feedback_id,
            feedback_id__lte=last_feedback_id,
            feedback__urgent_check_pending=True,
        )
        .exclude(pk__in=flagged)
        .order_by("pk")
        .only("id", "text", "feedback_id")
    )


@dataclass(frozen=True)
class ThemesShown:
    """A record's themes (evidence, an audit's reason, an objective) as its page shows them: named from the framework its codes
    were chosen from, which is named too when it is not the organisation's main one."""

    names: list[tuple[str, str]]  # (code, name), named from the record's own framework
    framework: str  # the framework's name when it is not the main one; "" when it is, or no themes
    linked: bool  # its codes are the main framework's, so each names a theme page of it


def _names_by_framework(scope: Scope, framework_ids: set[int]) -> dict[int, dict[str, str]]:
    """{framework id: {code: name}}: each code named as in the latest version (not a draft) that has
    it, so a theme left out of a later version keeps the name it was chosen by."""
    names: dict[int, dict[str, str]] = defaultdict(dict)
    rows = (
        Theme.objects.for_org(scope.organisation)
        .filter(version__framework_id__in=framework_ids)
        .exclude(version__status=VersionStatus.DRAFT)
        .order_by("version__number", "id")
        .values_list("version__framework_id", "code", "name")
    )
    for framework_id, code, name in rows:
        names[framework_id][code] = name
    return names


def themes_shown(*, scope: Scope, tagged: dict[int, tuple[Framework | None, list[str]]]) -> dict[int, ThemesShown]:
    """For each record by id, given its framework and codes, its themes as shown."""
    main = primary_framework(scope=scope)
    names = _names_by_framework(scope, {f.id for f, codes in tagged.values() if f is not None and codes})
    shown = {}
    for key, (framework, codes) in tagged.items():
        of = names.get(framework.id, {}) if framework is not None else {}
        is_main = framework is None or (main is not None and framework.id == main.id)
        shown[key] = ThemesShown(
            names=[(code, of.get(code, code)) for code in codes],
            framework="" if is_main or not codes else framework.name,
            linked=is_main,
        )
    return shown
