"""FHIR search for QuestionnaireResponse: GET /api/fhir/QuestionnaireResponse."""

import datetime as dt
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from feedback import fhir
from feedback.models import QUESTION_BETTER, Channel, Feedback, ReplyMethod
from feedback.services import FeedbackInput, feedback_record, sent_key
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import PersonFactory, ServiceFactory, api_token_for

SEARCH = "/api/fhir/QuestionnaireResponse"
SYSTEM = "https://survey.example/responses"


@pytest.fixture
def token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


def given(service, on: str, *, identifier: str = "", text: str = "", **fields) -> Feedback:
    return feedback_record(
        scope=system_scope(organisation=service.organisation),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.FHIR if identifier else Channel.PHONE,
            received_on=dt.date.fromisoformat(on),
            rating=1,
            comments=[(QUESTION_BETTER, text)] if text else (),
            source_key=sent_key(via=fhir.VIA, sender_id=identifier) if identifier else "",
            sender_id=identifier,
            **fields,
        ),
    )


def search(client, token, query="", **headers):
    url = f"{SEARCH}?{query}" if query else SEARCH
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def found(client, token, query="") -> list[int]:
    reply = search(client, token, query)
    assert reply.status_code == 200, reply.content
    bundle = Bundle.model_validate_json(reply.content)
    assert bundle.total == len(bundle.entry or ()), "these searches fit one page"
    return [int(entry.resource.id) for entry in bundle.entry or ()]


def refused(client, token, query, **headers) -> list[tuple[str, str, str]]:
    reply = search(client, token, query, **headers)
    assert reply.status_code == 400, reply.content
    assert reply["Content-Type"] == "application/fhir+json"
    outcome = OperationOutcome.model_validate_json(reply.content)
    return [(issue.diagnostics, issue.code, issue.details.text) for issue in outcome.issue]


def links(bundle: Bundle) -> dict[str, str]:
    return {link.relation: link.url for link in bundle.link}


# ----- the Bundle -------------------------------------------------------------------------------------


