"""A planned audit taken off the programme: by whom, with why, kept and marked; left out of every list
and count of work to be done, and closed to more cases."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from audits import selectors
from audits import services as audit
from audits.models import AuditCase, AuditRun, AuditRunWithdrawal
from core import clock
from core.models import AuditEvent
from governance.tests.conftest import scope_of
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, api_call, person_with_role

from .test_audits import _planned, answer_all, published

WRONG = "Planned for the wrong home."


def login(client, person):
    client.force_login(person.user)
    return client


def test_someone_who_may_plan_withdraws_a_planned_audit_with_a_reason(org, services, team):
    run = _planned(team, services, published(team))
    with pytest.raises(ValidationError) as caught:
        audit.run_withdraw(scope=team.scope("manager"), run_id=run.id, reason="  ")
    assert caught.value.message_dict == {"reason": ["Say why the audit is withdrawn."]}
    # The lay auditor may record its cases but not take it off the programme; staff neither.
    for name in ("partner", "staff"):
        with pytest.raises(PermissionDenied):
            audit.run_withdraw(scope=team.scope(name), run_id=run.id, reason=WRONG)
    with pytest.raises(ObjectDoesNotExist):  # a manager of another home does not see it
        audit.run_withdraw(scope=scope_of(team.beech_manager), run_id=run.id, reason=WRONG)
    assert not AuditRunWithdrawal.objects.for_org(org).exists()

    withdrawal = audit.run_withdraw(scope=team.scope("manager"), run_id=run.id, reason=WRONG)
    assert (withdrawal.run, withdrawal.withdrawn_by, withdrawal.reason) == (run, team.manager, WRONG)
    assert AuditRun.objects.for_org(org).filter(pk=run.pk).exists()  # kept, never deleted
    event = AuditEvent.objects.for_org(org).get(verb="audits.run.withdraw")
    assert event.changes == {"status": {"from": "planned", "to": "withdrawn"}, "cases kept": {"from": None, "to": 0}}
    with pytest.raises(ValidationError, match="already been withdrawn"):
        audit.run_withdraw(scope=team.scope("quality"), run_id=run.id, reason="Again")
    assert AuditRunWithdrawal.objects.for_org(org).count() == 1


def test_a_completed_audit_is_not_withdrawn(org, services, team):
    run = _planned(team, services, published(team))
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    with pytest.raises(ValidationError, match="complete, so it cannot be withdrawn"):
        audit.run_withdraw(scope=team.scope("quality"), run_id=run.id, reason=WRONG)
    assert not AuditRunWithdrawal.objects.for_org(org).exists()


def test_an_audit_with_cases_is_withdrawn_with_them_and_nothing_more_is_recorded_on_it(client, org, services, team):
    run = _planned(team, services, published(team))
    partner = team.scope("partner")
    case = audit.case_record(scope=partner, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_withdraw(scope=team.scope("manager"), run_id=run.id, reason="Planned twice: the other one goes ahead.")
    event = AuditEvent.objects.for_org(org).get(verb="audits.run.withdraw")
    assert event.changes["cases kept"] == {"from": None, "to": 1}
    assert [c.id for c in selectors.run_get(scope=partner, run_id=run.id).current_cases] == [case.id]

    with pytest.raises(ValidationError, match="withdrawn: its cases cannot change"):
        audit.case_record(scope=partner, run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    with pytest.raises(ValidationError, match="withdrawn: its cases cannot change"):
        audit.case_withdraw(scope=partner, case_id=case.id, reason="Wrong")
    with pytest.raises(ValidationError, match="withdrawn, so it cannot be completed"):
        audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    raw = api_token_create(scope=team.scope("manager"), name="tablet")[1]
    response = api_call(
        client,
        "post",
        f"/api/audits/{run.id}/cases",
        raw,
        {"consent": "agreed", "answers": [{"question_id": q, "answer": "yes"} for q in answer_all(run, "yes")]},
    )
    assert response.status_code in (400, 422) and "withdrawn" in response.content.decode()
    assert AuditCase.objects.for_org(org).count() == 1
    # Its case's page offers no correction, and says why.
    login(client, team.partner)
    page = client.get(reverse("audits:case", args=[run.id, case.id])).content.decode()
    assert "The audit was withdrawn, so its cases no longer change." in page and "Correct this case" not in page


def test_a_withdrawn_audit_leaves_the_programme_but_is_listed_apart(client, org, services, team):
    version = published(team)
    kept = _planned(team, services, version)
    wrong = _planned(team, services, version)
    AuditRun.objects.for_org(org).filter(pk=wrong.pk).update(planned_for=clock.today() - dt.timedelta(days=9))
    audit.run_withdraw(scope=team.scope("manager"), run_id=wrong.id, reason=WRONG)
    quality = team.scope("quality")
    assert [r.id for r in selectors.programme(scope=quality)] == [kept.id]
    planned = selectors.RunFilters(status="planned")
    assert [r.id for r in selectors.programme(scope=quality, filters=planned)] == [kept.id]
    withdrawn = selectors.RunFilters(status=selectors.WITHDRAWN)
    [listed] = selectors.programme(scope=quality, filters=withdrawn)
    assert listed.id == wrong.id and listed.withdrawal.reason == WRONG

    login(client, team.quality)
    body = client.get(reverse("audits:programme")).content.decode()
    assert "Overdue" not in body and "1 audit<" in body
    body = client.get(reverse("audits:programme"), {"status": "withdrawn"}).content.decode()
    assert WRONG in body and "Withdrawn" in body and reverse("audits:run", args=[wrong.id]) in body

    raw = api_token_create(scope=quality, name="tests")[1]
    assert [r["id"] for r in api_call(client, "get", "/api/audits", raw).json()] == [kept.id]
    [gone] = api_call(client, "get", "/api/audits?withdrawn=true", raw).json()
    assert (gone["id"], gone["withdrawn"], gone["withdrawn_reason"]) == (wrong.id, True, WRONG)
    detail = api_call(client, "get", f"/api/audits/{wrong.id}", raw).json()
    assert detail["withdrawn"] is True


def test_a_re_audit_cannot_take_a_withdrawn_audit_as_its_baseline(org, services, team):
    version = published(team)
    wrong = _planned(team, services, version)
    audit.run_withdraw(scope=team.scope("manager"), run_id=wrong.id, reason=WRONG)
    with pytest.raises(ValidationError) as caught:
        _planned(team, services, version, baseline_id=wrong.id)
    assert list(caught.value.message_dict) == ["baseline"]
    assert wrong.id not in {r.id for r in selectors.baselines_for(scope=team.scope("manager"))}


def test_a_withdrawn_re_audit_is_not_listed_on_its_baselines_page(client, org, services, team):
    version = published(team)
    baseline = _planned(team, services, version)
    audit.case_record(
        scope=team.scope("manager"), run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no")
    )
    audit.run_complete(scope=team.scope("manager"), run_id=baseline.id)
    reaudit = _planned(team, services, version, baseline_id=baseline.id)
    audit.run_withdraw(scope=team.scope("manager"), run_id=reaudit.id, reason="Planned too soon.")
    assert list(selectors.run_get(scope=team.scope("quality"), run_id=baseline.id).reaudits.all()) == []
    login(client, team.quality)
    body = client.get(reverse("audits:run", args=[baseline.id])).content.decode()
    assert reverse("audits:run", args=[reaudit.id]) not in body and "Repeated in" not in body


def test_the_run_page_offers_withdrawing_only_to_those_the_service_would_allow(client, org, services, team):
    run = _planned(team, services, published(team))
    url = reverse("audits:run", args=[run.id])
    withdraw = reverse("audits:withdraw", args=[run.id])
    for person in (team.partner, team.staff):
        login(client, person)
        assert withdraw not in client.get(url).content.decode()
        assert client.get(withdraw).status_code == 403
        assert client.post(withdraw, {"reason": WRONG}).status_code == 403
    login(client, team.manager)
    assert f'href="{withdraw}"' in client.get(url).content.decode()

    page = client.get(withdraw)
    assert page.status_code == 200 and "Withdraw this audit" in page.content.decode()
    wrong = client.post(withdraw, {"reason": ""})
    assert wrong.status_code == 400 and "Say why the audit is withdrawn." in wrong.content.decode()
    assert not AuditRunWithdrawal.objects.for_org(org).exists()
    kept = client.post(withdraw, {"reason": "x" * 10_001})
    assert kept.status_code == 400 and "x" * 10_001 in kept.content.decode()  # what was typed is kept
    done = client.post(withdraw, {"reason": WRONG})
    assert done.status_code == 302 and done.url == url

    body = client.get(url).content.decode()
    assert "This audit was withdrawn" in body and WRONG in body and team.manager.full_name in body
    assert f'href="{withdraw}"' not in body and 'value="case"' not in body and "Complete the audit" not in body
    assert client.get(withdraw).status_code == 403  # once withdrawn, not again


def test_a_completed_audit_is_not_offered_for_withdrawal(client, org, services, team):
    run = _planned(team, services, published(team))
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    login(client, team.quality)
    withdraw = reverse("audits:withdraw", args=[run.id])
    assert withdraw not in client.get(reverse("audits:run", args=[run.id])).content.decode()
    assert client.post(withdraw, {"reason": WRONG}).status_code == 403


def test_a_planned_audit_is_withdrawn_through_the_api_with_the_same_rules(client, org, services, team):
    run = _planned(team, services, published(team))
    path = f"/api/audits/{run.id}/withdraw"

    def token(person):
        return api_token_create(scope=scope_of(person), name="tests")[1]

    manager = token(team.manager)
    blank = api_call(client, "post", path, manager, {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["fields"] == {"reason": ["Say why the audit is withdrawn."]}
    missing = api_call(client, "post", path, manager, {})
    assert missing.status_code == 422 and list(missing.json()["fields"]) == ["reason"]
    # Staff may read the audit but not withdraw it; a manager of another home does not see it.
    assert api_call(client, "post", path, token(team.staff), {"reason": WRONG}).status_code == 403
    assert api_call(client, "post", path, token(team.beech_manager), {"reason": WRONG}).status_code == 404
    assert not AuditRunWithdrawal.objects.for_org(org).exists()

    done = api_call(client, "post", path, manager, {"reason": WRONG})
    assert done.status_code == 200, done.content
    body = done.json()
    withdrawal = AuditRunWithdrawal.objects.for_org(org).get(run=run)
    assert (body["id"], body["status"], body["withdrawn"], body["withdrawn_reason"]) == (run.id, "planned", True, WRONG)
    assert body["withdrawn_by"] == team.manager.full_name
    # JSON carries the time to the millisecond.
    assert (
        dt.timedelta(0)
        <= withdrawal.withdrawn_at - dt.datetime.fromisoformat(body["withdrawn_at"])
        < dt.timedelta(milliseconds=1)
    )
    assert AuditEvent.objects.for_org(org).get(verb="audits.run.withdraw").actor == team.manager.user
    assert api_call(client, "get", f"/api/audits/{run.id}", token(team.quality)).json()["withdrawn_by"] == (
        team.manager.full_name
    )
    again = api_call(client, "post", path, token(team.quality), {"reason": "Again"})
    assert again.status_code == 422 and again.json()["fields"] == {
        "__all__": ["This audit has already been withdrawn."]
    }
    assert AuditRunWithdrawal.objects.for_org(org).count() == 1


def test_a_completed_audit_is_not_withdrawn_through_the_api(client, org, services, team):
    run = _planned(team, services, published(team))
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    raw = api_token_create(scope=team.scope("quality"), name="tests")[1]
    refused = api_call(client, "post", f"/api/audits/{run.id}/withdraw", raw, {"reason": WRONG})
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "__all__": ["This audit is complete, so it cannot be withdrawn: its results have gone to meetings."]
    }
    listed = api_call(client, "get", f"/api/audits/{run.id}", raw).json()
    assert (listed["withdrawn"], listed["withdrawn_at"], listed["withdrawn_by"]) == (False, None, None)
    assert not AuditRunWithdrawal.objects.for_org(org).exists()


def test_nobody_in_another_organisation_withdraws_an_audit_through_the_api(client, org, other_org, services, team):
    run = _planned(team, services, published(team))
    ServiceFactory(organisation=other_org)
    outsider = api_token_create(
        scope=scope_of(person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)), name="tests"
    )[1]
    refused = api_call(client, "post", f"/api/audits/{run.id}/withdraw", outsider, {"reason": WRONG})
    assert refused.status_code == 404
    assert api_call(client, "get", "/api/audits?withdrawn=true", outsider).json() == []
    assert not AuditRunWithdrawal.objects.for_org(org).exists()


def test_the_api_description_documents_withdrawing_an_audit_and_its_errors(client, db):
    spec = client.get("/api/openapi.json").json()
    withdraw = spec["paths"]["/api/audits/{run_id}/withdraw"]["post"]
    assert {"200", "401", "403", "404", "422"} <= set(withdraw["responses"])
    assert "planned audit" in withdraw["summary"]
    body = withdraw["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert spec["components"]["schemas"][body]["required"] == ["reason"]
    run = spec["components"]["schemas"]["RunOut"]["properties"]
    assert {"withdrawn", "withdrawn_reason", "withdrawn_at", "withdrawn_by"} <= set(run)
