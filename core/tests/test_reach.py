"""Every page each role can reach, followed link by link from the home page of the demo organisation:
none fails, none links to a page the same person is then refused (a dead end), and none opens for
someone it is not for (the second organisation's administrator; a commissioner or a member of staff
at another service). A commissioner's pages show none of the personal details feedback givers left.

The demo is built once for the module (small on feedback) and each role's pages are read once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qsl, urljoin, urlparse

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from audits.models import AuditCase, AuditRun
from evidence.models import EvidenceItem
from feedback.demo import feedback_demo_build
from feedback.models import Comment, Feedback
from governance.models import Action, Challenge, CoproductionActivity, Decision, Meeting
from organisations.demo import demo_build
from organisations.demo.records import demo_records_build
from organisations.models import Organisation, Person, Service
from organisations.scope import scope_for
from priorities.models import PriorityIdea, QualityPriority
from themes.models import UrgentFlag

ROLES = {
    "administrator": "priya.shah@northgate.example",
    "quality lead": "grace.okafor@northgate.example",
    "leader": "david.mensah@northgate.example",
    "service manager": "tom.hargreaves@northgate.example",
    "staff": "aisha.rahman@northgate.example",
    "commissioner": "helen.brooks@northgate.example",
    "co-production partner": "jean.taylor@northgate.example",
}
OTHER_ADMINISTRATOR = "owen.price@riverside.example"

# Links not followed: signing out, files to download, and the API (read by programs, not people).
SKIP = re.compile(r"sign-out|logout|download|export|\.(pdf|csv|xlsx|json|png|svg)$|^/api/|^/static/|^/media/")
# Pages read (and their links followed) for each pattern of address, and links to one pattern only
# opened to see that they open: enough to meet every kind of page and link without reading thousands.
READ_PER_PATTERN = 1
CHECK_PER_PATTERN = 1
HREF = re.compile(r'href="([^"#]*)')

# The records a page's address names, by the name its address gives the id, with where each keeps
# its service (``SERVICE_PATH``): what tells whether a page is about a service.
RECORDS = {
    "feedback_id": Feedback,
    "comment_id": Comment,
    "flag_id": UrgentFlag,
    "action_id": Action,
    "meeting_id": Meeting,
    "decision_id": Decision,
    "challenge_id": Challenge,
    "activity_id": CoproductionActivity,
    "session_id": CoproductionActivity,
    "priority_id": QualityPriority,
    "idea_id": PriorityIdea,
    "run_id": AuditRun,
    "case_id": AuditCase,
    "item_id": EvidenceItem,
    "service_id": Service,
}


@dataclass
class Crawl:
    status: dict[str, int] = field(default_factory=dict)  # every address opened, with its answer
    linked_from: dict[str, str] = field(default_factory=dict)  # the first page that linked each address
    read: list[str] = field(default_factory=list)  # the pages whose links were followed
    pages: dict[str, str] = field(default_factory=dict)  # what the pages said, when kept

    def failures(self) -> list[str]:
        return [
            f"{url} answered {code}, linked from {self.linked_from.get(url, '(start)')}"
            for url, code in self.status.items()
            if code >= 500 or code in (403, 404)
        ]


def _pattern(url: str) -> str:
    """The address's route ("feedback/<int:feedback_id>/") and the names of its query's fields, but
    for where to go back to: what makes two addresses the same kind of page."""
    parts = urlparse(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"back"}))
    return route + ("?" + keys if keys else "")


def _links(url: str, html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        full = urlparse(urljoin(url, href.replace("&amp;", "&")))
        if full.scheme not in ("", "http", "https") or full.netloc not in ("", "testserver"):
            continue
        if SKIP.search(full.path) or full.path.startswith("/sign-in"):
            continue
        found.append(full.path + ("?" + full.query if full.query else ""))
    return found


def _page(url: str) -> str:
    """The page an address opens, whatever it says to go back to."""
    parts = urlparse(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "back"]
    return parts.path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")


def crawl(client: Client, *, keep_pages: bool = False) -> Crawl:
    """Open "/" and follow its links, breadth first: up to READ_PER_PATTERN pages of each pattern are
    read for links, up to CHECK_PER_PATTERN more from each pattern of page only opened. A page is
    opened once, whatever it is told to go back to."""
    found = Crawl()
    queue = ["/"]
    reading, checking = Counter(), Counter()
    pages = set()
    while queue:
        url = queue.pop(0)
        if url in found.status or _page(url) in pages:
            continue
        pages.add(_page(url))
        pattern = _pattern(url)
        read = reading[pattern] < READ_PER_PATTERN
        pair = (_pattern(found.linked_from[url]) if url in found.linked_from else "", pattern)
        if not read and checking[pair] >= CHECK_PER_PATTERN:
            continue
        response = client.get(url)
        found.status[url] = response.status_code
        if response.status_code in (301, 302, 303, 307, 308):  # where it sends them must open too
            for link in _links(url, f'href="{response["Location"]}"'):
                if link not in found.status:
                    found.linked_from.setdefault(link, url)
                    queue.append(link)
        if not read or response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            checking[pair] += 1
            continue
        reading[pattern] += 1
        found.read.append(url)
        html = response.content.decode()
        if keep_pages:
            found.pages[url] = html
        for link in _links(url, html):
            if link not in found.status:
                found.linked_from.setdefault(link, url)
                queue.append(link)
    return found


def _client(email: str) -> Client:
    client = Client()
    client.force_login(Person.objects.unscoped_across_organisations().get(email=email).user)
    return client


@pytest.fixture(scope="module")
def built(module_records):
    """Northgate with every kind of record (a little feedback), and Riverside beside it; each role's
    pages read once."""
    with module_records.unblock():
        northgate, riverside = (r.organisation for r in demo_build(seed=2026))
        feedback_demo_build(organisation=northgate, seed=2026, total=200)
        feedback_demo_build(organisation=riverside, seed=2027, months=3, per_service_month=4)
        demo_records_build(organisation=northgate, seed=2026, review_suggestions=5)
        crawls = {
            role: crawl(_client(email), keep_pages=role in ("commissioner", "quality lead"))
            for role, email in ROLES.items()
        }
    return northgate.pk, crawls


@pytest.fixture
def northgate(db, built):
    return Organisation.objects.get(pk=built[0])


@pytest.fixture
def crawls(built):
    return built[1]


def _ids(url: str) -> dict[str, int]:
    try:
        kwargs = resolve(urlparse(url).path).kwargs
    except Resolver404:
        return {}
    return {k: v for k, v in kwargs.items() if k.endswith("_id") and isinstance(v, int)}


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_fails_and_no_link_leads_to_a_page_refused(db, crawls, role):
    found = crawls[role]
    print(f"{role}: {len(found.read)} pages read, {len(found.status)} opened")  # noqa: T201
    assert len(found.read) >= (5 if role == "commissioner" else 15), found.status
    failures = found.failures()
    assert failures == [], "\n".join(failures)


def test_the_second_organisations_administrator_opens_none_of_the_first_organisations_pages(db, crawls):
    reached = [url for url, code in crawls["administrator"].status.items() if code == 200 and _ids(url)]
    assert len(reached) >= 50
    client = _client(OTHER_ADMINISTRATOR)
    opened = {url: code for url in reached if (code := client.get(url).status_code) not in (403, 404)}
    assert opened == {}


def _services_named(org, url: str) -> set[int | None]:
    """The services of the records a page's address names (None for one of the whole organisation)."""
    services = set()
    for name, record_id in _ids(url).items():
        model = RECORDS.get(name)
        if model is None:
            continue
        path = model.SERVICE_PATH if model is not Service else "id"
        services.update(model.objects.for_org(org).filter(pk=record_id).values_list(path, flat=True))
    return services


