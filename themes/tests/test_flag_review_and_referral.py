"""A flag kept open says when it will be looked at again, and a note records a referral (ADR 0007):
the service's rules, the flag's review-by date as its latest note set it, "Review overdue" on the
list and the flag page, and the audit of each note."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.audit import AuditEvent
from core.working_days import working_days_after
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import person_with_role
from themes import selectors
from themes.models import ReferredTo, UrgentFlag, UrgentFlagAction
from themes.services import urgent_flag_record_action
from themes.tests.test_urgent_flags import flag_on

# Tuesday 1 December 2026, noon: Wednesday is one working day later, Friday three.
TUESDAY = timezone.make_aware(dt.datetime(2026, 12, 1, 12, 0))
FRIDAY = TUESDAY + dt.timedelta(days=3)


def day(n: int) -> dt.date:
    """The date `n` days after Tuesday 1 December 2026."""
    return (TUESDAY + dt.timedelta(days=n)).date()


def raised(org, services, at=TUESDAY, service=None) -> UrgentFlag:
    flag = flag_on(org, services, service=service)
    UrgentFlag.objects.for_org(org).filter(pk=flag.pk).update(detected_at=at)
    flag.refresh_from_db()
    return flag


def note(person, org, flag, *, on: dt.datetime, **kwargs) -> UrgentFlagAction:
    kwargs.setdefault("action", "Rang the council's safeguarding team.")
    kwargs.setdefault("closes", False)
    return urgent_flag_record_action(
        scope=scope_for(user=person.user, organisation=org), flag_id=flag.id, now=on, **kwargs
    )


def problems(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def test_working_days_after_leave_out_weekends_and_bank_holidays():
    assert working_days_after(day(0), until=day(2)) == 2  # Tuesday to Thursday
    assert working_days_after(day(3), until=day(6)) == 1  # Friday to Monday
    assert working_days_after(dt.date(2026, 12, 24), until=dt.date(2026, 12, 29)) == 1  # over Christmas
    assert working_days_after(day(0), until=day(0)) == 0


# --- the review-by date ----------------------------------------------------------------------


def test_a_note_keeping_a_young_flag_open_may_leave_out_the_review_by_date(org, services, lead):
    flag = raised(org, services)
    # Thursday: two working days after Tuesday, not more.
    row = note(lead, org, flag, on=TUESDAY + dt.timedelta(days=2))
    assert row.review_by is None


def test_a_flag_open_more_than_two_working_days_must_have_a_review_by_date(org, services, lead):
    flag = raised(org, services)
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=FRIDAY)
    assert "more than 2 working days" in problems(exc)["review_by"][0]
    assert not UrgentFlagAction.objects.for_org(org).filter(flag=flag).exists()  # nothing half-written

    row = note(lead, org, flag, on=FRIDAY, review_by=day(7))
    assert row.review_by == day(7)


def test_a_weekend_does_not_count_towards_the_two_working_days(org, services, lead):
    flag = raised(org, services, at=FRIDAY)
    # Tuesday 8 December: four days on, but only two working days.
    assert note(lead, org, flag, on=FRIDAY + dt.timedelta(days=4)).review_by is None
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=FRIDAY + dt.timedelta(days=5))
    assert set(problems(exc)) == {"review_by"}


def test_a_review_by_date_in_the_past_is_refused_and_today_is_not(org, services, lead):
    flag = raised(org, services)
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=TUESDAY, review_by=day(-1))
    assert problems(exc) == {"review_by": ["The review-by date must be today or in the future."]}
    assert note(lead, org, flag, on=TUESDAY, review_by=day(0)).review_by == day(0)


def test_closing_needs_no_review_by_date_and_sets_none(org, services, lead):
    flag = raised(org, services)
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=FRIDAY, closes=True, review_by=day(7))
    assert "closes the flag" in problems(exc)["review_by"][0]
    note(lead, org, flag, on=FRIDAY, closes=True)  # old, but closing: no date needed
    # A later note leaving it closed sets none either; opening it again needs one, as it is old.
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=FRIDAY, review_by=day(7), action="The council wrote back.")
    assert "open it again" in problems(exc)["review_by"][0]
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=FRIDAY, reopens=True, action="It has come back.")
    assert set(problems(exc)) == {"review_by"}
    assert note(lead, org, flag, on=FRIDAY, reopens=True, review_by=day(4), action="Back.").review_by == day(4)


def test_the_database_refuses_a_review_by_date_on_a_closing_note(org, services, lead):
    flag = raised(org, services)
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgentFlagAction.objects.create(
            flag=flag, organisation=org, action="Closed.", who=lead, at=TUESDAY, closes=True, review_by=day(3)
        )


def test_the_flags_review_by_date_is_its_latest_notes_and_overdue_once_passed_while_open(org, services, lead):
    flag = raised(org, services)
    note(lead, org, flag, on=TUESDAY, review_by=day(3))
    note(lead, org, flag, on=TUESDAY + dt.timedelta(hours=1), review_by=day(8))
    # A later note that sets none (the flag is still young) leaves the date as it was.
    note(lead, org, flag, on=TUESDAY + dt.timedelta(hours=2), action="Left a message.")
    scope = scope_for(user=lead.user, organisation=org)

    def shown(today):
        return selectors.urgent_flag_get(scope=scope, flag_id=flag.id, today=today)

    assert (shown(day(8)).review_by, shown(day(8)).review_overdue) == (day(8), False)  # due today: not passed
    assert shown(day(9)).review_overdue is True
    assert selectors.urgent_reviews_overdue(scope=scope, today=day(9)) == 1
    assert selectors.urgent_reviews_overdue(scope=scope, today=day(8)) == 0
    # The earlier notes keep the dates they set: history is appended, never changed.
    assert [a.review_by for a in shown(day(9)).actions.all()] == [day(3), day(8), None]

    note(lead, org, flag, on=TUESDAY + dt.timedelta(hours=3), closes=True, action="Done.")
    assert shown(day(9)).review_overdue is False  # a closed flag has no review to miss
    assert selectors.urgent_reviews_overdue(scope=scope, today=day(9)) == 0


def test_overdue_reviews_are_counted_only_where_the_person_sees_flags(org, services, lead):
    flag = raised(org, services, service=services[0])
    note(lead, org, flag, on=TUESDAY, review_by=day(1))
    here = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    elsewhere = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    count = selectors.urgent_reviews_overdue
    assert count(scope=scope_for(user=here.user, organisation=org), today=day(5)) == 1
    assert count(scope=scope_for(user=elsewhere.user, organisation=org), today=day(5)) == 0
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    assert count(scope=scope_for(user=staff.user, organisation=org), today=day(5)) is None


# --- referrals -------------------------------------------------------------------------------


def test_a_note_records_a_referral_and_its_reference(org, services, lead):
    flag = raised(org, services)
    row = note(lead, org, flag, on=TUESDAY, referred_to=ReferredTo.LOCAL_AUTHORITY, referral_reference=" ASC-2211 ")
    assert (row.referred_to, row.referral_reference) == (ReferredTo.LOCAL_AUTHORITY, "ASC-2211")
    assert row.referral_said == "Referred to the local authority's safeguarding team, ref ASC-2211"
    police = note(lead, org, flag, on=TUESDAY, referred_to=ReferredTo.POLICE)
    assert police.referral_said == "Referred to the police"
    other = note(lead, org, flag, on=TUESDAY, referred_to=ReferredTo.OTHER, referred_to_other="The ombudsman")
    assert other.referral_said == "Referred to The ombudsman"


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"referred_to": ReferredTo.OTHER}, "referred_to_other", "Enter the name of the body"),
        ({"referred_to": ReferredTo.OTHER, "referred_to_other": "  "}, "referred_to_other", "Enter the name"),
        ({"referred_to": "social_services"}, "referred_to", "Choose who it was referred to"),
        ({"referral_reference": "123"}, "referral_reference", "or leave the reference number empty"),
        ({"referred_to": ReferredTo.POLICE, "referred_to_other": "Kent Police"}, "referred_to_other", "another body"),
        ({"referred_to": ReferredTo.POLICE, "referral_reference": "x" * 101}, "referral_reference", "100 characters"),
    ],
)
def test_a_referral_that_does_not_say_who_is_refused_naming_the_field(org, services, lead, given, field, words):
    flag = raised(org, services)
    with pytest.raises(ValidationError) as exc:
        note(lead, org, flag, on=TUESDAY, **given)
    assert words in problems(exc)[field][0]
    assert not UrgentFlagAction.objects.for_org(org).filter(flag=flag).exists()


def test_the_database_refuses_another_body_without_a_name(org, services, lead):
    flag = raised(org, services)
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgentFlagAction.objects.create(
            flag=flag, organisation=org, action="Referred.", who=lead, at=TUESDAY, referred_to=ReferredTo.OTHER
        )


def test_each_note_is_audited_with_its_review_by_date_and_referral(org, services, lead):
    flag = raised(org, services)
    note(
        lead,
        org,
        flag,
        on=TUESDAY,
        review_by=day(2),
        referred_to=ReferredTo.POLICE,
        referral_reference="CR-77",
    )
    event = AuditEvent.objects.for_org(org).get(verb="themes.urgent_flag.record_action", object_id=str(flag.pk))
    assert event.changes == {
        "review_by": "2026-12-03",
        "referral": {"to": "police", "other": "", "reference": "CR-77"},
    }
    assert event.actor_label == "Grace Okafor"


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def on_day(monkeypatch):
    """Set the clock to noon, `n` days after Tuesday 1 December 2026."""
    from core import clock

    def move(n: int):
        monkeypatch.setattr(clock, "now", lambda: TUESDAY + dt.timedelta(days=n))
        monkeypatch.setattr(clock, "today", lambda: day(n))

    return move


def test_the_list_and_the_flag_page_show_an_overdue_review_and_the_referrals(client, org, services, lead, on_day):
    flag = raised(org, services)
    other = raised(org, services, service=services[1])
    note(lead, org, flag, on=TUESDAY, review_by=day(1), referred_to=ReferredTo.LOCAL_AUTHORITY, referral_reference="A1")
    note(lead, org, other, on=TUESDAY, review_by=day(9))
    on_day(3)
    client.force_login(lead.user)
    listed = client.get(reverse("themes:queue")).content.decode()
    tags = re.findall(r'nhsuk-tag--orange"\s*>\s*Review overdue', listed)
    assert len(tags) == 1  # the flag whose date has passed, not the other
    assert "Referred to the local authority&#39;s safeguarding team, ref A1 (1 December 2026)" in listed
    assert "review was due by 2 December 2026" in listed and "review by 10 December 2026" in listed

    page = client.get(reverse("themes:flag", args=[flag.id])).content.decode()
    assert re.search(r'nhsuk-tag--orange"\s*>\s*Review overdue', page)
    assert "2 December 2026: the review is overdue" in page
    assert "Referred to the local authority&#39;s safeguarding team, ref A1." in page
    assert "To be looked at again by 2 December 2026." in page
    assert not re.search(
        r"Review overdue|review is overdue", client.get(reverse("themes:flag", args=[other.id])).content.decode()
    )


def test_the_flag_page_asks_for_a_review_by_date_once_the_flag_is_old_naming_the_field(
    client, org, services, lead, on_day
):
    flag = raised(org, services)
    on_day(3)
    client.force_login(lead.user)
    url = reverse("themes:flag", args=[flag.id])
    assert "Review by (optional)" not in client.get(url).content.decode()
    response = client.post(url, {"action": "Chased the council.", "outcome": "keep_open", "referred_to": "other"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_review_by"' in body and "more than 2 working days" in body
    assert 'href="#id_referred_to_other"' in body and "Enter the name of the body it was referred to." in body

    response = client.post(
        url,
        {
            "action": "Chased the council.",
            "outcome": "keep_open",
            "review_by": "2026-12-08",
            "referred_to": "police",
            "referred_to_other": "typed before choosing the police",
            "referral_reference": "CR-9",
        },
    )
    assert response.status_code == 302
    [row] = UrgentFlagAction.objects.for_org(org).filter(flag=flag)
    assert (row.review_by, row.referred_to, row.referred_to_other, row.referral_reference) == (
        day(7),
        "police",
        "",
        "CR-9",
    )


def test_the_flag_page_offers_the_review_by_date_as_optional_on_a_young_flag(client, org, services, lead, on_day):
    flag = raised(org, services)
    on_day(1)
    client.force_login(lead.user)
    assert "Review by (optional)" in client.get(reverse("themes:flag", args=[flag.id])).content.decode()


def test_the_list_shows_only_the_flags_whose_review_is_overdue_when_asked(client, org, services, lead, on_day):
    overdue = raised(org, services, service=services[0])
    later = raised(org, services, service=services[1])
    closed = raised(org, services, service=services[2])
    note(lead, org, overdue, on=TUESDAY, review_by=day(1))
    note(lead, org, later, on=TUESDAY, review_by=day(9))
    note(lead, org, closed, on=TUESDAY, review_by=day(1))
    note(lead, org, closed, on=TUESDAY + dt.timedelta(hours=1), closes=True, action="Done.")
    on_day(3)
    client.force_login(lead.user)
    queue = reverse("themes:queue")
    every = client.get(queue).content.decode()
    assert "3 flags" in every and f'href="{queue}?show=review-overdue">Review overdue (1)' in every
    assert f'href="{queue}" aria-current="page">All flags' in every

    shown = client.get(queue, {"show": "review-overdue"}).content.decode()
    listed = re.findall(rf'href="{queue}(\d+)/"', shown)
    assert listed == [str(overdue.id)]  # not the one due next week, nor the closed one
    assert "1 flag open past its review-by date" in shown
    assert f'href="{queue}?show=review-overdue" aria-current="page"' in shown
    assert "<title>Urgent: review overdue" in shown

    # A service manager sees only their services' flags, filtered or not.
    beech = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    client.force_login(beech.user)
    theirs = client.get(queue, {"show": "review-overdue"}).content.decode()
    assert "Review overdue (0)" in theirs and "No open flag is past its review-by date." in theirs
    assert re.findall(rf'href="{queue}(\d+)/"', theirs) == []
    assert re.findall(rf'href="{queue}(\d+)/"', client.get(queue).content.decode()) == [str(later.id)]
