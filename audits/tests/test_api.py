"""The audits and priorities API: the same records, scoped and permissioned like the pages."""

import datetime as dt

from accounts.services import api_token_create
from audits import services as audit
from core.working_days import working_day
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
    assert {c["verdict"] for c in body["comparison"]} == {"Better, more than chance"}
    assert api_call(client, "get", f"/api/audits/{reaudit.id}", token(team.beech_manager)).status_code == 404
    assert api_call(client, "get", "/api/audits", token(team.commissioner)).status_code == 403


def test_the_audits_lead_records_corrects_and_withdraws_cases_through_the_api(client, org, services, team):
    run = _planned(team, services, published(team))
    watched, asked = sorted(answer_all(run, "yes"))
    raw = token(team.manager)  # the audit's lead
    url = f"/api/audits/{run.id}/cases"

    refused = api_call(
        client, "post", url, raw, {"consent": "not_observed", "answers": [{"question_id": watched, "answer": "yes"}]}
    )
    assert refused.status_code == 422
    assert {f"q{watched}", f"q{asked}"} <= set(refused.json()["fields"])
    answers = [{"question_id": watched, "answer": "no"}, {"question_id": asked, "answer": "no"}]
    first = api_call(client, "post", url, raw, {"consent": "agreed", "answers": answers})
    assert first.status_code == 201, first.content
    first = first.json()
    assert first["number"] == 1 and first["withdrawn"] is False
    assert {a["question_id"]: a["answer"] for a in first["answers"]} == {watched: "no", asked: "no"}
    twice = api_call(client, "post", url, raw, {"consent": "agreed", "answers": answers}).json()

    fixed = api_call(
        client,
        "post",
        f"{url}/{first['id']}/correct",
        raw,
        {
            "consent": "agreed",
            "answers": [{"question_id": watched, "answer": "no"}, {"question_id": asked, "answer": "yes"}],
            "reason": "Question 2 was ticked in the wrong column.",
        },
    )
    assert fixed.status_code == 201 and fixed.json()["number"] == 1 and fixed.json()["replaces_id"] == first["id"]
    gone = api_call(client, "post", f"{url}/{twice['id']}/withdraw", raw, {"reason": "Entered twice."})
    assert gone.status_code == 200 and gone.json()["withdrawn"] and gone.json()["withdrawn_reason"] == "Entered twice."
    assert api_call(client, "post", f"{url}/{twice['id']}/withdraw", raw, {"reason": "Again"}).status_code == 422

    listed = api_call(client, "get", url, token(team.quality)).json()
    assert [(c["number"], c["withdrawn"]) for c in listed] == [(1, True), (1, False), (2, True)]
    body = api_call(client, "get", f"/api/audits/{run.id}", token(team.quality)).json()
    assert body["cases"] == 1 and [(r["question_id"], r["yes"], r["no"]) for r in body["results"]] == [
        (watched, 0, 1),
        (asked, 1, 0),
    ]
    # Staff who are not the audit's auditors may read but not write; another home sees nothing.
    assert (
        api_call(client, "post", url, token(team.staff), {"consent": "agreed", "answers": answers}).status_code == 403
    )
    assert api_call(client, "get", url, token(team.beech_manager)).status_code == 404


def test_priorities_and_their_objectives_are_in_the_api(client, org, services, team, framework):
    from priorities.tests.test_priorities import choose, session

    planning = session(team, services[0])
    priority = choose(team, planning)
    [found] = api_call(client, "get", "/api/priorities", token(team.manager)).json()
    assert (
        found["id"] == priority.id
        and found["next_review_due"] == working_day(planning.held_on + dt.timedelta(days=92)).isoformat()
    )
    [objective] = found["objectives"]
    assert objective["measure"] == "theme_share" and objective["lead"] == "Tom Hargreaves"
    assert api_call(client, "get", "/api/priorities", token(team.beech_manager)).json() == []
    assert api_call(client, "get", "/api/priorities", token(team.commissioner)).status_code == 403


def test_listing_an_audits_cases_makes_the_same_queries_however_many_there_are(client, org, services, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = _planned(team, services, published(team))
    raw = token(team.quality)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api_call(client, "get", f"/api/audits/{run.id}/cases", raw).status_code == 200
        return len(captured)

    first = audit.case_record(
        scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "no")
    )
    audit.case_withdraw(scope=team.scope("manager"), case_id=first.id, reason="Entered twice.")
    few = queries()
    for _ in range(5):
        audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    assert queries() == few
