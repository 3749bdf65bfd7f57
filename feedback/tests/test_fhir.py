"""FHIR R4 QuestionnaireResponse in and out, and Heard's FFT Questionnaire."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from accounts.services import api_token_create
from core.models import AuditEvent
from feedback import fhir
from feedback.models import QUESTION_BETTER, QUESTION_GOOD, Channel, Feedback, GiverType, Rating, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import PersonFactory, ServiceFactory


def response(*items, status="completed", authored="2026-11-02T09:30:00Z", **extra):
    return {
        "resourceType": "QuestionnaireResponse",
        "status": status,
        "authored": authored,
        "item": list(items),
        **extra,
    }


def item(link_id, **answer):
    return {"linkId": link_id, "answer": [answer]}


@pytest.fixture
def token(admin_scope):
    return api_token_create(scope=admin_scope, name="fhir")[1]


def post(client, token, service, body, content_type="application/fhir+json", prefer=None):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        f"/api/fhir/QuestionnaireResponse?service_id={service.id}",
        data=data,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **({"HTTP_PREFER": prefer} if prefer else {}),
    )


def left_out(reply) -> list[str]:
    """What a create asked for `Prefer: return=OperationOutcome` says it left out: the linkIds."""
    assert reply["Content-Type"] == "application/fhir+json"
    issues = OperationOutcome.model_validate_json(reply.content).issue
    assert [(i.severity, i.code) for i in issues[:1]] == [("information", "informational")]
    assert {(i.severity, i.code) for i in issues[1:]} <= {("warning", "informational")}
    return [i.diagnostics.removeprefix("linkId ") for i in issues[1:]]


def get(client, token, path):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def refused(reply, code="invalid") -> dict[str, list[str]]:
    """A 422 as FHIR gives one: an OperationOutcome the FHIR library reads, each issue of ``code``; its
    messages keyed by where they are."""
    assert reply.status_code == 422, reply.content
    assert reply["Content-Type"] == "application/fhir+json"
    outcome = OperationOutcome.model_validate_json(reply.content)
    assert [(i.severity, i.code) for i in outcome.issue] == [("error", code)] * len(outcome.issue), reply.content
    messages: dict[str, list[str]] = {}
    for issue in outcome.issue:
        messages.setdefault(issue.diagnostics, []).append(issue.details.text)
    return messages


# ----- reading: pure mapping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"valueCoding": {"system": fhir.FFT_SYSTEM, "code": "4", "display": "Poor"}},
        {"valueCoding": {"code": "4"}},
        {"valueInteger": 4},
        {"valueString": "Poor"},
        {"valueString": "  pOOR "},
    ],
)
def test_the_fft_answer_in_each_value_type(answer):
    assert fhir.questionnaire_response_parse(response(item("fft", **answer))).rating == Rating.POOR


def test_dont_know_matches_with_either_apostrophe():
    for text in ("Don't know", "DON\u2019T KNOW"):
        assert fhir.questionnaire_response_parse(response(item("fft", valueString=text))).rating == Rating.DONT_KNOW


def test_every_fft_item_is_read():
    parsed = fhir.questionnaire_response_parse(
        response(
            item("fft", valueInteger=1),
            item("what-was-good", valueString="Kind staff"),
            item("what-could-be-better", valueString="Parking"),
            {"linkId": "comment", "text": "Anything else?", "answer": [{"valueString": "Thank you"}]},
            item("respondent-type", valueCoding={"system": fhir.GIVER_SYSTEM, "code": "family"}),
            item("consent-to-quote", valueBoolean=True),
            authored="2026-11-02",
        )
    )
    assert parsed == fhir.ParsedResponse(
        received_on=dt.date(2026, 11, 2),
        rating=1,
        giver_type=GiverType.FAMILY,
        consent_to_quote=True,
        comments=((QUESTION_GOOD, "Kind staff"), (QUESTION_BETTER, "Parking"), ("Anything else?", "Thank you")),
        ignored_link_ids=(),
    )


def test_authored_is_the_uk_date():
    # 23:30 UTC in summer is the next morning in the UK.
    assert fhir.questionnaire_response_parse(
        response(item("fft", valueInteger=1), authored="2026-06-02T23:30:00Z")
    ).received_on == dt.date(2026, 6, 3)
    assert fhir.questionnaire_response_parse(
        response(item("fft", valueInteger=1), authored="2026-01-02T23:30:00Z")
    ).received_on == dt.date(2026, 1, 2)


def test_unknown_link_ids_are_ignored_and_reported_and_groups_are_looked_through():
    parsed = fhir.questionnaire_response_parse(
        response(
            {"linkId": "page-1", "item": [item("fft", valueInteger=2), item("ward", valueString="Rose Ward")]},
            item("ward", valueString="again"),
            item("nps", valueInteger=9),
        )
    )
    assert parsed.rating == 2 and parsed.ignored_link_ids == ("ward", "nps")  # a group is not an answer


def test_unanswered_items_are_skipped():
    parsed = fhir.questionnaire_response_parse(response({"linkId": "fft"}, item("what-was-good", valueString="Food")))
    assert parsed.rating is None and parsed.comments == ((QUESTION_GOOD, "Food"),)


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ([1, 2], "resource"),
        ({"resourceType": "Patient"}, "resourceType"),
        (response(status="in-progress"), "status"),
        (response(status="entered-in-error"), "status"),
        (response(authored=None), "authored"),
        (response(authored="2026-11"), "authored"),
        (response(authored="last Tuesday"), "authored"),
        (response(item("fft", valueInteger="x")), "item[0].answer[0].valueInteger"),
        (response(item("fft", valueInteger=7)), "item[0].answer[0].valueInteger"),
        (response(item("fft", valueInteger=0)), "item[0].answer[0].valueInteger"),
        (response(item("fft", valueString="Brilliant")), "item[0].answer[0].valueString"),
        (response(item("fft", valueCoding={"code": "9"})), "item[0].answer[0].valueCoding.code"),
        (
            response(item("fft", valueCoding={"system": "http://snomed.info/sct", "code": "1"})),
            "item[0].answer[0].valueCoding.system",
        ),
        (response(item("fft", valueBoolean=True)), "item[0].answer[0]"),
        (response({"linkId": "fft", "answer": [{"valueInteger": 1}, {"valueInteger": 2}]}), "item[0].answer"),
        (response(item("what-was-good", valueInteger=3)), "item[0].answer[0]"),
        (response(item("respondent-type", valueCoding={"code": "cat"})), "item[0].answer[0].valueCoding.code"),
        (response(item("respondent-type", valueString="family")), "item[0].answer[0]"),
        (response(item("consent-to-quote", valueString="yes")), "item[0].answer[0]"),
        (response({"answer": [{"valueInteger": 1}]}), "item[0].linkId"),
        # One rating, one kind of giver, one answer on consent: a second would silently replace the first.
        (response(item("fft", valueInteger=1), item("fft", valueInteger=5)), "item[1]"),
        (
            response({"linkId": "page", "item": [item("fft", valueInteger=1)]}, item("fft", valueInteger=5)),
            "item[1]",
        ),
        (
            response(item("consent-to-quote", valueBoolean=False), item("consent-to-quote", valueBoolean=True)),
            "item[1]",
        ),
        (
            response(
                item("respondent-type", valueCoding={"code": "family"}),
                item("respondent-type", valueCoding={"code": "staff"}),
            ),
            "item[1]",
        ),
        (response(item("fft", valueInteger=1), colour="blue"), "colour"),
    ],
)
def test_an_invalid_resource_names_the_path(payload, path):
    if isinstance(payload, dict) and payload.get("authored") is None and "authored" in payload:
        del payload["authored"]
    with pytest.raises(ValidationError) as raised:
        fhir.questionnaire_response_parse(payload)
    assert path in raised.value.message_dict, raised.value.message_dict


WHOLE_NUMBER = "Send a whole number without quotes, as in 1."
TRUE_OR_FALSE = "Send true or false, without quotes."


@pytest.mark.parametrize(
    ("answer_item", "where", "message"),
    [
        # The library read these leniently: "yes" and 1 as true, "1", 1.0 and true as 1.
        (item("consent-to-quote", valueBoolean="yes"), "valueBoolean", TRUE_OR_FALSE),
        (item("consent-to-quote", valueBoolean="false"), "valueBoolean", TRUE_OR_FALSE),
        (item("consent-to-quote", valueBoolean=1), "valueBoolean", TRUE_OR_FALSE),
        (item("fft", valueInteger="1"), "valueInteger", WHOLE_NUMBER),
        (item("fft", valueInteger=1.0), "valueInteger", WHOLE_NUMBER),
        (item("fft", valueInteger=True), "valueInteger", WHOLE_NUMBER),
        (item("fft", valueString=1), "valueString", "Send text, in quotes."),
        (item("what-was-good", valueString=["Kind staff"]), "valueString", "Send text, in quotes."),
        (
            {"linkId": "comment", "text": "Anything else?", "answer": [{"valueString": "Fine"}, {"valueString": 2}]},
            "valueString",
            "Send text, in quotes.",
        ),
        (item("fft", valueCoding="1"), "valueCoding", fhir.CODING_NOT_AN_OBJECT),
        (item("fft", valueCoding={"code": 1}), "valueCoding.code", "Send text, in quotes."),
        (
            item("respondent-type", valueCoding={"code": "family", "system": 7}),
            "valueCoding.system",
            "Send text, in quotes.",
        ),
    ],
)
def test_an_answer_of_the_wrong_json_type_is_refused_not_guessed(answer_item, where, message):
    """FHIR JSON is strict about types: a consent sent as "yes" is a sender's bug, not a yes."""
    answer = "answer[1]" if answer_item["linkId"] == "comment" else "answer[0]"
    inside_a_group = {"linkId": "page", "item": [answer_item]}
    for payload, path in (
        (response(item("what-could-be-better", valueString="Tea"), answer_item), f"item[1].{answer}.{where}"),
        (response(inside_a_group), f"item[0].item[0].{answer}.{where}"),
    ):
        with pytest.raises(ValidationError) as raised:
            fhir.questionnaire_response_parse(payload)
        assert raised.value.message_dict == {path: [message]}


