"""A reply asked for must be one that can be sent: one rule (`feedback.replies`), checked by the staff
form, the JSON API and the public form; feedback already kept that asks for a reply it cannot get
tells staff to find another way. And feedback says something, a rating or a comment, by one rule too."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from feedback.models import QUESTION_BETTER, Channel, Feedback, Rating, ReplyMethod
from feedback.public.forms import NEED_SOMETHING
from feedback.replies import FIND_ANOTHER_WAY, ReplyProblem, reply_can_be_sent, reply_problems, reply_shortfall
from feedback.services import FeedbackInput, feedback_record, rating_or_comment_given
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import api_call as call
from organisations.tests.factories import api_token_for, person_with_role
from themes.models import UrgentFlag
from themes.services import urgent_check

NO_METHOD = "Choose how they would like a reply."
NOT_AN_EMAIL = "Enter an email address in the format name@example.com"
SHORTFALL = "A reply cannot be sent as recorded"


@pytest.mark.parametrize(
    ("method", "contact", "problems"),
    [
        ("", "sam@example.org", {"reply_method": ReplyProblem.NO_METHOD}),
        ("pigeon", "sam@example.org", {"reply_method": ReplyProblem.UNKNOWN_METHOD}),
        ("email", "  ", {"reply_contact": ReplyProblem.NO_CONTACT}),
        ("phone", "", {"reply_contact": ReplyProblem.NO_CONTACT}),
        ("letter", "", {"reply_contact": ReplyProblem.NO_CONTACT}),
        ("email", "sam at home", {"reply_contact": ReplyProblem.NOT_AN_EMAIL}),
        ("email", "sam@example", {"reply_contact": ReplyProblem.NOT_AN_EMAIL}),
        ("email", "07700 900123", {"reply_contact": ReplyProblem.NOT_AN_EMAIL}),
        ("email", " sam@example.org ", {}),
        ("phone", "07700 900123, after six", {}),
        ("letter", "1 High Street, Leeds LS1 4AP", {}),
        ("in_person", "", {}),
        # A contact that could not be read is told as its own problem: only the method is checked.
        ("email", None, {}),
        ("", None, {"reply_method": ReplyProblem.NO_METHOD}),
    ],
)
def test_what_counts_as_a_reply_that_can_be_sent(method, contact, problems):
    assert reply_problems(method=method, contact=contact) == problems


def test_no_reply_asked_for_has_nothing_to_send():
    assert reply_can_be_sent(wants_reply=False, method="", contact="")
    assert not reply_can_be_sent(wants_reply=True, method="", contact="")
    assert reply_shortfall(wants_reply=False, method="email", contact="not an address") == ""
    assert reply_shortfall(wants_reply=True, method="email", contact="sam@example.org") == ""
    assert reply_shortfall(wants_reply=True, method="email", contact="sam").endswith(FIND_ANOTHER_WAY)


def entry(service, **overrides) -> FeedbackInput:
    values = dict(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 1),
        comments=[("What could be better?", "More choice at tea time")],
        rating=Rating.GOOD,
    )
    return FeedbackInput(**{**values, **overrides})


# ----- staff capture ---------------------------------------------------------------------------------


def capture(service, **overrides) -> dict:
    return {
        "service": service.id,
        "kind": "feedback",
        "channel": Channel.IN_PERSON,
        "received_on": "2026-11-01",
        "rating": "2",
        "text": "More choice at tea time",
        "giver_type": "person",
        **overrides,
    }


@pytest.mark.parametrize(
    ("reply", "field", "message"),
    [
        ({"wants_reply": "on", "reply_method": "", "reply_contact": ""}, "reply_method", NO_METHOD),
        ({"wants_reply": "on", "reply_method": "email", "reply_contact": "sam at home"}, "reply_contact", NOT_AN_EMAIL),
    ],
)
def test_the_capture_form_refuses_a_reply_that_cannot_be_sent(client, org, services, make_scope, reply, field, message):
    scope = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(scope.user)
    response = client.post(reverse("feedback:capture"), capture(services[0], **reply))
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert message in body and f'href="#id_{field}"' in body
    assert not Feedback.objects.for_org(org).exists()


def test_the_capture_form_tells_the_reply_with_its_other_problems(client, org, services, make_scope):
    scope = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(scope.user)
    form = capture(services[0], channel="", received_on="2099-01-01", wants_reply="on", reply_method="")
    body = html.unescape(client.post(reverse("feedback:capture"), form).content.decode())
    for problem in (
        "Choose one of the options for ‘How was it given?’",
        "The date cannot be in the future.",
        NO_METHOD,
    ):
        assert problem in body
    form = capture(services[0], channel="", wants_reply="on", reply_method="email", reply_contact="sam")
    body = html.unescape(client.post(reverse("feedback:capture"), form).content.decode())
    assert "Choose one of the options for ‘How was it given?’" in body and NOT_AN_EMAIL in body
    assert not Feedback.objects.for_org(org).exists()


def test_recording_a_reply_that_cannot_be_sent_writes_nothing(org, services, admin_scope):
    for reply in ({"reply_method": ""}, {"reply_method": ReplyMethod.EMAIL, "reply_contact": "sam@"}):
        with pytest.raises(ValidationError) as refused:
            feedback_record(scope=admin_scope, data=entry(services[0], wants_reply=True, **reply))
        assert set(refused.value.message_dict) <= {"reply_method", "reply_contact"}
    assert not Feedback.objects.for_org(org).exists()


def test_a_reply_that_can_be_sent_is_recorded(org, services, admin_scope):
    feedback = feedback_record(
        scope=admin_scope,
        data=entry(services[0], wants_reply=True, reply_method=ReplyMethod.EMAIL, reply_contact=" sam@example.org "),
    )
    assert (feedback.reply_method, feedback.reply_contact) == ("email", "sam@example.org")


# ----- the JSON API -----------------------------------------------------------------------------------


@pytest.fixture
def admin_token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


@pytest.mark.parametrize(
    ("reply", "field", "message"),
    [
        ({"wants_reply": True}, "reply_method", NO_METHOD),
        ({"wants_reply": True, "reply_method": None, "reply_contact": "sam@example.org"}, "reply_method", NO_METHOD),
        ({"wants_reply": True, "reply_method": "email", "reply_contact": "sam at home"}, "reply_contact", NOT_AN_EMAIL),
    ],
)
def test_the_api_refuses_a_reply_that_cannot_be_sent_with_the_other_problems(
    client, org, services, admin_token, reply, field, message
):
    body = {"service_id": services[0].id, "received_on": "2999-01-01", "rating": 1, **reply}
    response = call(client, "post", "/api/feedback", admin_token, body)
    assert response.status_code == 422, response.content
    fields = response.json()["fields"]
    assert fields[field] == [message] and "received_on" in fields
    assert not Feedback.objects.for_org(org).exists()


# ----- the public form ----------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["sam at home", "sam@example", "sam@@example.org"])
def test_the_public_form_refuses_an_email_address_the_rule_refuses(client, org, services, address):
    assert reply_problems(method="email", contact=address)
    form = {"rating": "1", "wants_reply": "yes", "reply_method": "email", "reply_contact": address}
    response = client.post(reverse("public:form", args=[services[0].feedback_link_id]), form)
    assert response.status_code == 400
    assert "Enter an email address in the right format" in response.content.decode()
    assert not Feedback.objects.for_org(org).exists()


# ----- feedback kept that asks for a reply it cannot get ----------------------------------------------


def kept_before(org, service, **reply) -> Feedback:
    """Feedback recorded before these checks, as it was kept."""
    feedback = Feedback.objects.create(
        organisation=org, service=service, channel=Channel.API, received_on=dt.date(2026, 11, 1), rating=1, **reply
    )
    feedback.comments.create(organisation=org, question=QUESTION_BETTER, text="I want to end my life.")
    return feedback


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ({"reply_method": ""}, "how to reply was not recorded"),
        ({"reply_method": "email", "reply_contact": ""}, "no contact details were recorded"),
        ({"reply_method": "email", "reply_contact": "sam at home"}, "what was recorded is not an email address"),
    ],
)
def test_the_feedback_page_says_to_find_another_way_to_reply(client, org, services, reply, said):
    feedback = kept_before(org, services[0], wants_reply=True, **reply)
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    page = html.unescape(client.get(reverse("feedback:detail", args=[feedback.id])).content.decode())
    assert SHORTFALL in page and said in page and FIND_ANOTHER_WAY in page


def test_the_feedback_page_says_nothing_of_a_reply_that_can_be_sent(client, org, services):
    feedback = kept_before(org, services[0], wants_reply=True, reply_method="email", reply_contact="sam@example.org")
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    page = client.get(reverse("feedback:detail", args=[feedback.id])).content.decode()
    assert "sam@example.org" in page and SHORTFALL not in page


def test_the_shortfall_is_shown_only_to_those_who_see_how_to_reply(client, org, services):
    feedback = kept_before(org, services[0], wants_reply=True, reply_method="")
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    response = client.get(reverse("feedback:detail", args=[feedback.id]))
    assert response.status_code == 200 and SHORTFALL not in response.content.decode()


def test_the_urgent_flag_page_says_to_find_another_way_to_reply(client, org, services):
    feedback = kept_before(org, services[0], wants_reply=True, reply_method="email", reply_contact="sam at home")
    urgent_check(scope=system_scope(organisation=org), comments=feedback.comments.select_related("feedback__service"))
    flag = UrgentFlag.objects.for_org(org).get(comment__feedback=feedback)
    lead = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    client.force_login(lead.user)
    page = html.unescape(client.get(reverse("themes:flag", args=[flag.id])).content.decode())
    assert SHORTFALL in page and "not an email address" in page and FIND_ANOTHER_WAY in page


# ----- a rating or a comment (one rule: the service, the public form and a file's rows) -----------------


@pytest.mark.parametrize(
    ("rating", "texts", "given"),
    [(None, [], False), (None, ["", "  \n"], False), (Rating.POOR, [], True), (None, ["", "Tea was cold"], True)],
)
def test_feedback_says_something_with_a_rating_or_a_comment(rating, texts, given):
    assert rating_or_comment_given(rating=rating, texts=texts) is given


def test_the_public_form_and_the_service_refuse_the_same_empty_feedback(client, org, services, admin_scope):
    with pytest.raises(ValidationError) as refused:
        feedback_record(scope=admin_scope, data=entry(services[0], rating=None, comments=[("q", "  ")]))
    assert refused.value.message_dict == {"comments": ["Give a rating or write a comment."]}
    url = reverse("public:form", args=[services[0].feedback_link_id])
    response = client.post(url, {"good": "   ", "better": ""})
    assert response.status_code == 400 and NEED_SOMETHING in html.unescape(response.content.decode())
    assert client.post(url, {"better": "Tea was cold"}).status_code == 302
    assert Feedback.objects.for_org(org).count() == 1
