"""What staff write about the work after it starts is saved without personal details, as an action's
title is: progress, what was done, the check, why an action was withdrawn, a decision, a challenge and
its answers, a meeting's minutes and the co-production ledger. Through the pages' services and the API
alike; ordinary words and the names of wards are kept, and what was saved before is not rewritten."""

import datetime as dt

from django.urls import reverse

from accounts.services import api_token_create
from core import clock
from governance import services as gov
from governance.forms import NO_NAMES
from governance.models import (
    Action,
    ActionStatusChange,
    ActionUpdate,
    ActivityWithdrawal,
    ChallengeEntry,
    ChallengeSubject,
    CoproductionActivity,
    CoproductionInfluence,
    Decision,
    DiscussionItem,
    Meeting,
    Rung,
)
from organisations.tests.factories import api_call

from .conftest import scope_of, theme

NAMED = "Spoke to Mrs Jane Smith's daughter"
CLEANED = "Spoke to Mrs [name]'s daughter"
ORDINARY = "Will the night team on Rose Ward hope to answer bells by June?"
LINK = "https://heard.example.org/feedback/?q=call+bell"


def _call(client, person, path, body):
    raw = api_token_create(scope=scope_of(person), name="tests")[1]
    return api_call(client, "post", f"/api/governance{path}", raw, body)


def _notes(action) -> list[str]:
    return list(
        ActionStatusChange.objects.for_org(action.organisation)
        .filter(action=action)
        .exclude(note="")
        .values_list("note", flat=True)
    )


def test_progress_is_saved_without_personal_details(org, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text=NAMED)
    assert ActionUpdate.objects.for_org(org).get(action=action).text == CLEANED


def test_progress_sent_through_the_api_is_saved_without_personal_details(client, org, team, loop):
    action = loop["action"]
    response = _call(client, team.manager, f"/actions/{action.id}/updates", {"text": NAMED})
    assert response.status_code == 201
    assert ActionUpdate.objects.for_org(org).get(action=action).text == CLEANED


def test_what_was_done_and_the_check_are_saved_without_personal_details(org, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Started.")
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note=NAMED)
    assert _notes(action) == [CLEANED]
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note=f"{NAMED} at night.",
        link=LINK,
    )
    assert _notes(action) == [CLEANED, f"{CLEANED} at night."]
    assert Action.objects.for_org(org).get(pk=action.pk).impact_note == f"{CLEANED} at night."


def test_the_check_sent_through_the_api_is_saved_without_personal_details(client, org, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Started.")
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.")
    body = {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": NAMED, "link": LINK}
    assert _call(client, team.quality, f"/actions/{action.id}/check", body).status_code == 200
    assert Action.objects.for_org(org).get(pk=action.pk).impact_note == CLEANED


def test_why_an_action_was_withdrawn_is_saved_without_personal_details(org, team, loop):
    action = loop["action"]
    gov.action_withdraw(scope=team.scope("quality"), action_id=action.id, reason=NAMED)
    assert _notes(action) == [CLEANED]


def test_a_decision_is_saved_without_personal_details(org, services, team, framework):
    qs = team.scope("quality")
    meeting = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )
    gov.decision_record(
        scope=qs,
        meeting_id=meeting.id,
        text=f"{NAMED}; night staff answer bells first.",
        evidence=gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id]),
    )
    assert Decision.objects.for_org(org).get().text == f"{CLEANED}; night staff answer bells first."


def test_a_challenge_its_answer_and_its_conclusion_are_saved_without_personal_details(org, team, loop):
    challenge = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.DECISION,
        decision_id=loop["decision"].id,
        question=f"Why? {NAMED}",
    )
    gov.challenge_respond(scope=team.scope("quality"), challenge_id=challenge.id, text=NAMED)
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=True, text=NAMED)
    challenge.refresh_from_db()
    assert challenge.question == f"Why? {CLEANED}"
    entries = ChallengeEntry.objects.for_org(org).filter(challenge=challenge).order_by("id")
    assert [e.text for e in entries] == [CLEANED, CLEANED]


def test_a_meetings_title_and_minutes_are_saved_without_personal_details(org, services, team, framework):
    qs = team.scope("quality")
    meeting = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today(), title=NAMED
    )
    gov.meeting_item_add(scope=qs, meeting_id=meeting.id, heading=NAMED, notes=f"{NAMED} about the falls.")
    assert Meeting.objects.for_org(org).get().title == CLEANED
    item = DiscussionItem.objects.for_org(org).get()
    assert (item.heading, item.notes) == (CLEANED, f"{CLEANED} about the falls.")


def _activity(team, service, **fields):
    return {
        "kind": "forum",
        "service_id": service.id,
        "held_on": (clock.today() - dt.timedelta(days=3)).isoformat(),
        "title": "Residents' forum",
        "rung": Rung.ENGAGEMENT,
        "recognition": "payment",
        "participant_ids": [team.partner.id],
        **fields,
    }