def test_answers_in_their_own_json_types_are_read_as_before():
    parsed = fhir.questionnaire_response_parse(
        response(
            item("consent-to-quote", valueBoolean=False),
            item("fft", valueInteger=2, _valueInteger={"id": "score"}),
            item("respondent-type", valueCoding={"system": fhir.GIVER_SYSTEM, "code": "family", "userSelected": True}),
            # An item Heard does not read is not checked: it is ignored and reported, as before.
            item("mood", valueBoolean="yes"),
        )
    )
    assert (parsed.consent_to_quote, parsed.rating, parsed.giver_type) == (False, 2, "family")
    assert parsed.ignored_link_ids == ("mood",)


@pytest.mark.parametrize("authored", ["2026-11-30T14:05:00", "2026-11-30T14:05", "2026-11-30T14:05:00.250"])
def test_a_time_without_a_time_zone_is_refused_in_plain_words(authored):
    """The FHIR library refused it as "DateTime value string does not match spec regex", which tells
    the sender neither what is wrong nor how to put it right."""
    with pytest.raises(ValidationError) as raised:
        fhir.questionnaire_response_parse(response(item("fft", valueInteger=1), authored=authored))
    [message] = raised.value.message_dict["authored"]
    assert "no time zone" in message and "2026-11-30T14:05:00Z" in message, message
    assert "regex" not in message


