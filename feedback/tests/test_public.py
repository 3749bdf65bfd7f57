"""The public feedback pages: no login, the link decides the service, abuse is stopped without hurting people."""

import re
import struct
import zlib

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from feedback.models import FFT_QUESTION, QUESTION_BETTER, QUESTION_GOOD, Channel, Feedback, GiverType, Rating
from feedback.public import qr
from feedback.public.forms import HONEYPOT
from organisations.models import Service, ServiceType
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.fixture
def service(services):
    return services[0]


def form_url(service):
    return reverse("public:form", args=[service.feedback_link_id])


def short_url(service):
    """The address on posters: the service's code, split by a hyphen."""
    return f"/f/{service.feedback_code[:4]}-{service.feedback_code[4:]}/"


def step_url(service, slug):
    return reverse("public:easy-read-step", args=[service.feedback_link_id, slug])


def check_url(service):
    return reverse("public:easy-read-check", args=[service.feedback_link_id])


def saved(org):
    return Feedback.objects.for_org(org)


FILLED = {
    "rating": str(Rating.GOOD.value),
    "good": "The staff always knock before coming in.",
    "better": "Tea is often cold by the time it reaches my room.",
    "giver_type": GiverType.PERSON,
    "consent_to_quote": "yes",
    "wants_reply": "yes",
    "reply_method": "email",
    "reply_contact": "sam@example.org",
}


def test_the_form_shows_the_service_and_organisation_and_nothing_else(client, org, other_org, service, services):
    elsewhere = ServiceFactory(organisation=other_org, name="Elsewhere House")
    body = client.get(form_url(service)).content.decode()
    assert "Rowan House" in body and "Northgate Care" in body
    assert FFT_QUESTION in body
    for label in ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don&#39;t know"):
        assert label in body
    for not_shown in ("Beech Court", "Home Care", "Elsewhere House", "Elsewhere Care", "Sign out"):
        assert not_shown not in body
    other = client.get(form_url(elsewhere)).content.decode()
    assert "Elsewhere House" in other and "Rowan House" not in other and "Northgate Care" not in other


def test_staff_signed_in_see_the_public_page_as_the_public_do(client, org, service):
    client.force_login(person_with_role(org, Role.ADMINISTRATOR, all_services=True).user)
    body = client.get(form_url(service)).content.decode()
    for staff_only in ("Sign out", "Audit log", "Service you are looking at", "Beech Court"):
        assert staff_only not in body
    assert client.post(form_url(service), {"rating": "2"}).status_code == 302
    assert saved(org).get().recorded_by is None


def test_sending_an_empty_form_says_what_is_needed(client, org, service):
    response = client.post(form_url(service), {})
    assert "Choose how your experience was" in response.content.decode()
    assert not saved(org).exists()


def test_submitting_the_standard_form_saves_the_feedback_and_audits_it(client, org, service):
    response = client.post(form_url(service), FILLED)

    assert response.status_code == 302
    assert response.url == reverse("public:thanks", args=[service.feedback_link_id])
    [feedback] = saved(org)
    assert feedback.service == service
    assert feedback.channel == Channel.ONLINE_FORM
    assert feedback.rating == Rating.GOOD
    assert feedback.giver_type == GiverType.PERSON
    assert feedback.consent_to_quote and not feedback.may_attribute
    assert (feedback.wants_reply, feedback.reply_method, feedback.reply_contact) == (True, "email", "sam@example.org")
    assert feedback.received_on == timezone.localdate()
    assert [(c.question, c.text) for c in feedback.comments.all()] == [
        (QUESTION_GOOD, FILLED["good"]),
        (QUESTION_BETTER, FILLED["better"]),
    ]
    [event] = AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.submit")
    assert event.actor is None and event.actor_label == "Public feedback form"
    assert event.object_id == str(feedback.id)
    thanks = client.get(response.url).content.decode()
    assert "Thank you for your feedback" in thanks


