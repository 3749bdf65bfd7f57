import datetime as dt
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEvent
from feedback import capture, export, selectors
from feedback.models import Channel, Comment, Feedback, GiverType, Kind, Rating
from feedback.services import FeedbackInput, feedback_record, feedback_submit_public, feedback_validate
from organisations.models import CommunicationNeed, Person
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import ServiceFactory, person_with_role
from themes.coding.services import comment_code
from themes.services import framework_install

TODAY = dt.date(2026, 11, 26)


def entry(service, **overrides):
    values = dict(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 1),
        comments=[("What could be better?", "More choice at tea time")],
        rating=Rating.GOOD,
    )
    values.update(overrides)
    return FeedbackInput(**values)


def test_staff_record_feedback_with_its_comment_and_who_recorded_it(org, services, make_scope):
    scope = make_scope(Role.STAFF, services=[services[0]])
    item = feedback_record(scope=scope, data=entry(services[0], assisted=True, giver_type=GiverType.PERSON))
    assert item.recorded_by == scope.person and item.assisted and item.organisation == org
    assert [c.text for c in item.comments.all()] == ["More choice at tea time"]
    [event] = AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.record")
    assert event.actor == scope.user


def test_staff_cannot_record_for_a_service_they_do_not_cover(org, services, make_scope):
    scope = make_scope(Role.STAFF, services=[services[0]])
    with pytest.raises(type(services[1]).DoesNotExist):
        feedback_record(scope=scope, data=entry(services[1]))
    assert Feedback.objects.for_org(org).count() == 0


@pytest.mark.parametrize("role", [Role.PARTNER, Role.COMMISSIONER, Role.LEADER])
def test_roles_that_do_not_record_feedback(services, make_scope, role):
    with pytest.raises(PermissionDenied):
        feedback_record(scope=make_scope(role, services=[services[0]]), data=entry(services[0]))


def test_validation_names_every_problem():
    service = type("S", (), {"id": 1})()
    errors = feedback_validate(
        entry(
            service,
            rating=9,
            comments=[],
            channel="pigeon",
            received_on=TODAY + dt.timedelta(days=1),
            wants_reply=True,
            reply_method="email",
            may_attribute=True,
        ),
        today=TODAY,
    )
    assert set(errors) == {"rating", "channel", "received_on", "reply_contact", "may_attribute"}
    assert "comments" in feedback_validate(entry(service, rating=None, comments=[("q", "  ")]), today=TODAY)
    assert "comments" in feedback_validate(entry(service, comments=[("q", "x" * 5001)]), today=TODAY)


def test_nothing_is_saved_when_feedback_is_invalid(org, services, admin_scope):
    with pytest.raises(ValidationError):
        feedback_record(scope=admin_scope, data=entry(services[0], rating=None, comments=[]))
    assert Feedback.objects.for_org(org).count() == 0 and Comment.objects.for_org(org).count() == 0


def test_public_feedback_goes_to_the_linked_service_only(org, other_org, services):
    theirs = ServiceFactory(organisation=other_org)
    item = feedback_submit_public(
        link_id=services[1].feedback_link_id,
        data=entry(theirs, channel=Channel.ONLINE_FORM, person_id=123, source_key="x"),
    )
    assert item.service == services[1] and item.person is None and item.source_key == ""
    [event] = AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.submit")
    assert event.actor is None and event.actor_label == "Public feedback form"


def test_a_public_link_of_an_archived_service_is_refused(services):
    services[0].archived_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    services[0].save()
    with pytest.raises(type(services[0]).DoesNotExist):
        feedback_submit_public(
            link_id=services[0].feedback_link_id, data=entry(services[0], channel=Channel.ONLINE_FORM)
        )
    with pytest.raises(type(services[0]).DoesNotExist):
        feedback_submit_public(link_id="not-a-uuid", data=entry(services[0], channel=Channel.ONLINE_FORM))


