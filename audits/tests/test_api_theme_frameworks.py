"""The audits and priorities API say which framework a theme code is of, and name the theme as the
pages do: from that framework, whichever framework is the main one now (ADR 0016, ADR 0015)."""

from organisations.scope import system_scope
from organisations.tests.factories import api_call
from priorities.models import Measure
from priorities.tests.test_priorities import choose, objective, session
from themes.services import framework_install, framework_make_primary

from .test_api import token
from .test_audits import _planned, published

FALLS = "falls-and-managing-risks"  # a theme of the social-care framework only
FALLS_NAME = "Falls & managing risks"


def _nhs_made_main(org) -> None:
    system = system_scope(organisation=org)
    framework_make_primary(scope=system, framework=framework_install(scope=system, key="nhs-pe-v6"))


def test_an_audit_says_which_framework_the_theme_it_was_planned_because_of_is_of(
    client, org, services, team, framework
):
    version = published(team)
    because = _planned(team, services, version, theme_code=FALLS)
    plain = _planned(team, services, version)
    social_care = {"id": framework.id, "name": "Social care feedback", "version": 1}
    raw = token(team.manager)

    def theme_of(body: dict) -> tuple:
        return body["reason_theme_code"], body["reason_theme_name"], body["reason_theme_framework"]

    listed = {r["id"]: theme_of(r) for r in api_call(client, "get", "/api/audits", raw).json()}
    assert listed == {because.id: (FALLS, FALLS_NAME, social_care), plain.id: ("", "", None)}

    # After another framework becomes the main one, the theme keeps its name and its framework.
    _nhs_made_main(org)
    detail = api_call(client, "get", f"/api/audits/{because.id}", raw).json()
    assert theme_of(detail) == (FALLS, FALLS_NAME, social_care)
    withdrawn = api_call(client, "post", f"/api/audits/{because.id}/withdraw", raw, {"reason": "Planned twice."})
    assert withdrawn.status_code == 200 and theme_of(withdrawn.json()) == (FALLS, FALLS_NAME, social_care)

    # Another organisation's frameworks are never named: its people see none of these audits.
    assert api_call(client, "get", "/api/audits", token(team.beech_manager)).json() == []


def test_an_objective_says_which_framework_its_theme_is_of(client, org, services, team, framework):
    rowan = services[0]
    choose(
        team,
        session(team, rowan),
        objectives=[
            objective(team, theme_code=FALLS),
            objective(team, description="More good answers", measure=Measure.FFT_POSITIVE, theme_code="", target=90.0),
        ],
    )
    social_care = {"id": framework.id, "name": "Social care feedback", "version": 1}
    raw = token(team.manager)

    def objectives() -> dict:
        [found] = api_call(client, "get", "/api/priorities", raw).json()
        return {o["description"]: (o["theme_code"], o["theme_name"], o["theme_framework"]) for o in found["objectives"]}

    expected = {
        "Fewer people wait for the call bell": (FALLS, FALLS_NAME, social_care),
        "More good answers": ("", "", None),
    }
    assert objectives() == expected
    _nhs_made_main(org)
    assert objectives() == expected


def test_the_api_description_has_the_theme_framework_of_audits_and_objectives(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    framework = {"$ref": "#/components/schemas/ThemeFrameworkOut"}
    for schema, prefix in (("RunOut", "reason_"), ("RunDetailOut", "reason_"), ("ObjectiveOut", "")):
        properties = schemas[schema]["properties"]
        assert properties[f"{prefix}theme_name"]["type"] == "string"
        assert framework in properties[f"{prefix}theme_framework"]["anyOf"]
        assert properties[f"{prefix}theme_framework"]["description"]
    assert set(schemas["ThemeFrameworkOut"]["properties"]) == {"id", "name", "version"}
