"""Short feedback codes: eight characters nobody misreads, any case and hyphen when typed, one per service."""

import importlib
import itertools

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from organisations import feedback_codes
from organisations.feedback_codes import feedback_codes_fill, new_code, normalised, shown, unused_code
from organisations.models import Service, ServiceType
from organisations.services import service_create
from organisations.tests.factories import ServiceFactory

LOOK_ALIKES = set("ilou")


def test_a_code_is_eight_characters_of_crockfords_alphabet_without_look_alikes():
    assert feedback_codes.ALPHABET == "0123456789abcdefghjkmnpqrstvwxyz"
    assert len(set(feedback_codes.ALPHABET)) == 32 and not LOOK_ALIKES & set(feedback_codes.ALPHABET)
    codes = [new_code() for _ in range(2000)]
    assert all(len(code) == 8 and set(code) <= set(feedback_codes.ALPHABET) for code in codes)
    assert len(set(codes)) == len(codes)
    # Drawn at random from all 32: in 16,000 characters each turns up (about 500 times).
    assert set("".join(codes)) == set(feedback_codes.ALPHABET)


def test_a_code_is_shown_in_two_halves():
    assert shown("k7m29xqd") == "k7m2-9xqd"


@pytest.mark.parametrize(
    "typed", ["k7m2-9xqd", "k7m29xqd", "K7M2-9XQD", "K7m2-9Xqd", " k7m2 9xqd ", "k7m-29xqd", "-k7m29xqd-"]
)
def test_a_code_may_be_typed_in_any_case_with_or_without_the_hyphen(typed):
    assert normalised(typed) == "k7m29xqd"


def test_letters_that_look_like_digits_are_read_as_the_digits():
    assert normalised("1o0l-iabc") == normalised("1001-1abc") == "10011abc"


@pytest.mark.parametrize("typed", ["", "k7m2-9xq", "k7m2-9xqdd", "k7m2-9xqu", "k7m2_9xqd", "k7m2-9xq!", "k7m2/9xqd"])
def test_what_cannot_be_a_code_is_not_one(typed):
    assert normalised(typed) is None


def test_a_code_already_taken_is_drawn_again():
    draws = iter(["aaaaaaaa", "bbbbbbbb", "cccccccc"])
    assert unused_code(taken=lambda code: code != "cccccccc", draw=lambda: next(draws)) == "cccccccc"
    with pytest.raises(RuntimeError):
        unused_code(taken=lambda code: True, draw=lambda: "aaaaaaaa")


def test_each_new_service_has_a_code_of_its_own(admin_scope, services):
    made = service_create(scope=admin_scope, name="Ash Grove", service_type=ServiceType.CARE_HOME)
    codes = [s.feedback_code for s in [*services, made]]
    assert len(set(codes)) == 4 and all(normalised(code) == code for code in codes)


def test_services_without_a_code_are_given_one_and_a_code_in_use_is_not_given_again(org, other_org, services):
    """What the migration that added codes does to the services already in Heard."""
    elsewhere = ServiceFactory(organisation=other_org, feedback_code="k7m29xqd")
    before = {s.pk: s.feedback_code for s in services}
    Service.objects.for_org(org).filter(pk=services[0].pk).update(feedback_code="")
    # The first two draws are taken, by a service of this organisation and by one of another.
    draws = iter([services[1].feedback_code, "k7m29xqd", "p3wx7rtv"])

    assert feedback_codes_fill(service_model=Service, draw=lambda: next(draws)) == 1
    after = dict(Service.objects.for_org(org).values_list("pk", "feedback_code"))
    assert after == {**before, services[0].pk: "p3wx7rtv"}
    elsewhere.refresh_from_db()
    assert elsewhere.feedback_code == "k7m29xqd"
    assert feedback_codes_fill(service_model=Service) == 0  # nothing left to fill


def test_the_migration_fills_codes_with_its_own_model_of_a_service(org, services):
    Service.objects.for_org(org).filter(pk=services[2].pk).update(feedback_code="")
    migration = importlib.import_module("organisations.migrations.0006_service_feedback_code")
    state = MigrationLoader(connection).project_state(("organisations", "0006_service_feedback_code"))
    migration.give_codes(state.apps, None)
    codes = list(Service.objects.for_org(org).values_list("feedback_code", flat=True))
    assert all(normalised(code) == code for code in codes) and len(set(codes)) == 3
    assert services[0].feedback_code in codes and services[1].feedback_code in codes


def test_every_character_of_the_alphabet_is_read_back_as_itself():
    for pair in itertools.combinations(feedback_codes.ALPHABET, 2):
        code = "".join(pair) * 4
        assert normalised(code) == code and normalised(code.upper()) == code
