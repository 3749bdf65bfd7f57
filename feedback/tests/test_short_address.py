"""The short feedback address on posters, /f/k7m2-9xqd/: typed in any case, with or without the hyphen,
it leads to the service's forms; a code that leads nowhere says so in plain words and gives nothing away."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import Channel, Feedback, Rating
from feedback.services import public_service_by_code
from organisations.models import Service
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

NOT_FOUND = "This feedback link does not work"


@pytest.fixture
def service(services):
    Service.objects.for_org(services[0].organisation).filter(pk=services[0].pk).update(feedback_code="k7m29xqd")
    services[0].refresh_from_db()
    return services[0]


def long_form(service, page="public:form"):
    return reverse(page, args=[service.feedback_link_id])


def words(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("typed", ["k7m2-9xqd", "K7M2-9XQD", "k7m29xqd", "K7m29Xqd"])
def test_the_code_is_found_in_any_case_with_or_without_the_hyphen(client, service, typed):
    assert public_service_by_code(code=typed) == service
    response = client.get(f"/f/{typed}/")
    assert response.status_code == 302 and response["Location"] == long_form(service)
    assert response["X-Robots-Tag"] == "noindex"


def test_the_standard_form_works_from_the_short_address(client, org, service):
    page = client.get("/f/k7m2-9xqd/", follow=True)
    assert page.status_code == 200 and f"Give feedback about {service.name}" in words(page)
    sent = client.post(page.redirect_chain[-1][0], {"rating": str(Rating.GOOD.value), "good": "Kind staff."})
    assert sent.status_code == 302 and sent["Location"] == long_form(service, "public:thanks")
    [feedback] = Feedback.objects.for_org(org)
    assert feedback.service == service and feedback.channel == Channel.ONLINE_FORM


def test_the_easy_read_form_works_from_the_short_address(client, service):
    response = client.get("/f/K7M2-9XQD/easy-read/")
    assert response.status_code == 302 and response["Location"] == long_form(service, "public:easy-read")
    page = client.get(response["Location"])
    assert page.status_code == 200 and f"Tell us what you think about {service.name}" in words(page)


def test_typed_without_the_last_slash_it_still_works(client, service):
    response = client.get("/f/k7m2-9xqd")
    assert response.status_code == 301 and response["Location"] == "/f/k7m2-9xqd/"


def test_a_code_typed_wrongly_is_not_found_in_plain_words_whatever_is_wrong(client, services, service):
    archived = ServiceFactory(organisation=service.organisation, feedback_code="p3wx7rtv", archived_at=timezone.now())
    pages = {
        typed: client.get(f"/f/{typed}/")
        for typed in ("k7m2-9xqe", "k7m2-9xq", "k7m2-9xqu", "p3wx-7rtv", "!!", "k7m2-9xqd-k7m2")
    }
    for typed, page in pages.items():
        assert page.status_code == 404, typed
        assert NOT_FOUND in words(page) and "typed wrongly" in words(page) and page["X-Robots-Tag"] == "noindex"
    # Nothing says whether a code like it exists: an unknown code, one that cannot be a code and an
    # archived service's code get the same page.
    assert len({re.sub(r'nonce="[^"]+"', "", page.content.decode()) for page in pages.values()}) == 1
    with pytest.raises(Service.DoesNotExist):
        public_service_by_code(code=archived.feedback_code)


def test_an_archived_services_short_address_stops_working_as_its_long_one_does(client, org, service):
    assert client.get("/f/k7m2-9xqd/").status_code == 302
    service.archived_at = timezone.now()
    service.save()
    for address in (
        "/f/k7m2-9xqd/",
        "/f/k7m2-9xqd/easy-read/",
        long_form(service),
        long_form(service, "public:easy-read"),
    ):
        page = client.get(address)
        assert page.status_code == 404 and NOT_FOUND in words(page), address


def test_no_login_is_needed_and_a_signed_in_person_of_another_organisation_gets_there_too(client, other_org, service):
    client.force_login(person_with_role(other_org, Role.ADMINISTRATOR, all_services=True).user)
    assert client.get("/f/k7m2-9xqd/")["Location"] == long_form(service)


def test_after_many_codes_that_lead_nowhere_no_code_is_looked_up_for_a_while(client, settings, service):
    settings.HEARD_SHORT_CODE_MISS_RATE = (3, 600)
    for _ in range(5):  # codes that work do not count
        assert client.get("/f/k7m2-9xqd/").status_code == 302
    for typed in ("aaaa-aaaa", "bbbb-bbbb", "cccc-cccc"):
        assert client.get(f"/f/{typed}/").status_code == 404
    # Now a code that works cannot be told from one that does not.
    for typed in ("k7m2-9xqd", "dddd-dddd"):
        page = client.get(f"/f/{typed}/")
        assert page.status_code == 429 and "Please wait 10 minutes" in words(page)
    # Someone else, at another address, is not held up; the long link is not limited this way.
    assert client.get("/f/k7m2-9xqd/", REMOTE_ADDR="192.0.2.7").status_code == 302
    assert client.get(long_form(service)).status_code == 200


def test_the_service_page_gives_staff_the_short_address(client, org, service):
    client.force_login(person_with_role(org, Role.STAFF, services=[service]).user)
    page = words(client.get(reverse("organisations:service-detail", args=[service.id])))
    assert '<a href="http://testserver/f/k7m2-9xqd/">http://testserver/f/k7m2-9xqd/</a>' in page
    assert '<a href="http://testserver/f/k7m2-9xqd/easy-read/">The easy read version</a>' in page
    assert str(service.feedback_link_id) not in page
