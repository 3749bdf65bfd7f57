"""Training an organisation's model in the background: held-out figures, promotion only if better."""

import datetime as dt
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from core import clock
from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from themes.coding import selectors, training
from themes.coding.services import (
    Suggestion,
    comment_code,
    imported_codings_store,
    suggestions_accept_confident,
    suggestions_store,
)
from themes.coding.training import (
    STALLED_AFTER,
    code_next_order,
    model_load,
    model_train_request,
    suggest_waiting,
    training_data,
)
from themes.models import ModelStatus, SentimentAssignment, Source, ThemeAssignment, ThemeModelVersion

from .helpers import promoted_model, theme
from .test_coding import record

PHRASES = {
    "food-and-drink": [
        "the food was cold",
        "lovely meals",
        "dinner came late",
        "tea and cake every day",
        "menu is boring",
    ],
    "call-bells-and-responsiveness": [
        "the call bell rang for ages",
        "nobody answered the buzzer",
        "staff come quickly when she presses the bell",
        "waited twenty minutes for help",
    ],
    "kindness-and-compassion": ["the carers are so kind", "staff are gentle and caring", "they treat mum with warmth"],
    "laundry-and-personal-belongings": ["his jumpers went missing in the laundry", "clothes came back shrunk"],
}
NEGATIVE = ("cold", "late", "boring", "ages", "nobody", "waited", "missing", "shrunk")


def sentence(rng, codes):
    text = " and ".join(rng.choice(PHRASES[c]) for c in codes)
    return text[0].upper() + text[1:] + rng.choice([".", "!", ". Thank you.", ". Please sort it."])


def code_some(org, services, admin_scope, lead, framework, n, seed=1):
    rng = random.Random(seed)
    codes = list(PHRASES)
    comments = []
    for i in range(n):
        chosen = rng.sample(codes, rng.choice([1, 1, 2]))
        text = sentence(rng, chosen)
        [made] = record(admin_scope, services[i % 2], text, day=dt.date(2026, 10, 1) + dt.timedelta(days=i % 30))
        comments.append((made, chosen, 4 if any(w in text for w in NEGATIVE) else 2))
    for made, chosen, level in comments:
        comment_code(
            scope=lead,
            comment_id=made.pk,
            framework=framework,
            theme_ids=[theme(org, c).pk for c in chosen],
            sentiment=level,
        )
    return comments