@pytest.mark.parametrize(
    "authored",
    # A number was read as seconds since 1970: the feedback was recorded as given on 1 January 1970.
    ["2026-11-30 14:05:00", "2026-11-30T25:00:00Z", "last Tuesday", ["2026-11-30"], 1764511500, 20261130.0, True],
)
def test_an_authored_that_is_not_a_date_says_what_to_send(authored):
    with pytest.raises(ValidationError) as raised:
        fhir.questionnaire_response_parse(response(item("fft", valueInteger=1), authored=authored))
    assert raised.value.message_dict == {"authored": [fhir.AUTHORED_UNREADABLE]}


@pytest.mark.parametrize("blank", ["   ", "", "\t\n", "\u00a0"])
@pytest.mark.parametrize(
    "blank_item",
    [
        lambda blank: item("what-was-good", valueString=blank),
        lambda blank: item("what-could-be-better", valueString=blank),
        lambda blank: {"linkId": "comment", "text": "Anything else?", "answer": [{"valueString": blank}]},
    ],
)
def test_a_blank_answer_beside_a_rating_is_refused_not_dropped(blank, blank_item):
    """Saved comments are trimmed, so an answer of spaces only vanished without a word to the sender;
    an empty one was refused in the library's words ("String should match pattern")."""
    with pytest.raises(ValidationError) as raised:
        fhir.questionnaire_response_parse(response(item("fft", valueInteger=1), blank_item(blank)))
    assert raised.value.message_dict == {"item[1].answer[0].valueString": [fhir.BLANK_ANSWER]}


# ----- writing: pure mapping ----------------------------------------------------------------------------


