"""Pages for theme frameworks: versions, drafts, publishing and the main framework (changing a
draft's categories and themes is in `drafts`). Thin: validate, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from core.words import words
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from themes import selectors, services
from themes.coding import selectors as coding_selectors
from themes.coding.training import MIN_CODED
from themes.forms import (
    NameForm,
    NewThemeForm,
    NewVersionForm,
    PublishForm,
)
from themes.models import FrameworkVersion, VersionStatus
from themes.rules import Perm, has_perm, require
from themes.taxonomies import taxonomy_get, taxonomy_list, taxonomy_successor


def _version_page(request, scope, framework, version):
    """A version's categories and themes; for a draft and a quality lead, the controls to edit it."""
    categories = selectors.version_categories(scope=scope, version=version)
    can_edit = version.is_draft and has_perm(scope, Perm.MANAGE_FRAMEWORKS)
    context = {
        # A partner reads a list of themes, not its version numbers (ADR 0009).
        "page_title": framework.name if scope.plain_words else f"{framework.name}, version {version.number}",
        "framework": framework,
        "version": version,
        "categories": categories,
        "theme_count": sum(len(c.themes.all()) for c in categories),
        "taxonomy": taxonomy_get(version.taxonomy),
        # A newer taxonomy that replaces this version's, for those who may make a version mapped to it.
        "successor": taxonomy_successor(version.taxonomy) if has_perm(scope, Perm.MANAGE_FRAMEWORKS) else None,
        "versions": list(selectors.framework_versions(scope=scope, framework=framework)),
        "can_manage": has_perm(scope, Perm.MANAGE_FRAMEWORKS),
        "can_edit": can_edit,
        "draft": selectors.framework_draft(scope=scope, framework=framework),
        "category_form": NameForm(prefix="category"),
        "theme_form": NewThemeForm(prefix="theme", categories=categories),
        "publish_form": PublishForm(prefix="publish"),
        "unmapped": selectors.version_unmapped_themes(scope=scope, version=version) if can_edit else [],
        "version_form": NewVersionForm(
            prefix="version", taxonomies=taxonomy_list(), initial={"taxonomy": version.taxonomy}
        ),
    }
    return render_page(request, scope, "themes/framework.jinja", context)


@scoped_view
def framework_list(request, scope):
    frameworks = list(selectors.framework_list(scope=scope))
    rows = []
    for framework in frameworks:
        versions = list(framework.versions.all())
        current = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        draft = next((v for v in versions if v.is_draft), None)
        rows.append({"framework": framework, "current": current, "draft": draft})
    return render_page(
        request,
        scope,
        "themes/frameworks.jinja",
        {
            "page_title": "Themes",
            "rows": rows,
            "shipped": selectors.shipped_frameworks(),
            "installed": {f.slug for f in frameworks},
            "can_manage": has_perm(scope, Perm.MANAGE_FRAMEWORKS),
        },
    )