@pytest.fixture
def some_feedback(org, services, admin_scope):
    made = []
    for service, kind, channel, rating, text, day in [
        (services[0], Kind.COMPLAINT, Channel.PHONE, Rating.VERY_POOR, "The call bell took twenty minutes", 3),
        (services[0], Kind.COMPLIMENT, Channel.LETTER, Rating.VERY_GOOD, "Staff were kind and patient", 10),
        (services[1], Kind.FEEDBACK, Channel.IN_PERSON, Rating.NEITHER, "Food was cold at lunch", 20),
    ]:
        made.append(
            feedback_record(
                scope=admin_scope,
                data=entry(
                    service,
                    kind=kind,
                    channel=channel,
                    rating=rating,
                    comments=[("", text)],
                    received_on=dt.date(2026, 10, day),
                ),
            )
        )
    return made


def test_filters_narrow_the_list(admin_scope, services, some_feedback):
    def texts(**kw):
        return [
            c.text
            for f in selectors.feedback_list(scope=admin_scope, filters=selectors.FeedbackFilters(**kw))
            for c in f.comments.all()
        ]

    assert texts(service_id=services[1].id) == ["Food was cold at lunch"]
    assert texts(kind=Kind.COMPLAINT) == ["The call bell took twenty minutes"]
    assert texts(channel=Channel.LETTER) == ["Staff were kind and patient"]
    assert texts(ratings=(Rating.VERY_GOOD, Rating.GOOD)) == ["Staff were kind and patient"]
    assert texts(since=dt.date(2026, 10, 5), until=dt.date(2026, 10, 15)) == ["Staff were kind and patient"]
    assert texts(search="cold lunch") == ["Food was cold at lunch"]
    assert texts(search="kind") == ["Staff were kind and patient"]


def test_a_manager_sees_only_their_services_feedback(services, some_feedback, make_scope):
    scope = make_scope(Role.SERVICE_MANAGER, services=[services[1]])
    assert [f.service for f in selectors.feedback_list(scope=scope)] == [services[1]]
    with pytest.raises(Feedback.DoesNotExist):
        selectors.feedback_get(scope=scope, feedback_id=some_feedback[0].id)


def test_commissioners_cannot_read_comments(services, some_feedback, make_scope):
    with pytest.raises(PermissionDenied):
        selectors.feedback_list(scope=make_scope(Role.COMMISSIONER, services=[services[0]]))


def test_export_leaves_out_personal_details_for_leaders(org, services, admin_scope, make_scope):
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Taylor")
    feedback_record(
        scope=admin_scope,
        data=entry(
            services[0], person_id=jean.id, wants_reply=True, reply_method="phone", reply_contact="07700 900123"
        ),
    )
    full = export.feedback_export_rows(scope=admin_scope)
    assert "Jean Taylor" in str(full.rows) and "07700 900123" in str(full.rows)
    leader = export.feedback_export_rows(scope=make_scope(Role.LEADER))
    assert "Jean Taylor" not in str(leader.rows) and "07700" not in str(leader.rows)
    assert "person" not in leader.header


def test_export_says_whether_each_may_be_quoted_and_named(org, services, admin_scope):
    """The download said whether the giver agreed to be quoted but not whether they agreed to be
    named, beside a column with their name: someone choosing quotes from it could not tell."""
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Taylor")
    for text, consent, named in (("Named", True, True), ("Quoted only", True, False), ("Private", False, False)):
        feedback_record(
            scope=admin_scope,
            data=entry(
                services[0], person_id=jean.id, consent_to_quote=consent, may_attribute=named, comments=[("", text)]
            ),
        )
    table = export.feedback_export_rows(scope=admin_scope)
    column = {name: table.header.index(name) for name in ("comment", "consent to quote", "may be named", "person")}
    found = {
        row[column["comment"]]: (row[column["consent to quote"]], row[column["may be named"]]) for row in table.rows
    }
    assert found == {"Named": ("yes", "yes"), "Quoted only": ("yes", "no"), "Private": ("no", "no")}
    assert {row[column["person"]] for row in table.rows} == {"Jean Taylor"}