def train(lead, framework, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = model_train_request(scope=lead, framework=framework)
    version.refresh_from_db()
    return version


def test_a_trained_model_is_stored_with_held_out_figures_and_promoted_first_time(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks, monkeypatch
):
    code_some(org, services, admin_scope, lead, framework, 80)
    shown = []
    save = training.run.progress_save

    def progress_seen(row, percent, stage, **fields):
        shown.append(percent)
        save(row, percent, stage, **fields)

    monkeypatch.setattr(training.run, "progress_save", progress_seen)
    # Two sentences, each a theme, in words the coded comments use often: "dinner came late" is in 8
    # of them, so some always stay in training. "The food was cold", in 3, was held out entirely
    # by about 1 split in 125 (binomial (3, 0.2)), and a model that has never seen the word "food"
    # gives the theme nothing.
    [waiting] = record(admin_scope, services[0], "Nobody answered the call bell. Dinner came late.")
    version = train(lead, framework, django_capture_on_commit_callbacks)

    assert version.status == ModelStatus.PROMOTED, version.error
    assert (version.progress, version.number, version.requested_by) == (100, 1, lead.person)
    # The bar moves while the model fits, not only before and after it
    assert [p for p in shown if 15 <= p <= 70] == [15, 18, 22, 48, 70]
    # A fifth is held out by a hash of each feedback id, and ids differ from run to run (database
    # sequences), so the count is binomial (80, 0.2): at least 5 fails once in 7,000 runs; 10 failed
    # once in 35.
    assert version.trained_on + version.held_out == 80 and version.held_out >= 5
    assert 0.5 <= version.metrics["micro_f1"] <= 1.0 and "sentiment_macro_f1" in version.metrics
    assert version.artifact.name.endswith("1.joblib") and model_load(version) is not None
    assert selectors.model_in_use(scope=lead, framework=framework) == version
    suggested = ThemeAssignment.objects.for_org(org).filter(comment=waiting, source=Source.MODEL)
    assert {"call-bells-and-responsiveness", "food-and-drink"} <= {r.theme.code for r in suggested}
    assert all(r.model_version == version and 0 < r.confidence <= 1 for r in suggested)
    assert AuditEvent.objects.for_org(org).filter(verb="coding.model.promoted").count() == 1


def test_a_model_is_promoted_only_when_it_beats_the_one_in_use(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    # A first model trained on few, skewed codings; the second, on many more, does better.
    comments = code_some(org, services, admin_scope, lead, framework, 36, seed=2)
    first = train(lead, framework, django_capture_on_commit_callbacks)
    assert first.status == ModelStatus.PROMOTED
    code_some(org, services, admin_scope, lead, framework, 120, seed=3)
    second = train(lead, framework, django_capture_on_commit_callbacks)
    assert second.metrics["model_in_use"]["held_out"] == second.held_out  # compared on the same comments
    assert second.status in (ModelStatus.PROMOTED, ModelStatus.NOT_PROMOTED)
    promoted = second.metrics["macro_f1"] > second.metrics["model_in_use"]["macro_f1"]
    assert (second.status == ModelStatus.PROMOTED) == promoted
    first.refresh_from_db()
    assert first.status == (ModelStatus.RETIRED if promoted else ModelStatus.PROMOTED)
    assert len(comments) == 36


def test_a_model_in_use_that_held_out_by_database_ids_is_replaced_without_a_comparison(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    """It may have learnt from the comments held out now, so a comparison on them would favour it."""
    code_some(org, services, admin_scope, lead, framework, 60, seed=2)
    first = train(lead, framework, django_capture_on_commit_callbacks)
    assert first.metrics["held_out_by"] == "key"
    first.metrics.pop("held_out_by")  # as a model trained before the held-out split was keyed
    first.save(update_fields=["metrics"])
    second = train(lead, framework, django_capture_on_commit_callbacks)
    assert second.status == ModelStatus.PROMOTED and "model_in_use" not in second.metrics
    first.refresh_from_db()
    assert first.status == ModelStatus.RETIRED
    third = train(lead, framework, django_capture_on_commit_callbacks)  # compared again from now on
    assert third.metrics["model_in_use"]["held_out"] == third.held_out


def test_training_needs_enough_coded_comments_and_the_right_role(
    org, services, admin_scope, lead, framework, make_scope
):
    code_some(org, services, admin_scope, lead, framework, 10)
    with pytest.raises(ValidationError, match="at least 30"):
        model_train_request(scope=lead, framework=framework)
    with pytest.raises(PermissionDenied):
        model_train_request(scope=make_scope(Role.STAFF), framework=framework)
    assert not ThemeModelVersion.objects.for_org(org).exists()


def test_one_training_at_a_time(org, services, admin_scope, lead, framework):
    code_some(org, services, admin_scope, lead, framework, 30)
    queued = model_train_request(scope=lead, framework=framework)  # not run: on_commit never fires here
    assert queued.status == ModelStatus.QUEUED and queued.stage
    with pytest.raises(ValidationError, match="already being trained"):
        model_train_request(scope=lead, framework=framework)


def test_a_failed_training_says_so_on_its_row(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 40)
    # Every coding now says no theme applies: there is nothing to learn.
    for row in ThemeAssignment.objects.for_org(org).filter(superseded_at__isnull=True):
        comment_code(scope=lead, comment_id=row.comment_id, framework=framework, theme_ids=[], sentiment=3)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    assert version.status == ModelStatus.FAILED and version.finished_at is not None
    # Said as the quality lead reads it on the model page, not as Python prints it.
    assert version.error == "None of the coded comments has a theme yet."


def test_a_training_on_comments_with_no_sentiment_says_what_is_missing(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    # A file came coded with themes but with no sentiment column: its comments count as coded.
    rng = random.Random(4)
    labelled = []
    for i in range(40):
        chosen = rng.sample(list(PHRASES), 1)
        [made] = record(admin_scope, services[i % 2], sentence(rng, chosen), day=dt.date(2026, 10, 1 + i % 28))
        labelled.append((made.pk, chosen, None))
    imported_codings_store(scope=admin_scope, framework=framework, labelled=labelled)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    assert version.status == ModelStatus.FAILED
    # Not "something went wrong, try again later": trying again would fail the same way.
    assert version.error == (
        "None of the coded comments has a sentiment yet. "
        "Code some comments one by one, choosing their sentiment, then train again."
    )


def test_a_training_that_breaks_says_so_in_plain_words(
    org, services, admin_scope, lead, framework, monkeypatch, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 30)

    def broken(**kwargs):
        raise RuntimeError("connection to the database was lost")

    monkeypatch.setattr(training.run, "training_data", broken)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    assert version.status == ModelStatus.FAILED
    assert version.error.startswith("Something went wrong in Heard while training.")
    assert "RuntimeError" not in version.error and "database" not in version.error


def test_a_training_that_stopped_on_the_way_no_longer_holds_up_the_next(org, services, admin_scope, lead, framework):
    code_some(org, services, admin_scope, lead, framework, 30)
    stuck = model_train_request(scope=lead, framework=framework)  # its worker was stopped part way
    long_ago = clock.now() - STALLED_AFTER - dt.timedelta(minutes=1)
    ThemeModelVersion.objects.for_org(org).filter(pk=stuck.pk).update(
        status=ModelStatus.TRAINING, progress=15, requested_at=long_ago, started_at=long_ago
    )
    fresh = model_train_request(scope=lead, framework=framework)
    stuck.refresh_from_db()
    assert (fresh.number, fresh.status) == (2, ModelStatus.QUEUED)
    assert stuck.status == ModelStatus.FAILED and stuck.finished_at is not None
    assert stuck.error == "It stopped part way, probably when Heard was restarted."
    assert AuditEvent.objects.for_org(org).filter(verb="coding.model.stalled").count() == 1


def test_a_training_given_up_as_stopped_is_not_put_in_use_if_it_ends_after_all(
    org, services, admin_scope, lead, framework, monkeypatch, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 40)
    real_score = training.score

    def given_up_meanwhile(model, data, rows, labels):
        ThemeModelVersion.objects.for_org(org).update(status=ModelStatus.FAILED)
        return real_score(model, data, rows, labels)

    monkeypatch.setattr(training.run, "score", given_up_meanwhile)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    assert version.status == ModelStatus.FAILED
    assert selectors.model_in_use(scope=lead, framework=framework) is None
    # Nor is the file it wrote kept, with no row pointing to it (it holds the words it learnt).
    assert not list((Path(settings.MEDIA_ROOT) / "models").rglob("*.joblib"))


def test_a_fault_while_suggesting_for_waiting_comments_leaves_the_new_model_in_use(
    org, services, admin_scope, lead, framework, monkeypatch, django_capture_on_commit_callbacks
):
    before = promoted_model(org, framework)  # no stored model, so the new one is better
    code_some(org, services, admin_scope, lead, framework, 40)
    record(admin_scope, services[0], "Nobody answered the call bell.")

    def broken(**kwargs):
        raise RuntimeError("connection to the database was lost")

    monkeypatch.setattr(training.suggest, "suggestions_store", broken)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    before.refresh_from_db()
    assert before.status == ModelStatus.RETIRED
    assert version.status == ModelStatus.PROMOTED and version.progress == 100 and version.finished_at
    assert selectors.model_in_use(scope=lead, framework=framework) == version
    assert version.error == training.SUGGESTIONS_FAILED


def test_suggestions_for_new_comments_come_from_the_model_in_use(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 60)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    [new] = record(admin_scope, services[1], "The carers are so kind and gentle.")
    assert suggest_waiting(scope=lead, version=version, comment_ids=[new.pk]) == 1
    codes = {r.theme.code for r in ThemeAssignment.objects.for_org(org).filter(comment=new, superseded_at__isnull=True)}
    assert "kindness-and-compassion" in codes


def test_feedback_that_arrives_gets_suggestions_from_the_model_in_use_at_once(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 60)
    version = train(lead, framework, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        [new] = record(admin_scope, services[1], "The carers are so kind and gentle.")
    current = dict(comment=new, source=Source.MODEL, superseded_at__isnull=True)
    rows = ThemeAssignment.objects.for_org(org).filter(**current)
    assert "kindness-and-compassion" in {r.theme.code for r in rows}
    assert {r.model_version for r in rows} == {version}
    [sentiment] = SentimentAssignment.objects.for_org(org).filter(**current)
    assert sentiment.model_version == version and sentiment.level in (1, 2)


def test_before_any_model_is_in_use_new_feedback_waits_without_suggestions(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [new] = record(admin_scope, services[1], "The carers are so kind and gentle.")
    assert not ThemeAssignment.objects.for_org(org).filter(comment=new).exists()
    # Only the stored order's refresh is asked for; no suggestion task is queued.
    queued = [getattr(c, "__qualname__", "") for c in callbacks]
    assert queued == ["suggestions_on_arrival.<locals>.orders_refresh"], queued


def test_new_feedback_joins_the_code_these_next_order_at_once(org, services, admin_scope, lead, framework):
    first = [record(admin_scope, services[0], text)[0] for text in ("Lunch was cold.", "Staff were kind.")]
    assert sorted(code_next_order(scope=lead, framework=framework)) == sorted(c.pk for c in first)
    [later] = record(admin_scope, services[1], "Nobody answered the call bell.")
    assert later.pk in code_next_order(scope=lead, framework=framework)


def _training_data(feedback_ids, source_keys=None):
    from themes.coding.training.data import TrainingData, split_key

    n = len(feedback_ids)
    keys = [
        split_key(feedback_id=f, import_source="survey" if k else "", source_key=k or "")
        for f, k in zip(feedback_ids, source_keys or [""] * n, strict=True)
    ]
    return TrainingData(list(range(n)), feedback_ids, [""] * n, [[]] * n, [None] * n, [{}] * n, keys)


def test_the_held_out_comments_are_the_same_for_every_version_so_the_comparison_is_fair():
    from themes.coding.training.data import _split

    first = _training_data(list(range(1, 201)))
    _, held_first = _split(first, framework_key="social-care")
    grown = _training_data(list(range(1, 401)))
    _, held_grown = _split(grown, framework_key="social-care")
    held_ids_first = {first.feedback_ids[i] for i in held_first}
    held_ids_grown = {grown.feedback_ids[i] for i in held_grown}
    assert held_ids_first == {f for f in held_ids_grown if f <= 200}  # old feedback never changes side
    assert 0.1 < len(held_grown) / 400 < 0.3
    # Two answers of one piece of feedback are always on the same side.
    pairs = _training_data([f for f in range(1, 61) for _ in (0, 1)])
    train, held = _split(pairs, framework_key="social-care")
    assert not {pairs.feedback_ids[i] for i in train} & {pairs.feedback_ids[i] for i in held}


def test_feedback_that_came_with_a_key_is_held_out_by_its_key_not_its_record_id():
    """The same rows written again (a demo built afresh, say) get new ids and must fall on the same
    sides, so the same coded feedback trains the same model."""
    from themes.coding.training.data import _split

    keys = [f"row-{n}" for n in range(300)]
    first = _training_data(list(range(1, 301)), keys)
    again = _training_data(list(range(5001, 5301)), keys)
    _, held_first = _split(first, framework_key="social-care")
    _, held_again = _split(again, framework_key="social-care")
    assert held_first == held_again and 0.1 < len(held_first) / 300 < 0.3
    # Feedback that came with no key (from a form, say) is held out by its id, as before.
    no_keys = _training_data(list(range(1, 301)))
    assert _split(no_keys, framework_key="social-care")[1] != held_first


@pytest.fixture
def model_version(org, framework):
    return promoted_model(org, framework)


def bulk_accept(org, lead, framework, model_version, comments):
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(c.pk, {"food-and-drink": 0.97}, 2, 0.95) for c in comments],
    )
    suggestions_accept_confident(scope=lead, framework=framework, threshold=0.9, comment_ids=[c.pk for c in comments])


def test_comments_accepted_in_bulk_neither_train_the_model_nor_check_it(
    org, services, admin_scope, lead, framework, model_version
):
    one, bulk, rechecked = record(admin_scope, services[0], "Cold tea.", "Lovely meals.", "Dinner came late.")
    food = theme(org, "food-and-drink")
    comment_code(scope=lead, comment_id=one.pk, framework=framework, theme_ids=[food.pk], sentiment=4)
    bulk_accept(org, lead, framework, model_version, [bulk, rechecked])
    comment_code(scope=lead, comment_id=rechecked.pk, framework=framework, theme_ids=[food.pk], sentiment=4)
    data = training_data(scope=lead, framework=framework)
    # Held-out comments are drawn from these, so the model in use is never checked on its own answers.
    assert data.comment_ids == sorted([one.pk, rechecked.pk])


def test_comments_accepted_in_bulk_do_not_count_towards_the_minimum_for_training(
    org, services, admin_scope, lead, framework, model_version
):
    code_some(org, services, admin_scope, lead, framework, 25)
    bulk_accept(
        org, lead, framework, model_version, record(admin_scope, services[0], *[f"Meal {n}." for n in range(8)])
    )
    with pytest.raises(ValidationError, match=r"at least 30 .*\(25 coded"):
        model_train_request(scope=lead, framework=framework)