def test_a_search_is_a_searchset_bundle_of_the_responses_get_gives(client, org, services, token):
    """There was no search: a system pulling feedback out could only ask for each id it already knew."""
    one = given(services[0], "2026-11-02", identifier=f"{SYSTEM}|a-1", text="Kind staff")
    two = given(services[1], "2026-11-01")
    reply = search(client, token)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(reply.content)
    assert bundle.type == "searchset" and bundle.total == 2
    assert [e.search.mode for e in bundle.entry] == ["match", "match"]
    assert [e.fullUrl for e in bundle.entry] == [f"http://testserver{SEARCH}/{f.id}" for f in (two, one)]
    for entry in bundle.entry:
        alone = client.get(entry.fullUrl, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert json.loads(entry.resource.model_dump_json(exclude_none=True)) == alone.json()
    assert bundle.entry[1].resource.identifier.value == "a-1"
    assert set(links(bundle)) == {"self", "first"}
    assert dict(parse_qsl(urlsplit(links(bundle)["self"]).query)) == {"_count": "50"}


def test_a_response_says_when_heard_recorded_it(client, org, services, token):
    feedback = given(services[0], "2026-11-02")
    out = client.get(f"{SEARCH}/{feedback.id}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert dt.datetime.fromisoformat(out["meta"]["lastUpdated"]) == feedback.created_at


def test_nothing_found_is_an_empty_bundle(client, org, services, token):
    bundle = Bundle.model_validate_json(search(client, token, "authored=2020").content)
    assert bundle.total == 0 and bundle.entry is None


# ----- paging -----------------------------------------------------------------------------------------


def walk(client, token, url, relation="next") -> list[list[int]]:
    pages = []
    while url:
        bundle = Bundle.model_validate_json(client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").content)
        pages.append([int(e.resource.id) for e in bundle.entry or ()])
        url = links(bundle).get(relation)
    return pages


def test_paging_walks_every_match_once_either_way(client, org, services, token):
    days = ["2026-11-03", "2026-11-01", "2026-11-03", "2026-11-02", "2026-11-01", "2026-11-03", "2026-11-02"]
    made = [given(services[i % 2], day) for i, day in enumerate(days)]
    in_order = [f.id for f in sorted(made, key=lambda f: (f.received_on, f.id))]
    forward = walk(client, token, f"{SEARCH}?_count=3")
    assert [len(p) for p in forward] == [3, 3, 1]
    assert [i for page in forward for i in page] == in_order
    last = Bundle.model_validate_json(search(client, token, "_count=3").content)
    for _ in range(2):
        last = Bundle.model_validate_json(client.get(links(last)["next"], HTTP_AUTHORIZATION=f"Bearer {token}").content)
    assert "next" not in links(last) and last.total == 7
    back = walk(client, token, links(last)["previous"], relation="previous")
    assert back == forward[-2::-1]


def test_feedback_recorded_while_paging_neither_repeats_nor_hides_another(client, org, services, token):
    """Pages start after the last one given, not at a count: a count would give one twice when
    feedback given earlier is recorded between two pages."""
    made = [given(services[0], f"2026-11-0{d}") for d in (2, 3, 4, 5)]
    first = Bundle.model_validate_json(search(client, token, "_count=2").content)
    given(services[0], "2026-11-01")  # given before everything already paged through
    rest = walk(client, token, links(first)["next"])
    seen = [int(e.resource.id) for e in first.entry] + [i for page in rest for i in page]
    assert seen == [f.id for f in made]


def test_count_is_fifty_unless_asked_and_at_most_two_hundred(client, org, services, token):
    for day in range(1, 4):
        given(services[0], f"2026-11-0{day}")
    assert len(Bundle.model_validate_json(search(client, token, "_count=2").content).entry) == 2
    only_total = Bundle.model_validate_json(search(client, token, "_count=0").content)
    assert only_total.total == 3 and only_total.entry is None and "next" not in links(only_total)
    assert refused(client, token, "_count=201")[0][0] == "_count"
    lenient = search(client, token, "_count=500", HTTP_PREFER="handling=lenient")
    assert lenient.status_code == 200 and lenient["Preference-Applied"] == "handling=lenient"
    assert "_count=200" in links(Bundle.model_validate_json(lenient.content))["self"]


def test_a_page_costs_the_same_queries_however_long(client, org, services, token):
    for day in range(1, 21):
        given(services[day % 2], f"2026-11-{day:02d}", text=f"Comment {day}")
    search(client, token)  # the token's first use is recorded once
    counts = []
    for count in (2, 20):
        with CaptureQueriesContext(connection) as captured:
            assert search(client, token, f"_count={count}").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


# ----- filters ----------------------------------------------------------------------------------------


def test_identifier_in_each_of_its_forms(client, org, services, token):
    ours = given(services[0], "2026-11-01", identifier=f"{SYSTEM}|a-1")
    other_system = given(services[0], "2026-11-02", identifier="urn:other|a-1")
    no_system = given(services[0], "2026-11-03", identifier="|a-1")
    barred = given(services[0], "2026-11-04", identifier=f"{SYSTEM}|b|2,3")
    given(services[0], "2026-11-05", identifier=f"{SYSTEM}|A-1")  # ids are matched as written
    json_api = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id,
            channel=Channel.API,
            received_on=dt.date(2026, 11, 6),
            rating=1,
            source_key=sent_key(via="api", sender_id="a-1"),
            sender_id="a-1",
        ),
    )
    assert found(client, token, f"identifier={SYSTEM}|a-1") == [ours.id]
    assert found(client, token, "identifier=a-1") == [ours.id, other_system.id, no_system.id]
    assert found(client, token, "identifier=|a-1") == [no_system.id]
    assert found(client, token, "identifier=urn:other|") == [other_system.id]
    assert found(client, token, "identifier=urn:other|a-1,|a-1") == [other_system.id, no_system.id]
    assert found(client, token, "identifier=" + f"{SYSTEM}|b\\|2\\,3".replace("|", "%7C")) == [barred.id]
    assert found(client, token, "identifier=b|2,3") == []  # a system "b", a value "2"; or "3"
    assert json_api.id not in found(client, token, "identifier=a-1")


AUTHORED = ["2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("authored=2026-11", ["2026-11-01", "2026-11-30"]),
        ("authored=eq2026-11-30", ["2026-11-30"]),
        ("authored=eq2026", AUTHORED),
        ("authored=ne2026-11", ["2026-10-31", "2026-12-01"]),
        ("authored=gt2026-11-01", ["2026-11-30", "2026-12-01"]),
        ("authored=gt2026-11", ["2026-12-01"]),
        ("authored=lt2026-11-01", ["2026-10-31"]),
        ("authored=ge2026-11", ["2026-11-01", "2026-11-30", "2026-12-01"]),
        ("authored=le2026-11-30", ["2026-10-31", "2026-11-01", "2026-11-30"]),
        ("authored=ge2026-11-01&authored=lt2026-12-01", ["2026-11-01", "2026-11-30"]),
        ("authored=lt2026-11-01,gt2026-11-30", ["2026-10-31", "2026-12-01"]),
        # A date and time falls on a day in the UK (00:30 on 1 December, 23:30 on 31 October).
        ("authored=ge2026-11-30T23:30:00-01:00", ["2026-12-01"]),
        ("authored=le2026-11-01T00:30:00 01:00", ["2026-10-31"]),  # an unencoded "+"
    ],
)
def test_authored_with_each_prefix(client, org, services, token, query, expected):
    by_day = {day: given(services[0], day).id for day in AUTHORED}
    assert found(client, token, query) == [by_day[day] for day in expected]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("authored=gt2026-11-30T14:05:00Z", ["2026-11-30", "2026-12-01"]),
        ("authored=lt2026-11-30T14:05:00Z", ["2026-10-31", "2026-11-01", "2026-11-30"]),
        ("authored=ge2026-11-30T14:05:00Z", ["2026-11-30", "2026-12-01"]),
        ("authored=le2026-11-30T14:05Z", ["2026-10-31", "2026-11-01", "2026-11-30"]),
        # A second or a minute never holds a whole day.
        ("authored=eq2026-11-30T14:05:00Z", []),
        ("authored=eq2026-11-30T23:30:00%2B00:00", []),
        ("authored=ne2026-11-30T14:05:00Z", AUTHORED),
        # Nothing of 30 November is after its last second, nor of 1 December before its first.
        ("authored=gt2026-11-30T23:59:59Z", ["2026-12-01"]),
        ("authored=lt2026-12-01T00:00:00Z", ["2026-10-31", "2026-11-01", "2026-11-30"]),
        ("authored=gt2026-11-30T23:30:00-01:00", ["2026-12-01"]),  # 00:30 on 1 December in the UK
    ],
)
def test_authored_with_a_time_compares_the_day_as_fhir_compares_ranges(client, org, services, token, query, expected):
    """A time was read as its UK date: `gt2026-11-30T14:05:00Z` found from 1 December, so a system
    pulling what was given since its last pull lost the rest of that day. The day feedback was given
    is a range, and FHIR matches `gt` and `lt` where some of it is after (or before) the value's, and
    `eq` only where the value's range holds all of it."""
    by_day = {day: given(services[0], day).id for day in AUTHORED}
    assert found(client, token, query) == [by_day[day] for day in expected]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("_lastUpdated=gt2026-11-30T12:00:00Z", ["late"]),
        ("_lastUpdated=ge2026-11-30T12:00:00Z", ["noon", "late"]),
        ("_lastUpdated=eq2026-11-30T12:00:00Z", ["noon"]),
        ("_lastUpdated=lt2026-11-30T12:00:00Z", ["early"]),
        ("_lastUpdated=le2026-11-30T12:00Z", ["early", "noon"]),  # to the minute: all of 12:00
        ("_lastUpdated=ne2026-11-30T12:00:00Z", ["early", "late"]),
        ("_lastUpdated=2026-11-30", ["noon", "late"]),  # a day in UK time
        ("_lastUpdated=lt2026-11-30", ["early"]),
        ("_lastUpdated=gt2026-11-29T23:59:59.5%2B00:00", ["noon", "late"]),  # to the tenth of a second
        ("_lastUpdated=gt2026-11-29T23:59:59.54Z", ["early", "noon", "late"]),
    ],
)
def test_last_updated_is_when_heard_recorded_it(client, org, services, token, query, expected):
    times = {
        "early": dt.datetime(2026, 11, 29, 23, 59, 59, 550000, tzinfo=dt.UTC),
        "noon": dt.datetime(2026, 11, 30, 12, 0, 0, 250000, tzinfo=dt.UTC),
        "late": dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC),
    }
    ids = {}
    for name, at in times.items():
        feedback = given(services[0], "2026-11-01")
        Feedback.objects.for_org(org).filter(pk=feedback.pk).update(created_at=at)
        ids[name] = feedback.id
    assert found(client, token, query) == [ids[name] for name in expected]


