"""End to end: a quality lead codes feedback with the model's suggestions, corrects one, and sees the
correction supersede the model's row; then trains a new model from the page. Every page is checked with axe."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from core import clock
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from themes.coding.services import Suggestion, comment_code, suggestions_store
from themes.coding.tests.helpers import promoted_model, theme
from themes.coding.tests.test_coding import record
from themes.coding.tests.test_pages import model_row
from themes.coding.tests.test_training import code_some
from themes.coding.training import STALLED_AFTER, model_train_now, suggest_waiting
from themes.models import (
    CodingReview,
    ModelStatus,
    SentimentAssignment,
    Source,
    ThemeAssignment,
    ThemeModelVersion,
)
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "Nobody answered the call bell for ages and the food was cold."


def test_coding_with_suggestions_and_a_correction_that_supersedes_the_models_row(visit, org, services, admin_scope):
    # Given Northgate Care codes with the social-care framework, has 60 coded comments and a model
    # trained on them, and one new comment waiting with the model's suggestions
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    lead_scope = scope_for(user=lead.user, organisation=org)
    code_some(org, services, admin_scope, lead_scope, framework, 60)
    model = model_train_now(scope=lead_scope, framework=framework)
    assert model.status == ModelStatus.PROMOTED
    [waiting] = record(admin_scope, services[0], NEW)
    suggest_waiting(scope=lead_scope, version=model, comment_ids=[waiting.pk])
    # The model's most confident theme is the one Grace will correct (which one it is depends on
    # how the model was trained, so the test reads it rather than assuming it).
    suggested = (
        ThemeAssignment.objects.for_org(org)
        .filter(comment=waiting, source=Source.MODEL)
        .select_related("theme")
        .order_by("-confidence")
        .first()
    )
    assert suggested is not None, "the model suggested no theme for the new comment"
    name = suggested.theme.name
    added_code, added_name = (
        ("privacy", "Privacy")
        if suggested.theme.code == "dignity-and-respect"
        else ("dignity-and-respect", "Dignity & respect")
    )

    # When Grace opens Coding, she sees the comment with the model's suggestions and how sure it is
    page = visit.sign_in(lead.user.email)
    page.get_by_role("link", name="Coding", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coding: Social care feedback")
    expect(page.get_by_text(NEW)).to_be_visible()
    tag = page.get_by_text(re.compile(re.escape(name) + r" \d+%")).first
    expect(tag).to_be_visible()
    # A long theme name and its figure wrap only where the column is narrower than them.
    assert tag.evaluate("t => getComputedStyle(t).maxWidth") == "100%"
    visit.check_accessibility()

    # And she opens it: the suggestions are ticked, each saying how sure the model is
    page.get_by_role("link", name=re.compile("code this comment")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code a comment")
    food = page.get_by_role("checkbox", name=re.compile(re.escape(name)))
    expect(food).to_be_checked()
    expect(page.get_by_text(re.compile(r"suggested, \d+% sure")).first).to_be_visible()
    visit.check_accessibility()

    # Every other theme is behind one summary, so the keyboard passes them in one Tab: from the last
    # suggestion, Tab reaches the summary and a second Tab the save button
    page.locator("#id_themes input").last.focus()
    page.keyboard.press("Tab")
    expect(page.locator("summary", has_text="Add another theme")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save and code the next comment")).to_be_focused()

    # She corrects it with the keyboard: she unticks that theme, then opens the other themes, finds
    # one the model did not suggest by a few letters and ticks it with Enter, which sends nothing
    food.focus()
    page.keyboard.press("Space")
    expect(food).not_to_be_checked()
    page.locator("summary", has_text="Add another theme").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    find = page.get_by_label("Find a theme by name")
    expect(find).to_be_focused()
    page.keyboard.type(added_name.split()[0][:5].lower())
    expect(page.get_by_role("group", name="Environment")).to_be_hidden()
    page.keyboard.press("Enter")
    added_box = page.get_by_role("checkbox", name=added_name)
    expect(added_box).to_be_checked()
    expect(page.get_by_text(f"{added_name} ticked")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code a comment")  # Enter sent nothing
    # A category's name shows its themes; Enter then ticks none of them, and says why
    find.fill("daily")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^\d+ shown: type more of a name, or move to one with Tab$"))).to_be_visible()
    expect(page.get_by_role("group", name="Daily life").get_by_role("checkbox", checked=True)).to_have_count(0)
    find.fill("")
    visit.check_accessibility()
    page.get_by_role("radio", name="Very negative").check()
    page.get_by_role("button", name="Save and go back").click()
    expect(page.get_by_text("Coding saved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting to be coded.")).to_be_visible()
    visit.check_accessibility()

    # Then the model's row is kept as history, superseded by Grace's row saying it does not apply
    suggested.refresh_from_db()
    correction = suggested.superseded_by
    assert correction is not None and suggested.superseded_at is not None
    assert (correction.source, correction.applies, correction.made_by) == (Source.PERSON, False, lead)
    assert (suggested.source, suggested.applies, suggested.model_version) == (Source.MODEL, True, model)
    added = ThemeAssignment.objects.for_org(org).get(comment=waiting, theme__code=added_code)
    assert added.source == Source.PERSON and added.is_current
    assert CodingReview.objects.for_org(org).filter(comment=waiting, reviewed_by=lead).exists()

    # And the comment's history on the page says so
    visit.go(f"/themes/coding/{framework.slug}/comments/{waiting.pk}/")
    history = page.get_by_role("table")
    food_model = history.get_by_role("row").filter(has_text=f"{name}: applies").filter(has_text="Model 1")
    expect(food_model).to_contain_text("Replaced")
    food_person = history.get_by_role("row").filter(has_text=f"{name}: does not apply")
    expect(food_person).to_contain_text("Grace Okafor")
    expect(food_person).to_contain_text("Current")
    visit.check_accessibility()

    # And the model page shows agreement for that theme (one suggestion removed), then trains model 2
    page.get_by_role("link", name="Back to comments waiting to be coded").click()
    page.get_by_role("link", name="Suggestions model and agreement").click()
    food_agreement = page.locator(f"tr[data-theme='{suggested.theme.code}']")
    expect(food_agreement).to_contain_text("0%")
    visit.check_accessibility()
    page.get_by_role("button", name="Train a new model").click()
    expect(page.get_by_text("Model 2 is being trained")).to_be_visible()
    second = ThemeModelVersion.objects.for_org(org).get(number=2)
    assert second.status in (ModelStatus.PROMOTED, ModelStatus.NOT_PROMOTED)
    visit.check_accessibility()

    # A training that a restarted worker left half done is shown as stopped, and may be replaced
    long_ago = clock.now() - STALLED_AFTER - dt.timedelta(minutes=1)
    model_row(
        org,
        framework,
        3,
        ModelStatus.TRAINING,
        progress=40,
        stage="Checking",
        requested_at=long_ago,
        started_at=long_ago,
    )
    page.reload()
    expect(page.get_by_role("heading", name=re.compile("Model 3 has stopped"))).to_be_visible()
    expect(page.get_by_role("button", name="Train a new model")).to_be_visible()
    visit.check_accessibility()

    # Once feedback it learnt from is made anonymous, the model in use says it is about to be replaced
    in_use = ThemeModelVersion.objects.for_org(org).filter(status=ModelStatus.PROMOTED)
    number = in_use.get().number
    in_use.update(learned_removed_words_at=clock.now())
    page.reload()
    expect(page.get_by_text(f"Feedback model {number} learnt from was made anonymous on")).to_be_visible()
    visit.check_accessibility()
    in_use.update(learned_removed_words_at=None)

    # Accepting in bulk says how many comments it will code before it codes any
    [sure] = record(admin_scope, services[0], "Lovely roast dinner on Sunday.")
    # (its suggestions set here, rather than whatever the model in use said as it arrived)
    ThemeAssignment.objects.for_org(org).filter(comment=sure).delete()
    SentimentAssignment.objects.for_org(org).filter(comment=sure).delete()
    suggestions_store(
        scope=lead_scope, model_version=model, suggestions=[Suggestion(sure.pk, {"food-and-drink": 0.97}, 1, 0.92)]
    )
    visit.go(f"/themes/coding/{framework.slug}/")
    page.locator("summary", has_text="Accept the suggestions the model is sure of").click()
    page.get_by_label("Accept suggestions where the model is at least this sure").select_option(label="90% or more")
    page.get_by_role("button", name="Accept confident suggestions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept the model's suggestions on 1 comment?")
    assert not CodingReview.objects.for_org(org).filter(comment=sure).exists()
    visit.check_accessibility()
    page.get_by_role("button", name="Accept the suggestions on 1 comment").click()
    expect(page.get_by_text("Accepted the suggestions on 1 comment (1 theme).")).to_be_visible()
    assert CodingReview.objects.for_org(org).get(comment=sure).bulk_accepted


def test_training_progress_is_said_once_each_time_it_moves(visit, org, services):
    # Given a model being trained, 22% through, at Northgate Care
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    now = clock.now()
    training = model_row(
        org,
        framework,
        1,
        ModelStatus.TRAINING,
        progress=22,
        stage="Learning the themes",
        requested_at=now,
        started_at=now,
    )
    page = visit.sign_in(lead.user.email)
    visit.go(f"/themes/coding/{framework.slug}/model/")
    stage = page.locator("[data-progress-stage]")
    expect(stage).to_have_text("22%: Learning the themes")
    visit.check_accessibility()
    # (every change to the polite live region is something a screen reader may read out)
    page.evaluate(
        """() => {
        window.saidAgain = 0;
        new MutationObserver((changes) => { window.saidAgain += changes.length; }).observe(
            document.querySelector('[data-progress-stage]'), {childList: true, characterData: true, subtree: true});
    }"""
    )

    # When the page asks for news twice and nothing has moved, then nothing is said again
    with page.expect_response(re.compile(r"/progress/$")):
        pass
    with page.expect_response(re.compile(r"/progress/$")):
        pass
    page.wait_for_timeout(300)  # for the page to act on the second answer
    assert page.evaluate("() => window.saidAgain") == 0

    # When the training moves on, then the new stage is said
    ThemeModelVersion.objects.for_org(org).filter(pk=training.pk).update(
        progress=48, stage="Learning how positive or negative comments are"
    )
    expect(stage).to_have_text("48%: Learning how positive or negative comments are")
    assert page.evaluate("() => window.saidAgain") > 0


def test_a_save_from_a_page_someone_else_saved_meanwhile_is_refused_and_shows_their_coding(
    visit, org, services, admin_scope
):
    # Given a comment waiting with the model's suggestion, and two people who code at Northgate Care
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    grace = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    ben = person_with_role(org, Role.STAFF, all_services=True, full_name="Ben Adeyemi")
    [waiting] = record(admin_scope, services[0], "The soup was cold again.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=promoted_model(org, framework),
        suggestions=[Suggestion(waiting.pk, {"food-and-drink": 0.9}, 4, 0.3)],
    )

    # When Grace opens it, the model's unsure sentiment is named but not chosen for her
    page = visit.sign_in(grace.user.email)
    visit.go(f"/themes/coding/{framework.slug}/comments/{waiting.pk}/")
    expect(page.get_by_text('The model suggests "Negative" (30% sure).')).to_be_visible()
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    # And while she has it open, Ben codes it: privacy, not food
    comment_code(
        scope=scope_for(user=ben.user, organisation=org),
        comment_id=waiting.pk,
        framework=framework,
        theme_ids=[theme(org, "privacy").pk],
        sentiment=5,
    )
    page.get_by_role("radio", name="Negative (suggested)").check()
    page.get_by_role("button", name="Save and go back").click()

    # Then nothing of hers is saved: the page says Ben coded it, what she had chosen, and shows his coding
    expect(page.get_by_role("heading", name="The coding of this comment changed while you had it open")).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()  # so a screen reader reads it first
    expect(page.get_by_text(re.compile("Ben Adeyemi coded this comment on"))).to_be_visible()
    expect(page.get_by_text('You had chosen: Food & drink; sentiment "Negative".')).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("^Privacy"))).to_be_checked()
    expect(page.get_by_role("radio", name="Very negative")).to_be_checked()
    visit.check_accessibility()
    # And she codes again from there, and it is saved
    page.get_by_role("button", name="Save and go back").click()
    expect(page.get_by_text("Coding saved.")).to_be_visible()
    assert CodingReview.objects.for_org(org).filter(comment=waiting, reviewed_by=grace).exists()
