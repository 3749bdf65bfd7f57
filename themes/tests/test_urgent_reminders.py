"""Open urgent flags in the daily reminder: the people told of flags hear how many are still open;
a flag nobody has acted on for a day reaches everyone else who may act on it."""

import datetime as dt

from django.core import mail

from core import clock
from feedback.services import feedback_record
from governance.reminders import reminder_digests, reminders_send
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from themes.models import FlagStatus, UrgentFlag
from themes.services import urgent_flag_record_action
from themes.tests.test_urgent_flags import URGENT, entry

SELF_NEGLECT = "Mum has been left in the same wet pad all night and nobody came when she called."


def flag_on(org, service, text, *, days_ago: float) -> UrgentFlag:
    item = feedback_record(scope=system_scope(organisation=org), data=entry(service, text))
    flag = UrgentFlag.objects.for_org(org).get(comment__feedback=item)
    UrgentFlag.objects.for_org(org).filter(pk=flag.pk).update(detected_at=clock.now() - dt.timedelta(days=days_ago))
    return flag


def urgent_by_name(org):
    return {d.person.full_name: d.urgent for d in reminder_digests(organisation=org, today=clock.today())}


def test_the_lead_hears_what_is_open_and_a_flag_left_a_day_reaches_its_services_managers(org, services):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    org.refresh_from_db()
    person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Tom Hargreaves")
    person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]], full_name="Sian Rowlands")
    person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    for role, name in [(Role.STAFF, "Aisha Rahman"), (Role.COMMISSIONER, "Carol Dunn"), (Role.LEADER, "Lee Marsh")]:
        person_with_role(org, role, all_services=True, full_name=name)
    left = flag_on(org, services[0], URGENT, days_ago=2)
    flag_on(org, services[1], SELF_NEGLECT, days_ago=0.1)  # new today: the lead's alone for now

    urgent = urgent_by_name(org)
    assert urgent["Grace Okafor"].told and urgent["Grace Okafor"].open == 2 and urgent["Grace Okafor"].unacted == 1
    assert urgent["Grace Okafor"].oldest == UrgentFlag.objects.for_org(org).get(pk=left.pk).detected_at
    for escalated in ("Tom Hargreaves", "Priya Shah"):
        assert not urgent[escalated].told and urgent[escalated].unacted == 1
    for not_told in ("Sian Rowlands", "Aisha Rahman", "Carol Dunn", "Lee Marsh"):
        assert urgent.get(not_told) is None

    mail.outbox = []
    assert reminders_send(organisation=org, today=clock.today()) == 3
    by_name = {m.to[0]: m.body for m in mail.outbox}
    to_lead = by_name[lead.user.email]
    assert "Urgent flags still open: 2" in to_lead and "Nothing has been recorded on 1 of them" in to_lead
    assert "/urgent/" in to_lead
    for body in by_name.values():
        assert "bruises" not in body and "wet pad" not in body

    # Once someone records what they did, nobody else is chased; the lead still hears it is open.
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org), flag_id=left.pk, action="Rang the family.", closes=False
    )
    urgent = urgent_by_name(org)
    assert urgent["Grace Okafor"].open == 2 and urgent["Grace Okafor"].unacted == 0
    assert urgent.get("Tom Hargreaves") is None and urgent.get("Priya Shah") is None


def test_without_a_lead_the_administrators_and_quality_leads_hear_of_every_open_flag(org, services):
    person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Tom Hargreaves")
    flag_on(org, services[0], URGENT, days_ago=0.1)
    urgent = urgent_by_name(org)
    assert urgent["Priya Shah"].told and urgent["Priya Shah"].open == 1
    assert urgent["Grace Okafor"].told and urgent["Grace Okafor"].open == 1
    assert urgent.get("Tom Hargreaves") is None  # not told of new flags, and this one is not a day old


def test_closed_flags_are_not_in_the_reminder(org, services):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    org.refresh_from_db()
    flag = flag_on(org, services[0], URGENT, days_ago=3)
    UrgentFlag.objects.for_org(org).filter(pk=flag.pk).update(status=FlagStatus.CLOSED)
    assert urgent_by_name(org) == {}


def test_the_lead_hears_how_many_reviews_are_overdue_at_each_service_and_nothing_said_on_them(
    org, services, monkeypatch
):
    from themes.tests.test_flag_review_and_referral import TUESDAY, day, note

    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    org.refresh_from_db()
    monkeypatch.setattr(clock, "now", lambda: TUESDAY)
    rowan, beech, rowan_later = (
        flag_on(org, services[0], URGENT, days_ago=0),
        flag_on(org, services[1], SELF_NEGLECT, days_ago=0),
        flag_on(org, services[0], SELF_NEGLECT, days_ago=0),
    )
    secret = "Rang Mrs Patel's son on 07700 900456 about the bruises."
    for flag, review_by in ((rowan, day(1)), (beech, day(2)), (rowan_later, day(9))):
        note(lead, org, flag, on=TUESDAY, review_by=review_by, action=secret)
    friday = TUESDAY + dt.timedelta(days=3)
    monkeypatch.setattr(clock, "now", lambda: friday)

    urgent = urgent_by_name(org)["Grace Okafor"]
    assert urgent.open == 3 and urgent.review_overdue == 2  # the third is to be looked at next week
    assert urgent.review_overdue_by_service == (("Beech Court", 1), ("Rowan House", 1))

    mail.outbox = []
    reminders_send(organisation=org, today=friday.date())
    [email] = mail.outbox
    assert "2 of them are past their review-by date (Beech Court: 1; Rowan House: 1):" in email.body
    assert "/urgent/?show=review-overdue" in email.body
    for private in ("Rang", "Patel", "07700 900456", "bruises", "wet pad"):
        assert private not in email.body and private not in email.subject

    # Once a review is done and a new date set, it is no longer overdue.
    note(lead, org, beech, on=friday, review_by=day(10), action="Looked at again.")
    assert urgent_by_name(org)["Grace Okafor"].review_overdue_by_service == (("Rowan House", 1),)
