"""End to end: one concern from a piece of feedback, through a meeting's decision, an action, its
progress, a leader's challenge and the lead's answer, and the verifier's check with evidence, to a
closed loop that the tracker shows with all four names. Every page is checked with axe."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from core import clock
from feedback.models import QUESTION_BETTER, Channel, Comment
from feedback.services import FeedbackInput, feedback_record
from governance import services as gov
from governance.models import Action, ActionStatus, MeetingType
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.services import service_archive
from organisations.tests.factories import person_with_role
from themes.coding.selectors import primary_version
from themes.models import Source, Theme, ThemeAssignment
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)

CONCERN = "At night the call bell rings for twenty minutes before anyone comes."
EVIDENCE = "https://heard.example.org/feedback/?q=call+bell"


@pytest.fixture
def northgate(org, services):
    cache.clear()
    rowan = services[0]
    people = {
        "aisha": person_with_role(org, Role.STAFF, services=[rowan], full_name="Aisha Rahman"),
        "grace": person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor"),
        "tom": person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Tom Hargreaves"),
        "david": person_with_role(org, Role.LEADER, all_services=True, full_name="David Mensah"),
    }
    framework_install(scope=system_scope(organisation=org), key="social-care")
    # Aisha hears the concern from a resident, records it, and codes it: the loop is heard.
    aisha = scope_for(user=people["aisha"].user, organisation=org)
    items = []
    for days_ago in (21, 14, 3):
        item = feedback_record(
            scope=aisha,
            data=FeedbackInput(
                service_id=rowan.id,
                channel=Channel.IN_PERSON,
                received_on=clock.today() - dt.timedelta(days=days_ago),
                comments=[(QUESTION_BETTER, CONCERN)],
            ),
        )
        ThemeAssignment.objects.create(
            organisation=org,
            comment=Comment.objects.for_org(org).get(feedback=item),
            theme=Theme.objects.for_org(org).get(
                version=primary_version(scope=aisha), code="call-bells-and-responsiveness"
            ),
            source=Source.PERSON,
            made_by=people["aisha"],
            made_at=clock.now(),
        )
        items.append(item)
    return {"rowan": rowan, "feedback": items[-1], **people}


def test_a_concern_travels_the_whole_loop_and_the_tracker_names_who_listened_decided_acted_and_checked(
    visit, org, northgate
):
    due = (clock.today() + dt.timedelta(days=30)).isoformat()

    # Given Grace, the quality lead, who chairs Rowan House's monthly meeting
    page = visit.sign_in(northgate["grace"].user.email)
    visit.go("/governance/meetings/")
    visit.check_accessibility()
    page.get_by_role("button", name="Add a meeting").click()
    page.get_by_label("Kind of meeting").select_option(label="Monthly quality and safety")
    page.get_by_label("Which service is it about?").select_option(label="Rowan House")
    page.get_by_label("Date of the meeting").fill(clock.today().isoformat())
    page.get_by_label("Chair").select_option(label="Grace Okafor")
    visit.check_accessibility()
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly quality and safety")
    visit.check_accessibility()

    # The agenda pack has already found the new theme in the feedback
    page.get_by_role("button", name="Agenda pack").click()
    rising = page.get_by_role("region", name="Themes that are new or rising")
    expect(rising.get_by_role("link", name="Call bells & responsiveness")).to_be_visible()
    visit.check_accessibility()
    # On paper: the pack alone, without the site's menus or the addresses of its own pages
    expect(page.locator(".heard-section-nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".heard-section-nav")).to_be_hidden()
    after = "a => getComputedStyle(a, '::after').content"
    assert rising.get_by_role("link", name="Call bells & responsiveness").evaluate(after) == "none"
    page.emulate_media(media="screen")
    page.go_back()

    # When the meeting decides, citing the theme and the feedback item, and opens an action for Tom
    page.get_by_role("button", name="Record a decision").click()
    page.get_by_label("What was decided").fill("Audit call-bell response times every week and add a night carer.")
    page.get_by_label("Call bells & responsiveness").check()
    page.get_by_label("Feedback items (optional)").fill(str(northgate["feedback"].id))
    page.get_by_label("Action: what is to be done").fill("Weekly call-bell audit and a second night carer")
    page.get_by_label("Lead", exact=True).select_option(label="Tom Hargreaves")
    page.get_by_label("Who will check its impact").select_option(label="Grace Okafor")
    page.get_by_label("Due by").fill(due)
    visit.check_accessibility()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision")
    expect(page.get_by_text(f"Feedback {northgate['feedback'].id}")).to_be_visible()
    visit.check_accessibility()
    action = Action.objects.for_org(org).get()

    # Then Tom, the lead, reports progress
    page = visit.sign_in(northgate["tom"].user.email)
    visit.go("/governance/actions/")
    visit.check_accessibility()
    page.get_by_role("link", name="Weekly call-bell audit and a second night carer").click()
    page.get_by_label("Progress update").fill("Weekly audit started. Recruiting a night carer.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Weekly audit started. Recruiting a night carer.")).to_be_visible()
    visit.check_accessibility()

    # David, a leader, challenges it
    page = visit.sign_in(northgate["david"].user.email)
    visit.go(f"/governance/actions/{action.id}/")
    expect(page.get_by_label("Progress update")).to_have_count(0)  # progress is the lead's to add
    expect(page.get_by_label("Your challenge")).to_be_visible()  # a leader meets the challenge form first
    page.get_by_label("Your challenge").fill("Show me the impact: are residents waiting less at night?")
    page.get_by_role("button", name="Send the challenge").click()
    expect(page.get_by_text("Your challenge has been sent to Tom Hargreaves.")).to_be_visible()
    # While it waits for Tom's answer, the page points to it instead of offering another
    expect(page.get_by_role("link", name="Read the challenge Tom Hargreaves is to answer")).to_be_visible()
    expect(page.get_by_text("Challenge this action")).to_have_count(0)
    visit.check_accessibility()

    # Tom answers it, and says the action is done
    page = visit.sign_in(northgate["tom"].user.email)
    visit.go("/governance/challenges/")
    visit.check_accessibility()
    page.get_by_role("link", name=re.compile("Show me the impact")).click()
    page.get_by_label("Your answer").fill("The weekly audit shows a median wait of five minutes, down from eighteen.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer has been sent to the leader.")).to_be_visible()
    visit.check_accessibility()
    visit.go(f"/governance/actions/{action.id}/")
    expect(page.get_by_text("Check the impact")).to_have_count(0)  # never the lead's to check
    page.get_by_text("It is done: ask Grace Okafor to check its impact").click()
    page.get_by_label("What was done").fill("Audit weekly since the meeting; night carer in post.")
    page.get_by_role("button", name="Ask for the check").click()
    expect(page.get_by_text("Grace Okafor has been asked to check the impact.")).to_be_visible()

    # David is satisfied with the answer
    page = visit.sign_in(northgate["david"].user.email)
    visit.go("/governance/challenges/")
    page.get_by_role("link", name=re.compile("Show me the impact")).click()
    page.get_by_label("I am satisfied: close the challenge").check()
    page.get_by_label("Why").fill("The audit answers it.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The challenge is closed.")).to_be_visible()
    visit.check_accessibility()

    # Grace checks the impact: without evidence she cannot close it; with it, she can
    page = visit.sign_in(northgate["grace"].user.email)
    visit.go(f"/governance/actions/{action.id}/")
    page.get_by_label("Yes: close the action with this evidence").check()
    page.get_by_role("button", name="Save my check").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Yes: close the action with this evidence").check()
    page.get_by_label("The evidence").fill(
        "Call-bell comments stopped after the change; the audit median is five minutes."
    )
    page.get_by_label("Link to what shows it").fill(EVIDENCE)
    # Marked done today: the form says the wait for impact to show, so closing now needs a reason.
    expect(page.get_by_text(re.compile("Impact takes time to show"))).to_be_visible()
    page.get_by_label(re.compile("Say why it can be closed now")).fill(
        "The weekly audit has shown the five-minute median for a month."
    )
    page.get_by_role("button", name="Save my check").click()
    expect(page.get_by_text("The action is closed with evidence of impact.")).to_be_visible()
    expect(page.get_by_text("Checked and signed off by Grace Okafor")).to_be_visible()
    visit.check_accessibility()
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED

    # And the loop tracker shows the loop closed, with who listened, decided, acted and checked
    visit.go("/governance/loops/")
    row = page.get_by_role("row").filter(has_text="Call bells & responsiveness").filter(has_text="Rowan House")
    expect(row).to_contain_text("Checked")
    expect(row).to_contain_text("Aisha Rahman")
    expect(row).to_contain_text("Monthly quality and safety")
    expect(row).to_contain_text("chaired by Grace Okafor")
    expect(row).to_contain_text("Tom Hargreaves")
    expect(row.get_by_role("cell").nth(5)).to_have_text("Grace Okafor", use_inner_text=True)
    visit.check_accessibility()


def test_a_meeting_at_a_service_that_has_closed_says_so_and_offers_no_new_decision(visit, org, northgate):
    grace = scope_for(user=northgate["grace"].user, organisation=org)
    meeting = gov.meeting_create(
        scope=grace,
        meeting_type=MeetingType.QUALITY_SAFETY,
        service_id=northgate["rowan"].id,
        held_on=clock.today(),
        chair_id=northgate["grace"].id,
    )
    page = visit.sign_in(northgate["grace"].user.email)
    visit.go(reverse("governance:meeting", args=[meeting.id]))
    expect(page.get_by_role("button", name="Record a decision")).to_be_visible()
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    service_archive(scope=scope_for(user=admin.user, organisation=org), service=northgate["rowan"])

    page.reload()
    expect(
        page.get_by_text("Rowan House has been archived, so no decision is recorded at this meeting")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Record a decision")).to_have_count(0)
    page.get_by_text("Add a discussion item").click()
    expect(page.get_by_role("button", name="Add to the minutes")).to_be_visible()
    visit.check_accessibility()


def test_an_action_whose_lead_lost_their_login_is_handed_to_someone_who_can_sign_in(visit, org, northgate):
    rowan = northgate["rowan"]
    grace = scope_for(user=northgate["grace"].user, organisation=org)
    action = gov.action_create(
        scope=grace,
        data=gov.ActionInput(
            title="Second night carer",
            lead_id=northgate["tom"].id,
            verifier_id=northgate["grace"].id,
            due_on=clock.today() + dt.timedelta(days=30),
            service_id=rowan.id,
            source="feedback",
            feedback_id=northgate["feedback"].id,
        ),
    )
    tom = northgate["tom"].user
    tom.is_active = False  # an administrator switched Tom's login off
    tom.save(update_fields=["is_active"])
    sian = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Sian Rowlands")

    # Grace reads that Tom cannot sign in, and hands the action to Sian, saying why
    page = visit.sign_in(northgate["grace"].user.email)
    visit.go(f"/governance/actions/{action.id}/")
    expect(page.get_by_text("Tom Hargreaves, its lead, cannot sign in to Heard")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Its lead, now Tom Hargreaves").check()
    page.get_by_label("Hand it to").select_option(label="Sian Rowlands")
    page.get_by_label("Why", exact=True).fill("His login was removed when he moved to another provider.")
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("The action has been handed to Sian Rowlands.")).to_be_visible()
    expect(page.get_by_text(re.compile("Handed from Tom Hargreaves to Sian Rowlands to lead it"))).to_be_visible()
    visit.check_accessibility()

    # Sian can now say it is done
    page = visit.sign_in(sian.user.email)
    visit.go(f"/governance/actions/{action.id}/")
    page.get_by_text("It is done: ask Grace Okafor to check its impact").click()
    page.get_by_label("What was done").fill("Night carer in post since Monday.")
    page.get_by_role("button", name="Ask for the check").click()
    expect(page.get_by_text("Grace Okafor has been asked to check the impact.")).to_be_visible()


def test_a_challenge_whose_answerer_lost_their_login_is_handed_to_someone_who_can_sign_in(visit, org, northgate):
    rowan = northgate["rowan"]
    grace = scope_for(user=northgate["grace"].user, organisation=org)
    action = gov.action_create(
        scope=grace,
        data=gov.ActionInput(
            title="Second night carer",
            lead_id=northgate["tom"].id,
            verifier_id=northgate["grace"].id,
            due_on=clock.today() + dt.timedelta(days=30),
            service_id=rowan.id,
            source="feedback",
            feedback_id=northgate["feedback"].id,
        ),
    )
    challenge = gov.challenge_raise(
        scope=scope_for(user=northgate["david"].user, organisation=org),
        subject="action",
        action_id=action.id,
        question="Why is the night carer not in post yet?",
    )
    tom = northgate["tom"].user
    tom.is_active = False  # an administrator switched Tom's login off
    tom.save(update_fields=["is_active"])
    sian = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Sian Rowlands")

    # Grace reads that Tom cannot answer, and hands the challenge to Sian, saying why
    page = visit.sign_in(northgate["grace"].user.email)
    visit.go(reverse("governance:challenge", args=[challenge.id]))
    expect(
        page.get_by_text("Tom Hargreaves cannot sign in to Heard, so could not answer this challenge")
    ).to_be_visible()
    expect(page.locator("ol.heard-feedback-list")).to_have_count(0)  # no empty history for a screen reader
    visit.check_accessibility()
    # Sent empty, the form says what is missing, and stays open
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_role("alert").get_by_text("Say why it is being handed over.")).to_be_visible()
    visit.check_accessibility()
    page.get_by_label("Hand it to").select_option(label="Sian Rowlands")
    page.get_by_label("Why", exact=True).fill("His login was removed when he moved to another provider.")
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_text("The challenge has been handed to Sian Rowlands.")).to_be_visible()
    expect(page.get_by_text(re.compile("Handed from Tom Hargreaves to Sian Rowlands to answer"))).to_be_visible()
    visit.check_accessibility()
    # The form, folded now that Sian can answer, is walked open too.
    page.get_by_text("Hand this challenge to someone else to answer").click()
    expect(page.get_by_label("Hand it to")).to_be_visible()
    visit.check_accessibility()

    # Sian can now answer it
    page = visit.sign_in(sian.user.email)
    visit.go(reverse("governance:challenge", args=[challenge.id]))
    page.get_by_label("Your answer").fill("The carer starts on Monday.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer has been sent to the leader.")).to_be_visible()
    visit.check_accessibility()
