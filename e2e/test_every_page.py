"""End to end: every page a person can reach in the demo passes axe (WCAG 2.2 AA and best practice) with
no console errors, for the public, who do not sign in, and for each kind of person who does.

The demo organisation is built with every kind of record (300 pieces of feedback, for speed), plus an
inspector's link and PDFs being made and failed. The public's pages are opened first, signed out: the feedback
form, the easy read start and each of its questions, the short address on a poster, both thank-you pages and
"You said, we did". Then, for each role in turn (co-production partner, commissioner, staff, service manager,
leader, quality lead, administrator: those who reach least first), the sweep starts at the home page and
follows links breadth-first: GET only, `href`s on this site, leaving out signing out, the API and downloads
(exports, PDFs, spreadsheets, QR images: a last part of the address with a file extension).

The cap: addresses are grouped by the URL pattern they match (`/feedback/12/` and `/feedback/40/` are one;
so are two theme pages or two UUIDs; query strings are ignored). For each role the sweep opens one address of
each pattern (at most MAX_PAGES), to find its links, and checks it with axe only if no one before checked
that pattern (PER_PATTERN = 1 in the whole sweep); the home page and the public's pages are checked every
time. That keeps the run near 2.5 minutes on two cores; every pattern is still checked once, as the first
role to reach it sees it. Whether a link leads to a page its reader may open is not this test's concern.

Every failure is gathered and the test fails once at the end with the whole list (page, role, axe rule ids,
impact and elements, or console errors), so one run shows them all.
"""

import json
import re
import time
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils import timezone

from feedback.demo import feedback_demo_build
from feedback.public import easy_read
from organisations import feedback_codes
from organisations.demo import demo_build
from organisations.demo.records import demo_records_build
from organisations.models import Person, Service
from organisations.scope import scope_for
from organisations.tests.factories import PASSWORD
from reports.inspector import inspector_link_create
from reports.models import ReportFile

pytestmark = pytest.mark.django_db(transaction=True)

PER_PATTERN = 1  # pages checked with axe for each URL pattern, in the whole sweep
MAX_PAGES = 150  # pages opened for each role, a guard against a link that makes new addresses for ever

# One demo person for each role (organisations/demo/northgate.py says who is who), those who reach least
# first: a page whose pattern was checked for someone before is opened only for its links.
ROLES = {
    "co-production partner": "jean.taylor@northgate.example",
    "commissioner": "helen.brooks@northgate.example",
    "staff": "aisha.rahman@northgate.example",
    "service manager": "tom.hargreaves@northgate.example",
    "leader": "david.mensah@northgate.example",
    "quality lead": "grace.okafor@northgate.example",
    "administrator": "priya.shah@northgate.example",
}

# A page of each part of Heard, which the sweep must have checked (the ids are any: a pattern is matched).
REACHED = [
    "/feedback/1/",
    "/feedback/import/",
    "/themes/urgent/1/",
    "/themes/coding/slug/comments/1/",
    "/themes/frameworks/slug/",
    "/governance/meetings/1/",
    "/governance/decisions/1/",
    "/governance/actions/1/",
    "/governance/challenges/1/",
    "/governance/co-production/1/",
    "/priorities/1/",
    "/priorities/ideas/1/",
    "/audits/1/",
    "/evidence/1/",
    "/reports/cqc/",
    "/reports/cqc/inspector-links/",
    "/reports/pdfs/1/",
    "/people/1/",
    "/settings/",
    "/audit/",
]

LEFT_OUT = re.compile(r"/sign-out/|/api/|download|/export|/static/|/media/", re.IGNORECASE)
A_FILE = re.compile(r"/[^/]+\.[A-Za-z0-9]+$")  # export.csv, monthly.xlsx, qr.svg


def pattern_of(path: str) -> str:
    """The URL pattern a path matches: `feedback/<int:feedback_id>/` for /feedback/12/ and /feedback/40/."""
    try:
        return "/" + resolve(urlsplit(path).path).route
    except Resolver404:
        return re.sub(r"[^/]*\d[^/]*", "N", urlsplit(path).path)


