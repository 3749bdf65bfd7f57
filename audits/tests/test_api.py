"""The audits and priorities API: the same records, scoped and permissioned like the pages."""

import datetime as dt

from accounts.services import api_token_create
from audits import services as audit
from governance.tests.conftest import scope_of
from organisations.tests.factories import api_call

from .test_audits import _planned, answer_all, published


def token(person):
    return api_token_create(scope=scope_of(person), name="tests")[1]


def test_an_audit_and_its_re_audit_are_in_the_api(client, org, services, team):
    quality = team.scope("quality")
    version = published(team)
    baseline = _planned(team, services, version)
    for _ in range(8):
        audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id)
    reaudit = _planned(team, services, version, baseline_id=baseline.id)
    for _ in range(8):
        audit.case_record(scope=quality, run_id=reaudit.id, consent="agreed", answers=answer_all(reaudit, "yes"))

    raw = token(team.manager)
    listed = api_call(client, "get", "/api/audits?status=complete", raw).json()
    assert [r["id"] for r in listed] == [baseline.id]
    body = api_call(client, "get", f"/api/audits/{reaudit.id}", raw).json()
    assert body["cases"] == 8 and body["baseline_id"] == baseline.id
    assert [r["percent"] for r in body["results"]] == [100.0, 100.0]
    assert {c["verdict"] for c in body["comparison"]} == {"Better, more than noise"}
    assert api_call(client, "get", f"/api/audits/{reaudit.id}", token(team.beech_manager)).status_code == 404
    assert api_call(client, "get", "/api/audits", token(team.commissioner)).status_code == 403


def test_priorities_and_their_objectives_are_in_the_api(client, org, services, team, framework):
    from priorities.tests.test_priorities import choose, session

    planning = session(team, services[0])
    priority = choose(team, planning)
    [found] = api_call(client, "get", "/api/priorities", token(team.manager)).json()
    assert (
        found["id"] == priority.id
        and found["next_review_due"] == (planning.held_on + dt.timedelta(days=92)).isoformat()
    )
    [objective] = found["objectives"]
    assert objective["measure"] == "theme_share" and objective["lead"] == "Tom Hargreaves"
    assert api_call(client, "get", "/api/priorities", token(team.beech_manager)).json() == []
    assert api_call(client, "get", "/api/priorities", token(team.commissioner)).status_code == 403
