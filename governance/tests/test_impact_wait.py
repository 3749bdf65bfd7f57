"""Closing with evidence of impact waits for the change to show, and its link is narrowed to the
action's service and the days after it was done (ADR 0009's addendum on the check's wait)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import ActionStatus, ActionStatusChange
from organisations.tests.factories import api_call

from .conftest import action_input, days_back, theme


def _done(team, action, *, days_ago: int, lead: str = "manager"):
    """The lead marks the action done ``days_ago`` UK days back."""
    gov.action_request_check(
        scope=team.scope(lead), action_id=action.id, note="Audit running.", now=days_back(days_ago)
    )


def _link(service, since: dt.date | None, **more) -> str:
    query = [f"service={service.id}"] if service is not None else []
    query += [f"since={since.isoformat()}"] if since is not None else []
    return "/feedback/?" + "&".join(query + [f"{k}={v}" for k, v in more.items()])


def _close(team, action, link, **kwargs):
    return gov.action_check(
        scope=team.scope("quality"), action_id=action.id, impact_shown=True, note="Waits fell.", link=link, **kwargs
    )


def _refused(team, action, link, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        _close(team, action, link, **kwargs)
    return refused.value.message_dict


def test_closing_the_day_after_done_is_refused_and_sending_back_is_not(org, services, team, loop):
    action = loop["action"]
    _done(team, action, days_ago=1)
    done_on = clock.today() - dt.timedelta(days=1)
    errors = _refused(team, action, _link(services[0], done_on))
    assert list(errors) == ["early_reason"]
    first = f"{(done_on + dt.timedelta(days=28)).day} {done_on + dt.timedelta(days=28):%B %Y}"
    assert errors["early_reason"] == [
        f"It is 1 day since this action was marked done on {done_on.day} {done_on:%B %Y}: impact takes time to "
        f"show, so it is closed with evidence of impact from {first}. Send it back or wait, or say why the "
        "evidence is already enough."
    ]
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK and action.checked_by is None
    # Sending back is never held up.
    sent = gov.action_check(
        scope=team.scope("quality"), action_id=action.id, impact_shown=False, note="Show me a month of audits."
    )
    assert sent.status == ActionStatus.IN_PROGRESS


def test_after_the_wait_it_closes_and_the_wait_is_set_per_organisation(org, services, team, loop):
    action = loop["action"]
    _done(team, action, days_ago=28)
    assert _close(team, action, _link(services[0], clock.today() - dt.timedelta(days=28))).status == "closed"
    assert not ActionStatusChange.objects.for_org(org).exclude(early_reason="").exists()

    org.impact_wait_days = 60
    org.save(update_fields=["impact_wait_days"])
    again = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(team, service_id=services[0].id, source="decision", decision_id=loop["decision"].id),
    )
    _done(team, again, days_ago=28)
    assert "early_reason" in _refused(team, again, _link(services[0], clock.today() - dt.timedelta(days=28)))


def test_closing_early_is_allowed_with_a_reason_kept_in_the_history_and_the_audit_log(org, services, team, loop):
    action = loop["action"]
    _done(team, action, days_ago=3)
    reason = "The re-audit three days on found every bell answered within five minutes."
    closed = _close(team, action, _link(services[0], clock.today() - dt.timedelta(days=3)), early_reason=reason)
    assert closed.status == ActionStatus.CLOSED
    row = ActionStatusChange.objects.for_org(org).get(action=action, to_status=ActionStatus.CLOSED)
    assert row.early_reason == reason
    event = AuditEvent.objects.for_org(org).filter(verb="governance.action.check").latest("id")
    assert event.changes["early_reason"]["to"] == reason


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("/feedback/?theme=call-bells-and-responsiveness", "every service"),
        ("other-service", "other services"),
        ("no-dates", "The link covers no dates"),
        ("before", "before the action was marked done"),
        ("/reports/monthly/?service={rowan}", "The link covers no dates"),
        ("/reports/quarterly/?quarter=2020-Q1&service={rowan}", "before the action was marked done"),
    ],
)
def test_a_link_to_heard_feedback_or_a_report_not_narrowed_is_refused_naming_the_problem(
    org, services, team, loop, link, problem
):
    rowan, beech = services[0], services[1]
    action = loop["action"]
    _done(team, action, days_ago=30)
    done_on = clock.today() - dt.timedelta(days=30)
    link = {
        "other-service": _link(beech, done_on),
        "no-dates": _link(rowan, None),
        "before": _link(rowan, done_on - dt.timedelta(days=1)),
    }.get(link, link.format(rowan=rowan.id))
    errors = _refused(team, action, link)
    assert list(errors) == ["link"] and problem in " ".join(errors["link"])
    # Other pages and other sites are not read: an audit's page, or a link elsewhere, is taken.
    assert _close(team, action, "https://bells.example.org/audit-log").status == ActionStatus.CLOSED


def test_a_whole_organisation_action_may_link_to_every_service_from_the_day_it_was_done(org, team, loop):
    qs = team.scope("quality")
    action = gov.action_create(
        scope=qs,
        data=gov.ActionInput(
            title="Speak-up sessions",
            lead_id=team.quality.id,
            verifier_id=team.leader.id,
            due_on=clock.today() + dt.timedelta(days=10),
            source="theme",
            theme_id=theme(org, "call-bells-and-responsiveness").id,
        ),
    )
    _done(team, action, days_ago=29, lead="quality")
    since = clock.today() - dt.timedelta(days=29)
    closed = gov.action_check(
        scope=team.scope("leader"), action_id=action.id, impact_shown=True, note="Fewer.", link=_link(None, since)
    )
    assert closed.status == ActionStatus.CLOSED


def test_the_form_says_the_rule_before_anything_is_typed_and_the_page_and_api_refuse(client, services, team, loop):
    action = loop["action"]
    _done(team, action, days_ago=2)
    done_on = clock.today() - dt.timedelta(days=2)
    client.force_login(team.quality.user)
    url = reverse("governance:action", args=[action.id])
    body = client.get(url).content.decode()
    assert f"Marked done on {done_on.day} {done_on:%B %Y}. Impact takes time to show" in body
    assert "must be narrowed to Rowan House" in body
    assert "Say why it can be closed now" in body
    response = client.post(
        url,
        {"form": "check", "check-impact_shown": "yes", "check-note": "Waits fell.", "check-link": "/feedback/"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "impact takes time to show" in page and "every service" in page
    raw = api_token_create(scope=team.scope("quality"), name="tests")[1]
    body = {"impact_shown": True, "note": "Waits fell.", "link": _link(services[0], done_on)}
    response = api_call(client, "post", f"/api/governance/actions/{action.id}/check", raw, body)
    assert response.status_code == 422 and list(response.json()["fields"]) == ["early_reason"]
    body["early_reason"] = "The re-audit already shows every bell answered."
    response = api_call(client, "post", f"/api/governance/actions/{action.id}/check", raw, body)
    assert response.status_code == 200 and response.json()["status"] == "closed"
