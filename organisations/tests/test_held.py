"""What Heard holds about a person (ADR 0026): every group finds its records, only in the person's
organisation, for administrators of every service only, in a number of queries that does not grow."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from evidence import services as ev
from feedback.erasure import feedback_anonymise
from feedback.models import QUESTION_BETTER
from governance import services as gov
from governance.models import Attendance, Meeting
from governance.tests.conftest import action_input, hear, scope_of, theme
from organisations import held, mentions, services_people
from organisations.models import Person
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.people_records import attend, give_feedback, take_part
from themes.services.urgent_flags import urgent_flag_raise


def found(admin_scope, person, group: str) -> dict[str, list]:
    """The records of one group, by what they are (``Source.words``)."""
    result = held.person_held(scope=admin_scope, person_id=person.id)
    (chosen,) = [g for g in result.groups if g.group.key == group]
    return {s.source.words: s.records for s in chosen.sources if s.records}


# --- one test per group ------------------------------------------------------------------------


def test_feedback_they_gave_is_listed_with_its_words_and_the_replies_sent_to_them(
    org, services, team, margaret, admin_scope
):
    item = give_feedback(team, margaret, services[0])
    feedback = found(admin_scope, margaret, "feedback")
    (record,) = feedback["Feedback they gave"]
    assert record.id == item.id and record.link == reverse("feedback:detail", args=[item.id])
    assert record.details["comments"] == [{"question": QUESTION_BETTER, "text": "The night staff were kind to me."}]
    assert record.details["reply_contact"] == "01632 960 001"


def test_what_they_took_part_in_is_listed(org, services, team, margaret, admin_scope):
    meeting = attend(team, margaret, services[0])
    activity = take_part(team, [margaret], services[0])
    taking_part = found(admin_scope, margaret, "taking_part")
    (attended,) = taking_part["Meetings they attended"]
    assert attended.link == reverse("governance:meeting", args=[meeting.id])
    assert attended.details == {
        "as": "Person who uses services",
        "present": True,
        "supported": True,
        "support": "Easy read",
    }
    (activity_row,) = taking_part["Co-production activities they took part in"]
    assert activity_row.label == activity.title and activity_row.details == {"with_lived_experience": True}


def test_governance_work_they_lead_or_check_is_listed(org, services, team, admin_scope, framework):
    meeting = gov.meeting_create(
        scope=scope_of(team.quality),
        meeting_type="quality_safety",
        service_id=services[0].id,
        held_on=clock.today(),
        chair_id=team.quality.id,
    )
    decision = gov.decision_record(
        scope=scope_of(team.quality),
        meeting_id=meeting.id,
        text="Add a night carer.",
        evidence=gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id]),
        actions=[action_input(team)],
    )
    action = decision.actions.get()
    assert [r.id for r in found(admin_scope, team.manager, "governance")["Actions they lead"]] == [action.id]
    governance = found(admin_scope, team.quality, "governance")
    assert [r.id for r in governance["Actions they check"]] == [action.id]
    assert [r.id for r in governance["Meetings they chaired"]] == [meeting.id]
    assert [r.id for r in found(admin_scope, team.quality, "recorded")["Decisions they recorded"]] == [decision.id]


def test_records_they_made_are_listed(org, services, team, margaret, admin_scope):
    item = give_feedback(team, margaret, services[0])
    recorded = found(admin_scope, team.staff, "recorded")
    assert [r.id for r in recorded["Feedback they recorded"]] == [item.id]
    comment = item.comments.get()
    feedback_anonymise(
        scope=scope_of(team.quality), feedback_id=item.id, reason="She asked us to.", texts={comment.id: comment.text}
    )
    made_anonymous = found(admin_scope, team.quality, "recorded")["Feedback they made anonymous"]
    assert [r.id for r in made_anonymous] == [item.id]


def test_urgent_flags_they_raised_are_listed_without_the_comment(org, services, team, margaret, admin_scope):
    item = give_feedback(team, margaret, services[0], text="The lounge was cold all week.")
    comment = item.comments.get()
    raised = urgent_flag_raise(scope=scope_of(team.manager), comment_id=comment.id, reason="She sounds frightened.")
    urgent = found(admin_scope, team.manager, "urgent")
    (flag,) = urgent["Urgent flags they raised"]
    assert flag.id == raised.flag.id and "lounge" not in flag.label


def test_coding_they_did_is_listed(org, services, team, admin_scope, framework):
    hear(team.staff, services[0], "call-bells-and-responsiveness", days_ago=[3], coder=team.quality)
    coding = found(admin_scope, team.quality, "coding")
    assert len(coding["Themes they gave comments"]) == 1


def test_the_audit_log_about_them_and_by_them_is_listed(org, services, admin_scope):
    added = services_people.person_create(scope=admin_scope, full_name="Joan Reid")
    audit_log = found(admin_scope, added, "audit_log")
    (about,) = audit_log["Changes recorded about them"]
    assert about.label == "Person added: Joan Reid"
    made = found(admin_scope, admin_scope.person, "audit_log")["Changes they made"]
    assert {r.id for r in made} >= {AuditEvent.objects.for_org(org).get(verb="organisations.person.create").id}


# --- tenancy and permissions --------------------------------------------------------------------


def test_nothing_of_another_organisation_is_found(org, other_org, services, team, margaret, admin_scope, make_scope):
    give_feedback(team, margaret, services[0])
    # A row of another organisation pointing at her (which no service would write) is not hers here.
    elsewhere = Meeting.objects.for_org(other_org).create(
        organisation=other_org, meeting_type="coproduction_forum", held_on=clock.today(), created_at=clock.now()
    )
    Attendance.objects.for_org(other_org).create(
        organisation=other_org, meeting=elsewhere, person=margaret, role="uses_services"
    )
    assert "Meetings they attended" not in found(admin_scope, margaret, "taking_part")
    # Their administrator cannot find her at all: not found, as everywhere else.
    other_admin = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    with pytest.raises(Person.DoesNotExist):
        held.person_held(scope=other_admin, person_id=margaret.id)


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.LEADER, Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER])
def test_only_administrators_see_what_is_held(org, services, margaret, make_scope, role):
    scope = make_scope(role, services=[services[0]] if role in (Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER) else ())
    with pytest.raises(PermissionDenied):
        held.person_held(scope=scope, person_id=margaret.id)


def test_an_administrator_of_some_services_is_refused(org, services, margaret, make_scope):
    scope = make_scope(Role.ADMINISTRATOR, services=[services[0]])
    with pytest.raises(PermissionDenied, match="administrator of every service"):
        held.person_held(scope=scope, person_id=margaret.id)


# --- the page and the download --------------------------------------------------------------


@pytest.fixture
def admin_client(client, org, services, admin_scope):
    client.force_login(admin_scope.user)
    client.get(reverse("organisations:home"))  # records the organisation in the session
    return client


def test_the_download_has_every_group_and_is_audited_without_values(org, services, team, margaret, admin_client):
    give_feedback(team, margaret, services[0])
    attend(team, margaret, services[0])
    response = admin_client.get(reverse("organisations:person-held-download", args=[margaret.id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    assert body["organisation"] == "Northgate Care"
    assert body["person"]["full_name"] == "Margaret Wilson" and body["person"]["email"] == "margaret@example.org"
    assert [r["role"] for r in body["person"]["roles"]] == ["Co-production partner"]
    assert set(body["groups"]) == {g.key for g in held.GROUPS} and "mentions" in body["groups"]
    (given,) = body["groups"]["feedback"]["records"]
    assert given["what"] == "Feedback they gave" and given["date"] == clock.today().isoformat()
    assert given["details"]["comments"][0]["text"] == "The night staff were kind to me."
    (attended,) = body["groups"]["taking_part"]["records"]
    assert attended["what"] == "Meetings they attended" and attended["details"]["support"] == "Easy read"
    event = AuditEvent.objects.for_org(org).get(verb="organisations.person.held_download")
    assert event.object_id == str(margaret.id) and event.changes == {} and event.person_id == margaret.id


def test_the_page_lists_the_groups_with_counts_and_links(org, services, team, margaret, admin_client):
    item = give_feedback(team, margaret, services[0])
    page = admin_client.get(reverse("organisations:person-held", args=[margaret.id])).content.decode()
    assert "What Heard holds about Margaret Wilson" in page
    assert "Feedback they gave (1 record)" in page
    assert reverse("feedback:detail", args=[item.id]) in page
    assert reverse("organisations:person-remove", args=[margaret.id]) in page
    detail = admin_client.get(reverse("organisations:person-detail", args=[margaret.id])).content.decode()
    assert reverse("organisations:person-held", args=[margaret.id]) in detail


def test_the_page_links_evidence_and_measures_they_recorded(org, services, team, admin_scope, admin_client, framework):
    item = ev.item_record(
        scope=scope_of(team.manager),
        service_id=services[0].id,
        kind="incident",
        occurred_on=clock.today(),
        summary="A fall at night.",
        harm="low",
    )
    ev.measure_create(scope=scope_of(team.manager), name="Falls per 1,000 bed days", category="outcomes")
    response = admin_client.get(reverse("organisations:person-held", args=[team.manager.id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("evidence_items:item", args=[item.id]) in page
    assert reverse("evidence_items:measures") in page


def test_the_page_is_refused_to_a_quality_lead(org, services, team, margaret, client):
    client.force_login(team.quality.user)
    client.get(reverse("organisations:home"))
    assert client.get(reverse("organisations:person-held", args=[margaret.id])).status_code == 403
    assert client.get(reverse("organisations:person-held-download", args=[margaret.id])).status_code == 403
    assert not AuditEvent.objects.for_org(org).filter(verb="organisations.person.held_download").exists()


def test_queries_do_not_grow_with_the_number_of_records(org, services, team, margaret, admin_client):
    url = reverse("organisations:person-held", args=[margaret.id])
    download = reverse("organisations:person-held-download", args=[margaret.id])
    give_feedback(team, margaret, services[0])
    attend(team, margaret, services[0])

    def queries(address):
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(address).status_code == 200
        return len(ctx.captured_queries)

    few, few_download = queries(url), queries(download)
    for _ in range(4):
        give_feedback(team, margaret, services[0])
        attend(team, margaret, services[0])
        take_part(team, [margaret], services[0])
    assert queries(url) == few
    assert queries(download) == few_download
    # One query a kind of record, whatever the number of records.
    assert few <= len(held.SOURCES) + len(mentions.searched_fields()) + 30


def test_the_page_counts_a_day_as_the_uk_does(org, services, team, margaret, admin_scope):
    late = dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC)  # 00:30 on 15 June in the UK
    record = held.Record(id=1, label="x", date=late, link=None, details={})
    assert record.day == "15 Jun 2026"


def test_no_scope_reads_nothing(org, services, margaret):
    with pytest.raises(PermissionDenied):
        held.person_held(scope=scope_for(user=None, organisation=org), person_id=margaret.id)


def test_every_record_that_points_at_a_person_is_in_the_list():
    """A new model that names a person must say, in ``held.SOURCES``, which group it is in and
    whether it is something they took part in (kept on removal) or work they did (refused)."""
    from django.apps import apps

    listed = {(s.model, s.field) for s in held.SOURCES} | {("organisations.RoleAssignment", "person")}
    pointing = {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation and not f.auto_created and f.related_model is Person
    }
    assert pointing - listed == set()