def test_a_comment_with_control_characters_still_downloads_as_excel(client, services, admin_scope):
    """A vertical tab pasted from a word processor (or sent through the API) cannot be stored in an
    Excel file: the download keeps the words, with a space in its place, instead of failing."""
    import io

    from openpyxl import load_workbook

    feedback_record(scope=admin_scope, data=entry(services[0], comments=[("", "Tea was late\x0bagain\x01")]))
    client.force_login(admin_scope.user)
    response = client.get(reverse("feedback:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    comments = [
        row[[c.value for c in sheet[1]].index("comment")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert "Tea was late again" in [value.strip() for value in comments if value]


def test_the_record_page_ignores_a_person_that_is_not_a_plain_number(client, admin_scope):
    client.force_login(admin_scope.user)
    for raw in ("²", "x", "-1"):
        assert client.get(reverse("feedback:capture"), {"person": raw}).status_code == 200


def test_format_offer_follows_communication_needs(org):
    def offer(*needs):
        person = person_with_role(org, Role.PARTNER, all_services=True, login=False, communication_needs=list(needs))
        return capture.format_offer(person=person).format

    assert offer() == "standard"
    assert offer(CommunicationNeed.EASY_READ) == "easy_read"
    assert offer(CommunicationNeed.LARGE_PRINT) == "large_print"
    assert offer(CommunicationNeed.EASY_READ, CommunicationNeed.BSL) == "assisted"


def test_pages(client, org, services, some_feedback, make_scope):
    scope = make_scope(Role.QUALITY_LEAD)
    client.force_login(scope.user)
    body = client.get(reverse("feedback:list"), {"q": "bell"}).content.decode()
    assert "The call bell took twenty minutes" in body and "Food was cold" not in body
    assert client.get(reverse("feedback:detail", args=[some_feedback[0].id])).status_code == 200
    csv_body = client.get(reverse("feedback:export", args=["csv"]), {"kind": "complaint"}).content.decode()
    assert "call bell" in csv_body and "Food was cold" not in csv_body
    xlsx = client.get(reverse("feedback:export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    response = client.post(
        reverse("feedback:capture"),
        {
            "service": services[2].id,
            "kind": "compliment",
            "channel": "in_person",
            "received_on": "2026-11-02",
            "rating": "1",
            "text": "Lovely garden",
            "giver_type": "family",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.for_org(org).filter(text="Lovely garden").exists()


def test_the_list_page_query_count_is_pinned(client, org, services, admin_scope):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_scope.user)
    url = reverse("feedback:list")

    def add(n):
        for _ in range(n):
            feedback_record(scope=admin_scope, data=entry(services[0]))

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(20)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_recording_for_a_person_says_which_format_suits_them(client, org, services, make_scope):
    scope = make_scope(Role.SERVICE_MANAGER, services=[services[0]])
    callum = person_with_role(
        org,
        Role.PARTNER,
        services=[services[0]],
        login=False,
        full_name="Callum Reid",
        communication_needs=[CommunicationNeed.EASY_READ],
    )
    client.force_login(scope.user)
    page = client.get(reverse("organisations:person-detail", args=[callum.id])).content.decode()
    assert f"/feedback/new/?person={callum.id}" in page
    body = client.get(reverse("feedback:capture"), {"person": callum.id}).content.decode()
    assert "Offer Callum Reid the easy read form" in body


def test_the_list_filters_by_sentiment(client, org, services, admin_scope, some_feedback):
    first, second, _ = [f.comments.get() for f in some_feedback]
    type(first).objects.for_org(org).filter(pk=first.pk).update(sentiment=5)
    type(first).objects.for_org(org).filter(pk=second.pk).update(sentiment=1)
    client.force_login(admin_scope.user)
    negative = client.get(reverse("feedback:list"), {"sentiment": "negative"}).content.decode()
    assert "call bell" in negative and "kind and patient" not in negative
    very_positive = client.get(reverse("feedback:list"), {"sentiment": "1"}).content.decode()
    assert "kind and patient" in very_positive and "call bell" not in very_positive


def test_the_list_filters_by_theme_and_the_detail_page_shows_who_coded_it(
    client, org, services, admin_scope, some_feedback
):
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    bells, kind, food = [f.comments.get() for f in some_feedback]
    version = framework.versions.get()
    comment_code(
        scope=admin_scope,
        comment_id=bells.pk,
        framework=framework,
        theme_ids=[version.themes.get(code="call-bells-and-responsiveness").pk],
        sentiment=5,
    )
    comment_code(
        scope=admin_scope,
        comment_id=food.pk,
        framework=framework,
        theme_ids=[version.themes.get(code="food-and-drink").pk],
        sentiment=4,
    )
    client.force_login(admin_scope.user)
    page = client.get(reverse("feedback:list"), {"theme": "call-bells-and-responsiveness"}).content.decode()
    assert "call bell" in page and "Food was cold" not in page and "kind and patient" not in page
    assert "Call bells" in page  # the theme is offered as a choice
    detail = client.get(reverse("feedback:detail", args=[bells.feedback_id])).content.decode()
    assert "Call bells &amp; responsiveness" in detail and escape(admin_scope.person.full_name) in detail
    # A correction that removes the theme takes the feedback out of the filter.
    comment_code(scope=admin_scope, comment_id=bells.pk, framework=framework, theme_ids=[], sentiment=5)
    page = client.get(reverse("feedback:list"), {"theme": "call-bells-and-responsiveness"}).content.decode()
    assert "call bell" not in page


def test_a_filter_that_cannot_be_read_is_named_and_the_others_still_apply(client, services, admin_scope, some_feedback):
    client.force_login(admin_scope.user)
    # Beech Court's feedback only, with a "From" date that is not a date (typed by hand, or a link cut short)
    query = {"service": services[1].id, "since": "31/02/2026", "q": "x" * 201}
    body = client.get(reverse("feedback:list"), query).content.decode()
    assert "1 piece of feedback" in body and "Food was cold" in body and "call bell" not in body
    # Each problem says which filter it is about, in a summary that links to it
    assert 'class="nhsuk-error-summary"' in body
    assert escape("‘From’ must be a real date, like 31/01/2026") in body and 'href="#id_since"' in body
    assert escape("‘Words in the comments’ can be up to 200 characters") in body
    # The download is what the page shows, not everything
    csv_body = client.get(reverse("feedback:export", args=["csv"]), query).content.decode()
    assert "Food was cold" in csv_body and "call bell" not in csv_body


def test_a_date_range_that_ends_before_it_starts_is_named(client, services, admin_scope, some_feedback):
    client.force_login(admin_scope.user)
    body = client.get(reverse("feedback:list"), {"since": "2026-10-15", "until": "2026-10-05"}).content.decode()
    assert escape("‘To’ must be the same as or after ‘From’") in body


def test_a_piece_of_feedback_opened_from_a_filtered_list_goes_back_to_that_list(
    client, services, admin_scope, some_feedback
):
    client.force_login(admin_scope.user)
    listed = f"/feedback/?service={services[0].id}&kind=complaint&page=1"
    body = client.get(listed).content.decode()
    detail = re.search(rf'href="(/feedback/{some_feedback[0].id}/[^"]*)"', body).group(1)
    page = client.get(html.unescape(detail)).content.decode()
    assert f'href="{escape(listed)}"' in page and "Back to the list" in page
    # Opened from the whole list, or from anywhere else, it goes back to all feedback
    page = client.get(f"/feedback/{some_feedback[0].id}/").content.decode()
    assert 'href="/feedback/"' in page and "All feedback" in page


def test_the_record_page_chooses_the_only_service_a_person_records_at(client, services, make_scope, admin_scope):
    def offered(page: str) -> list[str]:
        select = re.search(r'<select[^>]*name="service".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="(\d*)"', select)

    staff = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    # No "Choose a service" before the one service there is: it is chosen already.
    assert offered(client.get(reverse("feedback:capture")).content.decode()) == [str(services[0].id)]
    # With several services, the person chooses.
    client.force_login(admin_scope.user)
    assert offered(client.get(reverse("feedback:capture")).content.decode())[0] == ""


def test_the_capture_form_says_the_services_checks_with_its_own_problems(client, org, services, make_scope):
    """A reply asked for by email with no address, a date in the future, neither a rating nor a comment
    and a quote to be named without consent: told with the channel left out, not once it is chosen."""
    scope = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(scope.user)
    response = client.post(
        reverse("feedback:capture"),
        {
            "service": services[0].id,
            "kind": "feedback",
            "channel": "",
            "received_on": "2099-01-01",
            "rating": "",
            "text": "",
            "giver_type": "person",
            "may_attribute": "on",
            "wants_reply": "on",
            "reply_method": "email",
            "reply_contact": "",
        },
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    for problem in (
        "Choose one of the options for ‘How was it given?’",
        "The date cannot be in the future.",
        "Give a rating or write a comment.",
        "Enter how to contact them for a reply.",
        "A quote can only be attributed when the person agreed to be quoted.",
    ):
        assert problem in body
    assert not Feedback.objects.for_org(org).exists()


def test_a_comment_the_capture_form_cannot_take_is_not_also_told_as_none(client, org, services, make_scope):
    scope = make_scope(Role.STAFF, services=[services[0]])
    client.force_login(scope.user)
    response = client.post(
        reverse("feedback:capture"),
        {
            "service": services[0].id,
            "kind": "feedback",
            "channel": "in_person",
            "received_on": "2026-11-02",
            "text": "x" * 5001,
            "giver_type": "person",
        },
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 400 and "‘What they said’ must be 5,000 characters or fewer" in body
    assert "Give a rating or write a comment." not in body


def test_feedback_is_linked_only_to_people_who_use_or_work_at_the_service(client, org, services, make_scope):
    """The capture form offers the service's co-production partners first, then its staff; not the
    leaders, administrators or commissioners whose roles also cover it."""
    rowan, beech = services[0], services[1]
    scope = make_scope(Role.SERVICE_MANAGER, services=[rowan])
    offered = {
        "Callum Reid": person_with_role(org, Role.PARTNER, services=[rowan], login=False, full_name="Callum Reid"),
        "Aisha Rahman": person_with_role(org, Role.STAFF, services=[rowan], full_name="Aisha Rahman"),
    }
    not_offered = {
        "David Mensah": person_with_role(org, Role.LEADER, all_services=True, full_name="David Mensah"),
        "Priya Shah": person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah"),
        "Helen Brooks": person_with_role(org, Role.COMMISSIONER, services=[rowan], full_name="Helen Brooks"),
        "Jean Taylor": person_with_role(org, Role.PARTNER, services=[beech], login=False, full_name="Jean Taylor"),
    }
    people = list(capture.people_for_capture(scope=scope))
    assert [p.full_name for p in people if p.full_name in offered | not_offered] == ["Callum Reid", "Aisha Rahman"]
    client.force_login(scope.user)
    body = client.get(reverse("feedback:capture")).content.decode()
    assert ">Callum Reid<" in body and ">Aisha Rahman (staff)<" in body
    assert not any(name in body for name in not_offered)
    with pytest.raises(Person.DoesNotExist):
        feedback_record(scope=scope, data=entry(rowan, person_id=not_offered["David Mensah"].id))


@pytest.mark.parametrize(
    ("assisted", "said"), [(True, "They filled it in with help from someone"), (False, "They filled it in themselves")]
)
def test_feedback_sent_through_the_public_form_says_whether_someone_helped(client, org, services, assisted, said):
    item = feedback_submit_public(
        link_id=services[0].feedback_link_id,
        data=entry(services[0], channel=Channel.EASY_READ_FORM, assisted=assisted),
    )
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    page = client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    assert said in page
