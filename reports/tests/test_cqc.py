"""The CQC well-led evidence pack and its inspector links on a small organisation: an expired or
revoked link shows nothing, who may share it and see the pack, and how the pack counts evidence by
category. The pack on the demo organisation is tested in test_cqc_demo.py."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from reports import inspector
from reports.cqc import cqc_pack


def rows_of(report, key, number=0):
    return report.section(key).all_tables[number].rows


def test_an_expired_or_unknown_link_shows_nothing(org, make_scope, client):
    scope = make_scope(Role.LEADER)
    made = inspector.inspector_link_create(scope=scope, label="Inspection", days=1)
    url = reverse("evidence:inspect", args=[made.token])
    assert client.get(url).status_code == 200
    later = made.link.expires_at + dt.timedelta(seconds=1)
    with pytest.raises(inspector.LinkGone):
        inspector.inspector_link_open(token=made.token, now=later)
    made.link.expires_at = clock.now() - dt.timedelta(seconds=1)
    made.link.created_at = made.link.expires_at - dt.timedelta(days=1)
    made.link.save()
    for address in (url, reverse("evidence:inspect", args=["not-a-token"])):
        response = client.get(address)
        assert response.status_code == 410
        assert org.name not in response.content.decode() and "Who listens" not in response.content.decode()


def test_only_people_who_see_every_service_may_share_and_bad_input_is_named(org, services, make_scope):
    with pytest.raises(PermissionDenied):
        inspector.inspector_link_create(scope=make_scope(Role.STAFF), label="x", days=3)
    with pytest.raises(PermissionDenied):
        manager = make_scope(Role.QUALITY_LEAD, services=[services[0]], all_services=False)
        inspector.inspector_link_create(scope=manager, label="x", days=3)
    lead = make_scope(Role.QUALITY_LEAD)
    with pytest.raises(ValidationError) as bad:
        inspector.inspector_link_create(scope=lead, label="x", days=400)
    assert "1 to 90 days" in str(bad.value)
    with pytest.raises(ValidationError):
        inspector.inspector_link_create(scope=lead, label="  ", days=3)


def test_pack_pages_are_closed_to_roles_without_the_right(org, services, client):
    partner = person_with_role(org, Role.PARTNER, all_services=True)
    client.force_login(partner.user)
    assert client.get(reverse("evidence:cqc")).status_code == 403
    assert client.get(reverse("evidence:inspector-links")).status_code == 403
    assert client.get(reverse("evidence:you-said")).status_code == 403


def test_a_working_link_can_be_extended_and_keeps_its_address(org, make_scope, client):
    lead = make_scope(Role.QUALITY_LEAD)
    made = inspector.inspector_link_create(scope=lead, label="Inspection, March", days=3)
    link = inspector.inspector_link_extend(scope=lead, link_id=made.link.id, days=30)
    assert link.expires_at > made.link.expires_at + dt.timedelta(days=26)
    later = made.link.expires_at + dt.timedelta(days=5)
    organisation, _ = inspector.inspector_link_open(token=made.token, now=later)  # the same token still works
    assert organisation == org
    event = AuditEvent.objects.for_org(org).get(verb="report.inspector_link.extended")
    assert event.changes["expires_at"]["to"] == link.expires_at.isoformat()

    with pytest.raises(ValidationError, match="already works until"):
        inspector.inspector_link_extend(scope=lead, link_id=made.link.id, days=7)
    with pytest.raises(ValidationError, match="1 to 90 days"):
        inspector.inspector_link_extend(scope=lead, link_id=made.link.id, days=91)
    inspector.inspector_link_revoke(scope=lead, link_id=made.link.id)
    with pytest.raises(ValidationError, match="stopped working"):
        inspector.inspector_link_extend(scope=lead, link_id=made.link.id, days=60)
    with pytest.raises(PermissionDenied):
        inspector.inspector_link_extend(scope=make_scope(Role.SERVICE_MANAGER), link_id=made.link.id, days=60)

    other = inspector.inspector_link_create(scope=lead, label="Inspection, April", days=2)
    client.force_login(lead.user)
    page = client.get(reverse("evidence:inspector-links")).content.decode()
    assert reverse("evidence:inspector-link-extend", args=[other.link.id]) in page
    response = client.post(reverse("evidence:inspector-link-extend", args=[other.link.id]), {"days": "14"}, follow=True)
    assert "now works until" in response.content.decode()
    assert (
        client.post(reverse("evidence:inspector-link-extend", args=[other.link.id]), {"days": "x"}).status_code == 302
    )


def test_the_cqc_pack_counts_incidents_staff_and_partner_feedback_and_measures_by_category(
    org, services, team, framework
):
    # Each source of evidence belongs to one of CQC's six categories (ADR 0017); the pack's table of
    # categories counts them there, leaving out withdrawn records and other services'.
    from evidence import services as ev

    scope = team.scope("quality")
    rowan, beech = services[0], services[1]
    day = clock.today() - dt.timedelta(days=10)

    def record(service, kind, harm="", reference=""):
        return ev.item_record(
            scope=scope,
            service_id=service.id,
            kind=kind,
            occurred_on=day,
            summary="Waited a long time for the call bell at night.",
            harm=harm,
            reference=reference,
        )

    record(rowan, "incident", "severe", "DX-1")
    record(rowan, "incident", "none", "DX-2")
    wrong = record(rowan, "incident", "moderate", "DX-3")
    ev.item_withdraw(scope=scope, item_id=wrong.id, reason="Logged twice.")
    record(beech, "incident", "low", "DX-4")
    record(rowan, "staff_feedback")
    record(rowan, "partner_feedback")
    falls = ev.measure_create(scope=scope, name="Falls per 1,000 bed days", category="outcomes")
    ev.reading_record(scope=scope, measure_id=falls.id, service_id=rowan.id, month=day, value=6.1)

    pack = cqc_pack(scope=scope, service=rowan)
    header = pack.section("categories").all_tables[0].header
    column = header.index("Feedback given by staff or advocates; incidents, other records and measures")
    held = {row[0]: row[column] for row in rows_of(pack, "categories")}
    assert held["Outcomes"] == "2 incidents, 1 of moderate harm or worse; 1 performance measure with figures"
    assert held["Feedback from staff and leaders"] == (
        "0 pieces of feedback given by members of staff; 1 record of feedback from staff"
    )
    assert held["Feedback from partners"] == (
        "0 pieces of feedback given by advocates; 1 record of feedback from a partner organisation"
    )
    assert held["Processes"] == "0 performance measures with figures"
    assert header[-1] == "Heard's own records"
    first, last = pack.period.split(" to ")
    assert f"It covers the twelve months from {first} to {last}" in " ".join(pack.notes)


def test_an_inspector_tells_people_of_one_role_apart_without_names(org, services, team, framework):
    # Two leaders: Ruth leads the speak-up sessions and David checks them, then David challenges Tom on
    # another action. The inspector sees roles only, so letters tell the leaders apart, and David
    # keeps his letter wherever he appears.
    from governance import services as gov
    from governance.models import ChallengeSubject
    from governance.tests.conftest import action_input, scope_of, theme
    from reports.cqc import Audience

    ruth = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    quality = team.scope("quality")
    source = {"source": "theme", "theme_id": theme(org, "call-bells-and-responsiveness").id}
    sessions = gov.action_create(
        scope=quality,
        data=action_input(
            team, title="Monthly speak-up sessions", lead_id=ruth.id, verifier_id=team.leader.id, **source
        ),
    )
    gov.action_request_check(scope=scope_of(ruth), action_id=sessions.id, note="Held every month since May.")
    gov.action_check(
        scope=team.scope("leader"),
        action_id=sessions.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Staff survey: more say they can speak up.",
        link="https://example.org/survey",
    )
    bells = gov.action_create(scope=quality, data=action_input(team, service_id=services[0].id, **source))
    gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=bells.id, question="Why is this late?"
    )

    pack = cqc_pack(scope=quality, audience=Audience.INSPECTOR)
    leads = {row[0]: row[2] for row in rows_of(pack, "acts")}
    assert leads == {
        "Monthly speak-up sessions": "Leader or board member (A)",
        "Answer call bells within five minutes": "Service manager (A)",
    }
    [checked] = rows_of(pack, "checks", 0)
    assert checked[1:3] == ["Leader or board member (A)", "Leader or board member (B), not the lead"]
    [challenge] = rows_of(pack, "checks", 1)
    assert challenge[3:5] == ["Leader or board member (B)", "Service manager (A)"]
    text = str([table.rows for section in pack.sections for table in section.all_tables])
    assert "Ruth" not in text and "Mensah" not in text

    staff = cqc_pack(scope=quality)
    assert rows_of(staff, "checks", 0)[0][1:3] == ["Ruth Adeyemi", "David Mensah"]
