"""A record's theme codes belong to the framework they were chosen from. The two frameworks Heard ships
share a code (staff-continuity), so after the organisation changes its main framework a record tagged
with the old one's theme must not count as the new one's."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import clock
from evidence import selectors
from evidence import services as ev
from evidence.models import EvidenceItem, PerformanceMeasure
from organisations.scope import system_scope
from themes.models import Theme
from themes.selectors import version_unmapped_themes
from themes.services import (
    framework_install,
    framework_make_primary,
    framework_version_draft,
    framework_version_publish,
    theme_remove,
)

SHARED = "staff-continuity"  # a theme of both shipped frameworks


def staff_said(scope, services, summary: str, codes=(SHARED,)) -> EvidenceItem:
    return ev.item_record(
        scope=scope,
        service_id=services[0].id,
        kind="staff_feedback",
        occurred_on=clock.today() - dt.timedelta(days=2),
        summary=summary,
        theme_codes=list(codes),
    )


def across(scope) -> dict[str, object]:
    rows = selectors.triangulate(
        scope=scope, theme_code=SHARED, first=clock.today() - dt.timedelta(days=30), last=clock.today()
    )
    return {r.source: r.count for r in rows}


def test_a_code_both_frameworks_share_counts_only_under_the_framework_it_was_chosen_from(
    org, services, team, framework
):
    scope = team.scope("quality")
    social_care = framework
    older = staff_said(scope, services, "Agency staff on nights do not know residents")
    ev.measure_create(scope=scope, name="Agency shifts", category="processes", theme_code=SHARED)
    assert older.theme_framework == social_care
    assert across(scope)["Feedback from staff"] == 1 and "Agency shifts" in across(scope)

    system = system_scope(organisation=org)
    nhs = framework_install(scope=system, key="nhs-pe-v6")
    framework_make_primary(scope=system, framework=nhs)
    assert across(scope)["Feedback from staff"] == 0
    assert "Agency shifts" not in across(scope)
    assert list(selectors.item_list(scope=scope, filters=selectors.ItemFilters(theme_code=SHARED))) == []

    newer = staff_said(scope, services, "Too many new faces on the ward")
    assert newer.theme_framework == nhs
    assert list(selectors.item_list(scope=scope, filters=selectors.ItemFilters(theme_code=SHARED))) == [newer]
    assert across(scope)["Feedback from staff"] == 1

    framework_make_primary(scope=system, framework=social_care)
    assert list(selectors.item_list(scope=scope, filters=selectors.ItemFilters(theme_code=SHARED))) == [older]
    assert across(scope)["Feedback from staff"] == 1 and "Agency shifts" in across(scope)


def test_an_import_keeps_the_framework_its_codes_are_of(org, services, team, framework):
    today = f"{clock.today():%Y-%m-%d}"
    ev.items_import(
        scope=team.scope("quality"),
        text="service,kind,occurred_on,summary,harm,reference,themes\n"
        f"Rowan House,staff_feedback,{today},New faces every night,,,{SHARED}\n"
        f"Rowan House,staff_feedback,{today},The rota came late,,,\n",
    )
    assert sorted(EvidenceItem.objects.for_org(org).values_list("summary", "theme_framework")) == [
        ("New faces every night", framework.id),
        ("The rota came late", None),
    ]


@pytest.mark.django_db(transaction=True)
def test_records_made_before_are_given_the_framework_in_force(org, services, team, framework):
    scope = team.scope("quality")
    tagged = staff_said(scope, services, "Agency staff on nights do not know residents")
    untagged = staff_said(scope, services, "The rota came late", codes=())
    measure = ev.measure_create(scope=scope, name="Agency shifts", category="processes", theme_code=SHARED)
    plain = ev.measure_create(scope=scope, name="Staff turnover", category="outcomes")
    # Back to before records kept their framework, and forward again: filled from the main framework.
    call_command("migrate", "evidence", "0003_reading_corrections", verbosity=0)
    call_command("migrate", verbosity=0)

    filled = dict(EvidenceItem.objects.for_org(org).values_list("id", "theme_framework"))
    assert filled == {tagged.id: framework.id, untagged.id: None}
    measures = dict(PerformanceMeasure.objects.for_org(org).values_list("id", "theme_framework"))
    assert measures == {measure.id: framework.id, plain.id: None}
    assert across(scope)["Feedback from staff"] == 1


FALLS = "falls-and-managing-risks"  # a theme of the social-care framework only


def test_a_record_and_a_measure_name_their_themes_from_their_own_framework(client, org, services, team, framework):
    scope = team.scope("quality")
    fell = staff_said(scope, services, "Two falls on the stairs this week", codes=(FALLS, SHARED))
    ev.measure_create(scope=scope, name="Falls per 1,000 bed days", category="outcomes", theme_code=FALLS)
    client.force_login(team.quality.user)
    item_url = reverse("evidence_items:item", args=[fell.id])
    pages = [item_url, reverse("evidence_items:list"), reverse("evidence_items:measures")]
    for url in pages:  # the framework in use: its names, linked to their pages, and no framework named
        page = client.get(url).content.decode()
        assert f'<a href="{reverse("governance:theme", args=[FALLS])}">Falls &amp; managing risks</a>' in page
        assert "not the framework in use now" not in page

    system = system_scope(organisation=org)
    framework_make_primary(scope=system, framework=framework_install(scope=system, key="nhs-pe-v6"))
    for url in pages:  # now another framework's: still its names, not linked, and the framework said
        page = client.get(url).content.decode()
        assert "Falls &amp; managing risks" in page and FALLS not in page
        assert "(from Social care feedback, not the framework in use now)" in page
    item_page = client.get(item_url).content.decode()
    assert "Falls &amp; managing risks, Staff continuity" in item_page
    assert f'href="{reverse("governance:theme", args=[SHARED])}"' not in item_page  # not the NHS theme's page
    # A correction is not pre-ticked with the NHS framework's theme of the same code.
    assert f'name="correct-themes" type="checkbox" value="{SHARED}" checked' not in item_page
    assert "Its themes were chosen from Social care feedback" in item_page


def test_a_theme_left_out_of_a_later_version_keeps_its_name(org, services, team, framework):
    scope = team.scope("quality")
    fell = staff_said(scope, services, "Two falls on the stairs this week", codes=(FALLS,))
    system = system_scope(organisation=org)
    draft = framework_version_draft(scope=system, framework=framework)
    theme_remove(scope=system, theme=Theme.objects.for_org(org).get(version=draft, code=FALLS))
    unmapped = version_unmapped_themes(scope=system, version=draft)
    framework_version_publish(scope=system, version=draft, confirmed_unmapped=[t.pk for t in unmapped])
    shown = selectors.item_themes(scope=scope, items=[selectors.item_get(scope=scope, item_id=fell.id)])[fell.id]
    assert (shown.names, shown.framework, shown.linked) == ([(FALLS, "Falls & managing risks")], "", True)
