"""Pages for changing a draft version of a theme framework: adding, renaming, moving and removing
its categories and themes, and mapping a theme to CQC's quality statements. Thin: validate, call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from organisations.views import apply_errors
from organisations.web import render_page, scoped_view
from themes import selectors, services
from themes.forms import NameForm, NewThemeForm, ThemeForm
from themes.rules import Perm, require
from themes.taxonomies import taxonomy_get
from themes.views.frameworks import _draft_version


@require_http_methods(["GET", "POST"])
@scoped_view
def category_add(request, scope, slug: str, number: int):
    """Add a category to a draft. Its page posts here, and a mistake is shown here: an address that opens
    with GET, so reloading or going back to it works. A version no longer a draft refuses in the service."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if request.method == "GET" and not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    form = NameForm(request.POST or None, prefix="category")
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_add(scope=scope, version=version, name=form.cleaned_data["name"])
            messages.success(request, f"The category {category.name} has been added.")
            return redirect("themes:frameworks-version", slug=slug, number=number)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/category_add.jinja",
        {"page_title": "Add a category", "framework": framework, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def theme_add(request, scope, slug: str, number: int):
    """Add a theme to a draft, then map it; like a category, at an address that opens with GET."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if request.method == "GET" and not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    categories = selectors.version_categories(scope=scope, version=version)
    form = NewThemeForm(request.POST or None, prefix="theme", categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            category = selectors.version_category_get(
                scope=scope, version=version, category_id=form.cleaned_data["category"]
            )
            theme = services.theme_add(scope=scope, category=category, name=form.cleaned_data["name"])
            messages.success(request, f"The theme {theme.name} has been added. Map it to CQC's quality statements.")
            return redirect("themes:frameworks-theme", slug=slug, number=number, theme_id=theme.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/theme_add.jinja",
        {
            "page_title": "Add a theme",
            "framework": framework,
            "version": version,
            "categories": categories,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@scoped_view
def version_item_change(request, scope, slug: str, number: int):
    """Move a theme or category up or down, or remove it: one POST per button."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    kind, action = request.POST.get("kind"), request.POST.get("action")
    try:
        item_id = int(request.POST.get("id", ""))
    except ValueError:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    # Back to the item; a removed theme's place is its category, a removed category's the top.
    anchor = f"#{kind}-{item_id}"
    try:
        if kind == "theme":
            theme = selectors.version_theme_get(scope=scope, version=version, theme_id=item_id)
            if action == "remove":
                services.theme_remove(scope=scope, theme=theme)
                messages.success(request, f"The theme {theme.name} has been removed from this draft.")
                anchor = f"#category-{theme.category_id}"
            elif action in ("up", "down"):
                services.theme_move(scope=scope, theme=theme, direction=action)
        elif kind == "category":
            category = selectors.version_category_get(scope=scope, version=version, category_id=item_id)
            if action == "remove":
                services.category_remove(scope=scope, category=category)
                messages.success(request, f"The category {category.name} has been removed from this draft.")
                anchor = ""
            elif action in ("up", "down"):
                services.category_move(scope=scope, category=category, direction=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{reverse('themes:frameworks-version', kwargs={'slug': slug, 'number': number})}{anchor}")


@require_http_methods(["GET", "POST"])
@scoped_view
def category_edit(request, scope, slug: str, number: int, category_id: int):
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    category = selectors.version_category_get(scope=scope, version=version, category_id=category_id)
    form = NameForm(request.POST or None, initial={"name": category.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_rename(scope=scope, category=category, name=form.cleaned_data["name"])
            messages.success(request, "The category has been renamed.")
            return redirect("themes:frameworks-version", slug=slug, number=number)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/category_edit.jinja",
        {
            "page_title": f"Rename {category.name}",
            "framework": framework,
            "version": version,
            "category": category,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def theme_edit(request, scope, slug: str, number: int, theme_id: int):
    """A theme of a draft: its name, description and category, and what it maps to in CQC's framework."""
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    framework, version = _draft_version(scope, slug, number)
    if not version.is_draft:
        return redirect("themes:frameworks-version", slug=slug, number=number)
    theme = selectors.version_theme_get(scope=scope, version=version, theme_id=theme_id)
    taxonomy = taxonomy_get(version.taxonomy)
    categories = selectors.version_categories(scope=scope, version=version)
    form = ThemeForm(
        request.POST or None,
        categories=categories,
        taxonomy=taxonomy,
        initial=ThemeForm.initial_for(theme, taxonomy),
    )
    if request.method == "POST" and form.is_valid():
        try:
            category = selectors.version_category_get(
                scope=scope, version=version, category_id=form.cleaned_data["category"]
            )
            services.theme_update(
                scope=scope,
                theme=theme,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                category=category,
                mappings=form.mappings(),
                unmapped_on_purpose=form.cleaned_data["unmapped_on_purpose"],
            )
            messages.success(request, "The theme has been saved.")
            return redirect(
                f"{reverse('themes:frameworks-version', kwargs={'slug': slug, 'number': number})}#theme-{theme.id}"
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "themes/theme_edit.jinja",
        {
            "page_title": f"Edit {theme.name}",
            "framework": framework,
            "version": version,
            "theme": theme,
            "taxonomy": taxonomy,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
