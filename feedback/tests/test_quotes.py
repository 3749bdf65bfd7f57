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


def test_quotes_withdrawn_names_those_no_longer_to_be_quoted(org, other_org, services, admin_scope):
    from feedback.erasure import feedback_anonymise, feedback_withdraw_consent
    from feedback.quotes import quotes_withdrawn

    still = record(admin_scope, services[0], "Lovely food", consent_to_quote=True)
    withdrawn = record(admin_scope, services[0], "Kind staff", consent_to_quote=True)
    anonymous = record(admin_scope, services[1], "Warm rooms", consent_to_quote=True)
    quoted = [still.id, withdrawn.id, anonymous.id]
    assert quotes_withdrawn(organisation=org, comment_ids=quoted) == set()
    assert quotes_withdrawn(organisation=org, comment_ids=[]) == set()

    feedback_withdraw_consent(scope=admin_scope, feedback_id=withdrawn.feedback_id, reason="Rang to ask")
    feedback_anonymise(
        scope=admin_scope, feedback_id=anonymous.feedback_id, reason="Asked", texts={anonymous.id: "Warm rooms"}
    )
    gone = max(quoted) + 100  # a comment that is not there
    assert quotes_withdrawn(organisation=org, comment_ids=[*quoted, gone]) == {withdrawn.id, anonymous.id, gone}
    # Another organisation's reading finds none of them, so none may be quoted there.
    assert quotes_withdrawn(organisation=other_org, comment_ids=[still.id]) == {still.id}

    # A comment flagged as urgent after it was quoted is no longer to be quoted either, as no quote is
    # chosen from flagged feedback
    from themes.services.urgent_flags import urgent_flag_raise

    urgent_flag_raise(scope=admin_scope, comment_id=still.id, reason="She sounds frightened at night.")
    assert quotes_withdrawn(organisation=org, comment_ids=[still.id]) == {still.id}
    assert still.id not in {q.comment_id for q in quote_list(scope=admin_scope)}
