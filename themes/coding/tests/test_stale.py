"""Coding from a page drawn before someone else saved: refused, saying who coded what and when."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import PASSWORD, person_with_role
from themes.coding.selectors import coding_seen
from themes.coding.services import Suggestion, comment_code, suggestions_accept_confident, suggestions_store
from themes.models import CodingReview, SentimentAssignment, Source, ThemeAssignment

from .helpers import promoted_model, theme
from .test_coding import comment, record, rows  # noqa: F401  (fixtures)
from .test_pages import ticked

# 10:05 in London, in winter
SAVED_AT = dt.datetime(2026, 12, 2, 10, 5, tzinfo=dt.UTC)


@pytest.fixture
def first(make_scope):
    return make_scope(Role.QUALITY_LEAD)


@pytest.fixture
def second(make_scope):
    return make_scope(Role.STAFF)


def seen(scope, comment, framework):  # noqa: F811
    return coding_seen(scope=scope, comment=comment, framework=framework)


def test_a_save_from_a_page_drawn_before_someone_else_coded_is_refused_and_says_what_they_coded(
    org,
    framework,
    comment,  # noqa: F811
    first,
    second,
    monkeypatch,
):
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    # Both open the comment; the first saves
    page_of_first, page_of_second = seen(first, comment, framework), seen(second, comment, framework)
    monkeypatch.setattr(clock, "now", lambda: SAVED_AT)
    comment_code(
        scope=first, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4, seen=page_of_first
    )
    reviews, audits = CodingReview.objects.for_org(org).count(), AuditEvent.objects.for_org(org).count()

    with pytest.raises(ValidationError) as refused:
        comment_code(
            scope=second,
            comment_id=comment.pk,
            framework=framework,
            theme_ids=[bells.pk],
            sentiment=2,
            seen=page_of_second,
        )

    [message] = refused.value.message_dict["seen"]
    assert refused.value.error_dict["seen"][0].code == "stale"
    assert f"{first.person.full_name} coded this comment on 2 December 2026 at 10:05, while you had it open." in message
    assert 'It now says: Food & drink; sentiment "Negative". Your coding was not saved' in message
    # The first person's coding stands, untouched; nothing of the second's was written
    current = rows(org, comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.made_by) for r in current} == {("food-and-drink", True, first.person)}
    assert SentimentAssignment.objects.for_org(org).get(comment=comment).level == 4
    assert (CodingReview.objects.for_org(org).count(), AuditEvent.objects.for_org(org).count()) == (reviews, audits)


def test_coding_again_from_the_current_state_is_saved_over_the_first_persons(
    org,
    framework,
    comment,  # noqa: F811
    first,
    second,
):
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    stale = seen(second, comment, framework)
    comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4)
    with pytest.raises(ValidationError):
        comment_code(
            scope=second, comment_id=comment.pk, framework=framework, theme_ids=[bells.pk], sentiment=2, seen=stale
        )

    comment_code(
        scope=second,
        comment_id=comment.pk,
        framework=framework,
        theme_ids=[bells.pk],
        sentiment=2,
        seen=seen(second, comment, framework),
    )

    current = rows(org, comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.made_by) for r in current} == {
        ("call-bells-and-responsiveness", True, second.person),
        ("food-and-drink", False, second.person),
    }
    # The first person's row is kept, superseded by the second's decision
    kept = rows(org, comment, made_by=first.person).get()
    assert kept.superseded_by.made_by == second.person


def test_new_suggestions_since_the_page_was_drawn_also_refuse_the_save(
    org,
    framework,
    comment,  # noqa: F811
    first,
):
    # Rejecting suggestions the person never saw would teach the model a rejection nobody made
    stale = seen(first, comment, framework)
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=promoted_model(org, framework),
        suggestions=[Suggestion(comment.pk, {"privacy": 0.7}, 3, 0.6)],
    )
    with pytest.raises(ValidationError) as refused:
        comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3, seen=stale)
    assert "Model 1 made new suggestions for this comment" in refused.value.message_dict["seen"][0]
    assert "It now says: Privacy" in refused.value.message_dict["seen"][0]
    assert not ThemeAssignment.objects.for_org(org).filter(source=Source.PERSON).exists()


def test_a_bulk_acceptance_of_the_suggestions_the_page_showed_does_not_refuse_the_save(
    org,
    framework,
    comment,  # noqa: F811
    first,
    second,
):
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=promoted_model(org, framework),
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.95}, 4, 0.9)],
    )
    page = seen(second, comment, framework)
    # Meanwhile someone accepts the model's suggestions in bulk: the same themes and sentiment the page shows
    assert suggestions_accept_confident(scope=first, framework=framework, threshold=0.9).comments == 1
    assert seen(second, comment, framework) == page

    bells = theme(org, "call-bells-and-responsiveness")
    comment_code(scope=second, comment_id=comment.pk, framework=framework, theme_ids=[bells.pk], sentiment=5, seen=page)

    # Coding it on its own supersedes the rows accepted in bulk, as it would have the suggestions
    current = rows(org, comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.made_by, r.bulk_accepted) for r in current} == {
        ("call-bells-and-responsiveness", True, second.person, False),
        ("food-and-drink", False, second.person, False),
    }
    assert rows(org, comment, bulk_accepted=True).get().superseded_by.made_by == second.person


def test_the_token_is_the_same_for_everyone_and_changes_only_with_the_coding(
    org,
    framework,
    comment,  # noqa: F811
    first,
    second,
):
    food = theme(org, "food-and-drink")
    before = seen(first, comment, framework)
    assert seen(second, comment, framework) == before
    comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4)
    after = seen(first, comment, framework)
    assert after != before
    # Saving the same coding again leaves the rows as they were, so nobody else's page goes stale
    comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4, seen=after)
    assert seen(second, comment, framework) == after


def seen_on(page: str) -> str:
    [token] = re.findall(r'<input type="hidden" name="seen" value="([0-9a-f]+)">', page)
    return token


def test_the_page_refuses_a_save_made_from_before_someone_elses_and_shows_theirs_to_code_again(
    client,
    org,
    framework,
    comment,  # noqa: F811
    first,
    monkeypatch,
):
    food, bells = theme(org, "food-and-drink"), theme(org, "call-bells-and-responsiveness")
    person = person_with_role(org, Role.STAFF, all_services=True, full_name="Ben Second")
    client.login(email=person.user.email, password=PASSWORD)
    url = reverse("themes:coding-comment", args=[framework.slug, comment.pk])
    opened = seen_on(client.get(url).content.decode())
    # While Ben has the page open, the first person codes the comment
    monkeypatch.setattr(clock, "now", lambda: SAVED_AT)
    comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[food.pk], sentiment=4)

    response = client.post(url, {"themes": [bells.pk], "sentiment": "1", "seen": opened, "then": "next"})

    assert response.status_code == 409
    page = " ".join(response.content.decode().split())
    assert "The coding of this comment changed while you had it open" in page
    assert f"{first.person.full_name} coded this comment on 2 December 2026 at 10:05" in page
    assert "You had chosen: Call bells &amp; responsiveness; sentiment &#34;Very positive&#34;." in page
    # The boxes show the coding as it is now, with a token for it; nothing of Ben's was saved
    assert ticked(page, food.pk) and not ticked(page, bells.pk)
    assert re.search(r'<input[^>]+name="sentiment" type="radio" value="4" checked', page)
    assert seen_on(page) != opened
    assert not ThemeAssignment.objects.for_org(org).filter(made_by=person).exists()
    # Ben codes again from there, and it is saved over the first person's coding
    response = client.post(url, {"themes": [bells.pk], "sentiment": "1", "seen": seen_on(page), "then": "queue"})
    assert response.status_code == 302
    current = rows(org, comment, superseded_at__isnull=True)
    assert {(r.theme.code, r.applies, r.made_by) for r in current} == {
        ("call-bells-and-responsiveness", True, person),
        ("food-and-drink", False, person),
    }


def test_a_page_sent_back_with_a_mistake_keeps_the_token_it_was_drawn_with(
    client,
    org,
    framework,
    comment,  # noqa: F811
    first,
):
    person = person_with_role(org, Role.STAFF, all_services=True)
    client.login(email=person.user.email, password=PASSWORD)
    url = reverse("themes:coding-comment", args=[framework.slug, comment.pk])
    opened = seen_on(client.get(url).content.decode())
    comment_code(scope=first, comment_id=comment.pk, framework=framework, theme_ids=[], sentiment=3)
    # No sentiment: sent back, still carrying the token of the page Ben first saw
    response = client.post(url, {"themes": [], "seen": opened})
    assert response.status_code == 400 and seen_on(response.content.decode()) == opened
    response = client.post(url, {"themes": [], "sentiment": "2", "seen": opened})
    assert response.status_code == 409
