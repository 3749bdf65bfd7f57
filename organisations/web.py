"""What every signed-in page shares: finding the scope, the header, and turning errors into pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from audits.rules import Perm as AuditsPerm
from audits.rules import has_perm as has_audits_perm
from evidence.rules import Perm as EvidencePerm
from evidence.rules import has_perm as has_evidence_perm
from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from governance.rules import Perm as GovernancePerm
from governance.rules import has_perm as has_governance_perm
from governance.wording import PLAIN_WORDS, STAFF_WORDS, loop_words, names_for
from organisations import selectors
from organisations.rules import Perm, has_perm, may_change_settings
from organisations.scope import Scope, current_scope
from priorities.rules import Perm as PrioritiesPerm
from priorities.rules import has_perm as has_priorities_perm
from reports.rules import Perm as ReportsPerm
from reports.rules import has_perm as has_reports_perm
from themes.coding.rules import Perm as CodingPerm
from themes.coding.rules import has_perm as has_coding_perm
from themes.rules import Perm as ThemesPerm
from themes.rules import has_perm as has_themes_perm
from themes.selectors import urgent_open_count


@dataclass(frozen=True)
class NavItem:
    """A link: shown when `allowed(scope)`; `label(scope)` may add live figures to its text.

    The link is marked as the page's place when the page is `url_name`, shares its stem (the part
    before the first "-": `organisations:service-detail` is under `organisations:service-list`), or
    is named in `also`."""

    text: str
    url_name: str
    allowed: Callable[[Scope], bool]
    label: Callable[[Scope], str] | None = None
    also: tuple[str, ...] = ()
    plain_text: str = ""  # what a co-production partner reads instead of ``text`` (ADR 0009)

    def text_for(self, scope: Scope) -> str:
        return self.plain_text if self.plain_text and scope.plain_words else self.text

    def holds(self, view_name: str) -> bool:
        stem = view_name.split("-")[0]
        return view_name == self.url_name or stem == self.url_name.split("-")[0] or stem in self.also


@dataclass(frozen=True)
class NavSection:
    """A header link for a group of pages: it opens the first page the person may see, and on
    every page of the group a second row of links leads to the others."""

    text: str
    items: tuple[NavItem, ...]


def _always(scope: Scope) -> bool:
    return True


def _governance(scope: Scope) -> bool:
    return has_governance_perm(scope, GovernancePerm.VIEW)


def _audits(scope: Scope) -> bool:
    return has_audits_perm(scope, AuditsPerm.VIEW)


def _evidence(scope: Scope) -> bool:
    return has_evidence_perm(scope, EvidencePerm.VIEW)


def _priorities(scope: Scope) -> bool:
    return has_priorities_perm(scope, PrioritiesPerm.VIEW)


# In the order of the work: what was heard, what needs a person now, coding, the governance loop
# and its reports; then the organisation's settings.
NAVIGATION = [
    NavItem("Home", "organisations:home", _always),
    NavItem("Feedback", "feedback:list", lambda s: has_feedback_perm(s, FeedbackPerm.VIEW_FEEDBACK)),
    NavItem(
        "Urgent",
        "themes:queue",
        lambda s: has_themes_perm(s, ThemesPerm.VIEW_URGENT),
        label=lambda s: f"Urgent ({urgent_open_count(scope=s)} open)",
        also=("themes:flag",),
    ),
    NavItem("Coding", "themes:coding", lambda s: has_coding_perm(s, CodingPerm.CODE_FEEDBACK)),
    NavSection(
        "Governance",
        (
            NavItem("Meetings", "governance:meetings", _governance, also=("governance:meeting", "governance:decision")),
            NavItem("Actions", "governance:actions", _governance, also=("governance:action", "governance:handovers")),
            NavItem("Leadership challenges", "governance:challenges", _governance, also=("governance:challenge",)),
            NavItem(
                STAFF_WORDS.title,
                "governance:loops",
                _governance,
                also=("governance:theme",),
                plain_text=PLAIN_WORDS.title,
            ),
            NavItem("Co-production", "governance:coproduction", _governance),
            NavItem(
                "Audits",
                "audits:programme",
                _audits,
                also=("audits:plan", "audits:run", "audits:templates", "audits:version"),
            ),
            NavItem("Evidence", "evidence_items:list", _evidence, also=("evidence_items:measures",)),
            NavItem(
                "Quality priorities",
                "priorities:list",
                _priorities,
                also=("priorities:new", "priorities:priority", "priorities:session"),
            ),
        ),
    ),
    NavItem("Reports", "reports:index", lambda s: has_reports_perm(s, ReportsPerm.VIEW_REPORT_FIGURES)),
    NavItem("Themes", "themes:frameworks", lambda s: has_themes_perm(s, ThemesPerm.VIEW_FRAMEWORKS)),
    NavSection(
        "Organisation",
        (
            NavItem("Services", "organisations:service-list", lambda s: has_perm(s, Perm.VIEW_SERVICES)),
            NavItem("People", "organisations:person-list", lambda s: has_perm(s, Perm.VIEW_PEOPLE)),
            NavItem("Audit log", "organisations:audit-log", lambda s: has_perm(s, Perm.VIEW_AUDIT_LOG)),
            NavItem("Settings", "organisations:settings", may_change_settings),
        ),
    ),
]


def navigation_for(scope: Scope, view_name: str) -> tuple[list[dict], dict | None]:
    """The header's links, and the second row of links of the group the page is in (or None)."""
    header, section_links = [], None
    for entry in NAVIGATION:
        items = entry.items if isinstance(entry, NavSection) else (entry,)
        shown = [item for item in items if item.allowed(scope)]
        if not shown:
            continue
        here = next((item for item in shown if item.holds(view_name)), None)
        if isinstance(entry, NavSection):
            text, current = entry.text, False  # a group's link is never the page itself
        else:
            text, current = (entry.label(scope) if entry.label else entry.text_for(scope)), view_name == entry.url_name
        header.append(
            {
                "text": text,
                "href": reverse(shown[0].url_name),
                "current": current,
                "active": here is not None and not current,
            }
        )
        if isinstance(entry, NavSection) and here is not None and len(shown) > 1:
            section_links = {
                "label": entry.text,
                "items": [
                    {
                        "text": item.text_for(scope),
                        "href": reverse(item.url_name),
                        # The page itself, or (a meeting under Meetings, say) the list it sits under.
                        "current": "page" if view_name == item.url_name else ("true" if item is here else ""),
                    }
                    for item in shown
                ],
            }
    return header, section_links


