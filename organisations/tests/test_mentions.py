"""Where a person's name is written (ADR 0026's addendum): their full name, as whole words, in the
words of every record of their organisation, on their page, in the download and before removal.

The governance services save minutes and updates without names (ADR 0016), but records written
before that, imported, or whose names the redaction missed keep them: those are made here as they
are stored. Feedback keeps the words people gave, so it is recorded through its service."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import ActionSource, ActionUpdate, DiscussionItem, Meeting
from governance.tests.conftest import action_input, scope_of
from organisations import held, mentions
from organisations.models import Person
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role
from organisations.tests.people_records import give_feedback


@pytest.fixture
def ann(org, services):
    """A co-production partner at Rowan House with no login, whose name others write."""
    return person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Ann Lee")


@pytest.fixture
def admin_client(client, org, services, admin_scope):
    client.force_login(admin_scope.user)
    client.get(reverse("organisations:home"))  # records the organisation in the session
    return client


def minute(team, service, notes: str, *, by=None) -> DiscussionItem:
    by = by or team.quality
    organisation = by.organisation
    meeting = Meeting.objects.for_org(organisation).create(
        organisation=organisation,
        meeting_type="coproduction_forum",
        service=service,
        held_on=clock.today(),
        created_at=clock.now(),
    )
    return DiscussionItem.objects.for_org(organisation).create(
        organisation=organisation,
        meeting=meeting,
        heading="Menus",
        notes=notes,
        recorded_by=by,
        recorded_at=clock.now(),
    )


def update(team, service, text: str) -> ActionUpdate:
    heard = give_feedback(team, team.partner, service, text="The menu is too small to read.")
    data = action_input(team, service_id=service.id, source=ActionSource.FEEDBACK, feedback_id=heard.id)
    action = gov.action_create(scope=scope_of(team.quality), data=data)
    return ActionUpdate.objects.for_org(action.organisation).create(
        organisation=action.organisation, action=action, text=text, who=team.manager, at=clock.now()
    )


def written(admin_scope, person) -> dict[str, list[held.Record]]:
    found = held.person_held(scope=admin_scope, person_id=person.id)
    return {s.source.words: s.records for s in found.written.sources}


# --- finding the name -------------------------------------------------------------------------


def test_a_name_is_found_in_minutes_an_action_update_and_a_feedback_comment(org, services, team, ann, admin_scope):
    item = minute(team, services[0], "The forum agreed the new menu.\nAnn Lee asked for it in large print.")
    progress = update(team, services[0], "Large print menus printed; ANN LEE checked them with us.")
    feedback = give_feedback(team, team.partner, services[0], text="My friend ann lee was upset at lunch.")
    found = written(admin_scope, ann)
    (minutes,) = found["Minutes of discussions"]
    assert minutes.id == item.id and minutes.link == reverse("governance:meeting", args=[item.meeting_id])
    assert minutes.details["field"] == "Notes" and minutes.details["times"] == 1
    assert minutes.excerpt.name == "Ann Lee"
    assert minutes.excerpt.before == "The forum agreed the new menu. "
    assert minutes.excerpt.after == " asked for it in large print."
    (updated,) = found["Progress updates on actions"]
    assert updated.id == progress.id and updated.link == reverse("governance:action", args=[progress.action_id])
    assert updated.excerpt.name == "ANN LEE"
    (comment,) = found["Comments in feedback"]
    assert comment.link == reverse("feedback:detail", args=[feedback.id])
    assert str(comment.excerpt) == "My friend ann lee was upset at lunch."
    assert set(found) == {"Minutes of discussions", "Progress updates on actions", "Comments in feedback"}


def test_a_name_is_found_as_whole_words_only(org, services, team, ann, admin_scope):
    minute(team, services[0], "Annual leave for the chef; Joann Lee covers it.")
    minute(team, services[0], "Mary-Ann Lee and Ann Leeson came; Ann Lee-Smith sent apologies.")
    assert written(admin_scope, ann) == {}
    kept = minute(team, services[0], "Ann Lee's daughter came. Later Ann\n  Lee spoke, and 'Ann Lee' was thanked.")
    (record,) = written(admin_scope, ann)["Minutes of discussions"]
    assert record.id == kept.id and record.details["times"] == 3


def test_an_apostrophe_in_a_name_is_found_as_either_kind(org, services, team, admin_scope):
    siobhan = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Siobhan O'Neill")
    kept = minute(team, services[0], "Siobhan O’Neill chose the colours.")
    (record,) = written(admin_scope, siobhan)["Minutes of discussions"]
    assert record.id == kept.id and record.excerpt.name == "Siobhan O’Neill"


def test_an_excerpt_keeps_about_sixty_characters_either_side():
    text = "word " * 40 + "Ann Lee" + " more" * 40
    pattern = mentions.whole_name("Ann Lee")
    cut = mentions.excerpt(text, pattern.search(text))
    assert cut.name == "Ann Lee"
    assert cut.before.startswith("…") and cut.after.endswith("…")
    assert 50 <= len(cut.before) <= 62 and 50 <= len(cut.after) <= 62


def test_a_same_named_person_of_another_organisation_is_not_found(
    org, other_org, services, team, ann, admin_scope, make_scope
):
    elsewhere = ServiceFactory(organisation=other_org, name="Oak Lodge")
    other_ann = person_with_role(other_org, Role.PARTNER, services=[elsewhere], login=False, full_name="Ann Lee")
    minute(team, elsewhere, "Ann Lee chose the colours.", by=other_ann)
    assert written(admin_scope, ann) == {}
    other_admin = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    assert list(written(other_admin, other_ann)) == ["Minutes of discussions"]


def test_their_own_job_title_is_not_a_mention_but_another_persons_is(org, services, team, ann, admin_scope):
    Person.objects.for_org(org).filter(pk=ann.pk).update(job_title="Ann Lee, resident")
    son = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Sam Lee")
    Person.objects.for_org(org).filter(pk=son.pk).update(job_title="Son of Ann Lee")
    (record,) = written(admin_scope, ann)["Other people's job titles"]
    assert record.id == son.id and record.link == reverse("organisations:person-detail", args=[son.id])


@pytest.mark.parametrize(
    ("name", "because"),
    [("Cher", "Their name is one word"), ("J L", "shorter than 3 letters")],
)
def test_a_short_name_is_not_searched_and_the_page_says_so(
    org, services, team, admin_scope, admin_client, name, because
):
    person = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name=name)
    minute(team, services[0], f"{name} chose the colours.")
    found = held.person_held(scope=admin_scope, person_id=person.id)
    assert found.written.count == 0 and found.name_searched is None
    assert because in found.name_not_searched
    page = admin_client.get(reverse("organisations:person-held", args=[person.id])).content.decode()
    assert "Heard did not look for their name in the words of records." in page and because in page


# --- the page, the download and removal ----------------------------------------------------------


def test_the_page_lists_where_their_name_is_written_with_counts(org, services, team, ann, admin_client):
    item = minute(team, services[0], "Ann Lee asked for large print.")
    minute(team, services[0], "Ann Lee chose the colours.")
    page = admin_client.get(reverse("organisations:person-held", args=[ann.id])).content.decode()
    assert "Where their name is written (2 records)" in page
    assert "Minutes of discussions (2)" in page
    assert "Heard looked for “Ann Lee” as whole words" in page
    assert "<mark>Ann Lee</mark> asked for large print." in page
    assert reverse("governance:meeting", args=[item.meeting_id]) in page


def test_the_download_has_where_their_name_is_written(org, services, team, ann, admin_client):
    item = minute(team, services[0], "Ann Lee asked for large print.")
    response = admin_client.get(reverse("organisations:person-held-download", args=[ann.id]))
    group = json.loads(response.content)["groups"]["mentions"]
    assert group["title"] == "Where their name is written" and group["name_searched_for"] == "Ann Lee"
    (record,) = group["records"]
    assert record["what"] == "Minutes of discussions" and record["record_type"] == "governance.DiscussionItem"
    assert record["id"] == item.id and record["link"] == reverse("governance:meeting", args=[item.meeting_id])
    assert record["details"] == {"field": "Notes", "excerpt": "Ann Lee asked for large print.", "times": 1}


def test_the_removal_page_warns_where_their_name_is_written_and_removal_leaves_it(
    org, services, team, ann, admin_client
):
    item = minute(team, services[0], "Ann Lee asked for large print.")
    progress = update(team, services[0], "Ann Lee checked the menus.")
    url = reverse("organisations:person-remove", args=[ann.id])
    page = admin_client.get(url).content.decode()
    assert "Their name is written in 2 records that removal does not change:" in page
    assert reverse("governance:meeting", args=[item.meeting_id]) in page
    assert reverse("governance:action", args=[progress.action_id]) in page
    assert admin_client.post(url, {"reason": "She asked us to."}).status_code == 302
    # Governance records stay as written; the page says there is no name left to look for.
    assert DiscussionItem.objects.for_org(org).get(pk=item.pk).notes == "Ann Lee asked for large print."
    page = admin_client.get(reverse("organisations:person-held", args=[ann.id])).content.decode()
    assert "Their details were removed, so Heard no longer has their name to look for." in page


def test_the_removal_page_says_when_their_name_is_not_written(org, services, team, ann, admin_client):
    page = admin_client.get(reverse("organisations:person-remove", args=[ann.id])).content.decode()
    assert "Heard looked for “Ann Lee” in the words of every record and did not find it." in page


def test_finding_their_name_takes_one_query_a_kind_of_record(org, services, team, ann, admin_client):
    cher = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Cher")

    def queries(person=ann):
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(reverse("organisations:person-held", args=[person.id])).status_code == 200
        return len(ctx.captured_queries)

    minute(team, services[0], "Ann Lee asked for large print.")
    update(team, services[0], "Ann Lee checked the menus.")
    give_feedback(team, team.partner, services[0], text="Ann Lee helped me.")
    few = queries()
    for _ in range(3):
        minute(team, services[0], "Ann Lee asked for large print.")
        update(team, services[0], "Ann Lee checked the menus.")
        give_feedback(team, team.partner, services[0], text="Ann Lee helped me.")
    assert queries() == few
    # A name not searched for reads nothing more; one that is, one query a kind of record.
    assert few - queries(cher) == len(mentions.searched_fields())


# --- every free-text field is searched or said not to be -----------------------------------------


def test_every_free_text_field_is_searched_or_said_not_to_be():
    """A new TextField, or CharField of 200 characters or more, is searched unless ``NOT_SEARCHED``
    says why not; the page must then know how to name and link its records, and the model must be
    read within an organisation."""
    searched = mentions.searched_fields()
    every = set(mentions.text_fields())
    assert set(mentions.NOT_SEARCHED) <= every, "a field no longer there is still listed as not searched"
    assert {f"{m}.{f}" for m, fields in searched.items() for f in fields} == every - set(mentions.NOT_SEARCHED)
    for model_label in searched:
        assert model_label in held.KINDS, f"{model_label} has free text but no held.KINDS entry to show it"
        assert model_label in held.WRITTEN_IN, f"{model_label} has free text but no held.WRITTEN_IN words"
        assert hasattr(apps.get_model(model_label), "TENANT_PATH"), f"{model_label} is of no organisation"
    assert set(held.WRITTEN_IN) == set(searched), "held.WRITTEN_IN names a model with no free text"
    # What people write about others, whatever the rule for finding it.
    for path in (
        "governance.DiscussionItem.notes",
        "governance.Decision.text",
        "governance.Action.title",
        "governance.ActionUpdate.text",
        "governance.Challenge.question",
        "governance.ChallengeEntry.text",
        "feedback.Reply.note",
        "themes.UrgentFlagAction.action",
        "governance.CoproductionActivity.summary",
        "feedback.Comment.text",
        "audits.AuditCase.note",
        "audits.AuditFinding.text",
    ):
        model, field = path.rsplit(".", 1)
        assert field in searched.get(model, ()), f"{path} is not searched"