def test_the_questionnaire_describes_every_item():
    resource = fhir.questionnaire()
    assert isinstance(resource, Questionnaire) and resource.url == fhir.QUESTIONNAIRE_URL
    assert [i.linkId for i in resource.item] == [
        "fft",
        "what-was-good",
        "what-could-be-better",
        "comment",
        "respondent-type",
        "consent-to-quote",
    ]
    fft = resource.item[0]
    assert [(o.valueCoding.code, o.valueCoding.display) for o in fft.answerOption] == [
        (str(value), label) for value, label in Rating.choices
    ]
    assert {o.valueCoding.code for o in resource.item[4].answerOption} == set(GiverType.values)


# ----- the endpoints ------------------------------------------------------------------------------------


def test_recording_a_questionnaire_response(client, org, services, token):
    body = response(
        item("fft", valueCoding={"system": fhir.FFT_SYSTEM, "code": "2"}),
        item("what-was-good", valueString="The activities"),
        item("respondent-type", valueCoding={"system": fhir.GIVER_SYSTEM, "code": "person"}),
        item("consent-to-quote", valueBoolean=True),
        item("nhs-number", valueString="943 476 5919"),
    )
    reply = post(client, token, services[1], body)
    assert reply.status_code == 201, reply.content
    # The recorded response, as FHIR answers a create: what its Location, the read URL, gives back.
    assert reply["Content-Type"] == "application/fhir+json"
    assert QuestionnaireResponse.model_validate_json(reply.content).id == reply.json()["id"]
    assert reply["Location"] == f"http://testserver/api/fhir/QuestionnaireResponse/{reply.json()['id']}"
    assert reply.content == get(client, token, reply["Location"]).content
    assert b"943 476 5919" not in reply.content
    saved = Feedback.objects.for_org(org).get(pk=reply.json()["id"])
    assert (saved.service, saved.channel, saved.received_on, saved.rating) == (
        services[1],
        Channel.FHIR,
        dt.date(2026, 11, 2),
        Rating.GOOD,
    )
    assert saved.giver_type == GiverType.PERSON and saved.consent_to_quote
    assert [(c.question, c.text) for c in saved.comments.all()] == [(QUESTION_GOOD, "The activities")]
    assert "943 476 5919" not in str(list(saved.comments.values_list("text", flat=True)))
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record", object_id=str(saved.id)).exists()


def test_plain_json_is_accepted_too(client, services, token):
    assert (
        post(client, token, services[0], response(item("fft", valueInteger=1)), "application/json").status_code == 201
    )


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ("{not json", "resource", "invalid"),
        ("", "resource", "invalid"),
        (response(item("fft", valueInteger=8)), "item[0].answer[0].valueInteger", "invalid"),
        (response(item("fft", valueInteger=1), status="in-progress"), "status", "invalid"),
        # Read, then refused by Heard's rules.
        (response(item("fft", valueInteger=1), authored="2999-01-01"), "authored", "business-rule"),
        (response(), "item", "business-rule"),
    ],
)
def test_invalid_input_is_a_422_naming_the_path(client, org, services, token, body, field, code):
    """It was the JSON API's error; a FHIR client reads an OperationOutcome."""
    messages = refused(post(client, token, services[0], body), code)
    assert field in messages and messages[field][0], messages
    assert not Feedback.objects.for_org(org).exists()


def test_a_time_without_a_time_zone_is_a_422_in_the_shape_of_the_others(client, org, services, token):
    reply = post(client, token, services[0], response(item("fft", valueInteger=1), authored="2026-11-30T14:05:00"))
    assert refused(reply) == {"authored": [fhir.AUTHORED_WITHOUT_ZONE]}
    assert "time zone" in fhir.AUTHORED_WITHOUT_ZONE and "2026-11-30T14:05:00Z" in fhir.AUTHORED_WITHOUT_ZONE
    assert not Feedback.objects.for_org(org).exists()
    # With the time zone added, the same response is recorded.
    fixed = post(client, token, services[0], response(item("fft", valueInteger=1), authored="2026-11-30T14:05:00Z"))
    assert fixed.status_code == 201, fixed.content


def test_a_consent_given_as_a_word_is_a_422_in_the_shape_of_the_others(client, org, services, token):
    body = response(item("fft", valueInteger=1), item("consent-to-quote", valueBoolean="yes"))
    reply = post(client, token, services[0], body)
    assert refused(reply) == {"item[1].answer[0].valueBoolean": ["Send true or false, without quotes."]}
    assert not Feedback.objects.for_org(org).exists()
    body["item"][1]["answer"][0]["valueBoolean"] = True
    assert post(client, token, services[0], body).status_code == 201
    assert Feedback.objects.for_org(org).get().consent_to_quote is True