def test_the_service_by_its_id_or_as_the_subject(client, org, services, token):
    rowan, beech = given(services[0], "2026-11-01"), given(services[1], "2026-11-02")
    assert found(client, token, f"service_id={services[0].id}") == [rowan.id]
    assert found(client, token, f"service_id={services[0].id},{services[1].id}") == [rowan.id, beech.id]
    assert found(client, token, f"subject:identifier={fhir.SERVICE_SYSTEM}|{services[1].id}") == [beech.id]
    assert found(client, token, f"subject:identifier={services[1].id}") == [beech.id]
    assert found(client, token, f"service_id={services[0].id}&authored=2026-11-02") == []


# ----- scope ------------------------------------------------------------------------------------------


def test_another_organisations_feedback_never_appears(client, org, other_org, services, token):
    theirs = ServiceFactory(organisation=other_org)
    given(theirs, "2026-11-01", identifier=f"{SYSTEM}|a-1")
    ours = given(services[0], "2026-11-01", identifier=f"{SYSTEM}|a-1")
    assert found(client, token) == [ours.id]
    assert found(client, token, f"identifier={SYSTEM}|a-1") == [ours.id]
    assert found(client, token, f"service_id={theirs.id}") == []


def test_a_service_outside_the_tokens_roles_never_appears(client, org, services):
    manager = api_token_for(org, Role.SERVICE_MANAGER, services)  # of services[0] only
    mine = given(services[0], "2026-11-01", identifier=f"{SYSTEM}|a-1")
    given(services[1], "2026-11-02", identifier=f"{SYSTEM}|a-2")
    assert found(client, manager) == [mine.id]
    assert found(client, manager, f"service_id={services[1].id}") == []
    assert found(client, manager, "identifier=a-2") == []


