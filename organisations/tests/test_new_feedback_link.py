"""A new public feedback link for a service whose poster was misused: who may issue one, what changes,
what the audit log keeps, and that an old short address is never given out again (ADR 0024's addendum)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from organisations import services as svc
from organisations.feedback_codes import normalised, shown
from organisations.models import RetiredFeedbackCode, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.selectors import feedback_code_taken
from organisations.tests.factories import ServiceFactory, person_with_role

pytestmark = pytest.mark.django_db

VERB = "organisations.service.new_feedback_link"
REASON = "The poster in the entrance was used to send abuse."


def links(service) -> tuple:
    service = Service.objects.for_org(service.organisation).get(pk=service.pk)
    return service.feedback_link_id, service.feedback_code


def events(org):
    return list(AuditEvent.objects.for_org(org).filter(verb=VERB))


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SERVICE_MANAGER])
def test_an_administrator_or_the_services_manager_issues_a_new_link_and_code(org, services, make_scope, role):
    scope = make_scope(role, services=[services[0]] if role == Role.SERVICE_MANAGER else ())
    old_link, old_code = links(services[0])
    others = [links(s) for s in services[1:]]

    service = svc.service_new_feedback_link(scope=scope, service=services[0], reason=f"  {REASON} ")

    assert links(service) == (service.feedback_link_id, service.feedback_code)
    assert service.feedback_link_id != old_link and service.feedback_link_id.version == 4
    assert service.feedback_code != old_code and normalised(service.feedback_code) == service.feedback_code
    assert [links(s) for s in services[1:]] == others  # the other services keep theirs
    [event] = events(org)
    assert event.actor == scope.user and event.service_id == service.id
    assert event.changes == {
        "short address": {"from": shown(old_code), "to": shown(service.feedback_code)},
        "reason": {"from": None, "to": REASON},
    }


def test_the_reason_is_kept_without_personal_details(org, services, admin_scope):
    svc.service_new_feedback_link(
        scope=admin_scope, service=services[0], reason="Mrs Jane Smith on 07700 900123 kept sending abuse."
    )
    [event] = events(org)
    kept = event.changes["reason"]["to"]
    assert "Jane Smith" not in kept and "07700 900123" not in kept and "[name]" in kept


def test_a_link_replaced_at_a_given_moment_is_recorded_then(org, services, admin_scope):
    """The demo replaces a link weeks before it is built: the replaced code and the audit event say when."""
    then = timezone.now() - dt.timedelta(days=30)
    service = svc.service_new_feedback_link(scope=admin_scope, service=services[0], reason=REASON, now=then)
    [event] = events(org)
    [retired] = RetiredFeedbackCode.objects.for_org(org).filter(service=service)
    assert event.at == retired.retired_at == then


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("", "Say why the old link is being replaced"),
        ("   ", "Say why the old link is being replaced"),
        ("x" * 501, "Keep the reason under 500 characters."),
    ],
)
def test_a_reason_is_needed_and_nothing_changes_without_one(org, services, admin_scope, reason, problem):
    before = links(services[0])
    with pytest.raises(ValidationError) as refused:
        svc.service_new_feedback_link(scope=admin_scope, service=services[0], reason=reason)
    assert problem in refused.value.message_dict["reason"][0]
    assert links(services[0]) == before and events(org) == []


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER, Role.QUALITY_LEAD, Role.LEADER])
def test_other_roles_at_the_service_are_refused(org, services, make_scope, role):
    scope = make_scope(role, services=[services[0]], all_services=False)
    before = links(services[0])
    with pytest.raises(PermissionDenied):
        svc.service_new_feedback_link(scope=scope, service=services[0], reason=REASON)
    assert links(services[0]) == before and events(org) == []


def test_a_manager_of_another_service_does_not_find_this_one(org, services):
    # Manager of Beech Court, and staff at Rowan House: seeing Rowan House is not managing it.
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.STAFF)
    staff.services.set([services[0]])
    scope = scope_for(user=person.user, organisation=org)
    before = links(services[0])
    with pytest.raises(Service.DoesNotExist):
        svc.service_new_feedback_link(scope=scope, service=services[0], reason=REASON)
    assert links(services[0]) == before and events(org) == []


def test_another_organisations_service_is_never_found(org, other_org, admin_scope):
    theirs = ServiceFactory(organisation=other_org, name="Their House")
    before = links(theirs)
    with pytest.raises(Service.DoesNotExist):
        svc.service_new_feedback_link(scope=admin_scope, service=theirs, reason=REASON)
    assert links(theirs) == before
    assert not AuditEvent.objects.unscoped_across_organisations().filter(verb=VERB).exists()


def test_an_archived_service_has_no_link_to_replace(org, services, admin_scope):
    Service.objects.for_org(org).filter(pk=services[0].pk).update(archived_at=timezone.now())
    before = links(services[0])
    with pytest.raises(ValidationError) as refused:
        svc.service_new_feedback_link(scope=admin_scope, service=services[0], reason=REASON)
    assert "Rowan House has been archived" in refused.value.messages[0]
    assert links(services[0]) == before and events(org) == []


def test_a_code_once_replaced_is_never_drawn_again(org, other_org, services, admin_scope):
    first = services[0].feedback_code
    svc.service_new_feedback_link(scope=admin_scope, service=services[0], reason=REASON, draw=lambda: "k7m29xqd")
    assert feedback_code_taken(code=first) and feedback_code_taken(code="k7m29xqd")
    assert not feedback_code_taken(code="p3wx7rtv")
    # Kept as the service's, in its organisation
    assert list(RetiredFeedbackCode.objects.for_org(org).values_list("service_id", "code")) == [(services[0].id, first)]

    # Replaced again, the draws offer the code it has now, the one it had first, another
    # organisation's, and then a fresh one: only the fresh one is taken.
    theirs = ServiceFactory(organisation=other_org, feedback_code="zzzz0000")
    draws = iter(["k7m29xqd", first, theirs.feedback_code, "p3wx7rtv"])
    service = svc.service_new_feedback_link(
        scope=admin_scope, service=services[0], reason="Leaflets went to the wrong address.", draw=lambda: next(draws)
    )
    assert service.feedback_code == "p3wx7rtv"
    assert [e.changes["short address"] for e in reversed(events(org))] == [
        {"from": shown(first), "to": "k7m2-9xqd"},
        {"from": "k7m2-9xqd", "to": "p3wx-7rtv"},
    ]


def test_another_organisation_is_not_given_a_code_replaced_here(org, other_org, services, admin_scope, make_scope):
    first = services[0].feedback_code
    svc.service_new_feedback_link(scope=admin_scope, service=services[0], reason=REASON)
    theirs = ServiceFactory(organisation=other_org, name="Their House")
    their_admin = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    draws = iter([first, "p3wx7rtv"])
    moved = svc.service_new_feedback_link(scope=their_admin, service=theirs, reason=REASON, draw=lambda: next(draws))
    assert moved.feedback_code == "p3wx7rtv"


def test_when_no_unused_code_can_be_drawn_nothing_changes(org, services, admin_scope):
    before = links(services[0])
    with pytest.raises(RuntimeError):
        svc.service_new_feedback_link(
            scope=admin_scope, service=services[0], reason=REASON, draw=lambda: services[1].feedback_code
        )
    assert links(services[0]) == before and events(org) == []


# The pages.


def page_url(service):
    return reverse("organisations:service-new-feedback-link", args=[service.id])


def words(response) -> str:
    return " ".join(response.content.decode().split())


def sign_in(client, org, role, services):
    covers = [] if role == Role.ADMINISTRATOR else [services[0]]
    person = person_with_role(org, role, services=covers, all_services=not covers)
    client.force_login(person.user)
    return person


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.SERVICE_MANAGER, True),
        (Role.QUALITY_LEAD, False),
        (Role.STAFF, False),
        (Role.LEADER, False),
        (Role.PARTNER, False),
        (Role.COMMISSIONER, False),
    ],
)
def test_the_service_page_offers_a_new_link_to_administrators_and_its_managers(client, org, services, role, offered):
    sign_in(client, org, role, services)
    page = words(client.get(reverse("organisations:service-detail", args=[services[0].id])))
    assert (f'href="{page_url(services[0])}">issue a new feedback link</a>' in page) is offered
    assert client.get(page_url(services[0])).status_code == (200 if offered else 403)


def test_the_page_says_in_plain_words_what_stops_working_and_what_is_kept(client, org, services):
    sign_in(client, org, Role.SERVICE_MANAGER, services)
    page = words(client.get(page_url(services[0])))
    assert "<title>Issue a new feedback link for Rowan House? – Heard</title>" in page
    address = f"http://testserver/f/{shown(services[0].feedback_code)}/"
    assert f'<a href="{address}">{address}</a>' in page
    assert "every poster, QR code and leaflet with the old address stops working: print them again" in page
    assert "the longer link printed on older posters stop taking feedback" in page
    assert "a feedback form someone opened with the old address and has not sent yet will not send" in page
    assert "Feedback already given through the old link is kept as it is." in page
    assert "Why are you issuing a new link?" in page and "Do not name anyone" in page
    assert f'href="{reverse("organisations:service-detail", args=[services[0].id])}">Keep the current link' in page


def test_sent_without_a_reason_the_field_says_so_and_nothing_changes(client, org, services):
    sign_in(client, org, Role.ADMINISTRATOR, services)
    before = links(services[0])
    response = client.post(page_url(services[0]), {"reason": "  "})
    page = words(response)
    assert response.status_code == 400 and "<title>Error: Issue a new feedback link" in page
    assert re.search(r'<a href="#id_reason" > Say why the old link is being replaced', page)
    assert links(services[0]) == before and events(org) == []


def test_issued_the_service_page_gives_the_new_address_at_once(client, org, services):
    sign_in(client, org, Role.SERVICE_MANAGER, services)
    old_code = services[0].feedback_code
    response = client.post(page_url(services[0]), {"reason": REASON})
    detail = reverse("organisations:service-detail", args=[services[0].id])
    assert response.status_code == 302 and response["Location"] == detail
    _, new_code = links(services[0])
    page = words(client.get(detail))
    assert "Rowan House has a new feedback link. The old one no longer works: print the posters" in page
    assert f"http://testserver/f/{shown(new_code)}/" in page and shown(old_code) not in page
    [event] = events(org)
    assert event.changes["reason"]["to"] == REASON


def test_staff_here_who_manage_another_service_are_refused_in_words(client, org, services):
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]])
    staff = RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.STAFF)
    staff.services.set([services[0]])
    client.force_login(person.user)
    before = links(services[0])
    assert client.get(page_url(services[0])).status_code == 403
    assert client.post(page_url(services[0]), {"reason": REASON}).status_code == 403
    assert links(services[0]) == before
    assert client.get(page_url(services[1])).status_code == 200  # their own


def test_another_organisations_service_is_not_found(client, org, other_org, services):
    theirs = ServiceFactory(organisation=other_org, name="Their House")
    sign_in(client, org, Role.ADMINISTRATOR, services)
    before = links(theirs)
    assert client.get(page_url(theirs)).status_code == 404
    assert client.post(page_url(theirs), {"reason": REASON}).status_code == 404
    assert links(theirs) == before


def test_an_archived_service_is_not_offered_one(client, org, services):
    Service.objects.for_org(org).filter(pk=services[0].pk).update(archived_at=timezone.now())
    sign_in(client, org, Role.ADMINISTRATOR, services)
    detail = reverse("organisations:service-detail", args=[services[0].id])
    assert page_url(services[0]) not in client.get(detail).content.decode()
    response = client.post(page_url(services[0]), {"reason": REASON}, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "it takes no feedback, so it has no link to replace" in words(response) and events(org) == []
