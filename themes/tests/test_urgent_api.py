"""The urgent flags API: the flags a person may see, with their review-by dates, notes and referrals;
refused to anyone who may not see flags, and scoped to the services of those who may."""

import datetime as dt

from accounts.services import api_token_create
from core import clock
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import api_call, api_token_for, person_with_role
from themes.models import ReferredTo, UrgentFlag
from themes.services import urgent_flag_record_action
from themes.tests.test_urgent_flags import flag_on


def token_of(person, org) -> str:
    return api_token_create(scope=scope_for(user=person.user, organisation=org), name="tests")[1]


def test_a_flag_comes_with_its_review_by_date_notes_and_referrals(client, org, services, lead):
    flag = flag_on(org, services)
    scope = scope_for(user=lead.user, organisation=org)
    urgent_flag_record_action(
        scope=scope,
        flag_id=flag.id,
        action="Referred to the council.",
        closes=False,
        review_by=clock.today() + dt.timedelta(days=3),
        referred_to=ReferredTo.LOCAL_AUTHORITY,
        referral_reference="ASC-42",
    )
    urgent_flag_record_action(
        scope=scope,
        flag_id=flag.id,
        action="The ombudsman asked to be told.",
        closes=False,
        referred_to=ReferredTo.OTHER,
        referred_to_other="The Local Government Ombudsman",
    )
    raw = token_of(lead, org)
    [listed] = api_call(client, "get", "/api/urgent-flags", raw).json()
    one = api_call(client, "get", f"/api/urgent-flags/{flag.id}", raw).json()
    assert listed == one
    assert one["status"] == "open" and one["service_name"] == "Rowan House"
    assert one["review_by"] == (clock.today() + dt.timedelta(days=3)).isoformat() and one["review_overdue"] is False
    council, ombudsman = one["referrals"]
    assert council["to"] == "local_authority" and council["reference"] == "ASC-42"
    assert council["said"] == "Referred to the local authority's safeguarding team, ref ASC-42"
    assert (ombudsman["to"], ombudsman["to_name"], ombudsman["reference"]) == (
        "other",
        "The Local Government Ombudsman",
        None,
    )
    first, second = one["notes"]
    assert first["who"] == "Grace Okafor" and first["referral"]["to"] == "local_authority"
    assert second["review_by"] is None and second["referral"]["to_name"] == "The Local Government Ombudsman"
    assert "text" not in one  # the comment is read through the feedback API


def test_a_missed_review_is_overdue_and_filters_keep_open_or_closed_flags(client, org, services, lead):
    late = flag_on(org, services)
    UrgentFlag.objects.for_org(org).filter(pk=late.pk).update(detected_at=clock.now() - dt.timedelta(days=10))
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org),
        flag_id=late.id,
        action="Waiting for the council.",
        closes=False,
        review_by=clock.today() - dt.timedelta(days=8),
        now=clock.now() - dt.timedelta(days=9),
    )
    done = flag_on(org, services, service=services[1])
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org), flag_id=done.id, action="Sorted.", closes=True
    )
    raw = token_of(lead, org)
    [found] = api_call(client, "get", "/api/urgent-flags?status=open", raw).json()
    assert found["id"] == late.id and found["review_overdue"] is True
    [closed] = api_call(client, "get", "/api/urgent-flags?status=closed", raw).json()
    assert closed["id"] == done.id and closed["review_overdue"] is False
    assert api_call(client, "get", "/api/urgent-flags?status=shut", raw).status_code == 422


def test_only_people_who_may_see_flags_get_them_and_only_at_their_services(client, org, services, lead):
    here = flag_on(org, services, service=services[0])
    there = flag_on(org, services, service=services[1])
    for role in (Role.LEADER, Role.STAFF, Role.COMMISSIONER):
        raw = api_token_for(org, role, services)
        assert api_call(client, "get", "/api/urgent-flags", raw).status_code == 403
        assert api_call(client, "get", f"/api/urgent-flags/{here.id}", raw).status_code == 403
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    raw = token_of(manager, org)
    assert [f["id"] for f in api_call(client, "get", "/api/urgent-flags", raw).json()] == [here.id]
    assert api_call(client, "get", f"/api/urgent-flags/{there.id}", raw).status_code == 404


def test_the_api_description_names_the_referral_choices(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/urgent-flags/{flag_id}" in schema["paths"]
    to = schema["components"]["schemas"]["ReferralOut"]["properties"]["to"]
    assert all(f"`{value}`" in to["description"] for value in ReferredTo.values)
