"""Writes for urgent flags: raising them as comments arrive, telling the safeguarding lead, closing them.

Detection runs in the same transaction as the comment it reads; the email goes out only once that
transaction has committed (`transaction.on_commit`), so nobody is told about a comment that was
rolled back. The email never holds the comment or any personal detail: only the service, the date
and a link to the flag, which only those who may see flags can open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.text import slugify

from core import clock
from core.audit import audit_record
from feedback.models import Comment
from organisations.models import Organisation, Person
from organisations.roles import Role
from organisations.rules import Perm as OrgPerm
from organisations.rules import require as require_org
from organisations.scope import Scope
from themes.models import (
    Category,
    DetectedBy,
    FlagStatus,
    Framework,
    FrameworkSource,
    FrameworkVersion,
    Theme,
    UrgentFlag,
    UrgentFlagAction,
    VersionStatus,
)
from themes.rules import Perm, require
from themes.selectors import safeguarding_lead_candidates, shipped_frameworks, urgent_flags_visible
from themes.taxonomies import DEFAULT_TAXONOMY, taxonomy_get
from themes.urgent import UrgentAssessment, assess, assess_many

MODEL_REASON = "possible safeguarding concern (model"
FALLBACK_ROLES = (Role.ADMINISTRATOR, Role.QUALITY_LEAD)


def detected_by(assessment: UrgentAssessment) -> str:
    """Whether the rules, the model, or both raised this assessment."""
    by_model = any(r.startswith(MODEL_REASON) for r in assessment.reasons)
    by_rules = any(not r.startswith(MODEL_REASON) for r in assessment.reasons)
    if by_model and by_rules:
        return DetectedBy.RULES_AND_MODEL
    return DetectedBy.MODEL if by_model else DetectedBy.RULES


# --- who is told -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    emails: tuple[str, ...]
    to_lead: bool
    description: str


def urgent_recipients(*, organisation: Organisation) -> Recipients:
    """The safeguarding lead; without one, the administrators and quality leads (with an email)."""
    lead = None
    if organisation.safeguarding_lead_id:
        lead = (
            Person.objects.for_org(organisation)
            .filter(pk=organisation.safeguarding_lead_id, archived_at__isnull=True)
            .select_related("user")
            .first()
        )
    lead_email = _person_email(lead) if lead else ""
    if lead_email:
        return Recipients((lead_email,), True, "the safeguarding lead")
    people = (
        Person.objects.for_org(organisation)
        .filter(archived_at__isnull=True, role_assignments__role__in=FALLBACK_ROLES)
        .select_related("user")
        .distinct()
    )
    emails = tuple(sorted({e for e in (_person_email(p) for p in people) if e}))
    return Recipients(emails, False, "administrators and quality leads (no safeguarding lead with an email)")


def _person_email(person: Person) -> str:
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def _flag_link(path: str) -> str:
    base = settings.HEARD_SITE_URL
    return f"{base}{path}"


def _send(*, emails: Sequence[str], subject: str, body: str) -> None:
    if emails:
        send_mail(subject, body, None, list(emails), fail_silently=False)


def _notify(*, scope: Scope, subject: str, body: str, obj, label: str) -> None:
    """Work out who to tell, record it, and send once the transaction has committed."""
    recipients = urgent_recipients(organisation=scope.organisation)
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.notify",
        obj=obj,
        label=label,
        changes={"told": recipients.description, "emails_sent": len(recipients.emails)},
    )
    emails = recipients.emails
    transaction.on_commit(lambda: _send(emails=emails, subject=subject, body=body))


def _flag_email(flag: UrgentFlag, *, service_name: str, received_on) -> tuple[str, str]:
    link = _flag_link(reverse("themes:flag", args=[flag.pk]))
    subject = "Heard: a comment may need urgent attention"
    body = (
        f"A comment at {service_name} on {received_on:%-d %B %Y} may need urgent attention.\n\n"
        f"Please read it and record what was done:\n{link}\n\n"
        "This email does not include the comment, to keep it private. Sign in to Heard to read it.\n"
    )
    return subject, body


# --- raising flags ---------------------------------------------------------------------------


@transaction.atomic
def urgent_check(*, scope: Scope, comments: Iterable[Comment]) -> list[UrgentFlag]:
    """Assess comments that have just arrived; flag the urgent ones and tell the safeguarding lead.

    Runs as the scope that wrote the comments (staff, the public form, the API), so it does not
    itself need permission to see flags.
    """
    comments = list(comments)
    if not comments:
        return []
    assessments = assess_many([c.text for c in comments])
    urgent = [(comment, a) for comment, a in zip(comments, assessments, strict=True) if a.urgent]
    if not urgent:
        return []
    flags = _flags_in_bulk(scope=scope, found=urgent)
    for flag in flags:
        audit_record(
            scope=scope,
            verb="themes.urgent_flag.raise",
            obj=flag,
            changes={"detected_by": flag.detected_by, "categories": flag.categories},
        )
    feedback = comments[0].feedback
    subject, body = _flag_email(flags[0], service_name=feedback.service.name, received_on=feedback.received_on)
    _notify(scope=scope, subject=subject, body=body, obj=flags[0], label=str(flags[0]))
    return flags


def _texts_assessed(texts: Sequence[str]) -> list[UrgentAssessment]:
    """Rules only, each distinct text once: fast enough for imports of 100,000 comments."""
    seen: dict[str, UrgentAssessment] = {}
    out = []
    for text in texts:
        found = seen.get(text)
        if found is None:
            found = seen[text] = assess(text, use_model=False)
        out.append(found)
    return out


@dataclass(frozen=True)
class ImportedComment:
    feedback_id: int
    position: int
    text: str


def _flags_in_bulk(*, scope: Scope, found: Sequence[tuple[Comment, UrgentAssessment]]) -> list[UrgentFlag]:
    now = clock.now()
    flags = [
        UrgentFlag(
            organisation=scope.organisation,
            comment=comment,
            reasons=a.reasons,
            categories=a.categories,
            score=a.score,
            detected_at=now,
            detected_by=detected_by(a),
        )
        for comment, a in found
    ]
    return UrgentFlag.objects.bulk_create(flags, batch_size=1000)


def urgent_check_import(*, scope: Scope, comments: Sequence[ImportedComment], file_name: str = "") -> list[UrgentFlag]:
    """Flag the urgent comments of an import in bulk, and send one summary email for the import.

    Imports are assessed by the rules alone (the model would add minutes to a large file).
    """
    assessments = _texts_assessed([c.text for c in comments])
    urgent = [(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent]
    if not urgent:
        return []
    feedback_ids = sorted({c.feedback_id for c, _ in urgent})
    by_place = {}
    for start in range(0, len(feedback_ids), 1000):
        rows = (
            Comment.objects.for_org(scope.organisation)
            .filter(feedback_id__in=feedback_ids[start : start + 1000])
            .only("id", "feedback_id", "position")
        )
        by_place.update({(c.feedback_id, c.position): c for c in rows})
    flags = _flags_in_bulk(
        scope=scope,
        found=[
            (by_place[(c.feedback_id, c.position)], a) for c, a in urgent if (c.feedback_id, c.position) in by_place
        ],
    )
    label = f"Urgent flags from the import of {file_name}"[:300] if file_name else "Urgent flags from an import"
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_import",
        obj=scope.organisation,
        label=label,
        changes={"file": file_name, "flags_raised": len(flags)},
    )
    link = _flag_link(reverse("themes:queue"))
    n = len(flags)
    subject = f"Heard: {n} imported comment{'s' if n != 1 else ''} may need urgent attention"
    body = (
        f"An import of feedback for {scope.organisation.name} on {clock.today():%-d %B %Y} "
        f"has {n} comment{'s' if n != 1 else ''} that may need urgent attention.\n\n"
        f"Please read them and record what was done:\n{link}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    _notify(scope=scope, subject=subject, body=body, obj=scope.organisation, label=label)
    return flags


def urgent_check_demo(*, scope: Scope, comments: Sequence[Comment]) -> list[UrgentFlag]:
    """Flag urgent demo comments in bulk (rules only), without emailing anyone."""
    assessments = _texts_assessed([c.text for c in comments])
    flags = _flags_in_bulk(scope=scope, found=[(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent])
    if not flags:
        return []
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_demo",
        obj=scope.organisation,
        label="Urgent flags in the demo feedback",
        changes={"flags_raised": len(flags)},
    )
    return flags


@transaction.atomic
def urgent_flag_raise(*, scope: Scope, comment_id: int, reason: str) -> UrgentFlag:
    """A member of staff flags a comment by hand, saying why."""
    require(scope, Perm.RAISE_URGENT)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this comment needs urgent attention."})
    if scope.person is None:
        raise ValidationError({"reason": "Only a person can flag a comment by hand."})
    comment = Comment.objects.for_scope(scope).select_related("feedback__service").get(pk=comment_id)
    flag = UrgentFlag.objects.create(
        organisation=scope.organisation,
        comment=comment,
        reasons=[f"raised by {scope.person.full_name}: {reason[:500]}"],
        categories=["safeguarding"],
        score=1.0,
        detected_at=clock.now(),
        detected_by=DetectedBy.PERSON,
        raised_by=scope.person,
    )
    audit_record(scope=scope, verb="themes.urgent_flag.raise", obj=flag, changes={"detected_by": DetectedBy.PERSON})
    subject, body = _flag_email(
        flag, service_name=comment.feedback.service.name, received_on=comment.feedback.received_on
    )
    _notify(scope=scope, subject=subject, body=body, obj=flag, label=str(flag))
    return flag


# --- acting on flags -------------------------------------------------------------------------


@transaction.atomic
def urgent_flag_record_action(*, scope: Scope, flag_id: int, action: str, closes: bool) -> UrgentFlagAction:
    """Append what a person did about a flag; when `closes`, the flag closes with it."""
    require(scope, Perm.ACT_ON_URGENT)
    action = action.strip()
    if not action:
        raise ValidationError({"action": "Enter what was done."})
    if scope.person is None:
        raise ValidationError({"action": "Only a person can record what was done."})
    flag = urgent_flags_visible(scope=scope).select_for_update().get(pk=flag_id)
    if not flag.is_open:
        raise ValidationError({"action": "This flag is already closed."})
    row = UrgentFlagAction.objects.create(
        flag=flag, organisation=scope.organisation, action=action, who=scope.person, at=clock.now(), closes=closes
    )
    if closes:
        UrgentFlag.objects.for_org(scope.organisation).filter(pk=flag.pk).update(status=FlagStatus.CLOSED)
        flag.status = FlagStatus.CLOSED
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.close" if closes else "themes.urgent_flag.record_action",
        obj=flag,
        changes={"status": {"from": FlagStatus.OPEN, "to": flag.status}} if closes else {},
    )
    return row


# --- the safeguarding lead -------------------------------------------------------------------


@transaction.atomic
def organisation_set_safeguarding_lead(*, scope: Scope, person_id: int | None) -> Organisation:
    """Name the organisation's safeguarding lead: a current person with a login and a role here."""
    require_org(scope, OrgPerm.MANAGE_PEOPLE)
    organisation = Organisation.objects.select_for_update().get(pk=scope.organisation.pk)
    before = organisation.safeguarding_lead
    lead = None
    if person_id is not None:
        lead = safeguarding_lead_candidates(organisation=organisation).filter(pk=person_id).first()
        if lead is None:
            raise ValidationError({"lead": "Choose someone with a login and a role in this organisation."})
    organisation.safeguarding_lead = lead
    organisation.save(update_fields=["safeguarding_lead", "updated_at"])
    audit_record(
        scope=scope,
        verb="organisations.organisation.set_safeguarding_lead",
        obj=organisation,
        changes={"safeguarding_lead": {"from": str(before) if before else None, "to": str(lead) if lead else None}},
    )
    return organisation


