"""An audit commissioned because of a theme keeps the framework the theme was chosen from. The two
frameworks Heard ships share a code (staff-continuity), so after the organisation changes its main
framework an audit planned because of the old one's theme must not count as acting on the new one's."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from audits.models import AuditRun
from audits.tests.test_audits import _planned, published
from core import clock
from core.models import AuditEvent
from evidence.selectors import triangulate
from governance.loops import loop_tracker
from organisations.scope import system_scope
from themes.services import framework_install, framework_make_primary

SHARED = "staff-continuity"  # a theme of both shipped frameworks
FALLS = "falls-and-managing-risks"  # a theme of the social-care framework only


def _seen(team) -> tuple[int, int]:
    """Audits of the shared theme on its page's sources, and in its loops."""
    scope = team.scope("quality")
    today = clock.today()
    [audits] = [
        r.count
        for r in triangulate(scope=scope, theme_code=SHARED, first=today - dt.timedelta(days=30), last=today)
        if r.source == "Audits commissioned because of it"
    ]
    return audits, sum(len(lp.audits) for lp in loop_tracker(scope=scope, today=today, code=SHARED))


def test_an_audit_counts_only_under_the_framework_its_theme_was_chosen_from(org, services, team, framework):
    run = _planned(team, services, published(team), theme_code=SHARED)
    assert run.reason_theme_framework == framework
    planned = AuditEvent.objects.for_org(org).get(verb="audits.run.plan")
    assert planned.changes["theme framework"] == {"from": None, "to": "Social care feedback"}
    assert _seen(team) == (1, 1)

    system = system_scope(organisation=org)
    nhs = framework_install(scope=system, key="nhs-pe-v6")
    framework_make_primary(scope=system, framework=nhs)
    assert _seen(team) == (0, 0)
    framework_make_primary(scope=system, framework=framework)
    assert _seen(team) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_audits_planned_before_are_given_the_framework_in_force(org, services, team, framework):
    version = published(team)
    because = _planned(team, services, version, theme_code=SHARED)
    plain = _planned(team, services, version)
    call_command("migrate", "audits", "0005_audit_run_withdrawal", verbosity=0)
    call_command("migrate", verbosity=0)
    filled = dict(AuditRun.objects.for_org(org).values_list("id", "reason_theme_framework"))
    assert filled == {because.id: framework.id, plain.id: None}


def test_the_theme_an_audit_was_planned_because_of_keeps_its_name_and_framework_on_its_pages(
    client, org, services, team, framework
):
    run = _planned(team, services, published(team), theme_code=FALLS)
    client.force_login(team.manager.user)
    pages = [reverse("audits:run", args=[run.id]), reverse("audits:programme")]
    theme_page = reverse("governance:theme", args=[FALLS])
    run_page = client.get(pages[0]).content.decode()
    assert f'Because of <a href="{theme_page}">Falls &amp; managing risks</a>' in run_page
    assert "Because of Falls &amp; managing risks, raised" in client.get(pages[1]).content.decode()

    system = system_scope(organisation=org)
    framework_make_primary(scope=system, framework=framework_install(scope=system, key="nhs-pe-v6"))
    # Named as its own framework has it (it was the bare code), said to be of that framework, and not
    # linked to a theme page of the framework in use now.
    run_page = client.get(pages[0]).content.decode()
    assert "Because of Falls &amp; managing risks (Social care feedback), raised" in run_page
    assert theme_page not in run_page
    programme = client.get(pages[1]).content.decode()
    assert "Because of Falls &amp; managing risks (Social care feedback), raised" in programme
