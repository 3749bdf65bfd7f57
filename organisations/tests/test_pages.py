"""Page behaviour beyond permissions: query counts pinned on list pages, filters, export, switching service."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from organisations import services as svc
from organisations import services_people
from organisations.models import ServiceType
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role


@pytest.fixture
def admin_client(client, org, services):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    client.force_login(admin.user)
    return client


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name, grow",
    [
        ("organisations:service-list", lambda org, i: ServiceFactory(organisation=org)),
        ("organisations:person-list", lambda org, i: person_with_role(org, Role.STAFF, all_services=True)),
        ("organisations:home", lambda org, i: ServiceFactory(organisation=org)),
    ],
)
def test_list_pages_make_the_same_queries_however_long_the_list(admin_client, org, name, grow):
    url = reverse(name)
    admin_client.get(url)  # the first request also records the chosen organisation in the session
    for i in range(3):
        grow(org, i)
    few = count_queries(admin_client, url)
    for i in range(20):
        grow(org, i)
    assert count_queries(admin_client, url) == few
    # The home page also shows where the loop stands, themes, overdue actions and urgent flags.
    assert few <= (24 if name == "organisations:home" else 16)


def test_the_audit_log_query_count_is_pinned(admin_client, org):
    def add_events(n):
        for i in range(n):
            AuditEvent.objects.create(
                organisation=org,
                actor=None,
                actor_label="x",
                at="2026-01-01T00:00:00Z",
                verb="organisations.service.update",
                object_type="organisations.service",
                object_id=str(i),
                object_label=f"s{i}",
            )

    url = reverse("organisations:audit-log")
    add_events(2)
    admin_client.get(url)
    few = count_queries(admin_client, url)
    add_events(30)
    assert count_queries(admin_client, url) == few


def test_the_audit_log_filters_by_verb_and_person(admin_client, org, make_scope):
    lead = make_scope(Role.ADMINISTRATOR)
    svc.service_create(scope=lead, name="Oak Lodge", service_type=ServiceType.CARE_HOME)
    services_people.person_create(scope=lead, full_name="Jean Taylor")
    page = admin_client.get(
        reverse("organisations:audit-log"), {"verb": "organisations.service", "actor": lead.user.id}
    )
    body = page.content.decode()
    assert "Service added: Oak Lodge" in body and "Person added" not in body
    assert "organisations.service.create" not in body  # the code is for the spreadsheet, not the page
    # and the filter offers every area of Heard, in plain words
    assert 'value="actions"' in body and "Urgent flags" in body


def test_the_audit_log_exports_what_is_filtered_with_formulas_neutralised(admin_client, org, make_scope):
    lead = make_scope(Role.ADMINISTRATOR)
    svc.service_create(scope=lead, name='=HYPERLINK("http://x")', service_type=ServiceType.CARE_HOME)
    services_people.person_create(scope=lead, full_name="Jean Taylor")
    response = admin_client.get(reverse("organisations:audit-log-export"), {"verb": "organisations.service"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "who", "verb"]
    assert [r[2] for r in rows[1:]] == ["organisations.service.create"]
    assert rows[1][5].startswith("'=HYPERLINK")
    assert "Jean Taylor" not in str(rows)


def test_switching_service_narrows_the_home_page(admin_client, services):
    admin_client.post(reverse("organisations:switch-service"), {"service": services[1].id, "next": "/"})
    body = admin_client.get(reverse("organisations:home")).content.decode()
    assert "<h1>Beech Court</h1>" in body and "Rowan House" not in body.split("<h2>Services</h2>")[1]


def test_switching_to_a_service_outside_your_scope_is_ignored(client, org, services, other_org):
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0], services[1]])
    client.force_login(manager.user)
    theirs = ServiceFactory(organisation=other_org)
    for target in (services[2].id, theirs.id):
        client.post(reverse("organisations:switch-service"), {"service": target, "next": "https://evil.example/"})
        body = client.get(reverse("organisations:home")).content.decode()
        assert "<h1>Northgate Care</h1>" in body


def test_a_redirect_after_switching_stays_on_this_site(admin_client, services):
    response = admin_client.post(
        reverse("organisations:switch-service"), {"service": "", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("organisations:home")


def test_a_service_that_is_not_a_plain_number_is_ignored(admin_client, services):
    """ "²" passes str.isdigit() but int() refuses it: no server error, the whole organisation shown."""
    for raw in ("²", "½", "x"):
        response = admin_client.post(reverse("organisations:switch-service"), {"service": raw, "next": "/"})
        assert response.status_code == 302


def test_forms_show_errors_next_to_the_field(admin_client):
    response = admin_client.post(
        reverse("organisations:service-add"), {"name": "", "service_type": "", "postcode": "nope"}
    )
    body = response.content.decode()
    assert "There is a problem" in body and "Enter a real postcode" in body
    assert "<title>Error: Add a service" in body


def _header_links(html: str) -> list[str]:
    import re

    header = html[html.index("<header") : html.index("</header>")]
    menu = header[header.index('id="header-navigation"') :] if 'id="header-navigation"' in header else header
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in re.findall(r"<a[^>]*>(.*?)</a>", menu, re.S)]


def test_the_header_groups_governance_and_the_organisation_and_each_group_has_its_own_links(client, org, services):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    client.force_login(admin.user)

    html = client.get(reverse("governance:actions")).content.decode()
    links = _header_links(html)
    for group in ("Governance", "Organisation"):
        assert group in links
    for inside in ("Meetings", "Actions", "Loops", "People", "Audit log"):
        assert inside not in links  # in their group's own row of links, not the header
    section = html[html.index('<nav class="heard-section-nav" aria-label="Governance">') :]
    section = section[: section.index("</nav>")]
    assert [line for line in ("Meetings", "Actions", "Leadership challenges", "Loops") if line in section] == [
        "Meetings",
        "Actions",
        "Leadership challenges",
        "Loops",
    ]
    assert 'href="/governance/actions/" aria-current="page"' in section

    people = client.get(reverse("organisations:person-list")).content.decode()
    assert 'aria-label="Organisation"' in people and 'aria-label="Governance"' not in people
    assert 'href="/people/" aria-current="page"' in people


def test_a_group_with_one_page_for_the_person_has_no_second_row(client, org, services):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    html = client.get(reverse("organisations:service-list")).content.decode()
    assert "Organisation" in _header_links(html)  # staff see services, not people or the audit log
    assert "heard-section-nav" not in html


def test_the_audit_log_shows_recorded_lists_and_flags_in_words(admin_client, org):
    """A coding's themes were shown as Python saw them: "confirmed: ['food-and-drink']", "rejected: []"."""
    AuditEvent.objects.create(
        organisation=org,
        actor=None,
        actor_label="Grace Okafor",
        at="2026-01-01T00:00:00Z",
        verb="themes.comment.code",
        object_type="feedback.comment",
        object_id="1",
        object_label="comment 1",
        changes={
            "confirmed": ["food-and-drink", "independence"],
            "rejected": [],
            "bulk": False,
            "status": {"from": None, "to": "open"},
        },
    )
    body = admin_client.get(reverse("organisations:audit-log")).content.decode()
    for line in ("confirmed: food-and-drink, independence", "rejected: none", "bulk: no", "status: — → open"):
        assert line in body
    assert "[" not in body.split("<tbody")[1].split("</tbody>")[0]
    response = admin_client.get(reverse("organisations:audit-log-export"))
    row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1]
    assert set(row[6].split("; ")) == {  # PostgreSQL keeps a JSON object's keys in its own order
        "confirmed: food-and-drink, independence",
        "rejected: none",
        "bulk: no",
        "status: — → open",
    }


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PARTNER])
def test_each_page_in_the_navigation_is_headed_and_titled_as_its_link(client, org, services, role):
    # A person who follows "Actions" lands on a page called Actions, not "Action log": the link,
    # the page's heading and the browser's title all say the same (a partner's words included).
    import html as html_lib
    import re

    from organisations.scope import scope_of_person, system_scope
    from organisations.web import NAVIGATION, NavSection
    from themes.services import framework_install

    framework_install(scope=system_scope(organisation=org), key="social-care")
    person = person_with_role(org, role, all_services=True)
    client.force_login(person.user)
    scope = scope_of_person(person)
    checked = []
    for entry in NAVIGATION:
        for item in entry.items if isinstance(entry, NavSection) else (entry,):
            if item.label is not None or item.url_name == "organisations:home" or not item.allowed(scope):
                continue  # a link with live figures, and the home page, which is headed by the organisation
            page = client.get(reverse(item.url_name), follow=True).content.decode()
            heading = re.sub(r"<[^>]+>|\s+", " ", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()
            title = html_lib.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
            text = item.text_for(scope)
            # The link may open one of several pages ("Coding" opens "Coding: <framework>").
            assert heading == text or heading.startswith(f"{text}: "), item.url_name
            assert title == f"{heading} – Heard", item.url_name
            checked.append(text)
    assert "Actions" in checked and "Co-production" in checked and "Audits" in checked
