"""The pages for withdrawing consent to quote and removing personal details (ADR 0025): offered only
to those who may, saying what will happen, refusing what is not allowed by its field, and the
feedback's page saying what was done."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from feedback.models import Channel, Feedback, Rating, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role

WORDS = "Sarah on nights was so kind to my mum Joan Whitworth, ring me on 07700 900123 any time"


@pytest.fixture
def item(org, services):
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Okafor")
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id,
            channel=Channel.PAPER,
            received_on=dt.date(2026, 11, 2),
            rating=Rating.GOOD,
            comments=[("What was good?", WORDS)],
            person_id=jean.id,
            consent_to_quote=True,
            may_attribute=True,
            wants_reply=True,
            reply_method=ReplyMethod.PHONE,
            reply_contact="07700 900123",
        ),
    )


def signed_in(client, org, role, services=()):
    person = person_with_role(org, role, services=services, all_services=not services)
    client.force_login(person.user)
    return person


def page(client, name, item, **kwargs):
    response = client.get(reverse(name, args=[item.id]), **kwargs)
    return response, html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("role", "withdraw", "anonymise"),
    [
        (Role.ADMINISTRATOR, True, True),
        (Role.QUALITY_LEAD, True, True),
        (Role.SERVICE_MANAGER, True, False),
        (Role.STAFF, False, False),
        (Role.LEADER, False, False),
    ],
)
def test_the_feedback_page_offers_what_each_role_may_do(client, org, services, item, role, withdraw, anonymise):
    signed_in(client, org, role, services=[services[0]] if role in (Role.SERVICE_MANAGER, Role.STAFF) else ())
    _, text = page(client, "feedback:detail", item)
    assert ("Withdraw consent to quote" in text) is withdraw
    assert ("Remove personal details" in text) is anonymise
    response, _ = page(client, "feedback:anonymise", item)
    assert (response.status_code == 200) is anonymise


def test_withdrawing_consent_on_its_page(client, org, services, item):
    signed_in(client, org, Role.SERVICE_MANAGER, services=[services[0]])
    response, text = page(client, "feedback:withdraw-consent", item)
    assert response.status_code == 200 and "no report, pack, PDF" in text

    response = client.post(reverse("feedback:withdraw-consent", args=[item.id]), {"reason": ""})
    assert response.status_code == 400 and "Enter why they withdrew their consent" in response.content.decode()

    response = client.post(
        reverse("feedback:withdraw-consent", args=[item.id]), {"reason": "Rang on Tuesday"}, follow=True
    )
    text = html.unescape(response.content.decode())
    assert "Consent to quote has been withdrawn" in text
    assert "No: they withdrew their consent on" in text and "Withdraw consent to quote" not in text
    assert not Feedback.objects.for_org(org).get(pk=item.pk).consent_to_quote


def test_the_confirmation_page_says_what_will_happen_and_shows_the_redacted_words(client, org, services, item):
    signed_in(client, org, Role.QUALITY_LEAD)
    response, text = page(client, "feedback:anonymise", item)
    assert response.status_code == 200
    assert "This cannot be undone" in text and "What stays" in text and "(Jean Okafor)" in text
    assert "They are waiting for a reply" in text
    box = text.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert "[name] on nights was so kind to my mum [name], ring me on [phone number] any time" in box


def test_removing_personal_details_refuses_added_words_by_the_field_then_does_it(client, org, services, item):
    lead = signed_in(client, org, Role.QUALITY_LEAD)
    comment = item.comments.get()
    url = reverse("feedback:anonymise", args=[item.id])

    response = client.post(url, {f"comment_{comment.pk}": "[name] was lovely", "reason": "Asked by letter"})
    text = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "“lovely” is not in the comment at that point" in text
    assert f'href="#id_comment_{comment.pk}"' in text  # the summary leads to the field
    assert "[name] was lovely" in text  # what they typed is kept
    assert not Feedback.objects.for_org(org).get(pk=item.pk).is_anonymous

    response = client.post(
        url, {f"comment_{comment.pk}": "[name] was so kind to my mum [removed]", "reason": "Asked"}, follow=True
    )
    text = html.unescape(response.content.decode())
    assert "The personal details have been removed." in text
    assert "suggestions model" not in text  # none had learnt from it
    assert f"Personal details removed on {dt.date.today():%-d %B %Y} by {lead.full_name}." in text
    assert "Whitworth" not in text and "07700" not in text and "Jean Okafor" not in text
    assert "[name] was so kind to my mum [removed]" in text
    assert "Remove personal details" not in text.replace("Personal details removed", "")
    # Asked for again, the page says it is done instead of offering it twice.
    response = client.get(url, follow=True)
    assert "have already been removed" in html.unescape(response.content.decode())


def test_another_organisation_cannot_reach_the_pages(client, org, other_org, services, item):
    signed_in(client, other_org, Role.ADMINISTRATOR)
    for name in ("feedback:anonymise", "feedback:withdraw-consent"):
        response, _ = page(client, name, item)
        assert response.status_code == 404
