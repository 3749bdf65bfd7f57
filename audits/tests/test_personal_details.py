"""Audit text that may name the person observed or someone who took part is saved without their
personal details, through the services, the pages and the API alike; the audit's design and
ordinary text are kept as written."""

import datetime as dt

from django.urls import reverse

from accounts.services import api_token_create
from audits import services as audit
from audits.models import (
    AuditCase,
    AuditCaseWithdrawal,
    AuditFinding,
    AuditQuestion,
    AuditRun,
    AuditRunWithdrawal,
    AuditTemplate,
    TemplateVersion,
    TrialRun,
)
from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import Action
from organisations.tests.factories import api_call

from .test_audits import _planned, answer_all, published, session

NAMED = "Mrs Jane Smith on 07700 900123 was not offered a drink"
CLEANED = "Mrs [name] on [phone number] was not offered a drink"
ORDINARY = "Two residents on Rowan Ward were not offered a drink after 3pm."


def _finding(team, run, text, title="Offer drinks every two hours", description=""):
    question = AuditQuestion.objects.for_org(run.organisation).filter(version=run.version).first()
    return audit.finding_open(
        scope=team.scope("manager"),
        run_id=run.id,
        question_id=question.id,
        text=text,
        action=gov.ActionInput(
            title=title,
            description=description,
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )


def _every_text(team, services, text):
    """Each free text of an audit that may name someone, saved through its service with `text`."""
    quality, manager = team.scope("quality"), team.scope("manager")
    version = published(team)
    draft = audit.version_new(scope=quality, template_id=version.template_id)
    designed = session(team)
    trial = audit.trial_record(scope=quality, version_id=draft.id, session_id=designed.id, learned=text)
    audit.version_publish(scope=quality, version_id=draft.id, design_session_id=designed.id, change_note=text)
    draft.refresh_from_db()

    run = audit.run_plan(
        scope=manager,
        service_id=services[0].id,
        version_id=draft.id,
        planned_for=clock.today(),
        lead_id=team.manager.id,
        reason=text,
    )
    first = audit.case_record(scope=manager, run_id=run.id, consent="agreed", answers=answer_all(run, "no"), note=text)
    twice = audit.case_record(scope=manager, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.case_withdraw(scope=manager, case_id=twice.id, reason=text)
    corrected = audit.case_correct(
        scope=manager, case_id=first.id, consent="agreed", answers=answer_all(run, "yes"), reason=text, note=text
    )
    audit.run_complete(scope=manager, run_id=run.id)
    finding = _finding(team, run, text, title=text, description=text)

    withdrawn = _planned(team, services, draft)
    audit.run_withdraw(scope=manager, run_id=withdrawn.id, reason=text)
    org = run.organisation
    return {
        "trial": TrialRun.objects.for_org(org).get(pk=trial.pk).learned,
        "change note": TemplateVersion.objects.for_org(org).get(pk=draft.pk).change_note,
        "audit's reason": AuditRun.objects.for_org(org).get(pk=run.pk).reason,
        "case note": AuditCase.objects.for_org(org).get(pk=corrected.pk).note,
        "case withdrawn": AuditCaseWithdrawal.objects.for_org(org).get(case=twice).reason,
        "case corrected": AuditCaseWithdrawal.objects.for_org(org).get(case=first).reason,
        "finding": AuditFinding.objects.for_org(org).get(pk=finding.pk).text,
        "title of the action it opened": Action.objects.for_org(org).get(pk=finding.action_id).title,
        "description of the action it opened": Action.objects.for_org(org).get(pk=finding.action_id).description,
        "audit withdrawn": AuditRunWithdrawal.objects.for_org(org).get(run=withdrawn).reason,
    }


def test_a_name_and_phone_number_are_taken_out_of_every_audit_text_that_may_name_someone(org, services, team):
    saved = _every_text(team, services, NAMED)
    assert saved == dict.fromkeys(saved, CLEANED)
    # What the audit log kept of the finding has no personal details either.
    logged = AuditEvent.objects.for_org(org).get(verb="audits.run.finding").changes["finding"]["to"]
    assert logged == CLEANED


def test_ordinary_audit_text_is_saved_as_written(org, services, team):
    saved = _every_text(team, services, ORDINARY)
    assert saved == dict.fromkeys(saved, ORDINARY)


def test_the_audits_design_is_kept_as_written(org, team):
    """Its title, purpose and questions name nobody observed: they are asked of everyone, and the
    words people co-designed and checked for plain language are not changed behind their backs."""
    quality = team.scope("quality")
    purpose = "Asked for by Mrs Jane Smith at the residents' forum."
    template = audit.template_create(scope=quality, title="Drinks for Mrs Smith", purpose=purpose)
    asked = "Did Jane offer you a drink?"
    question = audit.question_add(scope=quality, version_id=template.versions.get().id, text=asked)
    template = AuditTemplate.objects.for_org(org).get(pk=template.pk)
    assert (template.title, template.purpose) == ("Drinks for Mrs Smith", purpose)
    assert AuditQuestion.objects.for_org(org).get(pk=question.pk).text == asked


def test_the_pages_save_audit_text_without_personal_details(client, org, services, team):
    quality = team.scope("quality")
    draft = audit.template_create(scope=quality, title="Drinks").versions.get()
    audit.question_add(scope=quality, version_id=draft.id, text="Were you offered a drink?")
    client.force_login(team.quality.user)
    designed = session(team)
    version_page = reverse("audits:version", args=[draft.id])
    assert (
        client.post(version_page, {"form": "trial", "trial-session": designed.id, "trial-learned": NAMED}).status_code
        == 302
    )
    assert TrialRun.objects.for_org(org).get().learned == CLEANED
    assert client.post(version_page, {"form": "publish", "publish-design_session": designed.id}).status_code == 302

    client.force_login(team.manager.user)
    planned = client.post(
        reverse("audits:plan"),
        {
            "version": draft.id,
            "service": services[0].id,
            "planned_for": clock.today().isoformat(),
            "lead": team.manager.id,
            "reason": NAMED,
        },
    )
    run = AuditRun.objects.for_org(org).get()
    assert planned.status_code == 302 and run.reason == CLEANED
    run_page = reverse("audits:run", args=[run.id])
    question = AuditQuestion.objects.for_org(org).get(version=draft)
    client.post(run_page, {"form": "case", "case-consent": "agreed", f"case-q{question.id}": "no", "case-note": NAMED})
    assert AuditCase.objects.for_org(org).get().note == CLEANED
    assert client.post(run_page, {"form": "complete"}).status_code == 302
    found = client.post(
        run_page,
        {
            "form": "finding",
            "finding-question": question.id,
            "finding-text": NAMED,
            "finding-action_title": "Offer drinks every two hours",
            "finding-action_description": NAMED,
            "finding-action_lead": team.manager.id,
            "finding-action_verifier": team.quality.id,
            "finding-action_due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert found.status_code == 302 and AuditFinding.objects.for_org(org).get().text == CLEANED
    assert AuditFinding.objects.for_org(org).get().action.description == CLEANED
    body = client.get(run_page).content.decode()
    assert CLEANED in body and "Jane" not in body and "07700" not in body

    other = _planned(team, services, draft)
    withdrawn = client.post(reverse("audits:withdraw", args=[other.id]), {"reason": NAMED})
    assert withdrawn.status_code == 302 and AuditRunWithdrawal.objects.for_org(org).get().reason == CLEANED


def test_the_api_saves_case_text_without_personal_details(client, org, services, team):
    run = _planned(team, services, published(team))
    raw = api_token_create(scope=team.scope("manager"), name="tablet")[1]
    url = f"/api/audits/{run.id}/cases"
    answers = [{"question_id": q, "answer": "no"} for q in answer_all(run, "no")]
    made = api_call(client, "post", url, raw, {"consent": "agreed", "answers": answers, "note": NAMED})
    assert made.status_code == 201 and made.json()["note"] == CLEANED
    corrected = api_call(
        client,
        "post",
        f"{url}/{made.json()['id']}/correct",
        raw,
        {"consent": "agreed", "answers": answers, "note": NAMED, "reason": NAMED},
    ).json()
    assert corrected["note"] == CLEANED
    again = api_call(client, "post", url, raw, {"consent": "agreed", "answers": answers}).json()
    gone = api_call(client, "post", f"{url}/{again['id']}/withdraw", raw, {"reason": NAMED}).json()
    assert gone["withdrawn_reason"] == CLEANED
    listed = api_call(client, "get", url, raw).content.decode()
    assert "Jane" not in listed and "Smith" not in listed and "07700" not in listed
