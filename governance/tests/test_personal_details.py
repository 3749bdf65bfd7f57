"""An action's title and description are saved without personal details, however it is opened: typed
in the action log, from a decision, or on its page. Ordinary words, and the names of wards and homes,
are kept as written."""

import datetime as dt

from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import Action

from .conftest import action_input, theme

CALL_BELLS = "call-bells-and-responsiveness"
NAMED_TITLE = "Speak to Jane Smith's daughter about the missed visits"
CLEANED_TITLE = "Speak to [name]'s daughter about the missed visits"
NAMED_DETAIL = "She asked to be rung on 07700 900123 after 5pm."
CLEANED_DETAIL = "She asked to be rung on [phone number] after 5pm."


def _typed(org, services, team, title, description):
    return gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title=title,
            description=description,
            source="theme",
            theme_id=theme(org, CALL_BELLS).id,
            service_id=services[0].id,
        ),
    )


def test_an_action_typed_in_the_action_log_is_saved_without_personal_details(org, services, team, framework):
    action = _typed(org, services, team, NAMED_TITLE, NAMED_DETAIL)
    saved = Action.objects.for_org(org).get(pk=action.pk)
    assert (saved.title, saved.description) == (CLEANED_TITLE, CLEANED_DETAIL)


def test_an_action_a_decision_opens_is_saved_without_personal_details(org, services, team, framework):
    qs = team.scope("quality")
    meeting = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )
    gov.decision_record(
        scope=qs,
        meeting_id=meeting.id,
        text="Answer call bells faster at night.",
        evidence=gov.Evidence(theme_ids=[theme(org, CALL_BELLS).id]),
        actions=[action_input(team, title=NAMED_TITLE, description=NAMED_DETAIL)],
    )
    saved = Action.objects.for_org(org).get()
    assert (saved.title, saved.description) == (CLEANED_TITLE, CLEANED_DETAIL)


def test_ordinary_words_and_place_names_in_an_action_are_kept(org, services, team, framework):
    title = "Will the night team on Rose Ward check call bells every hour?"
    detail = "Families hope for a reply by June; ring 111 out of hours."
    action = _typed(org, services, team, title, detail)
    saved = Action.objects.for_org(org).get(pk=action.pk)
    assert (saved.title, saved.description) == (title, detail)


def test_the_action_page_saves_the_action_without_personal_details(client, org, services, team, framework):
    client.force_login(team.quality.user)
    page = client.get(reverse("governance:action-new")).content.decode()
    assert "Do not name anyone" in page
    response = client.post(
        reverse("governance:action-new"),
        {
            "source": "theme",
            "theme": theme(org, CALL_BELLS).id,
            "service": services[0].id,
            "action_title": NAMED_TITLE,
            "action_description": NAMED_DETAIL,
            "action_lead": team.manager.id,
            "action_verifier": team.quality.id,
            "action_due_on": (clock.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    saved = Action.objects.for_org(org).get()
    assert (saved.title, saved.description) == (CLEANED_TITLE, CLEANED_DETAIL)
