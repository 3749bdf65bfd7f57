"""An objective measured by a theme keeps the framework the theme was chosen from. The two frameworks
Heard ships share a code (staff-continuity), so after the organisation changes its main framework an
objective set on the old one's theme must not be measured as the new one's."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import clock
from feedback.models import Channel
from feedback.services import FeedbackInput, feedback_record
from organisations.scope import system_scope
from priorities.measures import objective_value
from priorities.models import Measure, Objective
from priorities.tests.test_priorities import choose, objective, session
from themes.services import framework_install, framework_make_primary

SHARED = "staff-continuity"  # a theme of both shipped frameworks
FALLS = "falls-and-managing-risks"  # a theme of the social-care framework only


def _said(team, service, text: str) -> None:
    feedback_record(
        scope=team.scope("quality"),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=clock.today() - dt.timedelta(days=3),
            comments=[("What could be better?", text)],
        ),
    )


def test_an_objective_is_measured_only_while_its_theme_is_of_the_main_framework(org, services, team, framework):
    rowan = services[0]
    _said(team, rowan, "New faces on every shift.")
    priority = choose(team, session(team, rowan), objectives=[objective(team, theme_code=SHARED)])
    [set_on] = priority.objectives.all()
    assert set_on.theme_framework == framework

    def measured():
        return objective_value(scope=team.scope("quality"), objective=set_on, service_id=rowan.id, until=clock.today())

    assert measured() == 0.0
    system = system_scope(organisation=org)
    nhs = framework_install(scope=system, key="nhs-pe-v6")
    framework_make_primary(scope=system, framework=nhs)
    assert measured() is None  # not the NHS framework's staff continuity, nor a share that fell to none
    framework_make_primary(scope=system, framework=framework)
    assert measured() == 0.0


@pytest.mark.django_db(transaction=True)
def test_objectives_set_before_are_given_the_framework_in_force(org, services, team, framework):
    rowan = services[0]
    priority = choose(
        team,
        session(team, rowan),
        objectives=[
            objective(team, theme_code=SHARED),
            objective(team, description="More good answers", measure=Measure.FFT_POSITIVE, theme_code="", target=90.0),
        ],
    )
    by_theme, by_answers = priority.objectives.order_by("id")
    call_command("migrate", "priorities", "0005_idea_corrections", verbosity=0)
    call_command("migrate", verbosity=0)
    filled = dict(Objective.objects.for_org(org).values_list("id", "theme_framework"))
    assert filled == {by_theme.id: framework.id, by_answers.id: None}


def test_an_objectives_theme_keeps_its_name_and_says_its_framework_on_the_priority_page(
    client, org, services, team, framework
):
    priority = choose(team, session(team, services[0]), objectives=[objective(team, theme_code=FALLS)])
    client.force_login(team.quality.user)
    url = reverse("priorities:priority", args=[priority.id])
    assert ": Falls &amp; managing risks</span>" in client.get(url).content.decode()
    system = system_scope(organisation=org)
    framework_make_primary(scope=system, framework=framework_install(scope=system, key="nhs-pe-v6"))
    # Named as its own framework has it (it was the bare code), and said to be of that framework.
    assert ": Falls &amp; managing risks (Social care feedback)</span>" in client.get(url).content.decode()
