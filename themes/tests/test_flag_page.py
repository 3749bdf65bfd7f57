"""The flag page gives whoever may act on a flag what they need to act: whether the person asked for
a reply and how to reach them, and the whole piece of feedback when they can open it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from feedback.models import QUESTION_BETTER, Channel, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.models import UrgentFlag
from themes.services.urgent_flags import MAX_REASON_LENGTH

LIFE = "I want to end my life."
PHONE = "07700 900123"


def paper_feedback(org, service, text: str, **fields):
    """One paper form's answer to "what could we do better", recorded as it arrives."""
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=dt.date(2026, 11, 20),
            comments=[(QUESTION_BETTER, text)],
            **fields,
        ),
    )


def flag_at(org, service, **fields) -> UrgentFlag:
    item = paper_feedback(org, service, LIFE, **fields)
    return UrgentFlag.objects.for_org(org).get(comment__feedback=item)


@pytest.fixture
def asked_for_a_reply(org, services):
    return flag_at(org, services[2], wants_reply=True, reply_method=ReplyMethod.PHONE, reply_contact=PHONE)


def flag_page(client, flag) -> str:
    response = client.get(reverse("themes:flag", args=[flag.id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_at_another_service_sees_how_to_reach_the_person_but_no_link_they_cannot_open(
    client, org, services, asked_for_a_reply
):
    lead = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    client.force_login(lead.user)
    page = flag_page(client, asked_for_a_reply)
    assert "Asked for a reply" in page and "Yes, by phone" in page and PHONE in page
    feedback_url = reverse("feedback:detail", args=[asked_for_a_reply.comment.feedback_id])
    assert feedback_url not in page
    assert client.get(feedback_url).status_code == 404


def test_a_manager_of_the_service_sees_the_reply_details_and_the_link(client, org, services, asked_for_a_reply):
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[2]])
    client.force_login(manager.user)
    page = flag_page(client, asked_for_a_reply)
    assert PHONE in page
    feedback_url = reverse("feedback:detail", args=[asked_for_a_reply.comment.feedback_id])
    assert feedback_url in page
    assert escape(LIFE) in client.get(feedback_url).content.decode()


def test_no_reply_asked_for_says_so(client, org, services):
    flag = flag_at(org, services[0])
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(quality.user)
    page = flag_page(client, flag)
    assert "Asked for a reply" in page and "How to reach them" not in page


def test_staff_who_flag_a_comment_by_hand_are_taken_to_the_list_as_it_is_now_withheld(client, org, services):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    item = paper_feedback(org, services[0], "She seemed different after the weekend, quieter than usual.")
    client.force_login(staff.user)
    assert client.get(reverse("feedback:detail", args=[item.id])).status_code == 200
    comment = item.comments.get()
    response = client.post(reverse("themes:raise", args=[item.id]), {"comment": comment.id, "reason": "She flinched."})
    assert response.status_code == 302 and response["Location"] == reverse("feedback:list")
    listed = client.get(response["Location"]).content.decode()
    assert "only people who handle safeguarding can open this feedback" in listed
    assert client.get(reverse("feedback:detail", args=[item.id])).status_code == 404


def test_a_reason_too_long_is_asked_for_again_in_the_words_the_service_uses(client, org, services):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    item = paper_feedback(org, services[0], "She seemed different after the weekend, quieter than usual.")
    client.force_login(staff.user)
    comment = item.comments.get()
    url = reverse("themes:raise", args=[item.id])
    refused = client.post(url, {"comment": comment.id, "reason": "x" * (MAX_REASON_LENGTH + 1)})
    assert refused.status_code == 400
    assert f"Say why in up to {MAX_REASON_LENGTH} characters." in refused.content.decode()
    assert client.post(url, {"comment": comment.id, "reason": "x" * MAX_REASON_LENGTH}).status_code == 302


# --- what happens to the flag: one question -------------------------------------------------


def test_a_note_without_saying_what_happens_to_the_flag_is_refused_with_a_400_and_kept(client, org, services):
    flag = flag_at(org, services[0])
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(quality.user)
    url = reverse("themes:flag", args=[flag.id])
    refused = client.post(url, {"action": "Rang her son, who is visiting tonight."})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Choose what happens to the flag." in page and "Rang her son, who is visiting tonight." in page
    assert not flag.actions.exists()
    assert client.post(url, {"action": "Rang her son.", "outcome": "not-a-choice"}).status_code == 400

    kept = client.post(url, {"action": "Rang her son, who is visiting tonight.", "outcome": "keep_open"})
    assert kept.status_code == 302
    flag.refresh_from_db()
    assert flag.is_open and flag.actions.get().action == "Rang her son, who is visiting tonight."


def closed_by_a_colleague(client, org, services):
    """A flag the service's manager closes while a quality lead has its page open; the client is
    then signed in as the quality lead. Returns the flag and its page's address."""
    flag = flag_at(org, services[0])
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    url = reverse("themes:flag", args=[flag.id])
    client.force_login(manager.user)
    assert client.post(url, {"action": "Visited; she is safe.", "outcome": "close"}).status_code == 302
    client.force_login(quality.user)
    return flag, url


def test_a_page_left_open_while_someone_else_closed_the_flag_says_so(client, org, services):
    flag, url = closed_by_a_colleague(client, org, services)
    # Grace's page still offered "Close it": her words are kept and she is told why nothing was saved.
    late = client.post(url, {"action": "Rang the GP.", "outcome": "close"})
    page = late.content.decode()
    assert late.status_code == 400 and "This flag is already closed." in page and "Rang the GP." in page
    assert 'value="keep_closed"' in page
    assert list(flag.actions.values_list("action", flat=True)) == ["Visited; she is safe."]


def test_a_note_kept_open_on_a_flag_someone_else_closed_says_it_is_closed(client, org, services):
    flag, url = closed_by_a_colleague(client, org, services)
    # Grace's page still offered "Keep it open": her note is kept, and she is told the flag is closed
    kept = client.post(url, {"action": "Rang the GP.", "outcome": "keep_open"}, follow=True)
    page = " ".join(kept.content.decode().split())
    assert "Someone else closed the flag while you were writing: it is closed." in page
    assert "The flag is still open." not in page
    assert list(flag.actions.values_list("action", flat=True)) == ["Visited; she is safe.", "Rang the GP."]


def test_the_whole_feedback_opened_from_a_flag_goes_back_to_the_flag(client, org, services):
    flag = flag_at(org, services[0])
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    flag_url = reverse("themes:flag", args=[flag.id])
    page = client.get(flag_url).content.decode()
    link = f"{reverse('feedback:detail', args=[flag.comment.feedback_id])}?back=/themes/urgent/{flag.id}/"
    assert f'href="{link}"' in page
    feedback = client.get(link).content.decode()
    assert f'href="{flag_url}"' in feedback and "Back to the urgent flag" in feedback
