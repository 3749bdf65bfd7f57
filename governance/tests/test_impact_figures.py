"""Before the verifier decides, the check says what Heard's own figures show: the action's theme
raised as a concern at its service since it was done, against before, judged by the SPC rules the
reports use; closing with evidence of impact over figures within normal variation needs a reason
(ADR 0009's addendum on the figures at the check)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from feedback.models import Comment, Sentiment
from governance import services as gov
from governance.models import ActionKind, ActionStatus, ActionStatusChange

from .conftest import action_input, days_back, hear

DONE_AGO = 30
STRETCH = DONE_AGO + 1  # the days since it was done, the day it was done and today both counted
CODE = "call-bells-and-responsiveness"


def _before(team, service, counts: list[int]):
    """Concerns in the stretches before it was done, oldest first, each stretch as long as the days since."""
    for k, n in zip(range(len(counts), 0, -1), counts, strict=True):
        hear(team.staff, service, CODE, days_ago=[DONE_AGO + k * STRETCH - j for j in range(n)])


def _done(team, action):
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.", now=days_back(DONE_AGO))


def _link(service) -> str:
    return f"/feedback/?service={service.id}&since={clock.today() - dt.timedelta(days=DONE_AGO):%Y-%m-%d}"


def _close(team, action, service, **more):
    return gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        note="Fewer.",
        link=_link(service),
        **more,
    )


def test_a_fall_within_normal_variation_is_said_on_the_page_and_closing_needs_a_reason(
    client, org, services, team, loop
):
    rowan, action = services[0], loop["action"]
    _before(team, rowan, [4, 3, 5, 4, 3, 4])  # the loop's own three pieces come since
    _done(team, action)
    said = (
        "Since it was done, Call bells &amp; responsiveness has been raised as a concern 3 times in 31 days "
        "against 4 times in the 31 days before: within normal variation"
    )
    client.force_login(team.quality.user)
    body = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert said in body and "The figures do not show that it worked" in body
    assert 'name="check-variation_reason"' in body

    with pytest.raises(ValidationError) as refused:
        _close(team, action, rowan)
    errors = refused.value.message_dict
    assert list(errors) == ["variation_reason"]
    assert said.replace("&amp;", "&") in errors["variation_reason"][0]
    assert "send it back, or say why you close it as having worked" in errors["variation_reason"][0]
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK

    reason = "The night audit shows every bell answered within five minutes for a month."
    assert _close(team, action, rowan, variation_reason=reason).status == ActionStatus.CLOSED
    row = ActionStatusChange.objects.for_org(org).get(action=action, to_status=ActionStatus.CLOSED)
    assert row.variation_reason == reason
    event = AuditEvent.objects.for_org(org).filter(verb="governance.action.check").latest("id")
    assert event.changes["variation_reason"]["to"] == reason
    body = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert "though Heard's figures did not show it, because: " + reason in body


def test_a_fall_beyond_normal_variation_closes_without_a_reason_and_praise_is_not_a_concern(
    client, org, services, team, loop
):
    rowan, action = services[0], loop["action"]
    _before(team, rowan, [6, 5, 6, 5, 6, 5])
    # The three pieces since were praise: the theme was not raised as a concern at all.
    Comment.objects.for_org(org).filter(feedback__in=loop["feedback"]).update(sentiment=Sentiment.POSITIVE)
    _done(team, action)
    client.force_login(team.quality.user)
    body = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert "raised as a concern no times in 31 days against 5 times in the 31 days before: fewer, beyond normal" in body
    assert 'name="check-variation_reason"' not in body
    assert _close(team, action, rowan).status == ActionStatus.CLOSED


def test_sending_back_is_never_held_up(services, team, loop):
    _before(team, services[0], [4, 3, 5, 4, 3, 4])
    _done(team, loop["action"])
    sent = gov.action_check(
        scope=team.scope("quality"), action_id=loop["action"].id, impact_shown=False, note="Not yet."
    )
    assert sent.status == ActionStatus.IN_PROGRESS


def test_with_no_feedback_before_the_change_the_page_says_it_cannot_tell_and_no_reason_is_asked(
    client, services, team, loop
):
    # The loop's feedback began after the action was done: no stretch before it to tell noise from a change.
    _done(team, loop["action"])
    client.force_login(team.quality.user)
    body = client.get(reverse("governance:action", args=[loop["action"].id])).content.decode()
    assert "too little feedback before it to tell normal variation from a real change" in body
    assert 'name="check-variation_reason"' not in body
    assert _close(team, loop["action"], services[0]).status == ActionStatus.CLOSED


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Find out why call bells are raised more, and report back", ActionKind.INVESTIGATION),
        ("Look into the night staffing rota", ActionKind.INVESTIGATION),
        ("Answer call bells within five minutes", ActionKind.CHANGE),
    ],
)
def test_an_action_that_only_finds_out_is_an_investigation_unless_its_kind_is_chosen(services, team, loop, title, kind):
    made = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team, title=title, source="decision", decision_id=loop["decision"].id, service_id=services[0].id
        ),
    )
    assert made.kind == kind
    chosen = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title=title,
            source="decision",
            decision_id=loop["decision"].id,
            service_id=services[0].id,
            kind=ActionKind.CHANGE,
        ),
    )
    assert chosen.kind == ActionKind.CHANGE
    with pytest.raises(ValidationError) as refused:
        gov.action_create(
            scope=team.scope("quality"),
            data=action_input(
                team,
                title=title,
                source="decision",
                decision_id=loop["decision"].id,
                service_id=services[0].id,
                kind="guess",
            ),
        )
    assert list(refused.value.message_dict) == ["kind"]