NAMED_ENTRY = {
    "title": NAMED,
    "summary": f"{NAMED} about the food.",
    "others_count": 2,
    "others_description": NAMED,
    "recognition_note": f"Paid by bank transfer; {NAMED}.",
}
CLEANED_ENTRY = {
    "title": CLEANED,
    "summary": f"{CLEANED} about the food.",
    "others_description": CLEANED,
    "recognition_note": f"Paid by bank transfer; {CLEANED}.",
}


def _words(activity) -> dict:
    return {name: getattr(activity, name) for name in CLEANED_ENTRY}


def test_a_ledger_entry_and_what_it_influenced_are_saved_without_personal_details(org, services, team):
    qs = team.scope("quality")
    fields = _activity(team, services[0], **NAMED_ENTRY)
    fields["held_on"] = dt.date.fromisoformat(fields["held_on"])
    activity = gov.coproduction_record(scope=qs, **fields)
    assert _words(activity) == CLEANED_ENTRY
    gov.coproduction_influence_add(scope=qs, activity_id=activity.id, text=NAMED)
    assert CoproductionInfluence.objects.for_org(org).get().text == CLEANED


def test_a_ledger_entry_sent_through_the_api_is_saved_without_personal_details(client, org, services, team):
    made = _call(client, team.quality, "/coproduction", _activity(team, services[0], **NAMED_ENTRY))
    assert made.status_code == 201, made.content
    activity = CoproductionActivity.objects.for_org(org).get(pk=made.json()["id"])
    assert _words(activity) == CLEANED_ENTRY
    shaped = _call(client, team.quality, f"/coproduction/{activity.id}/influences", {"text": NAMED})
    assert shaped.status_code == 201
    assert CoproductionInfluence.objects.for_org(org).get().text == CLEANED


def test_why_a_ledger_entry_was_corrected_or_withdrawn_is_saved_without_personal_details(org, services, team):
    qs = team.scope("quality")
    fields = _activity(team, services[0])
    fields["held_on"] = dt.date.fromisoformat(fields["held_on"])
    first = gov.coproduction_record(scope=qs, **fields)
    fixed = gov.coproduction_correct(scope=qs, activity_id=first.id, reason=NAMED, **fields)
    gov.coproduction_withdraw(scope=qs, activity_id=fixed.id, reason=f"{NAMED} again.")
    reasons = ActivityWithdrawal.objects.for_org(org).order_by("id").values_list("reason", flat=True)
    assert list(reasons) == [CLEANED, f"{CLEANED} again."]


def test_ordinary_words_and_ward_names_are_kept_as_written(org, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text=ORDINARY)
    gov.action_withdraw(scope=team.scope("quality"), action_id=action.id, reason=ORDINARY)
    gov.meeting_item_add(scope=team.scope("quality"), meeting_id=loop["meeting"].id, heading="Bells", notes=ORDINARY)
    assert ActionUpdate.objects.for_org(org).get(action=action).text == ORDINARY
    assert _notes(action) == [ORDINARY]
    assert DiscussionItem.objects.for_org(org).get().notes == ORDINARY


def test_what_was_saved_before_is_kept_as_it_was(org, team, loop):
    """Nothing goes back over earlier records: only what is saved from now on is cleaned."""
    action = loop["action"]
    ActionUpdate.objects.create(
        organisation=org, action=action, text=NAMED, who=team.manager, at=clock.now() - dt.timedelta(days=1)
    )
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text=NAMED)
    texts = ActionUpdate.objects.for_org(org).filter(action=action).order_by("id").values_list("text", flat=True)
    assert list(texts) == [NAMED, CLEANED]


def _hints(client, person, url) -> int:
    client.force_login(person.user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().count(NO_NAMES)


def test_every_form_that_takes_these_words_says_not_to_name_anyone(client, org, services, team, loop):
    action = loop["action"]
    # The lead: progress and what was done; someone who manages actions also withdraws it.
    assert _hints(client, team.manager, reverse("governance:action", args=[action.id])) == 3
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why?"
    )
    # The answer, and why the action's due date changes if a new one is agreed with it.
    assert _hints(client, team.manager, reverse("governance:challenge", args=[challenge.id])) == 2
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="Staff were off sick.")
    assert _hints(client, team.leader, reverse("governance:challenge", args=[challenge.id])) == 1
    # A new meeting's title; what a meeting discussed and a decision (its action's title too).
    assert _hints(client, team.quality, reverse("governance:meeting-new")) == 1
    assert _hints(client, team.quality, reverse("governance:decision-new", args=[loop["meeting"].id])) == 2
    assert _hints(client, team.quality, reverse("governance:meeting", args=[loop["meeting"].id])) >= 2
    # The ledger: title, what happened, who the others were and how they were recognised.
    assert _hints(client, team.quality, reverse("governance:coproduction-new") + "?step=service&service=") == 4
