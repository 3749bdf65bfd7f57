"""The coding API: same scoping and rules as the pages, and the same provenance."""

import pytest

from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import api_call as call
from organisations.tests.factories import api_token_for
from themes.coding.selectors import primary_framework
from themes.coding.services import Suggestion, comment_code, suggestions_accept_confident, suggestions_store
from themes.models import ModelStatus, Source, ThemeAssignment, ThemeModelVersion

from .test_coding import record
from .test_pages import model_version  # noqa: F401  (fixtures)


@pytest.fixture
def waiting(org, services, admin_scope, framework, model_version):  # noqa: F811
    [comment] = record(admin_scope, services[0], "The soup was cold again.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.9, "dignity-and-respect": 0.4}, 4, 0.7)],
    )
    return comment


def test_the_queue_lists_waiting_comments_with_the_models_suggestions(client, org, services, waiting):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    data = call(client, "get", "/api/coding/social-care/queue", token).json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["comment_id"] == waiting.pk
    food = next(s for s in item["suggestions"] if s["theme_code"] == "food-and-drink")
    assert (food["source"], food["confidence"], food["model_version"]) == ("model", 0.9, 1)


def test_coding_through_the_api_supersedes_the_suggestions_and_reports_the_history(client, org, services, waiting):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    path = f"/api/coding/social-care/comments/{waiting.pk}"
    response = call(
        client, "post", path, token, {"framework": "social-care", "themes": ["food-and-drink"], "sentiment": 5}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["coded"] is True
    current = {(r["theme_code"], r["applies"], r["source"]) for r in data["current"] if r["theme_code"]}
    assert current == {("food-and-drink", True, "person"), ("dignity-and-respect", False, "person")}
    assert (
        len([r for r in data["history"] if r["source"] == "model" and not r["current"]]) == 3
    )  # 2 themes, 1 sentiment
    assert ThemeAssignment.objects.for_org(org).filter(comment=waiting, source=Source.PERSON).count() == 2


def test_an_unknown_theme_is_named_in_the_error_and_nothing_is_saved(client, org, services, waiting):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    path = f"/api/coding/social-care/comments/{waiting.pk}"
    response = call(client, "post", path, token, {"framework": "social-care", "themes": ["soup"], "sentiment": 4})
    assert response.status_code == 422
    assert "soup" in response.json()["fields"]["themes"][0]
    assert not ThemeAssignment.objects.for_org(org).filter(source=Source.PERSON).exists()


def test_commissioners_partners_and_other_organisations_get_nothing(client, org, other_org, services, waiting):
    for role in (Role.COMMISSIONER, Role.PARTNER):
        token = api_token_for(org, role, services)
        assert call(client, "get", "/api/coding/social-care/queue", token).status_code == 403
        assert call(client, "get", f"/api/coding/social-care/comments/{waiting.pk}", token).status_code == 403
        assert call(client, "get", "/api/coding/social-care/models", token).status_code == 403
    other_services = [services[0].__class__.objects.for_org(other_org).create(organisation=other_org, name="Elsewhere")]
    outsider = api_token_for(other_org, Role.ADMINISTRATOR, other_services)
    assert call(client, "get", f"/api/coding/social-care/comments/{waiting.pk}", outsider).status_code == 404


def test_models_are_listed_and_training_is_refused_without_enough_coding(client, org, services, waiting):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    [model] = call(client, "get", "/api/coding/social-care/models", token).json()
    assert model["number"] == 1 and model["status"] == ModelStatus.PROMOTED
    response = call(client, "post", "/api/coding/social-care/models", token)
    assert response.status_code == 422 and "at least 30" in response.json()["fields"]["__all__"][0]
    staff = api_token_for(org, Role.STAFF, services)
    assert call(client, "post", "/api/coding/social-care/models", staff).status_code == 403
    assert ThemeModelVersion.objects.for_org(org).count() == 1


def test_the_queue_costs_the_same_queries_however_many_comments_wait(
    client,
    org,
    services,
    admin_scope,
    model_version,  # noqa: F811
    django_assert_max_num_queries,
):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    comments = [
        c
        for i in range(4)
        for c in record(admin_scope, services[0], *[f"Soup cold, week {i} day {d}." for d in range(3)])
    ]
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(c.pk, {"food-and-drink": 0.9, "dignity-and-respect": 0.4}, 4, 0.7) for c in comments],
    )
    with django_assert_max_num_queries(12):
        data = call(client, "get", "/api/coding/social-care/queue", token).json()
    assert data["count"] == 12 and all(len(item["suggestions"]) == 2 for item in data["items"])


def test_the_history_says_which_rows_were_accepted_in_bulk(client, org, services, make_scope, model_version):  # noqa: F811
    [comment] = record(make_scope(), services[0], "Lovely roast dinners.")
    suggestions_store(
        scope=system_scope(organisation=org),
        model_version=model_version,
        suggestions=[Suggestion(comment.pk, {"food-and-drink": 0.97}, 1, 0.95)],
    )
    suggestions_accept_confident(scope=make_scope(Role.QUALITY_LEAD), framework=model_version.framework, threshold=0.9)
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    data = call(client, "get", f"/api/coding/social-care/comments/{comment.pk}", token).json()
    assert {(r["source"], r["bulk_accepted"]) for r in data["current"]} == {("person", True)}
    assert {(r["source"], r["bulk_accepted"]) for r in data["history"] if not r["current"]} == {("model", False)}


@pytest.mark.parametrize("query", [f"offset={2**63}", f"offset={10**30}", "limit=0", "offset=-1"])
def test_a_queue_page_beyond_the_databases_integers_is_a_422_naming_the_field(client, org, services, waiting, query):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    response = call(client, "get", f"/api/coding/social-care/queue?{query}", token)
    assert response.status_code == 422
    assert query.split("=")[0] in str(response.json())


def test_coding_from_a_stale_read_is_a_409_saying_who_coded_and_saves_nothing(
    client, org, services, make_scope, waiting
):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    path = f"/api/coding/social-care/comments/{waiting.pk}"
    seen = call(client, "get", path, token).json()["seen"]
    # Meanwhile someone codes the comment on the page
    first = make_scope(Role.STAFF)
    comment_code(
        scope=first,
        comment_id=waiting.pk,
        framework=primary_framework(scope=first),
        theme_ids=[],
        sentiment=3,
        seen=None,
    )
    body = {"framework": "social-care", "themes": ["food-and-drink"], "sentiment": 5}
    response = call(client, "post", path, token, {**body, "seen": seen})
    assert response.status_code == 409
    assert f"{first.person.full_name} coded this comment on" in response.json()["detail"]
    assert not ThemeAssignment.objects.for_org(org).filter(source=Source.PERSON, applies=True).exists()
    # Read again, and coded from what is there now, it is saved
    seen = call(client, "get", path, token).json()["seen"]
    assert call(client, "post", path, token, {**body, "seen": seen}).status_code == 200
    assert ThemeAssignment.objects.for_org(org).get(source=Source.PERSON, applies=True).theme.code == "food-and-drink"


def test_a_framework_in_the_body_other_than_the_addresss_is_refused_naming_the_field(client, org, services, waiting):
    token = api_token_for(org, Role.QUALITY_LEAD, services)
    path = f"/api/coding/social-care/comments/{waiting.pk}"
    response = call(
        client, "post", path, token, {"framework": "nhs-care", "themes": ["food-and-drink"], "sentiment": 5}
    )
    assert response.status_code == 422
    assert "nhs-care" in response.json()["fields"]["framework"][0]
    assert not ThemeAssignment.objects.for_org(org).filter(source=Source.PERSON).exists()
