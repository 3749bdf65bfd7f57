"""The one sentence every app refuses a closed service in (ADR 0009)."""

import pytest

from organisations import services as svc
from organisations.closed import closed_record_note, service_not_theirs, service_refusal
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory

NOT_DONE = "no feedback is recorded there now"


@pytest.fixture
def rowan(services, admin_scope):
    return svc.service_archive(scope=admin_scope, service=services[0])


def test_an_open_service_and_the_whole_organisation_are_not_refused(services, make_scope):
    for scope in (make_scope(Role.ADMINISTRATOR), make_scope(Role.STAFF, services=[services[1]])):
        assert service_refusal(scope=scope, service=services[1], not_done=NOT_DONE) is None
        assert service_refusal(scope=scope, service=None, not_done=NOT_DONE, whole=True) is None


def test_a_closed_service_is_named_with_what_is_not_done_and_what_to_choose(rowan, make_scope):
    scope = make_scope(Role.STAFF, services=[rowan])
    assert service_refusal(scope=scope, service=rowan, not_done=NOT_DONE) == (
        "Rowan House has been archived, so no feedback is recorded there now. Choose a service that is open."
    )


def test_the_whole_organisation_is_offered_only_where_it_may_be_chosen(rowan, services, make_scope):
    everyone = make_scope(Role.ADMINISTRATOR)
    some = make_scope(Role.SERVICE_MANAGER, services=[rowan, services[1]])
    said = {
        (scope, whole): service_refusal(
            scope=scope, service=rowan, not_done="no meeting is recorded there now", whole=whole
        )
        for scope in (everyone, some)
        for whole in (True, False)
    }
    whole_too = "Choose a service that is open, or the whole organisation."
    assert said[everyone, True].endswith(whole_too)
    # The record cannot be for the whole organisation, or this person may not record for it.
    for other in (said[everyone, False], said[some, True], said[some, False]):
        assert other.endswith("now. Choose a service that is open.")


def test_a_service_that_comes_with_the_record_is_not_chosen_again(rowan, make_scope):
    said = service_refusal(
        scope=make_scope(Role.ADMINISTRATOR),
        service=rowan,
        not_done="no decision is recorded at this meeting now",
        choose=False,
        whole=True,
    )
    assert said == "Rowan House has been archived, so no decision is recorded at this meeting now."


def test_a_service_outside_the_scope_is_refused_without_its_name(rowan, services, org, other_org, make_scope):
    """Fails closed: open or closed, another service's or another organisation's, it is not named."""
    scope = make_scope(Role.STAFF, services=[services[2]])
    elsewhere = ServiceFactory(organisation=other_org, name="Larch Lodge")
    for service in (rowan, services[1], elsewhere):
        said = service_refusal(scope=scope, service=service, not_done=NOT_DONE)
        assert said == "That service is not one of yours, so no feedback is recorded there now. " + (
            "Choose a service that is open."
        )
        assert service.name not in said
    assert service_refusal(scope=make_scope(Role.ADMINISTRATOR), service=elsewhere, not_done=NOT_DONE).startswith(
        "That service is not one of yours"
    )


def test_a_service_id_with_no_service_to_read_is_refused_as_one_outside_the_scope(rowan, services, make_scope):
    """An id of no service at all, or of one that cannot be read, is told as a service outside the scope is."""
    scope = make_scope(Role.STAFF, services=[services[2]])
    assert service_not_theirs(scope=scope, not_done=NOT_DONE) == service_refusal(
        scope=scope, service=services[1], not_done=NOT_DONE
    )
    everyone = make_scope(Role.ADMINISTRATOR)
    assert service_not_theirs(scope=everyone, not_done="no meeting is recorded there now", whole=True).endswith(
        "now. Choose a service that is open, or the whole organisation."
    )
    assert service_not_theirs(scope=scope, not_done=NOT_DONE, choose=False) == (
        "That service is not one of yours, so no feedback is recorded there now."
    )


def test_the_page_of_a_record_at_a_closed_service_says_what_is_kept_and_what_may_still_be_done(rowan, services):
    meeting = "no decision is recorded at this meeting now"
    assert closed_record_note(service=services[1], not_done=meeting) is None
    assert closed_record_note(service=None, not_done=meeting) is None
    assert closed_record_note(service=rowan, not_done=meeting, still="who took part can still be added") == (
        "Rowan House has been archived, so no decision is recorded at this meeting now. Its record is kept "
        "here, and who took part can still be added."
    )
    assert closed_record_note(service=rowan, not_done="nothing is added to this priority now") == (
        "Rowan House has been archived, so nothing is added to this priority now. Its record is kept here as it was."
    )


def test_a_list_of_one_open_service_has_no_prompt_before_it(services, rowan):
    from organisations.forms import ServiceChoiceField

    field = ServiceChoiceField()
    field.offer([rowan, *services[1:]], empty="Choose a service")
    assert [value for value, _ in field.choices][0] == ""
    # Rowan House has closed: the one open service is chosen already, and the closed one still gets
    # through to the service layer that names it.
    field.offer([rowan, services[1]], empty="Choose a service")
    assert [value for value, _ in field.choices] == [services[1].id]
    assert field.valid_value(str(rowan.id))