def followable(base: str, href: str) -> str | None:
    """The path and query of a link worth opening, or None."""
    if not href.startswith(base):
        return None  # another site, mailto:, tel:, javascript:
    parts = urlsplit(href)
    if LEFT_OUT.search(parts.path) or A_FILE.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _northgate():
    org = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=org, seed=2026, total=300)
    demo_records_build(organisation=org, seed=2026, review_suggestions=5)
    # The records the demo has none of: an inspector's link, and PDFs being made and failed.
    lead = Person.objects.for_org(org).get(email=ROLES["quality lead"])
    inspector_link_create(scope=scope_for(user=lead.user, organisation=org), label="CQC inspection", days=14)
    admin = Person.objects.for_org(org).get(email=ROLES["administrator"])
    for status, stage in [("making", "Drawing the charts"), ("failed", "It could not be made")]:
        ReportFile.objects.create(
            organisation=org,
            requested_by=admin,
            kind="monthly",
            title="Monthly quality and safety pack",
            status=status,
            progress=40,
            stage=stage,
            requested_at=timezone.now(),
        )
    # The demo's password is the demo's; the browser signs in with the tests' one.
    for user in get_user_model().objects.filter(email__in=ROLES.values()):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return org


def _violations(exc: AssertionError) -> str:
    """The axe result (or the console problems) of a failed check, in a line or a few."""
    text = str(exc).split("\nassert ")[0]
    _, _, found = text.partition(": ")
    try:
        found = json.loads(found)
    except ValueError:
        return text
    return "; ".join(f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in found)


def sweep(visit, who: str, start: list[str], *, checked: Counter, failures: list[str]) -> dict:
    """Open pages breadth-first from `start`, one for each URL pattern, and check each start page and each
    page of a pattern checked fewer than PER_PATTERN times so far; return the paths opened and checked."""
    page = visit.page
    queue, queued = deque(start), set(start)
    patterns, opened, checked_here = set(), [], []
    while queue and len(opened) < MAX_PAGES:
        path = queue.popleft()
        pattern = pattern_of(path)
        if pattern in patterns and path not in start:
            continue
        patterns.add(pattern)
        visit.problems.clear()
        try:
            page.goto(visit.base_url + path)
        except Exception as exc:  # a page that never loads is a failure too, and the sweep goes on
            failures.append(f"{path} [{who}]: did not load: {exc}")
            continue
        opened.append(path)
        patterns.add(pattern_of(page.url.removeprefix(visit.base_url)))  # where a redirect led
        if checked[pattern] < PER_PATTERN or path in start:
            checked[pattern] += 1
            checked_here.append(path)
            try:
                visit.check_accessibility()
            except AssertionError as exc:
                failures.append(f"{path} [{who}]: {_violations(exc)}")
        elif visit.problems:
            failures.append(f"{path} [{who}]: {visit.problems}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href.split('#')[0])"):
            link = followable(visit.base_url, href)
            if link and link not in queued:
                queued.add(link)
                queue.append(link)
    return {"opened": opened, "checked": checked_here}


def test_every_page_a_person_can_reach_passes_axe(visit):
    cache.clear()
    started = time.monotonic()
    org = _northgate()
    built = time.monotonic()
    visit.page.set_default_timeout(30_000)
    failures: list[str] = []
    checked = Counter()

    # The public, signed out: every page of the feedback forms is a start, so each is checked.
    service = Service.objects.for_org(org).order_by("id").first()
    link = service.feedback_link_id
    public = [
        f"/give-feedback/{link}/",
        f"/give-feedback/{link}/easy-read/",
        *(f"/give-feedback/{link}/easy-read/{step.slug}/" for step in easy_read.STEPS),
        f"/f/{feedback_codes.shown(service.feedback_code)}/",
        f"/give-feedback/{link}/thank-you/",
        f"/give-feedback/{link}/easy-read/thank-you/",
        f"/give-feedback/{link}/you-said-we-did/",
    ]
    swept = {"public": sweep(visit, "public", public, checked=checked, failures=failures)}
    for role, email in ROLES.items():
        visit.sign_in(email)
        swept[role] = sweep(visit, role, ["/"], checked=checked, failures=failures)

    finished = time.monotonic()
    print(f"\nBuilt the demo in {built - started:.0f}s, swept the pages in {finished - built:.0f}s")
    for who, pages in swept.items():
        print(f"{who}: {len(pages['opened'])} pages opened, {len(pages['checked'])} checked")
        for path in pages["checked"]:
            print(f"    {path}")
    # The sweep found its way to every part of Heard...
    missing = [path for path in REACHED if pattern_of(path) not in checked]
    assert missing == []
    # ...and every page it checked passes.
    assert failures == [], "\n" + "\n".join(failures)
