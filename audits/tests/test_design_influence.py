"""An audit whose questions were designed or changed at a co-production session is what that session
influenced, in the ledger, its API and the reports that count it (ADR 0014, addendum of 2026-12-05 on
audits): read from the audit version's own link to the session, never copied."""

import re

from django.urls import reverse

from accounts.services import api_token_create
from audits import services as audit
from audits.models import VersionStatus
from core import clock
from governance import selectors as ledger
from governance import services as gov
from governance.models import CoproductionInfluence, Rung
from governance.tests.conftest import scope_of
from organisations.tests.factories import api_call
from organisations.tests.words import page_words
from reports.cqc import cqc_pack
from reports.quarterly import quarterly_summary

from .test_audits import PLAIN, session


def counted(scope, activity):
    return ledger.coproduction_list(scope=scope).get(pk=activity.pk).influence_count


def designed(team, at, *, title="Dignity in personal care"):
    """A template whose first version was designed at ``at`` and put into use."""
    quality = team.scope("quality")
    template = audit.template_create(scope=quality, title=title)
    draft = template.versions.get()
    audit.question_add(scope=quality, version_id=draft.id, text=PLAIN[0])
    return audit.version_publish(scope=quality, version_id=draft.id, design_session_id=at.id)


def changed(team, template, at):
    """A second version of ``template``, its questions changed at ``at`` and put into use."""
    quality = team.scope("quality")
    draft = audit.version_new(scope=quality, template_id=template.id)
    audit.question_add(scope=quality, version_id=draft.id, text=PLAIN[1])
    return audit.version_publish(
        scope=quality, version_id=draft.id, design_session_id=at.id, change_note="Residents asked about call bells."
    )


def test_an_audit_designed_or_changed_at_a_session_counts_as_what_it_influenced(org, services, team):
    at = session(team)
    assert counted(team.scope("quality"), at) == 0
    first = designed(team, at)
    assert counted(team.scope("quality"), at) == 1
    # A draft is not yet what the session changed: only a version put into use counts.
    draft = audit.version_new(scope=team.scope("quality"), template_id=first.template_id)
    assert counted(team.scope("quality"), at) == 1
    audit.question_add(scope=team.scope("quality"), version_id=draft.id, text=PLAIN[1])
    audit.version_publish(
        scope=team.scope("quality"), version_id=draft.id, design_session_id=at.id, change_note="A new question."
    )
    # The first version, replaced since, was still designed there.
    first.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert counted(team.scope("quality"), at) == 2
    # Read by everyone who reads the ledger: audit templates belong to the whole organisation.
    assert counted(team.scope("partner"), at) == counted(team.scope("beech_manager"), at) == 2
    # Nothing was copied into the ledger.
    assert not CoproductionInfluence.objects.for_org(org).exists()

    # A corrected entry is followed by the versions designed at it, so the count moves with them.
    corrected = gov.coproduction_correct(
        scope=team.scope("quality"),
        activity_id=at.id,
        reason="The title was wrong.",
        kind="audit_design",
        service_id=None,
        held_on=at.held_on,
        title="Residents design the dignity audit",
        rung=Rung.CO_DESIGN,
        recognition="payment",
        participant_ids=[team.partner.id],
    )
    assert counted(team.scope("quality"), corrected) == 2


def test_the_ledger_page_and_list_show_the_audits_designed_at_the_session(client, org, services, team):
    at = session(team)
    first = designed(team, at)
    second = changed(team, first.template, at)
    client.force_login(team.partner.user)
    html = client.get(reverse("governance:coproduction-activity", args=[at.id])).content.decode()
    influenced = page_words(html).split("What it influenced", 1)[1]
    assert "Nothing recorded yet" not in influenced
    assert "Dignity in personal care, version 1: questions designed at this session (since replaced)." in influenced
    assert "Dignity in personal care, version 2: questions changed at this session (in use)." in influenced
    for version in (first, second):
        assert f'href="{reverse("audits:version", args=[version.id])}"' in html
    listed = page_words(client.get(reverse("governance:coproduction")).content.decode())
    assert re.search(r"Residents design the audit .*?2 things", listed)


def test_the_api_lists_an_audit_designed_at_the_session_as_not_recorded_by_hand(client, org, services, team):
    at = session(team)
    version = designed(team, at)
    raw = api_token_create(scope=scope_of(team.quality), name="tests")[1]
    sent = api_call(
        client, "post", f"/api/governance/coproduction/{at.id}/influences", raw, {"text": "The audit runs monthly."}
    )
    assert sent.status_code == 201
    listed = sent.json()["influences"]
    assert [(i["kind"], i["recorded_by_hand"], i["audit_version_id"]) for i in listed] == [
        ("recorded", True, None),
        ("audit designed", False, version.id),
    ]
    assert listed[1]["text"] == "Dignity in personal care, version 1: questions designed at this session (in use)."
    assert (listed[1]["recorded_by"], listed[1]["priority_id"], listed[1]["decision_id"]) == (
        "Grace Okafor",
        None,
        None,
    )
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["InfluenceOut"]
    assert "audit designed" in schema["properties"]["kind"]["enum"]
    assert "audit_version_id" in schema["required"]


def test_the_quarterly_summary_and_the_cqc_pack_count_a_session_by_the_audits_designed_there(
    org, services, team, framework
):
    at = session(team, title="Residents design the audit")

    def summarised():
        section = quarterly_summary(scope=team.scope("quality"), quarter=at.held_on).section("took-part")
        [row] = [r for r in section.tables[1].rows if r[1] == "Residents design the audit"]
        return row[-1]

    def in_the_pack():
        report = cqc_pack(scope=team.scope("quality"), today=clock.today())
        [table] = [t for t in report.section("listens").all_tables if t.sheet == "Co-production ledger"]
        return [row for row in table.rows if row[0] == "Co-design"]

    assert summarised() == 0
    assert in_the_pack() == [["Co-design", 1, 0]]
    designed(team, at)
    assert summarised() == 1
    assert in_the_pack() == [["Co-design", 1, 1]]
