"""Evidence of impact that is a page in Heard is kept as its path, so its link leads to that page on
whatever address Heard is served at (a demo on another port, a second name for the site), on the
action's page, in the CQC pack and through the API (ADR 0009)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import ActionStatus, ActionStatusChange
from governance.services.checks import evidence_link_kept, evidence_link_valid
from reports.cqc import cqc_pack

from .test_api import token

PAGE = "/audits/?q=call+bell"
ELSEWHERE = "https://survey.example.org/results?q=nights"
# The address the tests reach Heard at, other than the one it was set up for (HEARD_SITE_URL).
HOST = "localhost:8153"


@pytest.fixture
def served_elsewhere(settings):
    settings.HEARD_SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


@pytest.mark.parametrize(
    ("link", "valid"),
    [
        (PAGE, True),
        ("/audits/", True),
        (ELSEWHERE, True),
        ("http://127.0.0.1:8000/feedback/", True),
        ("//evil.example/feedback/", False),
        ("/\\evil.example/feedback/", False),
        ("/feedback/ with words", False),
        ("feedback/", False),
        ("javascript:alert(1)", False),
        ("ftp://files.example.org/audit.pdf", False),
    ],
)
def test_evidence_of_impact_is_a_web_address_or_a_page_in_heard(link, valid):
    assert evidence_link_valid(link) is valid


def close_with(team, action, link):
    action.refresh_from_db()
    if action.status != ActionStatus.AWAITING_CHECK:  # a check is of work its lead has said is done
        gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Weekly audit running.")
    return gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Fewer complaints.",
        link=link,
    )


def test_a_page_in_heard_is_kept_as_its_path(org, team, loop):
    close_with(team, loop["action"], f"  {PAGE} ")
    loop["action"].refresh_from_db()
    assert (loop["action"].status, loop["action"].impact_link) == (ActionStatus.CLOSED, PAGE)
    assert ActionStatusChange.objects.for_org(org).get(action=loop["action"], to_status="closed").link == PAGE


def test_a_link_to_another_site_by_its_path_alone_is_refused(org, team, loop):
    with pytest.raises(ValidationError) as refused:
        close_with(team, loop["action"], "//evil.example/feedback/")
    assert "starting with /" in " ".join(refused.value.message_dict["link"])
    loop["action"].refresh_from_db()
    assert loop["action"].status == ActionStatus.AWAITING_CHECK


def test_the_action_page_links_to_the_page_at_the_address_it_was_opened_at(
    client, org, services, team, loop, served_elsewhere
):
    # Narrowed to the action's service and to the days from the one it was done (ADR 0009).
    page = reverse("feedback:list") + f"?service={services[0].id}&since={clock.today().isoformat()}&q=call+bell"
    close_with(team, loop["action"], page)
    client.force_login(team.quality.user)
    shown = html.unescape(
        client.get(reverse("governance:action", args=[loop["action"].id]), HTTP_HOST=HOST).content.decode()
    )
    assert f'<a href="{page}">What shows it</a>' in shown and f'<a href="{page}">evidence</a>' in shown
    assert "127.0.0.1:8000" not in shown
    # Followed from there, it opens the feedback at the same address.
    assert client.get(page, HTTP_HOST=HOST).status_code == 200


def test_the_cqc_pack_links_to_the_page_as_it_links_to_its_own_records(org, team, loop):
    close_with(team, loop["action"], PAGE)
    pack = cqc_pack(scope=team.scope("quality"))
    [row] = pack.section("checks").all_tables[0].rows
    assert row[-1] == PAGE and row[-1].href == PAGE
    assert row[0].href == reverse("governance:action", args=[loop["action"].id])


def test_the_api_gives_a_page_in_heard_at_the_address_it_was_asked_at(client, org, team, loop, served_elsewhere):
    close_with(team, loop["action"], PAGE)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(team.quality)}", "HTTP_HOST": HOST}
    got = client.get(f"/api/governance/actions/{loop['action'].id}", **headers)
    assert got.status_code == 200, got.content
    assert got.json()["impact_link"] == f"http://{HOST}{PAGE}"


def test_the_api_gives_a_web_address_as_it_was_given(client, org, team, loop, served_elsewhere):
    close_with(team, loop["action"], ELSEWHERE)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(team.quality)}", "HTTP_HOST": HOST}
    [listed] = client.get("/api/governance/actions", **headers).json()
    assert listed["impact_link"] == ELSEWHERE


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("http://127.0.0.1:8000/audits/3/", "/audits/3/"),  # the address the site was set up for
        ("http://localhost:8153/feedback/?q=call+bell#top", "/feedback/?q=call+bell#top"),  # another port
        ("https://heard.northgate.example/priorities/", "/priorities/"),  # HEARD_SITE_URL's host
        ("http://127.0.0.1:8000", "/"),
        (ELSEWHERE, ELSEWHERE),  # another site is kept as given
        ("https://localhost.example.org/results", "https://localhost.example.org/results"),
        (PAGE, PAGE),
    ],
)
def test_a_full_address_of_a_page_of_this_site_is_kept_as_its_path(settings, pasted, kept):
    settings.HEARD_SITE_URL = "https://heard.northgate.example"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert evidence_link_kept(pasted) == kept


def test_a_host_allowed_by_a_wildcard_is_not_taken_for_this_site(settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert evidence_link_kept(ELSEWHERE) == ELSEWHERE


def test_a_pasted_address_of_a_heard_page_leads_to_it_on_any_port(client, org, team, loop, served_elsewhere):
    close_with(team, loop["action"], "http://127.0.0.1:8000/audits/")
    loop["action"].refresh_from_db()
    assert loop["action"].impact_link == "/audits/"
    assert ActionStatusChange.objects.for_org(org).get(action=loop["action"], to_status="closed").link == "/audits/"
    client.force_login(team.quality.user)
    shown = client.get(reverse("governance:action", args=[loop["action"].id]), HTTP_HOST=HOST).content.decode()
    assert '<a href="/audits/">What shows it</a>' in shown and "127.0.0.1:8000" not in shown