@override_settings(ALLOWED_HOSTS=["heard.example.org", "testserver"])
def test_location_is_the_absolute_read_url_as_the_sender_reached_heard(client, org, services, token):
    """It was a path alone (`/api/fhir/QuestionnaireResponse/12`), which a FHIR client resolves against
    the FHIR base, not the host. It is the same URL a search gives the feedback as its `fullUrl`. Heard
    keeps no versions, so there is no `_history` to name."""
    sent = response(item("fft", valueInteger=1))
    reply = client.post(
        f"/api/fhir/QuestionnaireResponse?service_id={services[0].id}",
        data=json.dumps(sent),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_HOST="heard.example.org",
        secure=True,
    )
    location = f"https://heard.example.org/api/fhir/QuestionnaireResponse/{reply.json()['id']}"
    assert reply.status_code == 201 and reply["Location"] == location
    found = client.get(
        "/api/fhir/QuestionnaireResponse",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_HOST="heard.example.org",
        secure=True,
    )
    assert [entry["fullUrl"] for entry in found.json()["entry"]] == [location]
    minimal = post(client, token, services[0], response(item("fft", valueInteger=2)), prefer="return=minimal")
    assert minimal["Location"].startswith("http://testserver/api/fhir/QuestionnaireResponse/")


def test_a_blank_answer_is_a_422_and_nothing_is_recorded(client, org, services, token):
    body = response(item("fft", valueInteger=1), item("what-was-good", valueString="   "))
    reply = post(client, token, services[0], body)
    assert refused(reply) == {"item[1].answer[0].valueString": [fhir.BLANK_ANSWER]}
    assert "blank" in fhir.BLANK_ANSWER
    assert not Feedback.objects.for_org(org).exists()


def _nested(depth: int) -> dict:
    inner = item("fft", valueInteger=1)
    for _ in range(depth):
        inner = {"linkId": "group", "item": [inner]}
    return response(inner)


def test_items_nested_too_deeply_are_a_422_not_a_server_error(client, org, services, token):
    """Validating nested items recurses, as reading nested JSON does: a few hundred levels used to
    exhaust Python's recursion and answer 500."""
    assert post(client, token, services[0], _nested(10)).status_code == 201
    for body in (_nested(300), "[" * 100_000 + "]" * 100_000):
        reply = post(client, token, services[0], body)
        assert reply.status_code == 422, reply.content
    assert Feedback.objects.for_org(org).count() == 1


def test_the_service_is_required_and_must_be_in_scope(client, org, other_org, services, token, make_scope):
    body = json.dumps(response(item("fft", valueInteger=1)))
    missing = client.post(
        "/api/fhir/QuestionnaireResponse",
        data=body,
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert list(refused(missing)) == ["service_id"]
    theirs = ServiceFactory(organisation=other_org)
    assert list(refused(post(client, token, theirs, response(item("fft", valueInteger=1))), "business-rule")) == [
        "service_id"
    ]
    staff = api_token_create(scope=make_scope(Role.STAFF, services=[services[0]]), name="x")[1]
    assert post(client, staff, services[2], response(item("fft", valueInteger=1))).status_code == 422
    assert post(client, staff, services[0], response(item("fft", valueInteger=1))).status_code == 201


def test_a_response_out_is_r4_with_no_personal_data(client, org, services, token):
    person = PersonFactory(organisation=org, full_name="Grace Hopper")
    feedback = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id,
            channel=Channel.PHONE,
            received_on=dt.date(2026, 10, 9),
            rating=Rating.NEITHER,
            comments=[(QUESTION_BETTER, "Quicker replies")],
            person_id=person.id,
            wants_reply=True,
            reply_method=ReplyMethod.EMAIL,
            reply_contact="grace@example.org",
            giver_type=GiverType.ADVOCATE,
        ),
    )
    reply = get(client, token, f"/api/fhir/QuestionnaireResponse/{feedback.id}")
    assert reply.status_code == 200 and reply["Content-Type"] == "application/fhir+json"
    text = reply.content.decode()
    assert "Grace" not in text and "grace@example.org" not in text and "Person" not in text
    resource = QuestionnaireResponse.model_validate_json(text)
    assert resource.status == "completed" and resource.questionnaire.startswith(fhir.QUESTIONNAIRE_URL)
    assert str(resource.authored) == "2026-10-09"
    assert resource.author is None and resource.source is None
    assert resource.subject.identifier.value == str(services[0].id) and resource.subject.display == "Rowan House"
    answers = {i.linkId: i.answer[0] for i in resource.item}
    assert answers["fft"].valueCoding.code == "3" and answers["fft"].valueCoding.display == "Neither good nor poor"
    assert answers["what-could-be-better"].valueString == "Quicker replies"
    assert answers["respondent-type"].valueCoding.code == "advocate"
    assert answers["consent-to-quote"].valueBoolean is False


