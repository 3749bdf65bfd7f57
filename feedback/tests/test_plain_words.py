"""The feedback pages a co-production partner reads say things in plain words: how it was given, not
its channel; positive or negative, not its sentiment; given with help, not assisted."""

import datetime as dt

from django.urls import reverse

from feedback.models import Channel, Comment, Sentiment
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words, says

JARGON = ("sentiment", "channel", "assisted", "co-production partners")


def test_a_partner_reads_the_feedback_list_and_a_piece_of_feedback_in_plain_words(client, org, services):
    item = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=services[0].id,
            channel=Channel.PHONE,
            received_on=dt.date(2026, 11, 2),
            comments=[("What could be better?", "Jo Bloggs says tea is too early.")],
            consent_to_quote=True,
            assisted=True,
        ),
    )
    Comment.objects.for_org(org).filter(feedback=item).update(sentiment=Sentiment.NEGATIVE)
    client.force_login(person_with_role(org, Role.PARTNER, services=[services[0]]).user)

    listed = client.get(reverse("feedback:list")).content.decode()
    detail = client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    for html in (listed, detail):
        assert says(html, *JARGON) == []
        assert "personal details in comments are hidden from you, to protect people's privacy" in page_words(html)
    words = page_words(listed)
    assert "How it was given Any way" in words and "Positive or negative Any Positive" in words
    assert "Phone · given with help" in words
    words = page_words(detail)
    assert "Positive or negative: Negative" in words
    assert "How it was given Phone, with help from someone" in words


def test_feedback_sent_from_another_system_says_so_without_naming_the_protocol(client, org, services):
    """The filter and the pages name where it came from as a reader would, not as "API" or "FHIR"."""
    scope = system_scope(organisation=org)
    sent = {}
    for channel in (Channel.API, Channel.FHIR):
        sent[channel] = feedback_record(
            scope=scope,
            data=FeedbackInput(
                service_id=services[0].id,
                channel=channel,
                received_on=dt.date(2026, 11, 2),
                comments=[("What could be better?", "The tea is too early.")],
                consent_to_quote=True,
            ),
        )
    client.force_login(person_with_role(org, Role.PARTNER, services=[services[0]]).user)

    listed = client.get(reverse("feedback:list")).content.decode()
    api = client.get(reverse("feedback:detail", args=[sent[Channel.API].id])).content.decode()
    fhir = client.get(reverse("feedback:detail", args=[sent[Channel.FHIR].id])).content.decode()
    for html in (listed, api, fhir):
        assert says(html, "API", "FHIR") == []
    words = page_words(listed)
    assert "Sent from another system" in words and "Sent from an NHS or care record system" in words
    assert "How it was given Sent from another system" in page_words(api)
    assert "How it was given Sent from an NHS or care record system" in page_words(fhir)