def test_a_rating_alone_or_a_comment_alone_is_enough(client, org, service):
    assert client.post(form_url(service), {"rating": str(Rating.DONT_KNOW.value)}).status_code == 302
    assert client.post(form_url(service), {"better": "More trips out"}).status_code == 302
    ratings = sorted((f.rating or 0, f.comments.count()) for f in saved(org))
    assert ratings == [(0, 1), (Rating.DONT_KNOW, 0)]


def test_no_reply_means_no_contact_details_are_kept(client, org, service):
    client.post(form_url(service), {**FILLED, "wants_reply": "no"})
    [feedback] = saved(org)
    assert (feedback.wants_reply, feedback.reply_method, feedback.reply_contact) == (False, "", "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"giver_type": "family"}, "id_rating", "Choose how your experience was, or tell us what was good"),
        ({"rating": "1", "wants_reply": "yes"}, "id_reply_method", "Choose how you would like us to get back to you"),
        ({"rating": "1", "wants_reply": "yes", "reply_method": "phone"}, "id_reply_contact", "Enter your phone number"),
        ({"rating": "1", "wants_reply": "yes", "reply_method": "letter"}, "id_reply_contact", "Enter your address"),
        (
            {"rating": "1", "wants_reply": "yes", "reply_method": "phone", "reply_contact": "ring me"},
            "id_reply_contact",
            "Enter a phone number using numbers only",
        ),
        (  # a phone number needs its digits: the shortest UK numbers have ten
            {"rating": "1", "wants_reply": "yes", "reply_method": "phone", "reply_contact": "++++++"},
            "id_reply_contact",
            "Enter a phone number using numbers only",
        ),
        (
            {"rating": "1", "wants_reply": "yes", "reply_method": "phone", "reply_contact": "(01) 23-45"},
            "id_reply_contact",
            "Enter a phone number using numbers only",
        ),
        (
            {"rating": "1", "wants_reply": "yes", "reply_method": "email", "reply_contact": "sam at home"},
            "id_reply_contact",
            "Enter an email address in the right format",
        ),
        ({"rating": "9"}, "id_rating", "Choose one of the answers"),
        ({"good": "x" * 5001}, "id_good", "This answer can be up to 5000 characters. It has 5001."),
    ],
)
def test_validation_messages_say_what_to_do(client, org, service, data, field, message):
    response = client.post(form_url(service), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: " in body
    assert f'href="#{field}"' in body
    assert message in body
    assert not saved(org).exists()


@pytest.mark.parametrize("number", ["07700 900123", "+44 (0)7700 900123", "+44 7700-900-123", "0800 123 456"])
def test_a_phone_number_written_as_people_write_one_is_taken(client, org, service, number):
    response = client.post(form_url(service), {**FILLED, "reply_method": "phone", "reply_contact": number})
    assert response.status_code == 302
    [feedback] = saved(org)
    assert (feedback.reply_method, feedback.reply_contact) == ("phone", number)


@pytest.mark.parametrize(("number", "taken"), [("++++++", False), ("() - ()", False), ("+44 7700 900123", True)])
def test_the_easy_read_phone_question_needs_the_numbers_digits(client, service, number, taken):
    client.get(reverse("public:easy-read", args=[service.feedback_link_id]))
    for slug, answer in (("how-was-it", {"rating": "1"}), ("reply", {"wants_reply": "yes"})):
        assert client.post(step_url(service, slug), answer).status_code == 302
    assert client.post(step_url(service, "how-to-reply"), {"reply_method": "phone"}).url.startswith(
        step_url(service, "contact")
    )
    response = client.post(step_url(service, "contact"), {"reply_contact": number})
    if taken:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert "Enter a phone number using numbers only, like 07700 900123" in response.content.decode()


def test_the_answers_are_kept_when_there_is_a_problem(client, service):
    body = client.post(form_url(service), {**FILLED, "reply_contact": ""}).content.decode()
    assert FILLED["good"] in body and FILLED["better"] in body
    assert re.search(r'value="2"\s+checked', body)


def test_a_filled_honeypot_shows_thanks_and_saves_nothing(client, org, service):
    response = client.post(form_url(service), {**FILLED, HONEYPOT: "http://spam.example"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("public:thanks", args=[service.feedback_link_id])
    assert "Thank you for your feedback" in response.content.decode()
    assert not saved(org).exists()


@pytest.mark.parametrize("page", ["public:thanks", "public:easy-read-thanks"])
def test_both_thank_you_pages_say_whom_to_call_now(client, service, page):
    body = " ".join(client.get(reverse(page, args=[service.feedback_link_id])).content.decode().split())
    card = re.search(r'<div class="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" >(.*?)</ul>', body)
    assert card, "no urgent care card"
    help_now = card.group(1)
    assert "If someone is in danger now" in help_now
    for number in ("999", "111", "116&nbsp;123"):
        assert f"<strong>{number}</strong>" in help_now
    assert service.name in help_now
    assert "phone them on" not in help_now and ": call <strong>" not in help_now  # no number recorded


@pytest.mark.parametrize("page", ["public:thanks", "public:easy-read-thanks"])
def test_both_thank_you_pages_lead_to_what_was_changed_because_people_spoke(client, service, page):
    body = client.get(reverse(page, args=[service.feedback_link_id])).content.decode()
    assert f'href="{reverse("public:you-said", args=[service.feedback_link_id])}"' in body


@pytest.mark.parametrize("page", ["public:thanks", "public:easy-read-thanks", "public:form", "public:easy-read"])
def test_the_public_pages_give_the_services_phone_number_when_it_has_one(client, service, page):
    Service.objects.for_org(service.organisation).filter(pk=service.pk).update(phone="01632 960 101")
    body = client.get(reverse(page, args=[service.feedback_link_id])).content.decode()
    assert "01632 960 101" in body


@pytest.mark.parametrize("service_type", [ServiceType.HOME_CARE, ServiceType.COMMUNITY_MENTAL_HEALTH])
def test_the_easy_read_start_page_says_whom_to_phone_before_the_form(client, org, service_type):
    """Someone in danger, or with something that cannot wait, is told 999 and the service's number
    before they start, in easy read; a home care or community team has no one "at" it to tell."""
    team = ServiceFactory(organisation=org, name="Northgate Home Care", service_type=service_type)
    url = reverse("public:easy-read", args=[team.feedback_link_id])
    body = " ".join(client.get(url).content.decode().split())
    card = re.search(r'<div class="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" >(.*?)</ul>', body)
    assert card, "no urgent care card"
    assert body.index(card.group(0)) < re.search(r">\s*Start\s*<", body).start()
    says = card.group(1)
    assert "<li>If someone is hurt or in danger now, phone <strong>999</strong>.</li>" in says
    assert "tell someone who works for Northgate Home Care" in says
    assert "at Northgate Home Care" not in body
    assert 'src="/static/vendor/images/easy-read/phone.svg" alt=""' in says
    Service.objects.for_org(org).filter(pk=team.pk).update(phone="01632 960 105")
    says = " ".join(client.get(url).content.decode().split())
    assert (
        "<li>If something needs to be done today, phone Northgate Home Care on <strong>01632 960 105</strong>.</li>"
        in says
    )
    # Short sentences, as the rest of the easy read form.
    card = re.search(r'<div class="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" >(.*?)</ul>', says).group(1)
    for point in re.findall(r"<li>(.*?)</li>", card):
        assert len(re.sub(r"<[^>]+>", "", point).split()) <= 15, point


PAGES = ["public:form", "public:thanks", "public:easy-read", "public:easy-read-thanks"]


@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_says_the_same_true_thing_about_a_worrying_message(client, org, service, page):
    """A message that says someone may not be safe is passed on as it arrives (the urgent check emails
    the safeguarding lead), but nobody may read it for hours. Every page before and after the form,
    standard or easy read, says both, and puts 999 first for danger now. (That it does reach someone
    in the same request is tested in themes/tests/test_urgent_flags.py.)"""
    body = " ".join(client.get(reverse(page, args=[service.feedback_link_id])).content.decode().split())
    text = re.sub(r"<[^>]+>", "", body)
    assert "Nobody reads" not in text and "is told straight away" not in text
    assert "They may not read it for some hours." in text
    if "easy-read" in page:
        assert "If you write that someone is not safe, we tell someone straight away." in text
    else:
        assert f"If you write that someone may not be safe, we tell someone at {org.name} straight away." in text
    danger = text.index("If someone is hurt or in danger now")
    assert "999" in text[danger : danger + 60]
    assert danger < text.index("we tell someone")


def test_an_urgent_comment_gets_the_same_thank_you_page_as_any_other(client, org, service):
    """Someone looking over the sender's shoulder must not learn that the comment was flagged."""
    urgent = client.post(
        form_url(service), {**FILLED, "better": "The night carer hit my mum and she is scared of him now."}, follow=True
    )
    ordinary = client.post(form_url(service), FILLED, follow=True)

    [flagged] = [c for f in saved(org) for c in f.comments.all() if "hit my mum" in c.text]
    assert flagged.urgent_flags.exists()
    assert urgent.redirect_chain == ordinary.redirect_chain
    without_nonces = lambda response: re.sub(rb'nonce="[^"]*"', b"", response.content)  # noqa: E731
    assert without_nonces(urgent) == without_nonces(ordinary)


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, service):
    body = client.get(form_url(service)).content.decode()
    wrapper = re.search(r'<div class="heard-honeypot" aria-hidden="true">(.*?)</div>', body, re.S)
    assert wrapper and f'name="{HONEYPOT}"' in wrapper.group(1) and 'tabindex="-1"' in wrapper.group(1)


def test_too_many_sends_from_one_address_get_a_plain_words_page(client, org, service, services):
    for _ in range(20):
        assert client.post(form_url(service), {"rating": "1"}).status_code == 302

    response = client.post(form_url(service), {"rating": "1"})

    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert saved(org).count() == 20
    # Another address, or another service's link, is not held up.
    assert client.post(form_url(service), {"rating": "1"}, REMOTE_ADDR="192.0.2.7").status_code == 302
    assert client.post(form_url(services[1]), {"rating": "1"}).status_code == 302
    # Reading the form is never limited.
    assert client.get(form_url(service)).status_code == 200


def test_behind_a_proxy_each_sender_is_counted_by_the_address_the_proxy_saw(client, org, service, settings):
    settings.HEARD_PUBLIC_FEEDBACK_RATE = (2, 600)
    settings.HEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for _ in range(2):
        client.post(form_url(service), {"rating": "1"}, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    # A sender cannot get round the limit by writing their own first entry.
    assert (
        client.post(form_url(service), {"rating": "1"}, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9").status_code
        == 429
    )
    assert client.post(form_url(service), {"rating": "1"}, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302
    assert saved(org).count() == 3


def test_a_body_too_big_to_be_feedback_is_refused_before_it_is_read(client, org, service):
    response = client.post(form_url(service), {"good": "x" * 200_000})

    assert response.status_code == 413
    assert "Your feedback is too long to send" in response.content.decode()
    assert not saved(org).exists()


def test_the_public_form_still_checks_csrf(org, service):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(form_url(service), FILLED).status_code == 403
    page = strict.get(form_url(service)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert strict.post(form_url(service), {**FILLED, "csrfmiddlewaretoken": token}).status_code == 302
    assert saved(org).count() == 1


def test_unknown_and_archived_links_are_a_friendly_not_found(client, org, service):
    service.archived_at = timezone.now()
    service.save()
    for path in (
        form_url(service),
        reverse("public:form", args=["not-a-link"]),
        reverse("public:form", args=["5b0f3e1c-4a0e-4a59-9d3a-7f1f1f1f1f1f"]),
        reverse("public:easy-read", args=[service.feedback_link_id]),
        step_url(service, "how-was-it"),
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        body = response.content.decode()
        assert "This feedback link does not work" in body
        assert "Rowan House" not in body and "Northgate Care" not in body
    assert client.post(form_url(service), FILLED).status_code == 404
    assert not saved(org).exists()


def test_an_unknown_easy_read_question_is_not_found(client, service):
    assert client.get(step_url(service, "favourite-colour")).status_code == 404


def walk(client, service, answers):
    """Answer each easy read page in turn, following where each one leads."""
    url = reverse("public:easy-read", args=[service.feedback_link_id])
    page = client.get(url)
    assert page.status_code == 200
    url = step_url(service, "how-was-it")
    visited = []
    while url != check_url(service):
        slug = url.rstrip("/").split("/")[-1]
        visited.append(slug)
        assert client.get(url).status_code == 200
        response = client.post(url, answers.get(slug, {}))
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
        url = response.url
    return visited


def test_the_easy_read_form_walks_one_question_at_a_time_and_saves(client, org, service):
    answers = {
        "how-was-it": {"rating": "1"},
        "good": {"good": "Kind staff"},
        "better": {"better": ""},
        "who": {"giver_type": "family"},
        "your-words": {"consent_to_quote": "no"},
        "reply": {"wants_reply": "yes"},
        "how-to-reply": {"reply_method": "phone"},
        "contact": {"reply_contact": "07700 900123"},
    }
    visited = walk(client, service, answers)
    assert visited == list(answers)

    check = client.get(check_url(service)).content.decode()
    for shown in ("Very good", "Kind staff", "Family member or friend", "Phone", "07700 900123", "Not answered"):
        assert shown in check
    response = client.post(check_url(service))

    assert response.url == reverse("public:easy-read-thanks", args=[service.feedback_link_id])
    [feedback] = saved(org)
    assert feedback.channel == Channel.EASY_READ_FORM
    assert feedback.rating == Rating.VERY_GOOD and feedback.giver_type == GiverType.FAMILY
    assert not feedback.consent_to_quote
    assert (feedback.reply_method, feedback.reply_contact) == ("phone", "07700 900123")
    assert [c.text for c in feedback.comments.all()] == ["Kind staff"]
    assert AuditEvent.objects.for_org(org).get(verb="feedback.feedback.submit").actor_label == "Public feedback form"
    # The answers are gone from the session once sent: going back to the check page starts again.
    assert client.get(check_url(service)).url == reverse("public:easy-read", args=[service.feedback_link_id])


def test_easy_read_skips_the_contact_questions_without_a_reply(client, service):
    visited = walk(client, service, {"how-was-it": {"rating": "3"}, "reply": {"wants_reply": "no"}})
    assert "how-to-reply" not in visited and "contact" not in visited
    # Asking for a contact page that does not apply goes to the last question that does.
    assert client.get(step_url(service, "contact")).url == step_url(service, "reply")


def test_easy_read_back_links_and_changing_an_answer(client, org, service):
    walk(client, service, {"how-was-it": {"rating": "5"}, "reply": {"wants_reply": "no"}})
    page = client.get(step_url(service, "good")).content.decode()
    assert f'href="{step_url(service, "how-was-it")}"' in page  # the back link
    check = client.get(check_url(service)).content.decode()
    change = step_url(service, "reply") + "?change=1"
    assert f'href="{change}"' in check
    assert f'href="{check_url(service)}"' in client.get(change).content.decode()  # back to the check page

    # Changing "no reply" to "yes" asks only the new questions, then returns to the check page.
    assert client.post(change, {"wants_reply": "yes"}).url == step_url(service, "how-to-reply") + "?change=1"
    response = client.post(step_url(service, "how-to-reply") + "?change=1", {"reply_method": "email"})
    assert response.url == step_url(service, "contact") + "?change=1"
    assert client.post(response.url, {"reply_contact": "jo@example.org"}).url == check_url(service)
    # Choosing phone instead asks for the number: an email address is no use as one.
    response = client.post(step_url(service, "how-to-reply") + "?change=1", {"reply_method": "phone"})
    assert response.url == step_url(service, "contact") + "?change=1"
    assert 'value=""' in client.get(response.url).content.decode()
    assert client.post(step_url(service, "how-to-reply") + "?change=1", {"reply_method": "email"}).url.startswith(
        step_url(service, "contact")
    )
    assert client.post(response.url, {"reply_contact": "jo@example.org"}).url == check_url(service)
    assert client.post(step_url(service, "good") + "?change=1", {"good": "Quiet at night"}).url == check_url(service)

    client.post(check_url(service))
    [feedback] = saved(org)
    assert (feedback.rating, feedback.reply_contact) == (Rating.VERY_POOR, "jo@example.org")
    assert [c.text for c in feedback.comments.all()] == ["Quiet at night"]


def test_easy_read_start_page_says_one_answer_is_needed(client, service):
    body = client.get(reverse("public:easy-read", args=[service.feedback_link_id])).content.decode()

    assert "Answer at least one question. You can skip the others." in body
    assert "You can skip any question" not in body


def test_easy_read_says_what_is_missing_and_links_to_the_question(client, org, service):
    walk(client, service, {})  # every question skipped

    response = client.post(check_url(service))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Please answer at least one question: how was it, what was good, or what could be better" in body
    assert "experience" not in body
    assert f'href="{step_url(service, "how-was-it")}?change=1"' in body
    assert not saved(org).exists()


def test_easy_read_contact_question_is_required_once_a_reply_is_wanted(client, service):
    walk(
        client,
        service,
        {
            "how-was-it": {"rating": "2"},
            "reply": {"wants_reply": "yes"},
            "how-to-reply": {"reply_method": "letter"},
            "contact": {"reply_contact": "1 High Street, Leeds LS1 4AP"},
        },
    )
    response = client.post(step_url(service, "contact"), {"reply_contact": ""})
    assert response.status_code == 400
    assert "Enter your address" in response.content.decode()


def test_easy_read_honeypot_saves_nothing(client, org, service):
    walk(client, service, {"how-was-it": {"rating": "1"}})
    response = client.post(check_url(service), {HONEYPOT: "buy now"})
    assert response.url == reverse("public:easy-read-thanks", args=[service.feedback_link_id])
    assert not saved(org).exists()


def test_easy_read_answers_outlast_the_login_session_length(client, service, settings):
    client.get(step_url(service, "how-was-it"))
    client.post(step_url(service, "how-was-it"), {"rating": "1"})
    assert client.session.get_expiry_age() >= 60 * 60 * 24 * 30 > settings.SESSION_COOKIE_AGE


def test_the_easy_read_rating_uses_pictures_for_every_answer(client, service):
    body = client.get(step_url(service, "how-was-it")).content.decode()
    assert "How was Rowan House?" in body
    for picture in ("very-good", "good", "neither", "poor", "very-poor", "dont-know"):
        # The words say it; the pictures are not read out twice.
        assert (
            f'<img class="heard-picture-radios__image" src="/static/vendor/images/easy-read/{picture}.svg" alt=""'
            in body
        )


# The poster page and QR codes, for staff.


def poster_url(service):
    return reverse("public:poster", args=[service.id])


def qr_url(service, fmt):
    return reverse("public:poster-qr", args=[service.id, fmt])


def png_modules(png: bytes, *, scale: int, border: int) -> list[list[bool]]:
    """Read a black-and-white PNG back into its QR code's modules (True for dark), as a scanner would see them."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, idat = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[:10])
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    assert (depth, colour) == (1, 0)  # one bit per pixel, greyscale
    raw, stride = zlib.decompress(idat), (width + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left, up, corner = line[x - 1] if x else 0, previous[x], previous[x - 1] if x else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                nearest = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                line[x] = (line[x] + nearest) & 255
        rows.append(line)
        previous = line

    def dark(x: int, y: int) -> bool:
        return not (rows[y][x // 8] >> (7 - x % 8)) & 1

    size = width // scale - 2 * border
    middle = scale // 2
    return [
        [dark((border + col) * scale + middle, (border + row) * scale + middle) for col in range(size)]
        for row in range(size)
    ]


def modules_of(url: str) -> list[list[bool]]:
    return [[bool(module) for module in row] for row in segno.make(url, error=qr.ERROR_CORRECTION, micro=False).matrix]


@pytest.mark.parametrize("role", [Role.STAFF, Role.SERVICE_MANAGER, Role.QUALITY_LEAD, Role.ADMINISTRATOR])
def test_staff_who_record_feedback_get_the_poster_and_qr_codes(client, org, service, role):
    person = person_with_role(org, role, services=[service], all_services=role == Role.ADMINISTRATOR)
    client.force_login(person.user)
    expected_url = "http://testserver" + short_url(service)

    page = client.get(poster_url(service)).content.decode()
    assert expected_url in page and f"http://testserver{short_url(service)}easy-read/" in page
    assert str(service.feedback_link_id) not in page  # the long link still works, but is not given out
    assert f'src="{qr_url(service, "svg")}"' in page

    png = client.get(qr_url(service, "png"), {"download": "1"})
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png["Content-Disposition"] == 'attachment; filename="feedback-qr-rowan-house.png"'
    # The picture, read back module by module, is the QR code of the public link (and of nothing else).
    read_back = png_modules(png.content, scale=qr.PNG_SCALE, border=qr.BORDER)
    assert read_back == modules_of(expected_url)
    assert read_back != modules_of("http://testserver" + form_url(service))
    assert read_back != modules_of(expected_url.replace("testserver", "example.org"))

    svg = client.get(qr_url(service, "svg"))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert "<svg" in body and re.search(r'<path [^>]*d="M4 4\.5h7', body)
    # segno cannot read codes back, but it makes them the same way every time: the download is the code of the URL.
    assert re.search(r' d="([^"]+)"', body).group(1) in segno.make(expected_url, error="m").svg_inline()


def test_the_qr_code_uses_the_address_the_site_is_reached_on(client, org, service):
    client.force_login(person_with_role(org, Role.ADMINISTRATOR, all_services=True).user)
    svg = client.get(qr_url(service, "svg"), HTTP_HOST="localhost").content.decode()
    path_data = re.search(r' d="([^"]+)"', svg).group(1)
    assert path_data in segno.make("http://localhost" + short_url(service), error="m").svg_inline()
    assert path_data not in segno.make("http://testserver" + short_url(service), error="m").svg_inline()


def test_the_poster_and_qr_codes_need_a_login(client, service):
    for url in (poster_url(service), qr_url(service, "png"), qr_url(service, "svg")):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response.url


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARTNER])
def test_roles_that_do_not_record_feedback_cannot_get_the_qr_code(client, org, service, role):
    client.force_login(person_with_role(org, role, services=[service]).user)
    for url in (poster_url(service), qr_url(service, "png"), qr_url(service, "svg")):
        assert client.get(url).status_code == 403


def test_another_organisations_poster_is_not_found(client, org, other_org, service):
    client.force_login(person_with_role(other_org, Role.ADMINISTRATOR, all_services=True).user)
    for url in (poster_url(service), qr_url(service, "png")):
        assert client.get(url).status_code == 404


def test_a_service_manager_sees_only_posters_for_their_services(client, org, services):
    client.force_login(person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]]).user)
    assert client.get(poster_url(services[0])).status_code == 200
    assert client.get(poster_url(services[1])).status_code == 404


def test_an_archived_service_has_no_qr_code(client, org, service):
    service.archived_at = timezone.now()
    service.save()
    client.force_login(person_with_role(org, Role.ADMINISTRATOR, all_services=True).user)
    body = client.get(poster_url(service)).content.decode()
    # Said in a section under the page's heading (a level 3 straight after the level 1 skips one)
    said = re.search(r"<h(\d)[^>]*>(?:(?!</h\d>).)*This service is archived", body, re.S)
    assert said is not None and said.group(1) == "2"
    assert client.get(qr_url(service, "png")).status_code == 404