def test_round_trip_out_then_in_creates_equivalent_feedback(client, org, services, token):
    original = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[2].id,
            channel=Channel.PAPER,
            received_on=dt.date(2026, 9, 30),
            rating=Rating.VERY_POOR,
            giver_type=GiverType.FAMILY,
            consent_to_quote=True,
            comments=[(QUESTION_GOOD, "The carers"), (QUESTION_BETTER, "Timekeeping"), ("Anything else?", "No")],
        ),
    )
    out = get(client, token, f"/api/fhir/QuestionnaireResponse/{original.id}")
    back = post(client, token, services[2], out.content.decode(), prefer="return=OperationOutcome")
    assert back.status_code == 201, back.content
    assert left_out(back) == []
    copy = Feedback.objects.for_org(org).get(pk=back["Location"].rsplit("/", 1)[1])

    def essence(f):
        return (
            f.service_id,
            f.received_on,
            f.rating,
            f.giver_type,
            f.consent_to_quote,
            f.kind,
            [(c.question, c.text) for c in f.comments.all()],
        )

    assert essence(copy) == essence(original) and copy.channel == Channel.FHIR
    again = get(client, token, f"/api/fhir/QuestionnaireResponse/{copy.id}").json()
    first = out.json()
    # The same response but for its id and when Heard recorded it.
    assert {k: v for k, v in again.items() if k not in ("id", "meta")} == {
        k: v for k, v in first.items() if k not in ("id", "meta")
    }


def test_the_questionnaire_endpoint(client, token):
    reply = get(client, token, "/api/fhir/Questionnaire/fft")
    assert reply.status_code == 200 and reply["Content-Type"] == "application/fhir+json"
    resource = Questionnaire.model_validate_json(reply.content)
    assert resource.url == fhir.QUESTIONNAIRE_URL and resource.status == "active"


def test_a_full_r4_response_is_read_and_who_it_is_about_is_not_kept(client, org, services, token):
    # An R4 QuestionnaireResponse as another system sends it: narrative, contained resources, a patient,
    # an author, nested answers. R4B's model reads it unchanged; Heard keeps none of the people.
    body = {
        "resourceType": "QuestionnaireResponse",
        "id": "qr-77",
        "meta": {"versionId": "2", "lastUpdated": "2026-11-02T10:00:00+00:00"},
        "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">FFT</div>'},
        "contained": [{"resourceType": "Patient", "id": "p1", "name": [{"family": "Nightingale"}]}],
        "identifier": {"system": "https://example.org/fft", "value": "77"},
        "questionnaire": fhir.QUESTIONNAIRE_URL,
        "status": "amended",
        "subject": {"reference": "#p1", "display": "Florence Nightingale"},
        "author": {"reference": "Practitioner/9", "display": "Dr Snow"},
        "source": {"reference": "#p1"},
        "authored": "2026-11-02T10:00:00+00:00",
        "item": [
            {
                "linkId": "fft",
                "text": "Overall, how was your experience of our service?",
                "answer": [
                    {
                        "valueCoding": {"system": fhir.FFT_SYSTEM, "code": "1", "display": "Very good"},
                        "item": [{"linkId": "why", "answer": [{"valueString": "Kindness"}]}],
                    }
                ],
            },
            {"linkId": "what-was-good", "answer": [{"valueString": "Everything"}]},
        ],
    }
    reply = post(client, token, services[0], body, prefer="return=OperationOutcome")
    assert reply.status_code == 201, reply.content
    assert left_out(reply) == ["why"]
    saved = Feedback.objects.for_org(org).get(pk=reply["Location"].rsplit("/", 1)[1])
    assert saved.rating == Rating.VERY_GOOD and saved.person is None and saved.reply_contact == ""
    assert "Nightingale" not in str(list(saved.comments.values_list("text", flat=True)))


# ----- sending the same response again ----------------------------------------------------------------


