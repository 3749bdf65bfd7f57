"""A service given a new feedback link (ADR 0024's addendum): its old long link and old short address lead
nowhere at once, the same nowhere as an address that never existed; the new ones work; posters and QR
codes give the new address; a form opened before and sent after is not taken, and says so; feedback
given before stays as it was."""

import html
import re

import pytest
from django.urls import reverse

from feedback.models import Channel, Feedback, Rating
from feedback.public import qr
from feedback.tests.test_public import FILLED, modules_of, png_modules, walk
from organisations.models import Service
from organisations.roles import Role
from organisations.services import service_new_feedback_link
from organisations.tests.factories import person_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

NOT_FOUND = "This feedback link does not work"
NOT_SENT = "Your feedback has not been sent."
OLD_CODE, NEW_CODE = "k7m29xqd", "p3wx7rtv"


@pytest.fixture
def service(services):
    Service.objects.for_org(services[0].organisation).filter(pk=services[0].pk).update(feedback_code=OLD_CODE)
    services[0].refresh_from_db()
    return services[0]


@pytest.fixture
def renew(admin_scope, service):
    """Issue Rowan House a new link (short code p3wx-7rtv); the service as it is then."""

    def renew():
        return service_new_feedback_link(
            scope=admin_scope, service=service, reason="The poster was used to send abuse.", draw=lambda: NEW_CODE
        )

    return renew


def words(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]+"', "", response.content.decode())


def long_addresses(link_id) -> list[str]:
    return [
        reverse("public:form", args=[link_id]),
        reverse("public:easy-read", args=[link_id]),
        reverse("public:easy-read-step", args=[link_id, "how-was-it"]),
        reverse("public:thanks", args=[link_id]),
        reverse("public:you-said", args=[link_id]),
    ]


def test_the_old_link_and_code_lead_nowhere_at_once_and_the_new_ones_lead_to_the_form(client, service, renew):
    old_link = service.feedback_link_id
    assert client.get("/f/k7m2-9xqd/").status_code == 302
    assert client.get(reverse("public:form", args=[old_link])).status_code == 200

    new = renew()

    for address in [*long_addresses(old_link), "/f/k7m2-9xqd/", "/f/K7M29XQD/easy-read/"]:
        page = client.get(address)
        assert page.status_code == 404, address
        assert "Rowan House" not in words(page) and "Northgate" not in words(page), address
        if not address.endswith("you-said-we-did/"):  # the site's own "Page not found" there, as before
            assert NOT_FOUND in words(page) and page["X-Robots-Tag"] == "noindex", address
    # Nothing tells an old address from one that never was: the same page as for a code never issued.
    assert without_nonce(client.get("/f/k7m2-9xqd/")) == without_nonce(client.get("/f/aaaa-aaaa/"))

    new_form = reverse("public:form", args=[new.feedback_link_id])
    assert client.get("/f/p3wx-7rtv/")["Location"] == new_form
    assert client.get("/f/p3wx-7rtv/easy-read/")["Location"] == reverse("public:easy-read", args=[new.feedback_link_id])
    page = client.get(new_form)
    assert page.status_code == 200 and "Give feedback about Rowan House" in words(page)
    sent = client.post(new_form, FILLED)
    assert sent.status_code == 302 and Feedback.objects.for_org(service.organisation).get().service == service


def test_an_old_code_typed_counts_as_a_miss_like_any_unknown_one(client, settings, service, renew):
    settings.HEARD_SHORT_CODE_MISS_RATE = (2, 600)
    renew()
    assert client.get("/f/k7m2-9xqd/").status_code == 404
    assert client.get("/f/k7m2-9xqd/").status_code == 404
    # The limit is reached: the new code is refused from here for a while, as any code would be.
    assert client.get("/f/p3wx-7rtv/").status_code == 429
    assert client.get("/f/p3wx-7rtv/", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_form_opened_before_and_sent_after_is_not_taken_and_gives_back_what_was_written(client, org, service, renew):
    old_form = reverse("public:form", args=[service.feedback_link_id])
    assert client.get(old_form).status_code == 200

    renew()
    response = client.post(old_form, {**FILLED, "better": "Tea is often cold.\n\nAnd the <b>soup</b> too."})

    page = words(response)
    assert response.status_code == 404 and NOT_FOUND in page and NOT_SENT in page
    assert "What you wrote is below, so that you can copy it before you leave this page." in page
    assert "What was good?</h2>" in page and f"<p>{FILLED['good']}</p>" in page
    assert "<p>Tea is often cold.</p><p>And the &lt;b&gt;soup&lt;/b&gt; too.</p>" in response.content.decode()
    assert "Rowan House" not in page and "sam@example.org" not in page  # the words, not the contact details
    assert not Feedback.objects.for_org(org).exists()
    # The page is the same for a form sent to a link that never existed: it says nothing about the link.
    never = client.post(
        reverse("public:form", args=["5b0f3e1c-4a0e-4a59-9d3a-7f1f1f1f1f1f"]),
        {**FILLED, "better": "Tea is often cold.\n\nAnd the <b>soup</b> too."},
    )
    assert without_nonce(never) == without_nonce(response)
    # Sent with nothing written, it is only said not to have been sent.
    bare = words(client.post(old_form, {"rating": str(Rating.GOOD.value)}))
    assert NOT_SENT in bare and "What you wrote is below" not in bare


def test_easy_read_answers_sent_after_the_link_changed_are_not_taken_and_given_back(client, org, service, renew):
    walk(
        client, service, {"how-was-it": {"rating": "1"}, "good": {"good": "Kind staff"}, "reply": {"wants_reply": "no"}}
    )
    check = reverse("public:easy-read-check", args=[service.feedback_link_id])
    assert "Kind staff" in words(client.get(check))

    renew()
    response = client.post(check)

    page = words(response)
    assert response.status_code == 404 and NOT_SENT in page and "<p>Kind staff</p>" in page
    assert not Feedback.objects.for_org(org).exists()


def test_feedback_given_through_the_old_link_stays_as_it_was(client, org, service, renew):
    client.post(reverse("public:form", args=[service.feedback_link_id]), FILLED)
    [before] = Feedback.objects.for_org(org).values()

    renew()

    [after] = Feedback.objects.for_org(org).values()
    assert after == before
    feedback = Feedback.objects.for_org(org).get()
    assert feedback.service == service and feedback.channel == Channel.ONLINE_FORM
    assert feedback.rating == Rating.GOOD and len(feedback.comments.all()) == 2


def test_the_poster_and_its_qr_code_give_the_new_address_at_once(client, org, service, renew):
    client.force_login(person_with_role(org, Role.STAFF, services=[service]).user)
    old_url, new_url = "http://testserver/f/k7m2-9xqd/", "http://testserver/f/p3wx-7rtv/"
    poster = reverse("public:poster", args=[service.id])
    png = reverse("public:poster-qr", args=[service.id, "png"])
    assert old_url in client.get(poster).content.decode()

    renew()

    page = client.get(poster).content.decode()
    assert new_url in page and f"{new_url}easy-read/" in page and "k7m2-9xqd" not in page
    # The QR code, read back module by module, is the new address's.
    read_back = png_modules(client.get(png).content, scale=qr.PNG_SCALE, border=qr.BORDER)
    assert read_back == modules_of(new_url) and read_back != modules_of(old_url)