def test_no_personal_data_goes_out_and_a_commissioner_gets_nothing(client, org, services, token):
    person = PersonFactory(organisation=org, full_name="Grace Hopper")
    given(
        services[0],
        "2026-11-01",
        text="Quicker replies",
        person_id=person.id,
        wants_reply=True,
        reply_method=ReplyMethod.EMAIL,
        reply_contact="grace@example.org",
    )
    text = search(client, token).content.decode()
    assert "Quicker replies" in text and "Grace" not in text and "grace@example.org" not in text
    commissioner = api_token_for(org, Role.COMMISSIONER, services)
    reply = search(client, commissioner)
    assert reply.status_code == 403 and "Quicker replies" not in reply.content.decode()
    assert search(client, commissioner, "_count=0").status_code == 403
    assert search(client, commissioner, "nonsense=1").status_code == 403
    assert search(client, "heard_not_a_token").status_code == 401


# ----- what cannot be searched ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("authored=2026-13-01", "authored"),
        ("authored=xx2026-11-01", "authored"),
        ("authored=ap2026-11-01", "authored"),
        ("authored=2026-11-30T14:05:00", "authored"),
        ("authored=30/11/2026", "authored"),
        ("authored=", "authored"),
        ("authored=ge2026-11-01,", "authored"),
        ("_lastUpdated=gt2026-11-30T25:00:00Z", "_lastUpdated"),
        ("identifier=|", "identifier"),
        ("identifier=%20", "identifier"),
        ("service_id=rowan", "service_id"),
        ("service_id=0", "service_id"),
        ("service_id=99999999999999999999", "service_id"),
        ("subject:identifier=urn:other|1", "subject:identifier"),
        ("subject:identifier=Rowan", "subject:identifier"),
        ("_count=-1", "_count"),
        ("_count=ten", "_count"),
        ("_count=2&_count=3", "_count"),
        ("_page=3", "_page"),
        ("_page=after_2026-11-31_4", "_page"),
        ("_format=xml", "_format"),
        ("authored=2026%00", "authored"),
    ],
)
def test_a_value_heard_cannot_read_is_a_400_naming_the_parameter(client, org, services, token, query, parameter):
    for headers in ({}, {"HTTP_PREFER": "handling=lenient"}):
        assert [(name, code) for name, code, _ in refused(client, token, query, **headers)] == [(parameter, "value")]


