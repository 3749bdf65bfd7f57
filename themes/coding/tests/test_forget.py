"""A model that learnt words since taken out of feedback is trained again and removed (ADR 0028)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from feedback.erasure import feedback_anonymise
from governance.tasks import send_reminders
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words
from themes.coding import training
from themes.coding.selectors import model_in_use
from themes.coding.services import comment_code
from themes.coding.training import model_load, models_forget, models_mark_learnt
from themes.coding.training.data import held_out, split_key
from themes.models import ModelStatus, ThemeModelVersion

from .helpers import theme
from .test_coding import record
from .test_training import code_some, train

NAME = "Bartholomew"
SAID = "Nurse {} never answered the call bell and the food was cold."
THEMES = ("call-bells-and-responsiveness", "food-and-drink")


def vocabulary(version: ThemeModelVersion) -> set[str]:
    return set(model_load(version).features_.word_.vocabulary_)


def named_and_learnt(org, services, admin_scope, lead, framework):
    """A coded comment naming a nurse, in feedback a model learns from (not held out)."""
    for _ in range(20):
        [comment] = record(admin_scope, services[0], SAID.format(NAME))
        comment_code(
            scope=lead,
            comment_id=comment.pk,
            framework=framework,
            theme_ids=[theme(org, code).pk for code in THEMES],
            sentiment=4,
        )
        key = split_key(feedback_id=comment.feedback_id, import_source="", source_key="")
        if not held_out(framework.slug, key):
            return comment
    raise AssertionError("every piece of feedback recorded was held out")


def anonymise(lead, comment, capture):
    with capture(execute=True):
        return feedback_anonymise(
            scope=lead,
            feedback_id=comment.feedback_id,
            reason="They asked us to erase their details",
            texts={comment.pk: SAID.format("[name]")},
        )


def stored(org, framework, number, status=ModelStatus.PROMOTED, **fields) -> ThemeModelVersion:
    """A version with a stored file (its bytes are not a model: nothing here loads it)."""
    version = ThemeModelVersion.objects.create(
        organisation=org,
        framework=framework,
        number=number,
        status=status,
        algorithm="test",
        requested_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        started_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        **fields,
    )
    version.artifact.save(f"{number}.joblib", ContentFile(b"model"), save=True)
    return version


def test_a_model_that_learnt_words_taken_out_is_trained_again_and_its_file_removed(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 60)
    named = named_and_learnt(org, services, admin_scope, lead, framework)
    first = train(lead, framework, django_capture_on_commit_callbacks)
    assert first.status == ModelStatus.PROMOTED, first.error
    assert NAME.lower() in vocabulary(first)
    name = first.artifact.name

    done = anonymise(lead, named, django_capture_on_commit_callbacks)

    assert done.models_holding_words == 1
    first.refresh_from_db()
    assert first.status == ModelStatus.REMOVED and not first.artifact
    assert first.learned_removed_words_at == done.feedback.anonymised_at
    assert not default_storage.exists(name)
    second = model_in_use(scope=lead, framework=framework)
    assert second.number == 2 and second.compared_with == first
    assert second.metrics["replaces_removed_words"] is True
    assert NAME.lower() not in vocabulary(second)
    # The audit log says what happened, by whom: the anonymising, then the new model, then the removal.
    events = AuditEvent.objects.for_org(org)
    assert events.get(verb="feedback.feedback.anonymise").changes["models_holding_removed_words"] == 1
    assert events.get(verb="coding.model.promoted", object_id=str(second.pk)).changes["replaces_removed_words"]
    removed = events.get(verb="coding.model.removed")
    assert removed.object_id == str(first.pk) and removed.changes["status"] == {"from": "retired", "to": "removed"}


def test_a_model_marked_while_it_trained_is_trained_again_once_it_is_stored(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks, monkeypatch
):
    code_some(org, services, admin_scope, lead, framework, 60)
    save = training.run.progress_save

    def feedback_made_anonymous_meanwhile(row, percent, stage, **fields):
        save(row, percent, stage, **fields)
        if percent == 70 and row.number == 1:  # it has read the words and fitted
            ThemeModelVersion.objects.for_org(org).filter(pk=row.pk).update(learned_removed_words_at=clock.now())

    monkeypatch.setattr(training.run, "progress_save", feedback_made_anonymous_meanwhile)
    first = train(lead, framework, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert first.status == ModelStatus.REMOVED and not first.artifact
    assert model_in_use(scope=lead, framework=framework).number == 2


def test_only_models_that_may_have_learnt_the_comment_are_marked(org, services, admin_scope, lead, framework):
    [coded] = record(admin_scope, services[0], "The food was cold")
    [uncoded] = record(admin_scope, services[0], "The tea was cold")
    comment_code(scope=lead, comment_id=coded.pk, framework=framework, theme_ids=[], sentiment=4)
    in_use = stored(org, framework, 1)
    not_used = stored(org, framework, 2, status=ModelStatus.NOT_PROMOTED)
    asked_for = ThemeModelVersion.objects.create(
        organisation=org, framework=framework, number=3, status=ModelStatus.QUEUED, requested_at=clock.now()
    )
    before = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)

    # Nothing learnt an uncoded comment, and nothing had begun training before the moment given.
    assert models_mark_learnt(organisation=org, comment_ids=[uncoded.pk], now=clock.now()) == 0
    assert models_mark_learnt(organisation=org, comment_ids=[coded.pk], now=before) == 0
    assert models_mark_learnt(organisation=org, comment_ids=[coded.pk], now=clock.now()) == 2
    versions = ThemeModelVersion.objects.for_org(org)
    marked = set(versions.filter(learned_removed_words_at__isnull=False).values_list("pk", flat=True))
    assert marked == {in_use.pk, not_used.pk} and asked_for.pk not in marked


def test_a_training_under_way_is_waited_for(org, framework):
    marked = stored(org, framework, 1, learned_removed_words_at=clock.now())
    ThemeModelVersion.objects.create(
        organisation=org,
        framework=framework,
        number=2,
        status=ModelStatus.TRAINING,
        requested_at=clock.now(),
        started_at=clock.now(),
    )

    assert models_forget(organisation=org) == {"trained": 0, "removed": 0, "waiting": 1}
    marked.refresh_from_db()
    assert marked.status == ModelStatus.PROMOTED and default_storage.exists(marked.artifact.name)


def model_page(client, org, framework) -> str:
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    return page_words(client.get(reverse("themes:coding-model", args=[framework.slug])).content.decode())


def test_with_too_few_comments_to_train_again_the_model_is_removed_all_the_same_by_the_daily_task(
    client, org, framework
):
    marked = stored(org, framework, 1, learned_removed_words_at=clock.now())
    name = marked.artifact.name

    send_reminders.call()

    marked.refresh_from_db()
    assert (marked.status, marked.artifact.name, marked.stage) == (
        ModelStatus.REMOVED,
        "",
        training.forget.REMOVED_STAGE,
    )
    assert not default_storage.exists(name)
    assert model_in_use(scope=system_scope(organisation=org), framework=framework) is None
    # Run again, it finds nothing to do.
    assert models_forget(organisation=org) == {"trained": 0, "removed": 0, "waiting": 0}
    # The model page says why the model is gone.
    page = model_page(client, org, framework)
    assert "No model is in use yet." in page
    assert "Removed: it had learnt words since taken out of feedback" in page


@pytest.mark.parametrize("in_use", [True, False])
def test_the_model_page_says_a_model_in_use_is_to_be_replaced(client, org, framework, in_use):
    stored(org, framework, 1, status=ModelStatus.PROMOTED if in_use else ModelStatus.RETIRED)
    ThemeModelVersion.objects.for_org(org).update(learned_removed_words_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    page = model_page(client, org, framework)
    said = "Feedback model 1 learnt from was made anonymous on"
    assert (said in page) is in_use


def test_removing_personal_details_says_the_model_is_trained_again(client, org, services, admin_scope, lead, framework):
    [comment] = record(admin_scope, services[0], SAID.format(NAME))
    comment_code(scope=lead, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=4)
    stored(org, framework, 1)
    client.force_login(lead.user)
    url = reverse("feedback:anonymise", args=[comment.feedback_id])
    assert "a new one is trained from the words you keep" in page_words(client.get(url).content.decode())

    response = client.post(url, {f"comment_{comment.pk}": SAID.format("[name]"), "reason": "Asked"}, follow=True)

    text = page_words(response.content.decode())
    assert "The personal details have been removed." in text
    assert "The suggestions model had learnt words from these comments, so Heard is training a new one" in text
