"""A problem with the service of a new co-production activity is said where the person can see it:
in the summary at the top, and on the answer "Which service it was about" that the page shows, not on
the hidden field that sends the service again with the form (ADR 0014)."""

import re

from django.urls import reverse

from governance.models import CoproductionActivity
from organisations.forms import NOT_OFFERED
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.services import service_archive
from organisations.services_people import role_assign
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words

from .test_ledger_archived_service import _posted

CLOSED = "Rowan House has been archived, so no activity is recorded there now."


def against_the_service(html: str) -> str:
    """The words of the part of the form that answers which service it was about, when it is marked as
    having a problem: from the start of that group to the first question after it."""
    found = re.search(r'<div class="nhsuk-form-group nhsuk-form-group--error">(.*?)What kind of activity', html, re.S)
    assert found, "the service's answer is not marked as having a problem"
    return page_words(found.group(1))


def test_a_service_closed_since_the_page_opened_is_told_at_the_top_and_on_the_service_shown(
    client, org, services, team
):
    # Given the quality lead chose Rowan House, and it closed before she sent the activity
    rowan = services[0]
    service_archive(scope=system_scope(organisation=org), service=rowan)
    client.force_login(team.quality.user)

    # When she sends it
    response = client.post(reverse("governance:coproduction-new"), _posted(team, rowan))
    html = response.content.decode()

    # Then the summary at the top says why, linking to the service's answer, before the page's heading
    assert response.status_code == 400
    summary = html.index("nhsuk-error-summary")
    assert summary < html.index("<h1>") < html.index(CLOSED, html.index("<h1>"))
    assert '<a href="#id_service"' in html[summary : html.index("<h1>")]
    assert CLOSED in page_words(html[summary : html.index("<h1>")])
    # And the same words stand on the answer she can see and change, not on the hidden field
    assert len(re.findall(r'id="id_service"', html)) == 1
    assert re.search(r'<p class="nhsuk-error-message" id="id_service" tabindex="-1">', html)
    assert f'<input type="hidden" name="service" value="{rowan.id}">' in html
    shown = against_the_service(html)
    assert CLOSED in shown and "Which service it was about Rowan House" in shown
    assert "Change which service it was about" in shown
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_a_service_that_is_not_theirs_is_told_on_the_service_shown_without_naming_it(client, org, services, team):
    # Given the manager of Beech Court alone sends an activity about Rowan House
    client.force_login(team.beech_manager.user)
    html = client.post(reverse("governance:coproduction-new"), _posted(team, services[0])).content.decode()

    # Then the refusal is on the answer shown, which names no service of anyone else's
    shown = against_the_service(html)
    assert NOT_OFFERED in shown and "Which service it was about Not one of your services" in shown
    assert "Rowan House" not in html
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_a_service_with_no_problem_is_shown_as_an_answer_with_no_mark(client, org, services, team):
    client.force_login(team.quality.user)
    html = client.post(reverse("governance:coproduction-new"), _posted(team, services[0], title="")).content.decode()
    assert "Enter a short title for the activity." in html
    assert 'id="id_service"' not in html


def links_without_a_target(html: str) -> list[str]:
    """The summary's links that lead nowhere on the page: each must lead to exactly one element."""
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1>")]
    return [target for target in re.findall(r'href="#([^"]+)"', summary) if html.count(f'id="{target}"') != 1]


def test_people_ticked_at_a_service_the_person_lost_are_not_refused_beside_no_box(client, org, services, team):
    # Given a manager of Rowan House and Beech Court chose Rowan House and ticked who took part there
    rowan, beech = services[0], services[1]
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan, beech], full_name="Rhys Evans")
    client.force_login(manager.user)
    page = client.get(reverse("governance:coproduction-new"), {"step": "1", "service": rowan.id}).content.decode()
    assert "Margaret Wilson (co-production partner)" in page
    # And before she sent the activity, Rowan House was taken out of her role
    role_assign(scope=system_scope(organisation=org), person=manager, role=Role.SERVICE_MANAGER, services=[beech])

    # When she sends it
    response = client.post(reverse("governance:coproduction-new"), _posted(team, rowan))
    html = response.content.decode()

    # Then the summary at the top names only the service, and its link leads to the answer she can change
    assert response.status_code == 400
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1>")]
    assert re.findall(r'href="#([^"]+)"', summary) == ["id_service"] and not links_without_a_target(html)
    # And though Beech Court is now her only service, she can change the answer (to Beech Court)
    assert "Not one of your services Change which service it was about" in against_the_service(html)
    # And where people were listed, the page says why nobody is, instead of a list of no one
    assert "People in Heard who took part are listed once the activity is about one of your services." in (
        page_words(html)
    )
    assert "Margaret Wilson" not in html
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_every_link_of_the_summary_leads_to_its_answer(client, org, services, team):
    client.force_login(team.quality.user)
    sent = _posted(team, services[0], title="", kind="", rung="", recognition="", others_count="x")
    html = client.post(reverse("governance:coproduction-new"), sent).content.decode()
    assert html.count('href="#id_') >= 5
    assert not links_without_a_target(html)
