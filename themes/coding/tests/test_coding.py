"""Coding: every assignment has provenance, corrections supersede, the queue empties as people code."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from feedback.models import QUESTION_BETTER, Channel, Comment
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from themes.coding import selectors
from themes.coding.services import Suggestion, comment_code, suggestions_accept_confident, suggestions_store
from themes.models import (
    CodingReview,
    ModelStatus,
    SentimentAssignment,
    Source,
    ThemeAssignment,
    ThemeModelVersion,
)
from themes.services import (
    framework_install,
    framework_version_draft,
    theme_remove,
    theme_update,
)

from .helpers import promoted_model, publish, theme


@pytest.fixture
def coder(make_scope):
    return make_scope(Role.QUALITY_LEAD)


def record(scope, service, *texts, day=dt.date(2026, 11, 2), consent_to_quote=False):
    item = feedback_record(
        scope=scope,
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.IN_PERSON,
            received_on=day,
            comments=[(QUESTION_BETTER, t) for t in texts],
            consent_to_quote=consent_to_quote,
        ),
    )
    return list(Comment.objects.for_org(item.organisation).filter(feedback=item).order_by("position"))


@pytest.fixture
def comment(org, services, admin_scope, framework):
    [made] = record(admin_scope, services[0], "The food was cold and the call bell took ages to be answered.")
    return made


@pytest.fixture
def model_version(org, framework):
    return promoted_model(org, framework)


def rows(org, comment, **filters):
    return ThemeAssignment.objects.for_org(org).filter(comment=comment, **filters).select_related("theme")


def test_a_person_coding_a_comment_leaves_a_row_per_theme_with_who_and_when(org, framework, comment, coder):
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    result = comment_code(
        scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food.pk, bells.pk], sentiment=4
    )
    made = list(rows(org, comment))
    assert {r.theme.code for r in made} == {"food-and-drink", "call-bells-and-responsiveness"}
    assert all(r.source == Source.PERSON and r.made_by == coder.person and r.applies for r in made)
    assert all(r.model_version is None and r.confidence is None and r.is_current for r in made)
    assert result.review.reviewed_by == coder.person and result.review.version.number == 1
    assert SentimentAssignment.objects.for_org(org).get(comment=comment).level == 4
    comment.refresh_from_db()
    assert comment.sentiment == 4
    event = AuditEvent.objects.for_org(org).get(verb="coding.comment.code")
    assert sorted(event.changes["added"]) == ["call-bells-and-responsiveness", "food-and-drink"]
    assert "food was cold" not in str(event.changes)


def test_a_correction_supersedes_the_models_row_and_never_edits_it(org, framework, comment, coder, model_version):
    food, bells, dignity = (
        theme(org, c) for c in ("food-and-drink", "call-bells-and-responsiveness", "dignity-and-respect")
    )
    scope = system_scope(organisation=org)
    suggestions_store(
        scope=scope,
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.91, "dignity-and-respect": 0.55}, 4, 0.7)],
    )
    model_rows = {r.theme.code: r for r in rows(org, comment, source=Source.MODEL)}
    assert model_rows["food-and-drink"].confidence == pytest.approx(0.91)
    assert model_rows["food-and-drink"].model_version == model_version

    # Keep food, reject dignity, add call bells, and say it was very negative.
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food.pk, bells.pk], sentiment=5)

    current = {r.theme.code: r for r in rows(org, comment, superseded_at__isnull=True)}
    assert {c: r.applies for c, r in current.items()} == {
        "food-and-drink": True,
        "call-bells-and-responsiveness": True,
        "dignity-and-respect": False,
    }
    assert all(r.source == Source.PERSON for r in current.values())
    for code in ("food-and-drink", "dignity-and-respect"):
        old = rows(org, comment).get(pk=model_rows[code].pk)
        assert old.superseded_by_id == current[code].pk and old.superseded_at is not None
        assert (old.applies, old.confidence, old.source) == (True, model_rows[code].confidence, Source.MODEL)
    assert rows(org, comment).count() == 5  # two model rows kept as history, three by the person
    sentiments = SentimentAssignment.objects.for_org(org).filter(comment=comment).order_by("id")
    assert [(s.level, s.source, s.is_current) for s in sentiments] == [(4, "model", False), (5, "person", True)]
    assert dignity.pk in {r.theme_id for r in rows(org, comment, applies=False)}


def test_a_second_persons_correction_supersedes_the_first(org, framework, comment, coder, make_scope):
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4)
    second = make_scope(Role.SERVICE_MANAGER)
    comment_code(scope=second, comment_id=comment.pk, framework=framework, theme_ids=[bells.pk], sentiment=4)
    first_food = rows(org, comment, theme=food).order_by("id").first()
    assert not first_food.is_current and first_food.made_by == coder.person
    now_food = rows(org, comment, theme=food, superseded_at__isnull=True).get()
    assert now_food.applies is False and now_food.made_by == second.person
    assert SentimentAssignment.objects.for_org(org).filter(comment=comment).count() == 1  # unchanged level


def test_only_one_row_per_theme_can_be_current(org, framework, comment, coder):
    food = theme(org, "food-and-drink")
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeAssignment.objects.create(
            organisation=org,
            comment=comment,
            theme=food,
            source=Source.PERSON,
            made_by=coder.person,
            made_at=food_time(),
        )


def test_the_database_refuses_a_model_row_without_its_model_or_a_person_row_without_a_person(org, comment, framework):
    food = theme(org, "food-and-drink")
    for fields in ({"source": Source.MODEL}, {"source": Source.PERSON}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ThemeAssignment.objects.create(organisation=org, comment=comment, theme=food, made_at=food_time(), **fields)


def test_codings_cannot_be_deleted(org, framework, comment, coder):
    comment_code(
        scope=coder,
        comment_id=comment.pk,
        framework=framework,
        theme_ids=[theme(org, "food-and-drink").pk],
        sentiment=3,
    )
    with pytest.raises(ValueError, match="never delete"):
        rows(org, comment).first().delete()


def test_old_codings_keep_the_version_they_used(org, framework, comment, coder):
    food = theme(org, "food-and-drink")
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=3)
    draft = framework_version_draft(scope=coder, framework=framework)
    new_food = draft.themes.get(code="food-and-drink")
    theme_update(scope=coder, theme=new_food, name="Meals, snacks and drinks", description="")
    publish(coder, draft)
    row = rows(org, comment).get()
    assert row.theme.version.number == 1 and row.theme.name == "Food & drink"
    # Coding again uses version 2, and the version 1 row is superseded, not rewritten.
    result = comment_code(
        scope=coder,
        comment_id=comment.pk,
        framework=framework,
        theme_ids=[draft.themes.get(code="food-and-drink").pk],
        sentiment=3,
    )
    assert result.review.version == draft
    current = rows(org, comment, superseded_at__isnull=True).get()
    assert current.theme.version.number == 2 and current.theme.name == "Meals, snacks and drinks"
    assert rows(org, comment).get(pk=row.pk).theme.name == "Food & drink"


def test_a_theme_from_another_framework_or_version_is_refused(org, framework, comment, coder):
    other = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    foreign = other.versions.get().themes.first()
    with pytest.raises(ValidationError, match="not in"):
        comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[foreign.pk], sentiment=3)
    assert not rows(org, comment).exists() and not CodingReview.objects.for_org(org).exists()


def test_a_bad_sentiment_saves_nothing(org, framework, comment, coder):
    with pytest.raises(ValidationError, match="1 \\(very positive\\) to 5"):
        comment_code(
            scope=coder,
            comment_id=comment.pk,
            framework=framework,
            theme_ids=[theme(org, "food-and-drink").pk],
            sentiment=9,
        )
    assert not rows(org, comment).exists() and not CodingReview.objects.for_org(org).exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.LEADER, Role.PARTNER])
def test_roles_that_do_not_code_cannot(org, framework, comment, make_scope, role):
    with pytest.raises(PermissionDenied):
        comment_code(scope=make_scope(role), comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3)


def test_nobody_codes_feedback_outside_their_services_or_organisation(
    org, other_org, framework, services, comment, make_scope
):
    elsewhere = make_scope(Role.SERVICE_MANAGER, services=[services[1]])
    with pytest.raises(Comment.DoesNotExist):
        comment_code(scope=elsewhere, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3)
    outsider = make_scope(Role.QUALITY_LEAD, organisation=other_org)
    with pytest.raises(Comment.DoesNotExist):
        comment_code(scope=outsider, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3)
    assert selectors.coding_queue(scope=elsewhere, framework=framework).count() == 0
    assert (
        selectors.coding_queue(scope=make_scope(Role.STAFF, services=[services[0]]), framework=framework).count() == 1
    )


def test_the_queue_holds_comments_until_a_person_reviews_them_even_with_no_theme(org, framework, comment, coder):
    assert list(selectors.coding_queue(scope=coder, framework=framework)) == [comment]
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3)
    assert list(selectors.coding_queue(scope=coder, framework=framework)) == []
    assert not rows(org, comment).exists()  # "no theme applies" is the review, not a row


def test_a_newer_models_suggestions_replace_the_older_ones_on_waiting_comments_only(
    org, framework, services, admin_scope, coder, model_version
):
    waiting, coded = record(admin_scope, services[0], "Lovely staff.", "Cold food.")
    comment_code(
        scope=coder, comment_id=coded.pk, framework=framework, theme_ids=[theme(org, "food-and-drink").pk], sentiment=4
    )
    scope = system_scope(organisation=org)
    suggestions_store(
        scope=scope,
        model_version=model_version,
        suggestions=[Suggestion(waiting.pk, {"kindness-and-compassion": 0.8}, 2, 0.6)],
    )
    newer = ThemeModelVersion.objects.create(
        organisation=org, framework=framework, number=2, algorithm="test", requested_at=model_version.requested_at
    )
    stored = suggestions_store(
        scope=scope,
        model_version=newer,
        suggestions=[
            Suggestion(waiting.pk, {"dignity-and-respect": 0.7}, 1, 0.9),
            Suggestion(coded.pk, {"dignity-and-respect": 0.7}, 1, 0.9),
        ],
    )
    assert stored == 1
    current = rows(org, waiting, superseded_at__isnull=True).get()
    assert current.theme.code == "dignity-and-respect" and current.model_version == newer
    withdrawn = rows(org, waiting, model_version=model_version).get()
    assert withdrawn.superseded_at is not None and withdrawn.superseded_by is None
    assert not rows(org, coded, source=Source.MODEL).exists()
    assert SentimentAssignment.objects.for_org(org).get(comment=waiting, superseded_at__isnull=True).level == 1


def test_a_model_retired_while_it_was_reading_does_not_replace_the_suggestions_of_the_one_in_use(
    org, framework, services, admin_scope, model_version
):
    [waiting] = record(admin_scope, services[0], "Lovely staff.")
    scope = system_scope(organisation=org)
    # Model 1 reads the new comment; meanwhile model 2 is promoted and suggests for it first.
    ThemeModelVersion.objects.for_org(org).filter(pk=model_version.pk).update(status=ModelStatus.RETIRED)
    better = promoted_model(org, framework, number=2)
    suggestions_store(
        scope=scope,
        model_version=better,
        suggestions=[Suggestion(waiting.pk, {"kindness-and-compassion": 0.9}, 1, 0.9)],
    )
    stored = suggestions_store(
        scope=scope,
        model_version=model_version,
        suggestions=[Suggestion(waiting.pk, {"dignity-and-respect": 0.7}, 3, 0.6)],
    )
    assert stored == 0
    current = rows(org, waiting, superseded_at__isnull=True).get()
    assert (current.theme.code, current.model_version) == ("kindness-and-compassion", better)
    sentiment = SentimentAssignment.objects.for_org(org).get(comment=waiting, superseded_at__isnull=True)
    assert (sentiment.level, sentiment.model_version) == (1, better)


def test_bulk_accept_takes_only_comments_where_every_suggestion_is_confident(
    org, framework, services, admin_scope, coder, model_version
):
    sure, unsure = record(admin_scope, services[0], "The food is great.", "The food is fine I suppose.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[
            Suggestion(sure.pk, {"food-and-drink": 0.97}, 2, 0.93),
            Suggestion(unsure.pk, {"food-and-drink": 0.97}, 3, 0.55),
        ],
    )
    result = suggestions_accept_confident(scope=coder, framework=framework, threshold=0.9)
    assert (result.comments, result.themes) == (1, 1)
    accepted = rows(org, sure, superseded_at__isnull=True).get()
    assert accepted.source == Source.PERSON and accepted.made_by == coder.person
    assert accepted.model_version == model_version and accepted.confidence == pytest.approx(0.97)
    assert list(selectors.coding_queue(scope=coder, framework=framework)) == [unsure]
    with pytest.raises(ValidationError):
        suggestions_accept_confident(scope=coder, framework=framework, threshold=0.2)


def food_time():
    return dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)


def test_bulk_accept_supersedes_every_suggestion_in_a_fixed_number_of_queries(
    org, framework, services, admin_scope, coder, model_version
):
    def accept(texts):
        made = [c for i in range(0, len(texts), 5) for c in record(admin_scope, services[0], *texts[i : i + 5])]
        suggestions_store(
            scope=system_scope(organisation=org),
            model_version=model_version,
            suggestions=[
                Suggestion(c.pk, {"food-and-drink": 0.97, "dignity-and-respect": 0.95}, 2, 0.93) for c in made
            ],
        )
        with CaptureQueriesContext(connection) as queries:
            result = suggestions_accept_confident(
                scope=coder, framework=framework, threshold=0.9, comment_ids=[c.pk for c in made]
            )
        return made, result, len(queries)

    _, few, few_queries = accept([f"Lovely food and kind staff {n}." for n in range(3)])
    made, many, many_queries = accept([f"Good meals and respectful carers {n}." for n in range(12)])
    assert (few.comments, few.themes, many.comments, many.themes) == (3, 6, 12, 24)
    assert many_queries == few_queries
    for comment in made:
        current = rows(org, comment, superseded_at__isnull=True)
        assert {(r.source, r.made_by_id) for r in current} == {(Source.PERSON, coder.person.pk)}
        assert current.count() == 2
        for old in rows(org, comment, source=Source.MODEL):
            assert old.superseded_by.source == Source.PERSON and old.superseded_by.theme_id == old.theme_id
        sentiment = SentimentAssignment.objects.for_org(org).get(comment=comment, superseded_at__isnull=True)
        assert sentiment.source == Source.PERSON and sentiment.level == 2
        comment.refresh_from_db()
        assert comment.sentiment == 2
    assert not selectors.coding_queue(scope=coder, framework=framework).filter(pk__in=[c.pk for c in made]).exists()


# --- suggestions accepted in bulk ------------------------------------------------------------------


def suggest(org, model_version, comments, themes, sentiment=2, sure=0.95):
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(c.pk, themes, sentiment, sure) for c in comments],
    )


def test_rows_accepted_in_bulk_say_so_and_who_accepted_them(
    org, framework, services, admin_scope, coder, model_version
):
    bulk, alone = record(admin_scope, services[0], "Great food.", "Lovely dinners.")
    suggest(org, model_version, [bulk, alone], {"food-and-drink": 0.97})
    suggestions_accept_confident(scope=coder, framework=framework, threshold=0.9, comment_ids=[bulk.pk])
    comment_code(
        scope=coder, comment_id=alone.pk, framework=framework, theme_ids=[theme(org, "food-and-drink").pk], sentiment=2
    )
    accepted = rows(org, bulk, superseded_at__isnull=True).get()
    assert accepted.bulk_accepted and (accepted.source, accepted.made_by) == (Source.PERSON, coder.person)
    sentiment = SentimentAssignment.objects.for_org(org).get(comment=bulk, superseded_at__isnull=True)
    assert sentiment.bulk_accepted and sentiment.made_by == coder.person
    assert CodingReview.objects.for_org(org).get(comment=bulk).bulk_accepted
    assert not rows(org, alone, superseded_at__isnull=True).get().bulk_accepted
    assert not CodingReview.objects.for_org(org).get(comment=alone).bulk_accepted


def test_the_database_refuses_a_bulk_acceptance_that_is_not_a_persons_acceptance_of_a_suggestion(
    org, framework, comment, coder, model_version
):
    food = theme(org, "food-and-drink")
    for fields in (
        {"source": Source.PERSON, "made_by": coder.person},  # names no model
        {"source": Source.MODEL, "model_version": model_version},  # no person accepted it
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ThemeAssignment.objects.create(
                organisation=org, comment=comment, theme=food, made_at=food_time(), bulk_accepted=True, **fields
            )


def test_agreement_counts_only_comments_people_reviewed_one_by_one(
    org, framework, services, admin_scope, coder, model_version
):
    bulk, kept, rechecked, confirmed = record(
        admin_scope, services[0], "Great food.", "Lovely dinners.", "Nice lunches.", "Tasty teas."
    )
    suggest(org, model_version, [bulk, kept, rechecked, confirmed], {"food-and-drink": 0.97})
    suggestions_accept_confident(
        scope=coder, framework=framework, threshold=0.9, comment_ids=[bulk.pk, rechecked.pk, confirmed.pk]
    )
    food, dignity = theme(org, "food-and-drink"), theme(org, "dignity-and-respect")
    comment_code(scope=coder, comment_id=kept.pk, framework=framework, theme_ids=[food.pk], sentiment=2)
    # Two bulk-accepted comments are later looked at on their own: one is corrected, one confirmed.
    comment_code(scope=coder, comment_id=rechecked.pk, framework=framework, theme_ids=[dignity.pk], sentiment=2)
    comment_code(scope=coder, comment_id=confirmed.pk, framework=framework, theme_ids=[food.pk], sentiment=2)

    agreement = {a.theme.code: a for a in selectors.agreement_by_theme(scope=coder, framework=framework)}
    assert (agreement["food-and-drink"].accepted, agreement["food-and-drink"].rejected) == (2, 1)
    assert agreement["dignity-and-respect"].missed == 1
    # The confirmation is the person's own row, superseding the one accepted in bulk.
    now = rows(org, confirmed, superseded_at__isnull=True).get()
    assert not now.bulk_accepted and now.made_by == coder.person
    assert rows(org, confirmed, bulk_accepted=True).get().superseded_by == now


# --- a new version of the framework --------------------------------------------------------------


def publish_without(coder, framework, code):
    """Version 2 of the framework, published without the theme `code`."""
    draft = framework_version_draft(scope=coder, framework=framework)
    theme_remove(scope=coder, theme=draft.themes.get(code=code))
    return publish(coder, draft)


def test_a_persons_coding_ends_every_row_of_the_framework_even_of_a_theme_since_removed(
    org, framework, comment, coder, model_version
):
    suggest(org, model_version, [comment], {"food-and-drink": 0.9, "dignity-and-respect": 0.8})
    version2 = publish_without(coder, framework, "dignity-and-respect")
    food2 = version2.themes.get(code="food-and-drink")
    comment_code(scope=coder, comment_id=comment.pk, framework=framework, theme_ids=[food2.pk], sentiment=3)

    current = rows(org, comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.theme.version.number, r.source) for r in current} == {("food-and-drink", 2, "person")}
    removed = rows(org, comment, theme__code="dignity-and-respect").get()
    assert (removed.source, removed.superseded_by) == (Source.MODEL, None) and removed.superseded_at is not None
    assert [r.theme.code for r in selectors.themes_applied(scope=coder).filter(comment=comment)] == ["food-and-drink"]
    event = AuditEvent.objects.for_org(org).get(verb="coding.comment.code")
    assert event.changes["ended"] == ["dignity-and-respect"]


def test_bulk_accept_after_a_new_version_accepts_only_themes_the_published_version_has(
    org, framework, services, admin_scope, coder, model_version
):
    food_only, with_dignity = record(admin_scope, services[0], "Great food.", "Great food, treated with respect.")
    suggest(org, model_version, [food_only], {"food-and-drink": 0.97})
    suggest(org, model_version, [with_dignity], {"food-and-drink": 0.97, "dignity-and-respect": 0.96})
    version2 = publish_without(coder, framework, "dignity-and-respect")

    result = suggestions_accept_confident(scope=coder, framework=framework, threshold=0.9)

    assert (result.comments, result.themes, result.left_for_people) == (1, 1, 1)
    accepted = rows(org, food_only, superseded_at__isnull=True).get()
    assert (accepted.theme.code, accepted.theme.version) == ("food-and-drink", version2)
    assert accepted.source == Source.PERSON and accepted.bulk_accepted
    assert rows(org, food_only, source=Source.MODEL).get().superseded_by == accepted
    assert not ThemeAssignment.objects.for_org(org).filter(source=Source.PERSON, theme__version__number=1).exists()
    # A suggestion of a theme that has gone is for a person to look at: that comment is left as it was.
    assert list(selectors.coding_queue(scope=coder, framework=framework)) == [with_dignity]
    assert {r.source for r in rows(org, with_dignity, superseded_at__isnull=True)} == {Source.MODEL}


def test_bulk_accept_leaves_to_a_person_a_comment_only_another_frameworks_model_has_read(
    org, framework, services, admin_scope, coder, model_version
):
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    nhs_model = promoted_model(org, nhs, number=1)
    read_here, read_elsewhere = record(admin_scope, services[0], "All fine, thank you.", "Nothing to add.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(read_here.pk, {}, 3, 0.95)],  # read: no theme applies, and it is sure
    )
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=nhs_model,
        suggestions=[Suggestion(read_elsewhere.pk, {}, 3, 0.95)],
    )
    result = suggestions_accept_confident(scope=coder, framework=framework, threshold=0.9)
    assert result.comments == 1
    assert list(selectors.coding_queue(scope=coder, framework=framework)) == [read_elsewhere]