def query_without_page(request) -> str:
    """The page's filters as a query string, for pagination links that add their own page number."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def scoped_view(view):
    """Run the view with the acting scope; without one, go and choose an organisation.

    An object outside the scope raises DoesNotExist in the selectors: that is a 404 here,
    so nobody can tell whether another organisation's record exists.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = current_scope(request)
        if scope is None:
            return redirect("organisations:choose")
        try:
            return view(request, scope, *args, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404("Not found") from exc

    return wrapper


def render_page(request, scope: Scope | None, template: str, context: dict, *, status: int = 200):
    current = request.resolver_match.view_name if request.resolver_match else ""
    if scope is not None:
        # A view may work in the part of the scope its permission allows (``require`` narrows it);
        # the page frame (navigation, service switcher) shows everything the person may reach.
        scope = current_scope(request) or scope
    navigation, section_navigation = navigation_for(scope, current) if scope is not None else ([], None)
    account_items = []
    if request.user.is_authenticated:
        account_items = [
            {"text": request.user.full_name, "icon": True},
            {"href": reverse("organisations:choose"), "text": "Change organisation"}
            if scope is not None and selectors.organisations_for_user(user=request.user).count() > 1
            else None,
            {"href": reverse("accounts:sign-out"), "text": "Sign out"},
        ]
    service_choices = []
    if scope is not None and (scope.all_services or len(scope.service_ids) > 1):
        service_choices = list(selectors.service_list(scope=scope).only("id", "name"))
    form = context.get("form")
    base = {
        "scope": scope,
        "navigation": navigation,
        "section_navigation": section_navigation,
        "account_items": [item for item in account_items if item],
        "service_choices": service_choices,
        "may_use_api": scope is not None and has_perm(scope, Perm.USE_API),
        # Plain words only for a person who uses the services (ADR 0009), decided here, not in templates.
        "plain_words": scope is not None and scope.plain_words,
        "loop_words": loop_words(scope),
        "reader_names": names_for(scope),
        "form_has_errors": bool(form is not None and form.errors),
    }
    return TemplateResponse(request, template, {**base, **context}, status=status)


@dataclass(frozen=True)
class BackLink:
    href: str
    text: str


def back_link(request, allowed: dict[str, str]) -> BackLink | None:
    """Where the page was opened from, when its address says so (``?back=/path/``): only a path on
    this site, only to one of the ``allowed`` pages (URL name -> the back link's words)."""
    path = request.GET.get("back", "")
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return None
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    text = allowed.get(match.view_name)
    return BackLink(path, text) if text else None