# --- theme frameworks ------------------------------------------------------------------------
#
# Only a draft version can change. Publishing a draft retires the version that was published, which
# stays (with its Theme rows) so that everything coded with it keeps pointing at what it used.


def _locked_version(*, scope: Scope, version: FrameworkVersion) -> FrameworkVersion:
    return (
        FrameworkVersion.objects.for_org(scope.organisation)
        .select_for_update()
        .select_related("framework")
        .get(pk=version.pk)
    )


def _draft(*, scope: Scope, version: FrameworkVersion) -> FrameworkVersion:
    """The version, locked, if it is a draft this scope may edit; ValidationError if it is not a draft."""
    require(scope, Perm.MANAGE_FRAMEWORKS)
    version = _locked_version(scope=scope, version=version)
    if not version.is_draft:
        raise ValidationError(
            f"Version {version.number} is {version.get_status_display().lower()} and cannot be changed. "
            "Start a new version to make changes."
        )
    return version


def _clean_name(name: str, *, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": f"Enter a name for the {what}."})
    if len(name) > 200:
        raise ValidationError({"name": f"The name of the {what} must be 200 characters or fewer."})
    return name


def _unique_code(*, scope: Scope, version: FrameworkVersion, name: str) -> str:
    base = slugify(name)[:90] or "theme"
    taken = set(Theme.objects.for_org(scope.organisation).filter(version=version).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def framework_install(*, scope: Scope, key: str) -> Framework:
    """Install a shipped framework as version 1, published. Installing it again changes nothing."""
    require(scope, Perm.MANAGE_FRAMEWORKS)
    definition = shipped_frameworks().get(key)
    if definition is None:
        raise ValidationError({"key": f"Heard has no framework called {key!r}."})
    existing = Framework.objects.for_org(scope.organisation).filter(slug=key).first()
    if existing is not None:
        return existing
    taxonomy = taxonomy_get(definition["taxonomy"])
    now = clock.now()
    framework = Framework.objects.create(
        organisation=scope.organisation,
        name=definition["name"],
        slug=key,
        description=definition.get("description", ""),
        source=FrameworkSource.SHIPPED,
        created_at=now,
        # The first framework an organisation installs is the one it codes with until it chooses.
        is_primary=not Framework.objects.for_org(scope.organisation).filter(is_primary=True).exists(),
    )
    version = FrameworkVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=1,
        status=VersionStatus.PUBLISHED,
        notes="As shipped with Heard.",
        taxonomy=taxonomy.key,
        created_by=scope.person,
        created_at=now,
        published_at=now,
    )
    themes = []
    for c_pos, cat in enumerate(definition["categories"]):
        category = Category.objects.create(
            organisation=scope.organisation, version=version, name=cat["name"], position=c_pos
        )
        for t_pos, item in enumerate(cat["themes"]):
            mappings = taxonomy.validate_mapping(
                {
                    "quality_statements": item.get("quality_statements", []),
                    "evidence_categories": item.get("evidence_categories", []),
                }
            )
            themes.append(
                Theme(
                    organisation=scope.organisation,
                    version=version,
                    category=category,
                    name=item["name"],
                    code=item["code"],
                    description=item.get("description", ""),
                    position=t_pos,
                    mappings=mappings,
                    benchmark=bool(item.get("benchmark", False)),
                )
            )
    Theme.objects.bulk_create(themes)
    audit_record(
        scope=scope,
        verb="themes.framework.install",
        obj=framework,
        changes={"key": key, "version": 1, "categories": len(definition["categories"]), "themes": len(themes)},
    )
    return framework


@transaction.atomic
def framework_version_draft(
    *, scope: Scope, framework: Framework, taxonomy: str | None = None, notes: str = ""
) -> FrameworkVersion:
    """A new draft copied from the latest version (the draft already open, if there is one).

    With `taxonomy`, the draft maps to that taxonomy instead: mappings to ids it does not have are
    dropped, for the quality lead to map again.
    """
    require(scope, Perm.MANAGE_FRAMEWORKS)
    framework = Framework.objects.for_org(scope.organisation).select_for_update().get(pk=framework.pk)
    versions = FrameworkVersion.objects.for_org(scope.organisation).filter(framework=framework)
    open_draft = versions.filter(status=VersionStatus.DRAFT).first()
    if open_draft is not None:
        return open_draft
    source = versions.filter(status=VersionStatus.PUBLISHED).first() or versions.order_by("-number").first()
    target = taxonomy_get(taxonomy or (source.taxonomy if source else DEFAULT_TAXONOMY))
    draft = FrameworkVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=(versions.aggregate(top=Max("number"))["top"] or 0) + 1,
        status=VersionStatus.DRAFT,
        notes=notes.strip(),
        taxonomy=target.key,
        created_by=scope.person,
        created_at=clock.now(),
    )
    dropped = 0
    if source is not None:
        categories = Category.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id")
        copies = {}
        for category in categories:
            copies[category.pk] = Category.objects.create(
                organisation=scope.organisation, version=draft, name=category.name, position=category.position
            )
        themes = []
        for theme in Theme.objects.for_org(scope.organisation).filter(version=source).order_by("position", "id"):
            mappings = {
                "quality_statements": [s for s in theme.quality_statements if s in target.statements],
                "evidence_categories": [e for e in theme.evidence_categories if e in target.evidence],
            }
            dropped += len(theme.quality_statements) + len(theme.evidence_categories)
            dropped -= len(mappings["quality_statements"]) + len(mappings["evidence_categories"])
            themes.append(
                Theme(
                    organisation=scope.organisation,
                    version=draft,
                    category=copies[theme.category_id],
                    name=theme.name,
                    code=theme.code,
                    description=theme.description,
                    position=theme.position,
                    mappings=mappings,
                    benchmark=theme.benchmark,
                )
            )
        Theme.objects.bulk_create(themes)
    audit_record(
        scope=scope,
        verb="themes.framework_version.draft",
        obj=draft,
        changes={
            "copied_from": source.number if source else None,
            "taxonomy": target.key,
            "mappings_dropped": dropped,
        },
    )
    return draft