def identified(value="fft-2026-0042", system="https://survey.example/responses", **changes):
    body = response(
        item("fft", valueInteger=2),
        item("what-was-good", valueString="The garden"),
        identifier={"system": system, "value": value} if system else {"value": value},
    )
    body.update(changes)
    return body


def test_a_response_sent_again_is_recorded_once(client, org, services, token):
    """A system that does not hear back (a timeout, a dropped connection) sends again: that used to
    record the same person's answers twice, and count them twice in the Friends and Family Test."""
    first = post(client, token, services[0], identified())
    again = post(client, token, services[0], identified())
    assert first.status_code == 201 and again.status_code == 200, again.content
    assert again.json() == first.json() and again["Location"] == first["Location"]
    saved = Feedback.objects.for_org(org).get()
    assert [c.text for c in saved.comments.all()] == ["The garden"]
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record").count() == 1


def test_other_answers_under_the_same_identifier_are_refused_not_applied(client, org, services, token):
    post(client, token, services[0], identified())
    changed = identified()
    changed["item"][0]["answer"][0]["valueInteger"] = 5
    for body, service in ((changed, services[0]), (identified(), services[1])):
        assert list(refused(post(client, token, service, body), "business-rule")) == ["identifier"]
    saved = Feedback.objects.for_org(org).get()
    assert (saved.rating, saved.service) == (Rating.GOOD, services[0])


def test_responses_are_told_apart_by_their_whole_identifier(client, org, other_org, services, token, make_scope):
    assert post(client, token, services[0], identified()).status_code == 201
    assert post(client, token, services[0], identified(value="fft-2026-0043")).status_code == 201
    assert post(client, token, services[0], identified(system="https://other.example/ids")).status_code == 201
    # An identifier too long to store whole is still recognised when it comes again.
    long = identified(value="x" * 500)
    assert [post(client, token, services[0], long).status_code for _ in range(2)] == [201, 200]
    # Without an identifier there is nothing to recognise: each is new feedback.
    plain = response(item("fft", valueInteger=1))
    assert [post(client, token, services[0], plain).status_code for _ in range(2)] == [201, 201]
    assert Feedback.objects.for_org(org).count() == 6
    # Another organisation's system may use the same ids.
    theirs = api_token_create(scope=make_scope(Role.ADMINISTRATOR, organisation=other_org), name="x")[1]
    their_service = ServiceFactory(organisation=other_org)
    assert post(client, theirs, their_service, identified()).status_code == 201


def test_sending_again_tells_nothing_of_a_service_outside_the_senders_scope(client, org, services, token, make_scope):
    post(client, token, services[2], identified())
    staff = api_token_create(scope=make_scope(Role.STAFF, services=[services[0]]), name="x")[1]
    assert list(refused(post(client, staff, services[2], identified()), "business-rule")) == ["service_id"]
    assert Feedback.objects.for_org(org).count() == 1


def test_a_create_answers_as_prefer_asks(client, org, services, token):
    """It answered the JSON API's `{"id": ..., "ignored_link_ids": [...]}` as `application/json`, which
    a FHIR client cannot read as a resource."""
    body = identified(item=[item("fft", valueInteger=2), item("ward", valueString="Oak")])
    minimal = post(client, token, services[0], body, prefer="return=minimal")
    assert minimal.status_code == 201 and minimal.content == b"" and "Content-Type" not in minimal
    location = minimal["Location"]
    said = post(client, token, services[0], body, prefer="handling=strict; return=OperationOutcome")
    assert said.status_code == 200 and said["Location"] == location and left_out(said) == ["ward"]
    assert f"Recorded before, as QuestionnaireResponse/{location.rsplit('/', 1)[1]}" in said.content.decode()
    for prefer in ("return=representation", None):
        again = post(client, token, services[0], body, prefer=prefer)
        assert again.status_code == 200 and again["Location"] == location
        assert again.content == get(client, token, location).content
    assert Feedback.objects.for_org(org).count() == 1


def test_a_create_withheld_from_its_sender_answers_no_body(client, org, services, make_scope):
    """Words that raise an urgent flag are withheld from staff (ADR 0007): the sender is told where the
    feedback is, as for any create, and given nothing a read would not give them."""
    staff = api_token_create(scope=make_scope(Role.STAFF, services=[services[0]]), name="staff")[1]
    hit = response(item("what-could-be-better", valueString="The night carer hit my mum and she is scared of him now."))
    reply = post(client, staff, services[0], hit)
    assert reply.status_code == 201 and reply.content == b"" and reply["Location"]
    assert get(client, staff, reply["Location"]).status_code == 404
    ordinary = post(client, staff, services[0], response(item("fft", valueInteger=1)))
    assert ordinary.status_code == 201 and ordinary["Content-Type"] == "application/fhir+json"


