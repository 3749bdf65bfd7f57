"""The pages: they render for those allowed, hide everything from those not, and list pages make a
fixed number of queries however long the list."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import Action, ActionStatus, ChallengeSubject
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

from .conftest import action_input, hear, theme

CALL_BELLS = "call-bells-and-responsiveness"


def login(client, person):
    client.force_login(person.user)
    return client


def pages(loop, challenge_id):
    return [
        reverse("governance:meetings"),
        reverse("governance:meeting", args=[loop["meeting"].id]),
        reverse("governance:meeting-pack", args=[loop["meeting"].id]),
        reverse("governance:decision", args=[loop["decision"].id]),
        reverse("governance:actions"),
        reverse("governance:action", args=[loop["action"].id]),
        reverse("governance:challenges"),
        reverse("governance:challenge", args=[challenge_id]),
        reverse("governance:loops"),
        reverse("governance:theme", args=[CALL_BELLS]),
    ]


@pytest.fixture
def challenge(team, loop):
    return gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why late?"
    )


def test_every_page_shows_its_part_of_the_loop(client, team, loop, challenge):
    login(client, team.quality)
    for url in pages(loop, challenge.id):
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("governance:loops")).content.decode()
    assert "Call bells &amp; responsiveness" in body and "Aisha Rahman" in body and "Tom Hargreaves" in body
    assert client.get(reverse("governance:decision-new", args=[loop["meeting"].id])).status_code == 200
    assert client.get(reverse("governance:meeting-new")).status_code == 200
    assert client.get(reverse("governance:action-new")).status_code == 200
    nav = client.get(reverse("governance:meetings")).content.decode()
    assert 'href="/governance/actions/"' in nav and 'href="/governance/loops/"' in nav


def test_nobody_outside_the_service_or_organisation_can_open_any_of_it(client, org, other_org, team, loop, challenge):
    login(client, team.beech_manager)
    for url in pages(loop, challenge.id)[1:4] + [pages(loop, challenge.id)[5], pages(loop, challenge.id)[7]]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("governance:action", args=[loop["action"].id]), {"form": "update", "update-text": "x"}
    )
    assert response.status_code == 404
    assert "Why late?" not in client.get(reverse("governance:challenges")).content.decode()

    ServiceFactory(organisation=other_org)
    outsider = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    login(client, outsider)
    assert client.get(reverse("governance:action", args=[loop["action"].id])).status_code == 404
    assert (
        client.post(
            reverse("governance:challenge", args=[challenge.id]), {"form": "respond", "respond-text": "x"}
        ).status_code
        == 404
    )

    login(client, team.commissioner)
    assert client.get(reverse("governance:actions")).status_code == 403


def test_the_verifier_cannot_close_without_evidence_on_the_page(client, org, team, loop):
    gov.action_request_check(scope=team.scope("manager"), action_id=loop["action"].id, note="Done.")
    login(client, team.quality)
    url = reverse("governance:action", args=[loop["action"].id])
    response = client.post(
        url,
        {
            "form": "check",
            "check-impact_shown": "yes",
            "check-early_reason": "Checked at once in this test.",
            "check-note": "",
            "check-link": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Describe the evidence of impact" in body and "Give a link to what shows the impact" in body
    assert Action.objects.for_org(org).get(pk=loop["action"].pk).status == ActionStatus.AWAITING_CHECK
    # The lead is never offered the check.
    login(client, team.manager)
    assert "Check the impact" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "form": "check",
            "check-impact_shown": "yes",
            "check-early_reason": "Checked at once in this test.",
            "check-note": "Done",
            "check-link": "https://x.example/",
        },
    )
    assert response.status_code == 403
    assert "Your check was not saved. An action cannot be checked by its own lead." in response.content.decode()
    assert Action.objects.for_org(org).get(pk=loop["action"].pk).status == ActionStatus.AWAITING_CHECK


def _more(org, services, team, n):
    qs = team.scope("quality")
    rowan = services[0]
    for _ in range(n):
        meeting = gov.meeting_create(
            scope=qs,
            meeting_type="quality_safety",
            service_id=rowan.id,
            held_on=clock.today(),
            chair_id=team.quality.id,
        )
        gov.meeting_attendance_record(scope=qs, meeting_id=meeting.id, person_id=team.partner.id, role="uses_services")
        decision = gov.decision_record(
            scope=qs,
            meeting_id=meeting.id,
            text="Weekly audit.",
            evidence=gov.Evidence(theme_ids=[theme(org, CALL_BELLS).id]),
            actions=[action_input(team)],
        )
        action = decision.actions.get()
        gov.challenge_raise(
            scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why?"
        )
        gov.action_create(
            scope=qs,
            data=action_input(
                team,
                source="theme",
                theme_id=theme(org, "food-and-drink").id,
                service_id=services[1].id,
                lead_id=team.beech_manager.id,
            ),
        )
    hear(team.staff, rowan, "privacy", days_ago=list(range(1, n + 3)))


@pytest.mark.parametrize(
    "name, pinned",
    [
        ("governance:meetings", 12),
        ("governance:actions", 12),
        ("governance:challenges", 11),
        # Mentions before the window, for when a concern was first raised; which themes actions are
        # about (governance.selectors.action_themes: four sources, then the actions themselves); and
        # which themes audits are about (audits.themes: two, then the audits, when any is about one).
        ("governance:loops", 27),
    ],
)
def test_list_pages_make_the_same_queries_however_long_the_list(
    client, org, services, team, framework, name, pinned, django_assert_num_queries
):
    login(client, team.quality)
    url = reverse(name)
    client.get(url)  # the first request also records the chosen organisation in the session
    _more(org, services, team, 2)
    with django_assert_num_queries(pinned):
        assert client.get(url).status_code == 200
    _more(org, services, team, 8)
    with django_assert_num_queries(pinned):
        assert client.get(url).status_code == 200


def test_a_decision_with_an_action_is_recorded_from_the_meeting_page(client, org, services, team, framework):
    rowan = services[0]
    heard = hear(team.staff, rowan, CALL_BELLS, days_ago=[3])
    login(client, team.quality)
    response = client.post(
        reverse("governance:meeting-new"),
        {
            "meeting_type": "quality_safety",
            "service": rowan.id,
            "held_on": clock.today().isoformat(),
            "chair": team.quality.id,
        },
    )
    meeting_url = response["Location"]
    meeting_id = int(meeting_url.rstrip("/").split("/")[-1])
    response = client.post(
        reverse("governance:decision-new", args=[meeting_id]),
        {
            "text": "Night carer.",
            "themes": [theme(org, CALL_BELLS).id],
            "feedback": f"{heard[0].id}",
            "action_title": "Recruit a night carer",
            "action_lead": team.manager.id,
            "action_verifier": team.manager.id,
            "action_due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "must not be its lead" in response.content.decode()
    response = client.post(
        reverse("governance:decision-new", args=[meeting_id]),
        {
            "text": "Night carer.",
            "themes": [theme(org, CALL_BELLS).id],
            "feedback": f"{heard[0].id}",
            "action_title": "Recruit a night carer",
            "action_lead": team.manager.id,
            "action_verifier": team.quality.id,
            "action_due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    [action] = Action.objects.for_org(org).all()
    assert action.title == "Recruit a night carer" and action.decision.citations.count() == 2


def test_an_action_left_without_its_fields_is_told_which_are_missing(client, org, services, team, framework):
    login(client, team.quality)
    response = client.post(reverse("governance:action-new"), {"source": "theme", "theme": theme(org, CALL_BELLS).id})
    body = response.content.decode()
    assert "This field is required." not in body
    for message in (
        "Enter what is to be done.",
        "Choose the action&#39;s lead.",
        "Choose who will check the action&#39;s impact.",
        "Enter the date the action is due.",
    ):
        assert message in body
    assert not Action.objects.for_org(org).exists()


def test_an_action_is_told_its_checker_is_its_lead_and_its_date_has_passed_with_its_missing_title(
    client, org, services, team, framework
):
    """Both were said only by the action service, so only once the title was given."""
    login(client, team.quality)
    response = client.post(
        reverse("governance:action-new"),
        {
            "source": "theme",
            "theme": theme(org, CALL_BELLS).id,
            "service": services[0].id,
            "action_title": "",
            "action_lead": team.manager.id,
            "action_verifier": team.manager.id,
            "action_due_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter what is to be done.",
        "The person who checks an action must not be its lead.",
        "The due date must be today or later.",
    ):
        assert message in body
    assert not Action.objects.for_org(org).exists()


def test_an_optional_action_on_a_decision_is_checked_only_once_it_has_a_title(client, org, services, team, loop):
    login(client, team.quality)
    form = {"text": "", "action_lead": team.manager.id, "action_verifier": team.manager.id}
    url = reverse("governance:decision-new", args=[loop["meeting"].id])
    assert "must not be its lead" not in client.post(url, form).content.decode()
    body = client.post(url, {**form, "action_title": "Recruit a night carer"}).content.decode()
    assert "Enter what was decided." in body and "The person who checks an action must not be its lead." in body


def test_a_service_manager_can_choose_the_people_of_their_service_before_choosing_it(
    client, org, services, team, framework
):
    """Without scripts the lead, verifier and chair lists are drawn before a service is chosen: they
    offer the people of the manager's own services, not only those whose roles cover every service."""
    login(client, team.manager)
    for page, name in ((reverse("governance:action-new"), "action_lead"), (reverse("governance:meeting-new"), "chair")):
        body = client.get(page).content.decode()
        choices = body[body.index(f'name="{name}"') :].split("</select>")[0]
        assert f'value="{team.manager.id}"' in choices and f'value="{team.staff.id}"' in choices, page
        assert f'value="{team.beech_manager.id}"' not in choices, page
    response = client.post(
        reverse("governance:action-new"),
        {
            "source": "theme",
            "theme": theme(org, CALL_BELLS).id,
            "service": services[0].id,
            "action_title": "Answer bells within five minutes",
            "action_lead": team.staff.id,
            "action_verifier": team.manager.id,
            "action_due_on": (clock.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Action.objects.for_org(org).get().lead == team.staff


def test_a_leader_can_challenge_a_theme_to_a_service_manager_without_scripts(client, org, services, team, framework):
    from governance.models import Challenge

    rowan, beech = services[0], services[1]
    url = reverse("governance:theme", args=[CALL_BELLS])
    login(client, team.leader)
    page = client.get(url).content.decode()
    # Before a service is chosen, the managers of each service are offered, not only people covering all.
    assert f'value="{team.manager.id}"' in page and f'value="{team.beech_manager.id}"' in page
    wrong = client.post(url, {"service": beech.id, "addressed_to": team.manager.id, "question": "Why so slow?"})
    assert wrong.status_code == 400
    assert "Choose someone who has a role at Beech Court" in wrong.content.decode()
    assert not Challenge.objects.for_org(org).exists()
    right = client.post(url, {"service": rowan.id, "addressed_to": team.manager.id, "question": "Why so slow?"})
    assert right.status_code == 302
    made = Challenge.objects.for_org(org).get()
    assert (made.addressed_to, made.service, made.subject) == (team.manager, rowan, ChallengeSubject.THEME)


def test_a_whole_organisation_decision_is_told_not_linked_to_people_whose_roles_do_not_reach_it(
    client, org, services, team, framework
):
    """The board decides for every home and gives Rowan House's manager an action. The manager cannot
    open the board's minutes (they may discuss every home), so the action page tells the decision
    instead of linking to a page that would not open; the quality lead gets the link."""
    rowan = services[0]
    heard = hear(team.staff, rowan, "call-bells-and-responsiveness", days_ago=[9])
    board = gov.meeting_create(
        scope=team.scope("quality"), meeting_type="leadership", service_id=None, held_on=clock.today()
    )
    decision = gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=board.id,
        text="Every home answers call bells within five minutes by spring.",
        evidence=gov.Evidence(feedback_ids=[heard[0].id]),
        actions=[action_input(team, service_id=rowan.id)],
    )
    action = decision.actions.get()
    link = reverse("governance:decision", args=[decision.id])
    client.force_login(team.manager.user)
    assert client.get(link).status_code == 404
    page = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert link not in page and "Every home answers call bells within five minutes by spring." in page
    client.force_login(team.quality.user)
    assert link in client.get(reverse("governance:action", args=[action.id])).content.decode()
