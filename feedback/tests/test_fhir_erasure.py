"""FHIR after consent is withdrawn or feedback made anonymous (ADR 0025's addendum): the response says
it changed then, `_lastUpdated` finds it by that change, and what it holds is the changed version."""

import datetime as dt
import json

import pytest

from feedback import fhir
from feedback.erasure import feedback_anonymise, feedback_withdraw_consent
from feedback.models import QUESTION_BETTER, Channel, Feedback, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import api_token_for, person_with_role

SEARCH = "/api/fhir/QuestionnaireResponse"
WORDS = "Sarah on nights was so kind to my mum Joan Whitworth, ring me on 07700 900123 any time"
ANONYMOUS = "[name] on nights was so kind to my mum [name], ring me on [phone number] any time"
RECORDED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
CHANGED = dt.datetime(2026, 12, 3, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def token(org, services):
    return api_token_for(org, Role.ADMINISTRATOR, services)


@pytest.fixture
def quality_lead(org):
    person = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    return scope_for(user=person.user, organisation=org)


def given(org, service, *, words=WORDS, person=None) -> Feedback:
    feedback = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=dt.date(2026, 11, 1),
            rating=1,
            comments=[(QUESTION_BETTER, words)],
            person_id=person.id if person else None,
            consent_to_quote=True,
            may_attribute=person is not None,
            wants_reply=True,
            reply_method=ReplyMethod.PHONE,
            reply_contact="07700 900123",
        ),
    )
    Feedback.objects.for_org(org).filter(pk=feedback.pk).update(created_at=RECORDED)
    return feedback


def read(client, token, feedback) -> dict:
    reply = client.get(f"{SEARCH}/{feedback.id}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert reply.status_code == 200, reply.content
    return reply.json()


def found(client, token, query) -> list[int]:
    reply = client.get(f"{SEARCH}?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert reply.status_code == 200, reply.content
    return [int(entry["resource"]["id"]) for entry in reply.json().get("entry", ())]


def answers(resource: dict, link_id: str) -> list:
    return [answer for item in resource["item"] if item["linkId"] == link_id for answer in item["answer"]]


def test_anonymous_feedback_is_sent_as_changed_then_with_nothing_that_says_who_gave_it(
    client, org, services, token, quality_lead
):
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Okafor")
    feedback, untouched = given(org, services[0], person=jean), given(org, services[0], words="Kind staff")
    before = read(client, token, feedback)
    assert dt.datetime.fromisoformat(before["meta"]["lastUpdated"]) == RECORDED
    assert answers(before, fhir.LINK_CONSENT) == [{"valueBoolean": True}]

    comment = feedback.comments.get()
    feedback_anonymise(
        scope=quality_lead,
        feedback_id=feedback.pk,
        reason="Asked to be erased",
        texts={comment.pk: ANONYMOUS},
        now=CHANGED,
    )

    after = read(client, token, feedback)
    assert dt.datetime.fromisoformat(after["meta"]["lastUpdated"]) == CHANGED
    assert answers(after, fhir.LINK_BETTER) == [{"valueString": ANONYMOUS}]
    assert answers(after, fhir.LINK_CONSENT) == [{"valueBoolean": False}]
    out = json.dumps(after)
    for said in ("Sarah", "Whitworth", "07700", "Jean Okafor"):
        assert said not in out
    # No person, author or source: the subject is the service, as it always was.
    assert not {"source", "author", "encounter", "basedOn"} & set(after)
    assert after["subject"] == before["subject"] and "reference" not in after["subject"]
    assert dt.datetime.fromisoformat(read(client, token, untouched)["meta"]["lastUpdated"]) == RECORDED

    # A system pulling what changed since its last pull fetches the anonymous version, and only it.
    last_pull = "2026-12-01T00:00:00Z"
    assert found(client, token, f"_lastUpdated=gt{last_pull}") == [feedback.id]
    assert found(client, token, f"_lastUpdated=lt{last_pull}") == [untouched.id]
    assert found(client, token, "_lastUpdated=2026-12-03") == [feedback.id]  # the day, in UK time
    assert found(client, token, "_lastUpdated=ne2026-12-03") == [untouched.id]
    assert found(client, token, "_lastUpdated=le2026-12-03T15:29:59Z") == [untouched.id]


def test_withdrawn_consent_is_sent_as_changed_then_and_read_as_withdrawn(client, org, services, token, quality_lead):
    feedback, untouched = given(org, services[0]), given(org, services[1], words="Kind staff")
    feedback_withdraw_consent(scope=quality_lead, feedback_id=feedback.pk, reason="Rang to ask", now=CHANGED)

    after = read(client, token, feedback)
    assert dt.datetime.fromisoformat(after["meta"]["lastUpdated"]) == CHANGED
    assert answers(after, fhir.LINK_CONSENT) == [{"valueBoolean": False}]
    assert answers(after, fhir.LINK_BETTER) == [{"valueString": WORDS}]  # withdrawing erases nothing
    assert found(client, token, "_lastUpdated=ge2026-12-03T15:30:00Z") == [feedback.id]
    assert found(client, token, "_lastUpdated=eq2026-11-02T10:00:00Z") == [untouched.id]


def test_the_latest_change_is_the_one_sent(client, org, services, token, quality_lead):
    """Consent withdrawn first and the feedback made anonymous later: the later counts; anonymous
    feedback that never consented changed when it was made anonymous."""
    withdrawn_then_erased, never_consented = given(org, services[0]), given(org, services[0])
    Feedback.objects.for_org(org).filter(pk=never_consented.pk).update(consent_to_quote=False, may_attribute=False)
    feedback_withdraw_consent(
        scope=quality_lead, feedback_id=withdrawn_then_erased.pk, reason="Rang to ask", now=CHANGED
    )
    later = CHANGED + dt.timedelta(days=1)
    for feedback in (withdrawn_then_erased, never_consented):
        comment = feedback.comments.get()
        feedback_anonymise(
            scope=quality_lead, feedback_id=feedback.pk, reason="Asked", texts={comment.pk: ANONYMOUS}, now=later
        )
        assert dt.datetime.fromisoformat(read(client, token, feedback)["meta"]["lastUpdated"]) == later
    assert found(client, token, "_lastUpdated=2026-12-04") == [withdrawn_then_erased.id, never_consented.id]
    assert found(client, token, "_lastUpdated=2026-12-03") == []