def test_a_response_goes_out_with_the_identifier_it_was_sent_with(client, org, services, token):
    """It went out without one, so the sending system could not match it to its own record, and a
    copy sent back was new feedback."""
    first = post(client, token, services[0], identified())
    no_system = post(client, token, services[0], identified(value="fft-2026-0043", system=None))
    assert first.status_code == no_system.status_code == 201, no_system.content
    out = get(client, token, first["Location"]).json()
    assert out["identifier"] == {"system": "https://survey.example/responses", "value": "fft-2026-0042"}
    assert get(client, token, no_system["Location"]).json()["identifier"] == {"value": "fft-2026-0043"}
    # Read back, it is the same response: recorded once.
    again = post(client, token, services[0], json.dumps(out))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"], again.content
    assert Feedback.objects.for_org(org).count() == 2


def test_a_response_sent_without_an_identifier_goes_out_without_one(client, org, services, token):
    plain = post(client, token, services[0], response(item("fft", valueInteger=1)))
    assert "identifier" not in get(client, token, plain["Location"]).json()
    # The JSON API's external_id is that API's id for it, not a FHIR identifier.
    through_json = client.post(
        "/api/feedback",
        data={"service_id": services[0].id, "received_on": "2026-11-02", "rating": 1, "external_id": "survey-1"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert through_json.status_code == 201, through_json.content
    out = get(client, token, f"/api/fhir/QuestionnaireResponse/{through_json.json()['id']}").json()
    assert "identifier" not in out


def test_an_identifier_too_long_to_give_back_is_refused(client, org, services, token):
    reply = post(client, token, services[0], identified(value="x" * fhir.MAX_IDENTIFIER))
    assert list(refused(reply)) == ["identifier"]
    assert not Feedback.objects.for_org(org).exists()


def test_two_answers_to_one_of_the_questionnaires_questions_go_out_as_valid_r4(client, org, services, token):
    """Feedback recorded through the JSON API can hold two answers to "What was good?". They went out
    as two `what-was-good` items, which the Questionnaire does not let repeat; the second goes out as
    a `comment` (which repeats) with the question as its text, and reads back the same."""
    comments = [(QUESTION_GOOD, "The garden"), (QUESTION_GOOD, "The food"), (QUESTION_BETTER, "Parking")]
    original = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id, channel=Channel.API, received_on=dt.date(2026, 11, 2), comments=comments
        ),
    )
    out = get(client, token, f"/api/fhir/QuestionnaireResponse/{original.id}")
    items = [(i["linkId"], i.get("text"), i["answer"][0]["valueString"]) for i in out.json()["item"][:3]]
    assert items == [
        ("what-was-good", QUESTION_GOOD, "The garden"),
        ("comment", QUESTION_GOOD, "The food"),
        ("what-could-be-better", QUESTION_BETTER, "Parking"),
    ]
    repeats = {i.linkId for i in fhir.questionnaire().item if i.repeats}
    link_ids = [i["linkId"] for i in out.json()["item"]]
    assert all(link_ids.count(link) == 1 for link in set(link_ids) - repeats), link_ids
    back = post(client, token, services[0], out.content.decode())
    copy = Feedback.objects.for_org(org).get(pk=back.json()["id"])
    assert [(c.question, c.text) for c in copy.comments.all()] == comments


def test_control_characters_in_a_comment_go_out_as_spaces(client, org, services, token):
    """A vertical tab pasted from a word processor (or sent through the API) went out in valueString,
    which R4's string pattern does not allow, so a validating receiver refused the response."""
    feedback = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id,
            channel=Channel.API,
            received_on=dt.date(2026, 11, 2),
            comments=[("Anything\x0belse?", "Tea was late\x0bagain\x01\nand cold\tat\r\nnight")],
        ),
    )
    item = get(client, token, f"/api/fhir/QuestionnaireResponse/{feedback.id}").json()["item"][0]
    assert item["answer"][0]["valueString"] == "Tea was late again \nand cold\tat\r\nnight"
    assert item["text"] == "Anything else?"
    r4_string = re.compile(r"[ \r\n\t\S]+", re.ASCII)
    assert r4_string.fullmatch(item["answer"][0]["valueString"]) and r4_string.fullmatch(item["text"])
