from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from organisations.roles import Role
from organisations.tests.factories import PASSWORD, UserFactory, person_with_role


def test_sign_in_and_out(client, org):
    person = person_with_role(org, Role.QUALITY_LEAD)
    response = client.post(reverse("accounts:sign-in"), {"username": person.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("organisations:home")).status_code == 200
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("organisations:home")).status_code == 302


def test_an_email_address_signs_in_whatever_its_capitals(client, org):
    person = person_with_role(org, Role.STAFF)
    person.user.email = "margaret.wilson@northgate.example"
    person.user.save()
    typed = " Margaret.Wilson@Northgate.EXAMPLE"
    response = client.post(reverse("accounts:sign-in"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("organisations:home")).wsgi_request.user == person.user
    client.post(reverse("accounts:sign-out"))
    wrong = client.post(reverse("accounts:sign-in"), {"username": typed, "password": PASSWORD.upper()})
    assert "The password is case-sensitive; the email address is not." in wrong.content.decode()


def test_a_wrong_password_says_what_to_do(client, org):
    person = person_with_role(org, Role.STAFF)
    response = client.post(reverse("accounts:sign-in"), {"username": person.user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter the email address and password" in response.content.decode()


def test_a_login_with_no_role_anywhere_is_told_so(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("organisations:home"), follow=True)
    assert response.status_code == 403
    assert "no organisation has given you a role" in response.content.decode()


def test_choosing_between_organisations(client, org, other_org):
    person = person_with_role(org, Role.STAFF, all_services=True)
    theirs = person_with_role(other_org, Role.STAFF, all_services=True)
    theirs.user = person.user
    theirs.save()
    client.force_login(person.user)
    assert client.get(reverse("organisations:home"))["Location"] == reverse("organisations:choose")
    client.post(reverse("organisations:choose"), {"organisation": other_org.id})
    body = client.get(reverse("organisations:home")).content.decode()
    assert other_org.name in body and "Change organisation" in body


def test_choosing_an_organisation_you_are_not_in_does_nothing(client, org, other_org):
    person = person_with_role(org, Role.STAFF, all_services=True)
    client.force_login(person.user)
    client.post(reverse("organisations:choose"), {"organisation": other_org.id})
    body = client.get(reverse("organisations:home")).content.decode()
    assert org.name in body and "Change organisation" not in body


def test_a_new_login_chooses_a_password_from_the_emailed_link(client, org):
    person = person_with_role(org, Role.STAFF)
    user = person.user
    user.set_unusable_password()
    user.save()
    url = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]
    new = "correct horse battery staple"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_failed_form_check_is_explained_in_plain_words(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:sign-in"), {"username": "a@b.c", "password": "x"}
    )
    assert response.status_code == 403
    assert "we could not send that form" in response.content.decode()
