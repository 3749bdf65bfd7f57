import datetime as dt

import pytest

from feedback.models import Channel, Rating
from feedback.quotes import NotQuotable, quote_get, quote_list
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.tests.factories import person_with_role


def record(scope, service, text, **kw):
    data = FeedbackInput(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 1),
        rating=Rating.GOOD,
        comments=[("What was good?", text)],
        **kw,
    )
    return feedback_record(scope=scope, data=data).comments.get()


def test_a_quote_needs_consent(services, admin_scope):
    comment = record(admin_scope, services[0], "Lovely food", consent_to_quote=False)
    with pytest.raises(NotQuotable):
        quote_get(scope=admin_scope, comment_id=comment.id)
    assert quote_list(scope=admin_scope) == []


def test_quotes_have_personal_details_removed(services, admin_scope):
    comment = record(admin_scope, services[0], "Sarah rang me on 07700 900123 and sorted it", consent_to_quote=True)
    quote = quote_get(scope=admin_scope, comment_id=comment.id)
    assert "Sarah" not in quote.text and "07700" not in quote.text
    assert "[name]" in quote.text and "[phone number]" in quote.text


def test_attribution_only_when_agreed_and_asked_for(org, services, admin_scope):
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Taylor")
    agreed = record(admin_scope, services[0], "Great", consent_to_quote=True, may_attribute=True, person_id=jean.id)
    assert quote_get(scope=admin_scope, comment_id=agreed.id, attribute=True).attribution == "Jean Taylor"
    assert quote_get(scope=admin_scope, comment_id=agreed.id).attribution is None
    not_agreed = record(admin_scope, services[0], "Fine", consent_to_quote=True, person_id=jean.id)
    assert quote_get(scope=admin_scope, comment_id=not_agreed.id, attribute=True).attribution is None


def test_quotes_stay_within_scope(services, admin_scope, make_scope):
    record(admin_scope, services[0], "At Rowan", consent_to_quote=True)
    record(admin_scope, services[1], "At Beech", consent_to_quote=True)
    manager = make_scope(Role.SERVICE_MANAGER, services=[services[1]])
    assert [q.text for q in quote_list(scope=manager)] == ["At Beech"]


def test_quotes_are_refused_to_commissioners(services, admin_scope, make_scope):
    from django.core.exceptions import PermissionDenied

    record(admin_scope, services[0], "At Rowan", consent_to_quote=True)
    commissioner = make_scope(Role.COMMISSIONER, services=[services[0]])
    with pytest.raises(PermissionDenied):
        quote_list(scope=commissioner)
