"""Audits at a service that has closed: none is planned there and no case or finding is added, but
an audit in progress may still have its cases put right and be completed or withdrawn (ADR 0016)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits import services as audit
from audits.models import AuditCase, AuditFinding, AuditQuestion, AuditRun, RunStatus
from core import clock
from governance import services as gov
from governance.models import Action
from organisations.forms import NOT_OFFERED
from organisations.scope import system_scope
from organisations.services import service_archive
from organisations.tests.factories import api_call

from .test_api import token
from .test_audits import _planned, answer_all, published

CLOSED = "Rowan House has been archived, so "
NO_CASE = f"{CLOSED}no case is recorded in this audit now."


@pytest.fixture
def closed(org, services, team):
    """At Rowan House: a completed audit with its cases, and one in progress with two cases; then
    Rowan House closes."""
    quality = team.scope("quality")
    version = published(team)
    done = _planned(team, services, version)
    audit.case_record(scope=quality, run_id=done.id, consent="agreed", answers=answer_all(done, "no"))
    audit.run_complete(scope=quality, run_id=done.id)
    going = _planned(team, services, version)
    first, second = (
        audit.case_record(scope=quality, run_id=going.id, consent="agreed", answers=answer_all(going, "yes"))
        for _ in range(2)
    )
    service_archive(scope=system_scope(organisation=org), service=services[0])
    return {"version": version, "done": done, "going": going, "cases": (first, second)}


def refused(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def finding(team, run):
    question = AuditQuestion.objects.for_org(run.organisation).filter(version=run.version).first()
    return audit.finding_open(
        scope=team.scope("quality"),
        run_id=run.id,
        question_id=question.id,
        text="Staff did not knock.",
        action=gov.ActionInput(
            title="Knock and wait",
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )


def test_no_audit_case_or_finding_is_added_at_a_closed_service(org, services, team, closed):
    assert refused(lambda: _planned(team, services, closed["version"])) == {
        "service": [f"{CLOSED}no audit is planned there now. Choose a service that is open."]
    }
    assert AuditRun.objects.for_org(org).count() == 2
    going = closed["going"]
    assert refused(
        lambda: audit.case_record(
            scope=team.scope("quality"), run_id=going.id, consent="agreed", answers=answer_all(going, "no")
        )
    ) == {"__all__": [NO_CASE]}
    assert AuditCase.objects.for_org(org).filter(run=going).count() == 2
    assert refused(lambda: finding(team, closed["done"])) == {
        "__all__": [f"{CLOSED}no finding is recorded in this audit now."]
    }
    assert not AuditFinding.objects.for_org(org).exists() and not Action.objects.for_org(org).exists()


def test_an_audit_in_progress_at_a_closed_service_is_put_right_and_completed(org, team, closed):
    going, (first, second) = closed["going"], closed["cases"]
    quality = team.scope("quality")
    fixed = audit.case_correct(
        scope=quality, case_id=first.id, consent="agreed", answers=answer_all(going, "no"), reason="Wrong column."
    )
    assert fixed.replaces == first and fixed.number == 1
    audit.case_withdraw(scope=quality, case_id=second.id, reason="Recorded twice.")
    assert audit.run_complete(scope=quality, run_id=going.id).status == RunStatus.COMPLETE


def test_the_api_refuses_a_case_at_a_closed_service_and_still_corrects_one(client, org, team, closed):
    going, (first, _) = closed["going"], closed["cases"]
    raw = token(team.manager)  # the audit's lead
    url = f"/api/audits/{going.id}/cases"
    answers = [{"question_id": q, "answer": "no"} for q in answer_all(going, "no")]
    response = api_call(client, "post", url, raw, {"consent": "agreed", "answers": answers})
    assert response.status_code == 422 and response.json()["fields"] == {"__all__": [NO_CASE]}
    assert AuditCase.objects.for_org(org).filter(run=going).count() == 2
    response = api_call(
        client, "post", f"{url}/{first.id}/correct", raw, {"consent": "agreed", "answers": answers, "reason": "Wrong."}
    )
    assert response.status_code == 201 and response.json()["replaces_id"] == first.id


def test_the_page_of_an_audit_at_a_closed_service_offers_no_case_finding_or_re_audit(client, org, team, closed):
    client.force_login(team.quality.user)
    going, done = closed["going"], closed["done"]
    body = client.get(reverse("audits:run", args=[going.id])).content.decode()
    assert "Record a case" not in body and "Complete the audit" in body
    assert (
        "Rowan House has been archived, so no case, finding or re-audit is added to this audit now. Its record is "
        "kept here, and a case recorded wrongly can still be corrected or withdrawn, and the audit completed or "
        "withdrawn."
    ) in body
    page = client.get(reverse("audits:run", args=[done.id])).content.decode()
    assert "Record a finding" not in page and "Plan a re-audit" not in page
    # A completed audit's cases are not put right, so nothing is said to be.
    assert (
        "Rowan House has been archived, so no case, finding or re-audit is added to this audit now. Its record is "
        "kept here as it was."
    ) in page

    # A form opened before the service closed and sent after is refused, saying why.
    url = reverse("audits:run", args=[going.id])
    response = client.post(
        url, {"form": "case", "case-consent": "agreed", **{f"case-q{q}": "yes" for q in answer_all(going, "yes")}}
    )
    assert response.status_code == 400
    assert f"{CLOSED}no case or finding is added to this audit now." in response.content.decode()
    assert AuditCase.objects.for_org(org).filter(run=going).count() == 2
    assert "Rowan House" not in client.get(reverse("audits:plan")).content.decode()


def test_the_page_of_an_audit_at_an_open_service_still_offers_them(client, org, services, team):
    """The same pages while the service is open, so the test above fails if nothing is hidden."""
    quality = team.scope("quality")
    version = published(team)
    done = _planned(team, services, version)
    audit.case_record(scope=quality, run_id=done.id, consent="agreed", answers=answer_all(done, "no"))
    audit.run_complete(scope=quality, run_id=done.id)
    going = _planned(team, services, version)
    client.force_login(team.quality.user)
    assert "Record a case" in client.get(reverse("audits:run", args=[going.id])).content.decode()
    page = client.get(reverse("audits:run", args=[done.id])).content.decode()
    assert "Record a finding" in page and "Plan a re-audit" in page and "has been archived" not in page


def _plan_form(team, version, service) -> dict:
    return {
        "version": version.id,
        "service": service.id,
        "planned_for": clock.today().isoformat(),
        "lead": team.manager.id,
        "reason": "Residents said staff come in without knocking.",
    }


def test_an_audit_planned_from_a_page_opened_before_its_service_closed_is_refused_naming_it(
    client, org, services, team
):
    """The manager of Rowan House opens the plan form while it is open and sends it after it closed:
    refused in the programme's words, not the words for a service that is not offered, and nothing is planned."""
    version = published(team)
    client.force_login(team.manager.user)
    assert ">Rowan House</option>" in client.get(reverse("audits:plan")).content.decode()
    service_archive(scope=system_scope(organisation=org), service=services[0])
    response = client.post(reverse("audits:plan"), _plan_form(team, version, services[0]))
    body = response.content.decode()
    assert response.status_code == 400 and NOT_OFFERED not in body
    assert f"{CLOSED}no audit is planned there now. Choose a service that is open." in body
    assert not AuditRun.objects.for_org(org).exists()


def test_an_audit_at_a_closed_service_outside_the_persons_scope_does_not_name_it(client, org, services, team):
    version = published(team)
    service_archive(scope=system_scope(organisation=org), service=services[0])
    client.force_login(team.beech_manager.user)
    body = client.post(reverse("audits:plan"), _plan_form(team, version, services[0])).content.decode()
    assert NOT_OFFERED in body
    assert "Rowan House" not in body and "has been archived" not in body
    assert not AuditRun.objects.for_org(org).exists()


def test_an_audit_at_a_closed_service_is_told_with_the_forms_other_problems(client, org, services, team):
    """The reason left out and a service closed since the page opened: both are said at once, not the
    reason first and the service once it is given, and nothing is planned."""
    version = published(team)
    service_archive(scope=system_scope(organisation=org), service=services[0])
    client.force_login(team.manager.user)
    response = client.post(reverse("audits:plan"), {**_plan_form(team, version, services[0]), "reason": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert f"{CLOSED}no audit is planned there now. Choose a service that is open." in body
    assert "Say why this audit is needed here and now." in body
    assert not AuditRun.objects.for_org(org).exists()