@pytest.mark.parametrize("role", ["commissioner", "staff"])
def test_nobody_opens_a_page_about_a_service_their_roles_do_not_cover(northgate, crawls, role):
    email = ROLES[role]
    person = Person.objects.for_org(northgate).get(email=email)
    scope = scope_for(user=person.user, organisation=northgate)
    elsewhere = {}
    for url, code in crawls["administrator"].status.items():
        if code != 200:
            continue
        named = _services_named(northgate, url)
        if named and None not in named and not any(scope.covers_service(s) for s in named):
            elsewhere[url] = named
    assert len(elsewhere) >= 20
    client = _client(email)
    opened = {url: code for url in elsewhere if (code := client.get(url).status_code) not in (403, 404)}
    assert opened == {}


def test_a_commissioner_sees_nobodys_personal_details(northgate, crawls):
    givers = Person.objects.for_org(northgate).filter(feedback_given__isnull=False).distinct()
    details = {d for p in givers for d in (p.full_name, p.email, p.phone) if d}
    details |= set(
        Feedback.objects.for_org(northgate).exclude(reply_contact="").values_list("reply_contact", flat=True)
    )
    assert len(details) >= 5

    def shown(pages):
        return {(url, d) for url, page in pages.items() for d in details if d in page or escape(d) in page}

    # The quality lead reads them where their work needs them: the strings are the ones pages show.
    assert shown(crawls["quality lead"].pages)
    assert len(crawls["commissioner"].pages) >= 8
    assert shown(crawls["commissioner"].pages) == set()