def test_each_problem_is_named_in_plain_words(client, org, services, token):
    issues = refused(client, token, "authored=2026-11-30T14:05:00&_count=500&status=completed")
    assert issues == [
        (
            "authored",
            "value",
            "The time in authored has no time zone: add one, as in 2026-11-30T14:05:00Z, or give the date alone.",
        ),
        ("_count", "value", "_count can be at most 200: page through more with the Bundle's next link."),
        (
            "status",
            "not-supported",
            "Heard does not search QuestionnaireResponse by status. It searches by identifier, authored, "
            "_lastUpdated, subject:identifier, service_id, and pages with _count and the _page of the "
            "Bundle's links.",
        ),
    ]


def test_an_unknown_parameter_is_refused_unless_lenient_handling_is_asked_for(client, org, services, token):
    feedback = given(services[0], "2026-11-01")
    assert refused(client, token, "patient=12")[0][:2] == ("patient", "not-supported")
    assert refused(client, token, "authored:missing=true")[0][:2] == ("authored:missing", "not-supported")
    assert refused(client, token, "patient=12", HTTP_PREFER="handling=strict")[0][0] == "patient"
    reply = search(client, token, "patient=12&authored=2026-11", HTTP_PREFER="return=minimal; handling=lenient")
    assert reply.status_code == 200, reply.content
    bundle = Bundle.model_validate_json(reply.content)
    assert bundle.total == 1 and [int(e.resource.id) for e in bundle.entry if e.search.mode == "match"] == [feedback.id]
    (outcome,) = [e.resource for e in bundle.entry if e.search.mode == "outcome"]
    assert outcome.issue[0].severity == "warning" and outcome.issue[0].diagnostics == "patient"
    assert dict(parse_qsl(urlsplit(links(bundle)["self"]).query)) == {"authored": "2026-11", "_count": "50"}


def test_format_json_is_taken(client, org, services, token):
    given(services[0], "2026-11-01")
    assert len(found(client, token, "_format=json")) == 1
    assert len(found(client, token, "_format=application/fhir%2Bjson")) == 1


def test_the_search_and_its_parameters_are_described(client, db):
    spec = client.get("/api/openapi.json").json()
    operation = spec["paths"][SEARCH]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {
        "identifier",
        "authored",
        "_lastUpdated",
        "subject:identifier",
        "service_id",
        "_count",
        "_page",
        "_format",
        "Prefer",
    }
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert "application/fhir+json" in operation["responses"]["400"]["content"]


@pytest.mark.parametrize(
    "query, named",
    [("=1", "(a parameter with no name)"), ("a%01b=1", "a b")],
)
def test_a_parameter_no_fhir_string_can_hold_is_still_named(client, org, services, token, query, named):
    """A control character, or no name at all, failed the OperationOutcome naming it: a server error."""
    assert refused(client, token, query)[0][0] == named
    reply = search(client, token, query, HTTP_PREFER="handling=lenient")
    assert reply.status_code == 200, reply.content
    (outcome,) = [e.resource for e in Bundle.model_validate_json(reply.content).entry]
    assert outcome.issue[0].diagnostics == named