@require_POST
@scoped_view
def framework_install(request, scope):
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    try:
        framework = services.framework_install(scope=scope, key=request.POST.get("key", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("themes:frameworks")
    messages.success(request, f"{framework.name} is ready to use.")
    return redirect("themes:frameworks-detail", slug=framework.slug)


@scoped_view
def framework_detail(request, scope, slug: str):
    framework = selectors.framework_get(scope=scope, slug=slug)
    version = selectors.framework_current_version(scope=scope, framework=framework) or selectors.framework_draft(
        scope=scope, framework=framework
    )
    if version is None:
        raise FrameworkVersion.DoesNotExist
    return _version_page(request, scope, framework, version)


@scoped_view
def framework_version(request, scope, slug: str, number: int):
    framework = selectors.framework_get(scope=scope, slug=slug)
    version = selectors.framework_version_get(scope=scope, framework=framework, number=number)
    return _version_page(request, scope, framework, version)


@require_POST
@scoped_view
def framework_new_version(request, scope, slug: str):
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework = selectors.framework_get(scope=scope, slug=slug)
    form = NewVersionForm(request.POST, prefix="version", taxonomies=taxonomy_list())
    taxonomy = form.cleaned_data.get("taxonomy") or None if form.is_valid() else None
    current = selectors.framework_current_version(scope=scope, framework=framework)
    draft = services.framework_version_draft(scope=scope, framework=framework, taxonomy=taxonomy)
    messages.success(request, f"Version {draft.number} is a draft. Change it, then publish it.")
    remapped = getattr(draft, "remapped", None)
    if current is not None and draft.taxonomy != current.taxonomy and remapped is not None:
        new, old = taxonomy_get(draft.taxonomy), taxonomy_get(current.taxonomy)
        if remapped.dropped:
            left = (
                f"{words(remapped.dropped, 'mapping')} to quality statements and evidence categories of {old.name} "
                f"had nothing to go to and {'was' if remapped.dropped == 1 else 'were'} taken off, so "
                f"{words(remapped.themes_to_check, 'theme')} need{'s' if remapped.themes_to_check == 1 else ''} "
                "mapping again: check each theme's mapping before you publish."
            )
        else:
            left = "None had to be taken off. Check the mappings before you publish."
        # Mappings to statements the new taxonomy does not have were dropped from the copy.
        messages.info(
            request,
            f"The themes now map to {new.name}. {words(remapped.carried, 'mapping').capitalize()} "
            f"{'was' if remapped.carried == 1 else 'were'} carried across from {old.name}. {left}",
        )
    return redirect("themes:frameworks-version", slug=framework.slug, number=draft.number)


def _draft_version(scope, slug, number):
    framework = selectors.framework_get(scope=scope, slug=slug)
    return framework, selectors.framework_version_get(scope=scope, framework=framework, number=number)


@require_http_methods(["GET", "POST"])
@scoped_view
def version_publish(request, scope, slug: str, number: int):
    """Publish a draft. The draft page posts here; if the service finds themes that map to no quality
    statement, this page names them and asks again, carrying the ids of those it showed."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if request.method == "GET" and not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    form = PublishForm(request.POST or None, prefix="publish")
    confirmed = [int(i) for i in request.POST.getlist("confirmed_unmapped") if i.isdigit()]
    unmapped, changed_since = None, False
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_version_publish(
                scope=scope, version=version, notes=form.cleaned_data["notes"], confirmed_unmapped=confirmed
            )
            messages.success(request, f"Version {version.number} is published. Earlier versions are kept.")
            return redirect("themes:frameworks-detail", slug=framework.slug)
        except services.UnmappedThemes as exc:
            unmapped, changed_since = exc.themes, bool(confirmed)
        except ValidationError as exc:
            apply_errors(form, exc)
    if unmapped is None:
        unmapped = selectors.version_unmapped_themes(scope=scope, version=version) if version.is_draft else []
    return render_page(
        request,
        scope,
        "themes/publish.jinja",
        {
            "page_title": f"Publish version {version.number}?",
            "framework": framework,
            "version": version,
            "form": form,
            "unmapped": unmapped,
            "changed_since": changed_since,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def version_discard(request, scope, slug: str, number: int):
    """Asks first, saying what will be lost: one click used to delete every edit of the draft."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if request.method == "POST":
        try:
            services.framework_version_discard(scope=scope, version=version)
            messages.success(request, f"The draft version {number} has been thrown away.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("themes:frameworks-detail", slug=framework.slug)
    if not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    return render_page(
        request,
        scope,
        "themes/discard.jinja",
        {
            "page_title": f"Throw away draft version {number}?",
            "framework": framework,
            "version": version,
            "changes": selectors.draft_changes(scope=scope, version=version),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def framework_make_primary(request, scope, slug: str):
    """Code feedback with this framework: asks first, saying what follows it, what is kept, and
    whether it has a suggestions model yet."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework = selectors.framework_get(scope=scope, slug=slug)
    if framework.is_primary:
        if request.method == "POST":
            messages.info(request, f"{framework.name} is already the main framework.")
        return redirect("themes:frameworks-detail", slug=framework.slug)
    if request.method == "POST":
        try:
            services.framework_make_primary(scope=scope, framework=framework)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("themes:frameworks-detail", slug=framework.slug)
        messages.success(
            request,
            f"Feedback is now coded with {framework.name}, the main framework. "
            "Coding done with other frameworks is kept.",
        )
        return redirect("themes:frameworks")
    return render_page(
        request,
        scope,
        "themes/make_primary.jinja",
        {
            "page_title": f"Code feedback with {framework.name}?",
            "framework": framework,
            "choice": coding_selectors.primary_choice(scope=scope, framework=framework),
            "minimum": MIN_CODED,
        },
    )