@transaction.atomic
def framework_version_publish(*, scope: Scope, version: FrameworkVersion, notes: str | None = None) -> FrameworkVersion:
    """Publish a draft; the version published before it is retired (and kept)."""
    version = _draft(scope=scope, version=version)
    if not Theme.objects.for_org(scope.organisation).filter(version=version).exists():
        raise ValidationError("A version needs at least one theme before it can be published.")
    previous = (
        FrameworkVersion.objects.for_org(scope.organisation)
        .select_for_update()
        .filter(framework=version.framework, status=VersionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        previous.status = VersionStatus.RETIRED
        previous.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    if notes is not None:
        version.notes = notes.strip()
    version.save(update_fields=["status", "published_at", "notes"])
    audit_record(
        scope=scope,
        verb="themes.framework_version.publish",
        obj=version,
        changes={"retired": previous.number if previous else None, "notes": version.notes},
    )
    return version


@transaction.atomic
def framework_version_discard(*, scope: Scope, version: FrameworkVersion) -> None:
    """Throw away a draft that was never published."""
    version = _draft(scope=scope, version=version)
    audit_record(scope=scope, verb="themes.framework_version.discard", obj=version, changes={"number": version.number})
    Theme.objects.for_org(scope.organisation).filter(version=version).delete()
    Category.objects.for_org(scope.organisation).filter(version=version).delete()
    FrameworkVersion.objects.for_org(scope.organisation).filter(pk=version.pk).delete()


@transaction.atomic
def category_add(*, scope: Scope, version: FrameworkVersion, name: str) -> Category:
    version = _draft(scope=scope, version=version)
    name = _clean_name(name, what="category")
    siblings = Category.objects.for_org(scope.organisation).filter(version=version)
    if siblings.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a category with this name."})
    category = Category.objects.create(
        organisation=scope.organisation, version=version, name=name, position=_next_position(siblings)
    )
    audit_record(scope=scope, verb="themes.category.add", obj=category, changes={"version": version.number})
    return category


def _draft_category(*, scope: Scope, category: Category) -> tuple[FrameworkVersion, Category]:
    category = Category.objects.for_org(scope.organisation).select_related("version").get(pk=category.pk)
    version = _draft(scope=scope, version=category.version)
    return version, category


@transaction.atomic
def category_rename(*, scope: Scope, category: Category, name: str) -> Category:
    version, category = _draft_category(scope=scope, category=category)
    name = _clean_name(name, what="category")
    if (
        Category.objects.for_org(scope.organisation)
        .filter(version=version, name__iexact=name)
        .exclude(pk=category.pk)
        .exists()
    ):
        raise ValidationError({"name": "There is already a category with this name."})
    before = category.name
    category.name = name
    category.save(update_fields=["name"])
    audit_record(
        scope=scope, verb="themes.category.rename", obj=category, changes={"name": {"from": before, "to": name}}
    )
    return category


def _swap(queryset, obj, direction: str) -> bool:
    """Move obj one place up or down among the rows of queryset; False at either end."""
    rows = list(queryset.order_by("position", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return True


@transaction.atomic
def category_move(*, scope: Scope, category: Category, direction: str) -> Category:
    version, category = _draft_category(scope=scope, category=category)
    if _swap(Category.objects.for_org(scope.organisation).filter(version=version), category, direction):
        audit_record(scope=scope, verb="themes.category.move", obj=category, changes={"direction": direction})
    return category


@transaction.atomic
def category_remove(*, scope: Scope, category: Category) -> None:
    version, category = _draft_category(scope=scope, category=category)
    if Theme.objects.for_org(scope.organisation).filter(category=category).exists():
        raise ValidationError("Move or remove the themes in this category first.")
    audit_record(scope=scope, verb="themes.category.remove", obj=category, changes={"version": version.number})
    Category.objects.for_org(scope.organisation).filter(pk=category.pk).delete()


@transaction.atomic
def theme_add(
    *,
    scope: Scope,
    category: Category,
    name: str,
    description: str = "",
    mappings: dict | None = None,
    benchmark: bool = False,
) -> Theme:
    version, category = _draft_category(scope=scope, category=category)
    name = _clean_name(name, what="theme")
    themes = Theme.objects.for_org(scope.organisation).filter(version=version)
    if themes.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with this name."})
    clean = taxonomy_get(version.taxonomy).validate_mapping(mappings)
    theme = Theme.objects.create(
        organisation=scope.organisation,
        version=version,
        category=category,
        name=name,
        code=_unique_code(scope=scope, version=version, name=name),
        description=(description or "").strip(),
        position=_next_position(themes.filter(category=category)),
        mappings=clean,
        benchmark=benchmark,
    )
    audit_record(
        scope=scope, verb="themes.theme.add", obj=theme, changes={"category": category.name, "mappings": clean}
    )
    return theme


def _draft_theme(*, scope: Scope, theme: Theme) -> tuple[FrameworkVersion, Theme]:
    theme = Theme.objects.for_org(scope.organisation).select_related("version", "category").get(pk=theme.pk)
    version = _draft(scope=scope, version=theme.version)
    return version, theme


@transaction.atomic
def theme_update(
    *,
    scope: Scope,
    theme: Theme,
    name: str | None = None,
    description: str | None = None,
    category: Category | None = None,
    mappings: dict | None = None,
) -> Theme:
    """Rename, redescribe, move to another category or re-map a theme of a draft. Its code stays."""
    version, theme = _draft_theme(scope=scope, theme=theme)
    changes = {}
    if name is not None:
        name = _clean_name(name, what="theme")
        clash = Theme.objects.for_org(scope.organisation).filter(version=version, name__iexact=name)
        if clash.exclude(pk=theme.pk).exists():
            raise ValidationError({"name": "There is already a theme with this name."})
        if name != theme.name:
            changes["name"] = {"from": theme.name, "to": name}
            theme.name = name
    if description is not None and description.strip() != theme.description:
        changes["description"] = {"from": theme.description, "to": description.strip()}
        theme.description = description.strip()
    if category is not None and category.pk != theme.category_id:
        target = Category.objects.for_org(scope.organisation).filter(version=version, pk=category.pk).first()
        if target is None:
            raise ValidationError({"category": "Choose a category of this version."})
        changes["category"] = {"from": theme.category.name, "to": target.name}
        theme.category = target
        theme.position = _next_position(Theme.objects.for_org(scope.organisation).filter(category=target))
    if mappings is not None:
        clean = taxonomy_get(version.taxonomy).validate_mapping(mappings)
        if clean != theme.mappings:
            changes["mappings"] = {"from": theme.mappings, "to": clean}
            theme.mappings = clean
    if changes:
        theme.save()
        audit_record(scope=scope, verb="themes.theme.update", obj=theme, changes=changes)
    return theme


@transaction.atomic
def theme_move(*, scope: Scope, theme: Theme, direction: str) -> Theme:
    version, theme = _draft_theme(scope=scope, theme=theme)
    siblings = Theme.objects.for_org(scope.organisation).filter(version=version, category_id=theme.category_id)
    if _swap(siblings, theme, direction):
        audit_record(scope=scope, verb="themes.theme.move", obj=theme, changes={"direction": direction})
    return theme


@transaction.atomic
def theme_remove(*, scope: Scope, theme: Theme) -> None:
    """Remove a theme from a draft. Earlier versions keep theirs."""
    version, theme = _draft_theme(scope=scope, theme=theme)
    audit_record(
        scope=scope, verb="themes.theme.remove", obj=theme, changes={"code": theme.code, "version": version.number}
    )
    Theme.objects.for_org(scope.organisation).filter(pk=theme.pk).delete()
