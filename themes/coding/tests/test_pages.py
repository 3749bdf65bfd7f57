"""The coding pages: queue, coding a comment, bulk acceptance, training and agreement."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import clock
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import PASSWORD, person_with_role
from organisations.tests.words import page_words, says
from themes.coding import selectors, training
from themes.coding.services import Suggestion, suggestions_store
from themes.models import CodingReview, ModelStatus, Source, ThemeAssignment, ThemeModelVersion
from themes.services import framework_version_draft, theme_remove, theme_update

from .helpers import publish, theme
from .test_coding import record
from .test_training import code_some


@pytest.fixture
def coder(org):
    return person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Asha Coder")


def login(client, person):
    client.login(email=person.user.email, password=PASSWORD)
    return client


def model_row(org, framework, number: int, status: str, **fields) -> ThemeModelVersion:
    """A model version row as training leaves it, without training anything."""
    fields.setdefault("requested_at", dt.datetime(2026, 11, number, tzinfo=dt.UTC))
    return ThemeModelVersion.objects.create(
        organisation=org, framework=framework, number=number, status=status, algorithm="test", **fields
    )


@pytest.fixture
def model_version(org, framework):
    return model_row(
        org, framework, 1, ModelStatus.PROMOTED, trained_on=120, held_out=30, metrics={"micro_f1": 0.7, "macro_f1": 0.6}
    )


@pytest.fixture
def waiting(org, services, admin_scope, framework, model_version):
    comments = record(admin_scope, services[0], "The soup was cold.", "Nobody answered the bell at night.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[
            Suggestion(comments[0].pk, {"food-and-drink": 0.93}, 4, 0.81),
            Suggestion(comments[1].pk, {"dignity-and-respect": 0.52}, 4, 0.6),
        ],
    )
    return comments


def test_the_queue_shows_waiting_comments_with_suggestions_and_confidence(client, coder, framework, waiting):
    response = login(client, coder).get(reverse("themes:coding-queue", args=[framework.slug]) + "?order=oldest")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The soup was cold." in page and "Food &amp; drink 93%" in page
    assert "2 comments waiting to be coded" in page
    assert reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk]) in page


def test_code_these_next_lists_every_waiting_comment_once(client, coder, framework, waiting):
    page = login(client, coder).get(reverse("themes:coding-queue", args=[framework.slug])).content.decode()
    for comment in waiting:
        assert page.count(reverse("themes:coding-comment", args=[framework.slug, comment.pk])) == 1


def test_coding_a_comment_through_the_page_corrects_the_suggestion_and_moves_on(client, org, coder, framework, waiting):
    first, second = waiting
    url = reverse("themes:coding-comment", args=[framework.slug, second.pk])
    page = login(client, coder).get(url).content.decode()
    assert "52% sure" in page and "Dignity" in page
    bells = theme(org, "call-bells-and-responsiveness")
    response = client.post(url, {"themes": [bells.pk], "sentiment": "5", "then": "next"})
    assert response.status_code == 302
    # With no order chosen, the queue's own ("code these next") is kept.
    assert response["Location"] == reverse("themes:coding-comment", args=[framework.slug, first.pk]) + "?order=next"
    current = ThemeAssignment.objects.for_org(org).filter(comment=second, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.source) for r in current} == {
        ("call-bells-and-responsiveness", True, Source.PERSON),
        ("dignity-and-respect", False, Source.PERSON),
    }
    history = client.get(url).content.decode()
    assert "Model 1, 52% sure" in history and "Replaced" in history and "Asha Coder" in history


def test_a_coding_without_a_sentiment_is_refused_with_a_clear_message(client, org, coder, framework, waiting):
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    response = login(client, coder).post(url, {"themes": [theme(org, "food-and-drink").pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose how positive or negative the comment is." in body
    # The error summary's link lands on the first sentiment radio, so focus moves to the question.
    assert 'href="#id_sentiment"' in body and re.search(r'<input[^>]+id="id_sentiment"[^>]+type="radio"', body)
    assert not CodingReview.objects.for_org(org).exists()


def test_a_theme_that_is_not_a_number_is_refused_with_a_message_not_an_error(client, org, coder, framework, waiting):
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    response = login(client, coder).post(url, {"themes": ["food", theme(org, "food-and-drink").pk], "sentiment": "4"})
    assert response.status_code == 400
    assert "A theme you ticked is not in the framework&#39;s current version" in response.content.decode()
    assert not CodingReview.objects.for_org(org).exists()


def ticked(page: str, theme_id: int) -> bool:
    box = re.search(rf'<input[^>]+id="theme-{theme_id}"[^>]*>', page)
    assert box, f"no box for theme {theme_id}"
    return " checked" in box.group(0)


def test_only_suggestions_the_model_is_sure_of_are_ticked_for_the_person(
    client, org, services, admin_scope, coder, framework, model_version
):
    [comment] = record(admin_scope, services[0], "The tea was cold and nobody came when she rang.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.81, "call-bells-and-responsiveness": 0.24}, 2, 0.6)],
    )
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    url = reverse("themes:coding-comment", args=[framework.slug, comment.pk])
    page = " ".join(login(client, coder).get(url).content.decode().split())
    assert ticked(page, food.pk) and not ticked(page, bells.pk)
    assert "(suggested, 24% sure: tick it if it fits)" in page and "(suggested, 81% sure)" in page
    assert "Suggestions the model is at least 50% sure of are ticked" in page
    # Saving as shown records the unsure guess as not applying, in the person's name
    client.post(url, {"themes": [food.pk], "sentiment": "2"})
    current = ThemeAssignment.objects.for_org(org).filter(comment=comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.source) for r in current} == {
        ("food-and-drink", True, Source.PERSON),
        ("call-bells-and-responsiveness", False, Source.PERSON),
    }


def other_themes_open(page: str) -> bool:
    match = re.search(r'<details class="nhsuk-details" id="other-themes"( open)?>', page)
    assert match, "the other themes are not in one summary"
    return bool(match.group(1))


def test_the_other_themes_stay_folded_unless_they_are_needed(
    client, org, services, admin_scope, coder, framework, waiting
):
    # With suggestions, the other themes are folded away: accepting takes one Tab past them
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    page = login(client, coder).get(url).content.decode()
    assert not other_themes_open(page) and "Add another theme" in page
    assert page.count("data-filter-group") == 8  # each category, one fieldset, in the find box's reach
    # A refused form keeps a theme ticked among them in view
    response = client.post(url, {"themes": [theme(org, "privacy").pk]})
    assert response.status_code == 400 and other_themes_open(response.content.decode())
    # Without suggestions there is nothing to accept, so every theme is open to choose from
    [bare] = record(admin_scope, services[0], "The garden is lovely in spring.")
    page = client.get(reverse("themes:coding-comment", args=[framework.slug, bare.pk])).content.decode()
    assert other_themes_open(page) and "Choose themes" in page


def test_bulk_accept_says_how_many_comments_it_will_code_before_coding_any(client, org, coder, framework, waiting):
    url = reverse("themes:coding-bulk-accept", args=[framework.slug]) + "?order=oldest"
    # The soup (93% and 81% sure) is the only comment sure enough at 80%
    response = login(client, coder).post(url, {"threshold": "80"})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and not CodingReview.objects.for_org(org).exists()
    assert "Accept the model's suggestions on 1 comment?" in page and "at least 80% sure" in page
    assert 'name="confirm" value="yes"' in page and 'name="threshold" value="80"' in page
    response = client.post(url, {"threshold": "80", "confirm": "yes"})
    assert response.status_code == 302
    assert CodingReview.objects.for_org(org).get().comment == waiting[0]
    assert "Accepted the suggestions on 1 comment (1 theme)." in client.get(response["Location"]).content.decode()


def test_bulk_accept_writes_nothing_when_the_number_changed_since_the_person_looked(
    client, org, services, admin_scope, coder, framework, model_version, waiting
):
    url = reverse("themes:coding-bulk-accept", args=[framework.slug])
    assert 'name="expected" value="1"' in login(client, coder).post(url, {"threshold": "80"}).content.decode()
    # Meanwhile the model suggests, surely, on another comment
    [more] = record(admin_scope, services[0], "Lovely roast on Sunday.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(more.pk, {"food-and-drink": 0.97}, 1, 0.95)],
    )
    response = client.post(url, {"threshold": "80", "confirm": "yes", "expected": "1"})
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200 and not CodingReview.objects.for_org(org).exists()
    assert "The number of comments changed since you looked: it is now 2." in page
    assert "Accept the model's suggestions on 2 comments?" in page and 'name="expected" value="2"' in page


def test_bulk_accept_with_nothing_sure_enough_asks_nothing_and_changes_nothing(client, org, coder, framework, waiting):
    response = login(client, coder).post(
        reverse("themes:coding-bulk-accept", args=[framework.slug]), {"threshold": "95"}
    )
    assert response.status_code == 302 and not CodingReview.objects.for_org(org).exists()
    assert "No waiting comment had suggestions that sure." in client.get(response["Location"]).content.decode()


def test_the_model_page_shows_figures_and_agreement(client, org, coder, framework, waiting):
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    login(client, coder).post(url, {"themes": [theme(org, "food-and-drink").pk], "sentiment": "4"})
    page = client.get(reverse("themes:coding-model", args=[framework.slug])).content.decode()
    assert "model 1" in page and "70%" in page
    assert "checked on different comments" in page  # why two models' figures can disagree
    assert 'data-theme="food-and-drink"' in page


def test_the_agreement_says_when_it_counts_only_the_readers_services(client, org, services, coder, framework):
    url = reverse("themes:coding-model", args=[framework.slug])
    note = "These figures count the services you look after only."
    assert note not in login(client, coder).get(url).content.decode()
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    client.logout()
    assert note in login(client, manager).get(url).content.decode()


def test_the_model_page_says_how_many_comments_were_accepted_in_bulk(client, org, coder, framework, waiting):
    login(client, coder).post(
        reverse("themes:coding-bulk-accept", args=[framework.slug]), {"threshold": "80", "confirm": "yes"}
    )
    page = client.get(reverse("themes:coding-model", args=[framework.slug])).content.decode()
    assert "1 comment is coded, 1 of them by accepting suggestions in bulk." in page
    assert "Code at least 30 one by one before training a model." in page
    assert "Train a new model" not in page  # a button that could only fail is not offered
    assert 'data-theme="food-and-drink"' not in page  # accepted in bulk: no agreement to show


def test_the_model_page_explains_its_scores_in_plain_words(client, coder, framework, model_version):
    page = " ".join(
        login(client, coder).get(reverse("themes:coding-model", args=[framework.slug])).content.decode().split()
    )
    assert "its themes scored 70% overall and 60% on average across themes" in page
    assert "What the scores mean" in page
    # "F1" is named once, in the explanation, for whoever knows the term: never as a heading or a figure's name.
    # Counted as a word: a random token on the page (the form's CSRF value) may hold the letters "F1".
    assert len(re.findall(r"\bF1\b", page)) == 1 and "(Data scientists call this the F1 score.)" in page


def test_the_model_page_names_the_model_in_use_however_many_later_ones_did_no_better(
    client, org, coder, framework, model_version
):
    for number in range(2, 23):
        model_row(org, framework, number, ModelStatus.NOT_PROMOTED, metrics={"micro_f1": 0.5, "macro_f1": 0.4})
    page = login(client, coder).get(reverse("themes:coding-model", args=[framework.slug])).content.decode()
    assert "In use: <strong>model 1</strong>" in page and "No model is in use yet" not in page


def test_a_training_that_stopped_on_the_way_is_shown_and_a_new_one_can_be_started(
    client, org, services, admin_scope, coder, framework, model_version
):
    code_some(org, services, admin_scope, scope_for(user=coder.user, organisation=org), framework, 30)
    long_ago = clock.now() - training.STALLED_AFTER - dt.timedelta(minutes=1)
    model_row(
        org,
        framework,
        2,
        ModelStatus.TRAINING,
        progress=15,
        stage="Training on 120 coded comments",
        requested_at=long_ago,
        started_at=long_ago,
    )
    page = " ".join(
        login(client, coder).get(reverse("themes:coding-model", args=[framework.slug])).content.decode().split()
    )
    assert "Model 2 has stopped" in page and "Model 2 is being trained" not in page
    assert "Train a new model" in page and "data-progress-url" not in page


def test_training_from_the_page_needs_coded_comments(client, org, coder, framework, waiting):
    response = login(client, coder).post(reverse("themes:coding-model-train", args=[framework.slug]), follow=True)
    assert "Code at least 30 comments" in response.content.decode()
    assert ThemeModelVersion.objects.for_org(org).count() == 1


def test_progress_is_readable_as_json(client, coder, framework, model_version):
    data = login(client, coder).get(reverse("themes:coding-model-progress", args=[framework.slug, 1])).json()
    assert data["status"] == "promoted" and data["running"] is False


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.PARTNER])
def test_commissioners_and_partners_are_refused_every_coding_page(client, org, services, framework, waiting, role):
    # Partners do not code, and the queue shows comments before anyone has checked their redaction
    # (ADR 0008): by its address too, every coding page refuses them as the urgent queue does.
    person = person_with_role(org, role, services=[services[0]])
    login(client, person)
    slug = framework.slug
    pages = {
        "home": reverse("themes:coding"),
        "queue": reverse("themes:coding-queue", args=[slug]),
        "comment": reverse("themes:coding-comment", args=[slug, waiting[0].pk]),
        "model": reverse("themes:coding-model", args=[slug]),
        "progress": reverse("themes:coding-model-progress", args=[slug, 1]),
        "urgent flags": reverse("themes:queue"),
    }
    assert {name: client.get(url).status_code for name, url in pages.items()} == dict.fromkeys(pages, 403)
    posts = {
        "comment": reverse("themes:coding-comment", args=[slug, waiting[0].pk]),
        "accept": reverse("themes:coding-bulk-accept", args=[slug]),
        "train": reverse("themes:coding-model-train", args=[slug]),
    }
    assert {name: client.post(url, {"sentiment": "3"}).status_code for name, url in posts.items()} == dict.fromkeys(
        posts, 403
    )
    assert not CodingReview.objects.for_org(org).exists()
    scope = scope_for(user=person.user, organisation=org)
    for read in (
        lambda: selectors.coding_framework(scope=scope, slug=slug),
        lambda: selectors.frameworks_for_coding(scope=scope),
        lambda: selectors.coding_queue(scope=scope, framework=framework),
        lambda: selectors.comment_for_coding(scope=scope, comment_id=waiting[0].pk),
        lambda: selectors.model_versions(scope=scope, framework=framework),
    ):
        with pytest.raises(PermissionDenied):
            read()


def test_a_leader_still_reads_the_queue_and_the_model(client, org, framework, waiting):
    leader = person_with_role(org, Role.LEADER, all_services=True)
    login(client, leader)
    assert client.get(reverse("themes:coding-queue", args=[framework.slug])).status_code == 200
    assert client.get(reverse("themes:coding-model", args=[framework.slug])).status_code == 200


def test_staff_of_another_service_cannot_open_the_comment(client, org, services, framework, waiting):
    person = person_with_role(org, Role.STAFF, services=[services[1]])
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])
    assert login(client, person).get(url).status_code == 404
    assert client.post(url, {"sentiment": "3"}).status_code == 404


def test_another_organisation_cannot_see_the_framework_or_comments(client, other_org, framework, waiting):
    outsider = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    login(client, outsider)
    assert client.get(reverse("themes:coding-queue", args=[framework.slug])).status_code == 404


def test_a_comment_coded_since_the_order_was_worked_out_leaves_the_queue(client, org, coder, framework, waiting):
    queue = reverse("themes:coding-queue", args=[framework.slug])
    links = [reverse("themes:coding-comment", args=[framework.slug, c.pk]) for c in waiting]
    page = login(client, coder).get(queue).content.decode()
    assert all(link in page for link in links)
    client.post(links[0], {"themes": [theme(org, "food-and-drink").pk], "sentiment": "4", "then": "queue"})
    page = client.get(queue).content.decode()
    assert links[0] not in page and links[1] in page
    assert "1 comment waiting to be coded" in page


@pytest.fixture
def newest_first(monkeypatch):
    """Given "code these next" puts the newest comments first (the pool comes newest first)."""
    monkeypatch.setattr("themes.ml.active.active_order", lambda texts, **_: list(range(len(texts))))


@pytest.fixture
def three_days(services, admin_scope, framework):
    return [
        record(admin_scope, services[0], text, day=dt.date(2026, 11, day))[0]
        for day, text in ((2, "Tea was late."), (3, "The garden is lovely."), (4, "Nobody came when I rang."))
    ]


def test_saving_in_code_these_next_order_moves_on_in_that_order_and_keeps_it(
    client, org, coder, framework, three_days, newest_first
):
    oldest, middle, newest = three_days
    queue = reverse("themes:coding-queue", args=[framework.slug])
    links = {c.pk: reverse("themes:coding-comment", args=[framework.slug, c.pk]) for c in three_days}
    page = login(client, coder).get(queue + "?order=next").content.decode()
    assert page.index(links[newest.pk]) < page.index(links[middle.pk]) < page.index(links[oldest.pk])
    assert links[newest.pk] + "?order=next" in page

    opened = client.get(links[newest.pk] + "?order=next").content.decode()
    assert f'href="{queue}?order=next"' in opened  # the back link keeps the order
    food = theme(org, "food-and-drink").pk
    response = client.post(links[newest.pk] + "?order=next", {"themes": [food], "sentiment": "3", "then": "next"})
    assert response["Location"] == links[middle.pk] + "?order=next"
    response = client.post(links[middle.pk] + "?order=next", {"themes": [], "sentiment": "2", "then": "queue"})
    assert response["Location"] == queue + "?order=next"


def test_saving_in_oldest_first_order_moves_on_to_the_oldest_and_keeps_it(
    client, org, coder, framework, three_days, newest_first
):
    oldest, middle, newest = three_days
    queue = reverse("themes:coding-queue", args=[framework.slug])
    url = reverse("themes:coding-comment", args=[framework.slug, middle.pk]) + "?order=oldest"
    response = login(client, coder).post(url, {"themes": [], "sentiment": "3", "then": "next"})
    assert response["Location"] == reverse("themes:coding-comment", args=[framework.slug, oldest.pk]) + "?order=oldest"
    assert f'href="{queue}?order=oldest"' in client.get(url).content.decode()


def test_a_skipped_comment_is_passed_over_until_the_person_goes_back_to_the_queue(
    client, org, coder, framework, three_days, newest_first
):
    oldest, middle, newest = three_days
    link = {c.pk: reverse("themes:coding-comment", args=[framework.slug, c.pk]) + "?order=next" for c in three_days}
    queue = reverse("themes:coding-queue", args=[framework.slug]) + "?order=next"
    # Skipping saves nothing (no sentiment is needed) and moves on in the order
    response = login(client, coder).post(link[newest.pk], {"then": "skip"})
    assert response["Location"] == link[middle.pk] and not CodingReview.objects.for_org(org).exists()
    # Saving the next one moves on past the skipped comment, which would otherwise come first again
    response = client.post(link[middle.pk], {"themes": [], "sentiment": "3", "then": "next"})
    assert response["Location"] == link[oldest.pk]
    response = client.post(link[oldest.pk], {"themes": [], "sentiment": "3", "then": "next"})
    assert response["Location"] == queue
    page = client.get(response["Location"]).content.decode()
    assert "The ones you skipped are still in the list." in page and link[newest.pk].replace("&", "&amp;") in page
    # Once the person has been back to the queue, the skipped comment is next again
    response = client.post(link[oldest.pk], {"themes": [], "sentiment": "2", "then": "next"})
    assert response["Location"] == link[newest.pk]
    assert 'value="skip"' in client.get(link[newest.pk]).content.decode()
    assert 'value="skip"' not in client.get(link[oldest.pk]).content.decode()  # coded: nothing to skip


def test_a_comment_opened_from_its_feedback_goes_back_there(client, org, coder, framework, waiting):
    feedback_url = reverse("feedback:detail", args=[waiting[0].feedback_id])
    feedback_page = login(client, coder).get(feedback_url).content.decode()
    [code_url] = re.findall(rf'href="([^"]*/comments/{waiting[0].pk}/\?back=[^"]+)"', feedback_page)
    code_url = code_url.replace("&amp;", "&")
    page = client.get(code_url).content.decode()
    assert f'href="{feedback_url}"' in page and "Back to the feedback" in page
    response = client.post(code_url, {"themes": [theme(org, "food-and-drink").pk], "sentiment": "4", "then": "queue"})
    assert response.status_code == 302 and response["Location"] == feedback_url
    # Opened from the queue, it goes back to the queue as before
    plain = reverse("themes:coding-comment", args=[framework.slug, waiting[1].pk])
    assert "Back to comments waiting to be coded" in client.get(plain).content.decode()


def test_the_next_comment_is_one_the_person_may_code(
    client, org, services, admin_scope, framework, three_days, newest_first
):
    # The newest comment is at another service: someone working at Rowan House only moves on within it.
    record(admin_scope, services[1], "Parking is hard.", day=dt.date(2026, 11, 9))
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    _, middle, newest = three_days
    url = reverse("themes:coding-comment", args=[framework.slug, newest.pk]) + "?order=next"
    response = login(client, person).post(url, {"themes": [], "sentiment": "3", "then": "next"})
    assert response["Location"] == reverse("themes:coding-comment", args=[framework.slug, middle.pk]) + "?order=next"


def test_a_theme_removed_in_a_new_version_is_shown_and_ends_when_the_comment_is_coded(
    client, org, coder, framework, waiting
):
    # The model suggested "Dignity & respect" for the second comment; version 2 no longer has it.
    draft = framework_version_draft(scope=system_scope(organisation=org), framework=framework)
    theme_remove(scope=system_scope(organisation=org), theme=draft.themes.get(code="dignity-and-respect"))
    publish(system_scope(organisation=org), draft)
    url = reverse("themes:coding-comment", args=[framework.slug, waiting[1].pk])
    page = login(client, coder).get(url).content.decode()
    assert "No suggestions for this comment." in page
    assert "from an earlier version of the framework:" in page and "Dignity &amp; respect (version 1)" in page

    client.post(url, {"themes": [draft.themes.get(code="privacy").pk], "sentiment": "4", "then": "queue"})

    current = ThemeAssignment.objects.for_org(org).filter(comment=waiting[1], superseded_at__isnull=True)
    assert [(r.theme.code, r.theme.version_id, r.source) for r in current] == [("privacy", draft.pk, Source.PERSON)]
    page = client.get(url).content.decode()
    assert "from an earlier version" not in page and "not in version 2" in page
    feedback = client.get(reverse("feedback:detail", args=[waiting[1].feedback_id])).content.decode()
    assert "Dignity &amp; respect" not in feedback and "Privacy" in feedback


def test_the_queue_names_a_suggestion_as_the_published_version_names_its_theme(client, org, coder, framework, waiting):
    draft = framework_version_draft(scope=system_scope(organisation=org), framework=framework)
    theme_update(scope=system_scope(organisation=org), theme=draft.themes.get(code="food-and-drink"), name="Mealtimes")
    publish(system_scope(organisation=org), draft)
    page = login(client, coder).get(reverse("themes:coding-queue", args=[framework.slug])).content.decode()
    assert "Mealtimes 93%" in page and "Food &amp; drink" not in page


def test_bulk_accepted_rows_say_so_in_the_history_and_a_stale_suggestion_is_left_for_a_person(
    client, org, services, admin_scope, coder, framework, model_version, waiting
):
    [stale] = record(admin_scope, services[0], "They always knock before coming in.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(stale.pk, {"dignity-and-respect": 0.97}, 2, 0.9)],
    )
    draft = framework_version_draft(scope=system_scope(organisation=org), framework=framework)
    theme_remove(scope=system_scope(organisation=org), theme=draft.themes.get(code="dignity-and-respect"))
    publish(system_scope(organisation=org), draft)

    url = reverse("themes:coding-bulk-accept", args=[framework.slug]) + "?order=oldest"
    response = login(client, coder).post(url, {"threshold": "80", "confirm": "yes"})

    assert response["Location"] == reverse("themes:coding-queue", args=[framework.slug]) + "?order=oldest"
    page = client.get(response["Location"]).content.decode()
    assert "Accepted the suggestions on 1 comment (1 theme)." in page
    assert "Left 1 comment for you to code one by one" in page
    assert not CodingReview.objects.for_org(org).filter(comment=stale).exists()
    history = client.get(reverse("themes:coding-comment", args=[framework.slug, waiting[0].pk])).content.decode()
    assert "Asha Coder (accepted model 1's suggestions in bulk)" in history


def test_a_quality_lead_of_some_services_may_train_on_what_the_whole_organisation_coded(
    client, org, services, admin_scope, make_scope, framework
):
    code_some(org, services, admin_scope, make_scope(Role.QUALITY_LEAD), framework, 30)  # 15 at each of two homes
    lead = person_with_role(org, Role.QUALITY_LEAD, services=[services[0]])
    page = " ".join(
        login(client, lead).get(reverse("themes:coding-model", args=[framework.slug])).content.decode().split()
    )
    # A model learns from every service's coding, so the 15 they see are not all there is
    assert "15 comments are coded." in page
    assert "A model learns from the comments coded at every service: 30 so far." in page
    assert "Code at least 30" not in page and "Train a new model" in page
    assert client.post(reverse("themes:coding-model-train", args=[framework.slug])).status_code == 302
    assert ThemeModelVersion.objects.for_org(org).filter(requested_by=lead).exists()


def test_a_suggestion_is_never_shown_as_certain_and_says_no_person_has_checked_it(
    client, org, services, admin_scope, coder, framework, model_version
):
    # A calibrated probability can come out as 1.0; shown rounded down it read "100% sure".
    (comment,) = record(admin_scope, services[0], "The soup was cold.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 1.0}, 4, 1.0)],
    )
    login(client, coder)
    pages = [
        client.get(reverse("themes:coding-queue", args=[framework.slug])).content.decode(),
        client.get(reverse("themes:coding-comment", args=[framework.slug, comment.pk])).content.decode(),
        client.get(reverse("feedback:detail", args=[comment.feedback_id])).content.decode(),
    ]
    assert "Food &amp; drink 99%" in pages[0]
    assert "(suggested, 99% sure)" in pages[1] and 'The model suggests "Negative" (99% sure)' in pages[1]
    assert "suggested by the computer (model 1, 99% sure), not yet checked by a person" in pages[2]
    assert not any("100%" in page for page in pages)


def test_a_partner_reads_a_suggestion_in_plain_words(client, org, services, admin_scope, framework, model_version):
    # A co-production partner is not told about model versions: what made the suggestion, how
    # sure it was, and that nobody has checked it yet.
    (comment,) = record(admin_scope, services[0], "The soup was cold.", consent_to_quote=True)
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.9}, 4, 0.9)],
    )
    login(client, person_with_role(org, Role.PARTNER, services=[services[0]]))
    page = page_words(client.get(reverse("feedback:detail", args=[comment.feedback_id])).content.decode())
    assert "Food & drink (the computer suggested this and was 90% sure; nobody has checked it yet)" in page
    assert says(page, "model", "suggested by the computer", "not yet checked by a person") == []


def test_the_queue_says_which_services_each_count_covers(client, org, services, admin_scope, framework, waiting):
    """The counts are of the comments this person may read; the model learns from every service's."""
    record(admin_scope, services[1], "The garden gate sticks.")
    queue = reverse("themes:coding-queue", args=[framework.slug]) + "?order=oldest"
    model = "Suggestions come from model 1, trained on 120 comments coded across Northgate Care."
    rowan = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    page = page_words(login(client, rowan).get(queue).content.decode())
    assert "At Rowan House: 2 comments waiting to be coded, 0 coded. " + model in page
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=services[:2])
    page = page_words(login(client, manager).get(queue).content.decode())
    assert "At Beech Court and Rowan House: 3 comments waiting to be coded, 0 coded. " + model in page
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    page = page_words(login(client, lead).get(queue).content.decode())
    assert "Across Northgate Care: 3 comments waiting to be coded, 0 coded. " + model in page
    assert "of your coded comments" not in page
