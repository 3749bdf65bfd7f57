"""Theme frameworks: shipped, versioned, mapped to CQC's framework, changed only as new versions."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes import selectors
from themes.ml.data import BENCHMARK_LABELS
from themes.models import Category, Framework, FrameworkVersion, Theme, VersionStatus
from themes.rules import Perm, has_perm
from themes.services import (
    UnmappedThemes,
    category_add,
    category_move,
    category_remove,
    category_rename,
    framework_install,
    framework_version_discard,
    framework_version_draft,
    framework_version_publish,
    theme_add,
    theme_move,
    theme_remove,
    theme_update,
)
from themes.taxonomies import TAXONOMY_DIR, Taxonomy, taxonomies, taxonomy_get, taxonomy_parse

# The 35 benchmark labels of ../shared/data/feedback-v6/README.md, as the model package scores them.
V6_BENCHMARK = set(BENCHMARK_LABELS)
assert len(V6_BENCHMARK) == 35
V6_ALL_THEMES = 50
SAFEGUARDING = "safe.safeguarding"
MEDICINES = "safe.medicines-optimisation"


@pytest.fixture
def quality_lead(make_scope):
    return make_scope(Role.QUALITY_LEAD)


@pytest.fixture
def social_care(org):
    return framework_install(scope=system_scope(organisation=org), key="social-care")


def versions(org, framework):
    return FrameworkVersion.objects.for_org(org).filter(framework=framework)


def themes_of(org, version):
    return Theme.objects.for_org(org).filter(version=version)


def published(org, framework):
    return versions(org, framework).get(status=VersionStatus.PUBLISHED)


def unmapped_ids(org, version):
    """The themes a person publishing the version is shown as mapping to no quality statement."""
    return [t.pk for t in selectors.version_unmapped_themes(scope=system_scope(organisation=org), version=version)]


# --- the CQC taxonomy ------------------------------------------------------------------------


def test_the_cqc_taxonomy_has_five_key_questions_34_statements_and_six_evidence_categories():
    cqc = taxonomy_get("cqc-saf-2024")
    assert [q.name for q in cqc.key_questions] == ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
    assert [len(q.statements) for q in cqc.key_questions] == [8, 6, 5, 7, 8]
    assert len(cqc.statements) == 34
    assert cqc.statement_label(SAFEGUARDING) == "Safe: Safeguarding"
    assert len(cqc.evidence_categories) == 6
    assert cqc.evidence_name("people-experience") == "People's experience of health and care services"


def test_taxonomies_are_read_once_and_named_after_their_files():
    assert taxonomies() is taxonomies()
    assert set(taxonomies()) == {p.stem for p in TAXONOMY_DIR.glob("*.json")}


def test_a_mapping_to_an_unknown_statement_or_evidence_category_is_refused():
    cqc = taxonomy_get("cqc-saf-2024")
    with pytest.raises(ValidationError) as caught:
        cqc.validate_mapping({"quality_statements": [SAFEGUARDING, "safe.teleportation"]})
    assert "safe.teleportation" in str(caught.value)
    with pytest.raises(ValidationError):
        cqc.validate_mapping({"evidence_categories": ["gossip"]})
    with pytest.raises(ValidationError):
        cqc.validate_mapping({"quality_statements": SAFEGUARDING})  # a string, not a list
    with pytest.raises(ValidationError):
        taxonomy_get("cqc-saf-1999")


def test_a_mapping_is_put_in_taxonomy_order_without_repeats():
    cqc = taxonomy_get("cqc-saf-2024")
    clean = cqc.validate_mapping({"quality_statements": [MEDICINES, SAFEGUARDING, MEDICINES]})
    assert clean == {"quality_statements": [SAFEGUARDING, MEDICINES], "evidence_categories": []}


def test_a_taxonomy_that_repeats_an_id_is_refused():
    data = json.loads((TAXONOMY_DIR / "cqc-saf-2024.json").read_text())
    data["evidence_categories"].append({"id": SAFEGUARDING, "name": "Again"})
    with pytest.raises(ValueError, match="repeats"):
        taxonomy_parse(data)
    assert isinstance(taxonomy_parse(json.loads((TAXONOMY_DIR / "cqc-saf-2024.json").read_text())), Taxonomy)


# --- installing the shipped frameworks -------------------------------------------------------


def test_the_social_care_framework_installs_as_a_published_version_1(org, social_care):
    version = published(org, social_care)
    assert version.number == 1 and version.taxonomy == "cqc-saf-2024" and version.published_at
    assert Category.objects.for_org(org).filter(version=version).count() == 8
    themes = list(themes_of(org, version))
    assert len(themes) == 37
    names = {t.name for t in themes}
    assert {"Dignity & respect", "Food & drink", "Call bells & responsiveness", "Medicines"} <= names
    assert all(t.evidence_categories for t in themes)
    assert themes_of(org, version).get(name="Safety & safeguarding").quality_statements == [SAFEGUARDING]
    assert AuditEvent.objects.for_org(org).filter(verb="themes.framework.install").count() == 1


def test_the_v6_framework_has_every_theme_of_the_data_and_marks_the_35_benchmark_ones(org):
    framework = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    version = published(org, framework)
    themes = themes_of(org, version)
    assert themes.count() == V6_ALL_THEMES
    assert {t.name for t in themes.filter(benchmark=True)} == V6_BENCHMARK
    categories = [c.name for c in Category.objects.for_org(org).filter(version=version)]
    assert "Staff" in categories and "Communication" in categories and "Other" in categories
    assert themes.get(name="Supplying & understanding medication").quality_statements == [MEDICINES]


def test_the_v6_themes_are_the_theme_columns_of_the_data():
    import csv
    from pathlib import Path

    train = Path(__file__).resolve().parents[3] / "shared" / "data" / "feedback-v6" / "train.csv"
    with train.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = header[header.index("Comment sentiment") + 1 :]
    definition = selectors.shipped_frameworks()["nhs-pe-v6"]
    assert {t["name"] for c in definition["categories"] for t in c["themes"]} == set(columns)


def test_every_shipped_mapping_is_valid_against_its_taxonomy():
    for definition in selectors.shipped_frameworks().values():
        taxonomy = taxonomy_get(definition["taxonomy"])
        for category in definition["categories"]:
            for theme in category["themes"]:
                taxonomy.validate_mapping(
                    {
                        "quality_statements": theme["quality_statements"],
                        "evidence_categories": theme["evidence_categories"],
                    }
                )


def test_every_shipped_framework_is_described_in_words_a_care_manager_knows():
    # The description is the first thing shown of a framework: no project code names or data files.
    for definition in selectors.shipped_frameworks().values():
        words = definition["description"].lower()
        assert not any(jargon in words for jargon in ("pxtextmining", "feedback-v6", "qualitative")), words


def test_installing_twice_changes_nothing(org, social_care):
    again = framework_install(scope=system_scope(organisation=org), key="social-care")
    assert again.pk == social_care.pk
    assert Framework.objects.for_org(org).count() == 1
    assert versions(org, social_care).count() == 1


def test_an_unknown_shipped_framework_is_refused(org):
    with pytest.raises(ValidationError):
        framework_install(scope=system_scope(organisation=org), key="made-up")


# --- versions --------------------------------------------------------------------------------


def test_a_published_version_cannot_be_changed(org, social_care, quality_lead):
    version = published(org, social_care)
    theme = themes_of(org, version).get(name="Food & drink")
    with pytest.raises(ValidationError, match="cannot be changed"):
        theme_update(scope=quality_lead, theme=theme, name="Meals")
    with pytest.raises(ValidationError):
        theme_remove(scope=quality_lead, theme=theme)
    with pytest.raises(ValidationError):
        theme_add(scope=quality_lead, category=theme.category, name="Snacks")
    with pytest.raises(ValidationError):
        category_add(scope=quality_lead, version=version, name="Extra")
    with pytest.raises(ValidationError):
        framework_version_publish(scope=quality_lead, version=version)
    assert themes_of(org, version).get(pk=theme.pk).name == "Food & drink"


def test_a_new_draft_copies_the_published_version(org, social_care, quality_lead):
    v1 = published(org, social_care)
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    assert (draft.number, draft.status, draft.created_by) == (2, VersionStatus.DRAFT, quality_lead.person)
    old = {(t.code, t.name, t.category.name, json.dumps(t.mappings)) for t in themes_of(org, v1)}
    new = {(t.code, t.name, t.category.name, json.dumps(t.mappings)) for t in themes_of(org, draft)}
    assert new == old
    assert not set(themes_of(org, v1).values_list("pk", flat=True)) & set(
        themes_of(org, draft).values_list("pk", flat=True)
    )
    # Asking again gives the same draft rather than a second one.
    assert framework_version_draft(scope=quality_lead, framework=social_care).pk == draft.pk


def test_publishing_retires_the_old_version_and_old_themes_survive(org, social_care, quality_lead):
    v1 = published(org, social_care)
    old_theme = themes_of(org, v1).get(name="Food & drink")
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    theme = themes_of(org, draft).get(code=old_theme.code)
    theme_update(
        scope=quality_lead,
        theme=theme,
        name="Meals & drinks",
        mappings={"quality_statements": [SAFEGUARDING], "evidence_categories": ["observation"]},
    )
    framework_version_publish(
        scope=quality_lead, version=draft, notes="Meals renamed.", confirmed_unmapped=unmapped_ids(org, draft)
    )

    v1.refresh_from_db()
    draft.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert draft.status == VersionStatus.PUBLISHED and draft.notes == "Meals renamed."
    assert selectors.framework_current_version(scope=quality_lead, framework=social_care).pk == draft.pk
    # The old theme row is untouched: anything coded with version 1 still points at "Food & drink".
    old_theme.refresh_from_db()
    assert old_theme.name == "Food & drink" and old_theme.version_id == v1.pk
    renamed = themes_of(org, draft).get(code=old_theme.code)
    assert renamed.name == "Meals & drinks"
    assert renamed.mappings == {"quality_statements": [SAFEGUARDING], "evidence_categories": ["observation"]}
    verbs = set(AuditEvent.objects.for_org(org).values_list("verb", flat=True))
    assert {"themes.framework_version.draft", "themes.theme.update", "themes.framework_version.publish"} <= verbs


def test_both_shipped_frameworks_map_to_cqc_and_name_the_themes_that_map_to_nothing(org, social_care, quality_lead):
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    assert {published(org, f).taxonomy for f in (social_care, nhs)} == {"cqc-saf-2024"}
    unmapped = selectors.version_unmapped_themes
    assert [t.name for t in unmapped(scope=quality_lead, version=published(org, social_care))] == ["Overall experience"]
    # "Not assigned" and "Labelling not possible" map to nothing on purpose: nobody is asked about them.
    assert [t.name for t in unmapped(scope=quality_lead, version=published(org, nhs))] == [
        "Electronic entertainment",
        "Positive experience & gratitude",
        "Negative experience & dissatisfaction",
    ]


def test_publishing_themes_that_map_to_no_quality_statement_needs_each_confirmed(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    overall = themes_of(org, draft).get(name="Overall experience")
    staff = Category.objects.for_org(org).get(version=draft, name="Staff")
    agency = theme_add(scope=quality_lead, category=staff, name="Agency staff")

    with pytest.raises(UnmappedThemes, match="Agency staff, Overall experience") as refused:
        framework_version_publish(scope=quality_lead, version=draft)
    assert [t.pk for t in refused.value.themes] == [agency.pk, overall.pk]  # in the order of the page
    # Confirming only the themes shown before another lost its mapping is not enough.
    medicines = themes_of(org, draft).get(name="Medicines")
    theme_update(scope=quality_lead, theme=medicines, mappings={"evidence_categories": ["processes"]})
    with pytest.raises(UnmappedThemes, match="Medicines"):
        framework_version_publish(scope=quality_lead, version=draft, confirmed_unmapped=[overall.pk, agency.pk])
    assert published(org, social_care).number == 1

    framework_version_publish(
        scope=quality_lead, version=draft, confirmed_unmapped=[overall.pk, agency.pk, medicines.pk]
    )
    assert published(org, social_care).number == 2
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.publish")
    assert event.changes["unmapped"] == ["agency-staff", "medicines", "overall-experience"]


def test_a_draft_refuses_a_mapping_outside_its_taxonomy(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    theme = themes_of(org, draft).first()
    with pytest.raises(ValidationError):
        theme_update(scope=quality_lead, theme=theme, mappings={"quality_statements": ["safe.teleportation"]})
    with pytest.raises(ValidationError):
        theme_add(scope=quality_lead, category=theme.category, name="New", mappings={"evidence_categories": ["rumour"]})


def test_editing_a_draft_adds_moves_and_removes(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    category = category_add(scope=quality_lead, version=draft, name="Money")
    with pytest.raises(ValidationError):
        category_add(scope=quality_lead, version=draft, name="money")
    category_rename(scope=quality_lead, category=category, name="Money matters")
    theme = theme_add(
        scope=quality_lead, category=category, name="Fees", mappings={"quality_statements": [SAFEGUARDING]}
    )
    second = theme_add(scope=quality_lead, category=category, name="Personal allowance")
    assert theme.code == "fees" and (theme.position, second.position) == (0, 1)
    theme_move(scope=quality_lead, theme=second, direction="up")
    assert [t.name for t in themes_of(org, draft).filter(category=category).order_by("position")] == [
        "Personal allowance",
        "Fees",
    ]
    categories = Category.objects.for_org(org).filter(version=draft).order_by("position")
    last = categories.last()
    category_move(scope=quality_lead, category=last, direction="up")
    assert list(Category.objects.for_org(org).filter(version=draft).order_by("position"))[-2].pk == last.pk
    with pytest.raises(ValidationError, match="themes in this category"):
        category_remove(scope=quality_lead, category=category)
    theme_remove(scope=quality_lead, theme=theme)
    theme_remove(scope=quality_lead, theme=second)
    category_remove(scope=quality_lead, category=category)
    assert not Category.objects.for_org(org).filter(pk=category.pk).exists()


def test_moving_a_theme_to_another_category_and_discarding_a_draft(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    theme = themes_of(org, draft).get(name="Medicines")
    staff = Category.objects.for_org(org).get(version=draft, name="Staff")
    theme_update(scope=quality_lead, theme=theme, category=staff)
    assert themes_of(org, draft).get(pk=theme.pk).category_id == staff.pk
    framework_version_discard(scope=quality_lead, version=draft)
    assert list(versions(org, social_care).values_list("number", flat=True)) == [1]
    assert framework_version_draft(scope=quality_lead, framework=social_care).number == 2


def test_a_version_can_be_remapped_to_another_taxonomy(org, social_care, quality_lead, settings, tmp_path):
    """When CQC's 2026 framework arrives as a new file, a new version maps to it; old ids it lacks are dropped."""
    data = json.loads((TAXONOMY_DIR / "cqc-saf-2024.json").read_text())
    data["key"], data["name"] = "cqc-test-2026", "CQC test framework"
    data["key_questions"] = [q for q in data["key_questions"] if q["id"] != "safe"]
    taxonomies()["cqc-test-2026"] = taxonomy_parse(data)
    try:
        draft = framework_version_draft(scope=quality_lead, framework=social_care, taxonomy="cqc-test-2026")
        assert draft.taxonomy == "cqc-test-2026"
        medicines = themes_of(org, draft).get(name="Medicines")
        assert medicines.quality_statements == [] and medicines.evidence_categories
        with pytest.raises(ValidationError):
            theme_update(scope=quality_lead, theme=medicines, mappings={"quality_statements": [MEDICINES]})
        assert published(org, social_care).taxonomy == "cqc-saf-2024"
    finally:
        del taxonomies()["cqc-test-2026"]


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_view_and_only_quality_leads_and_administrators_may_manage(org, social_care, make_scope, role):
    scope = make_scope(role, all_services=True)
    assert has_perm(scope, Perm.VIEW_FRAMEWORKS)
    assert [f.slug for f in selectors.framework_list(scope=scope)] == ["social-care"]
    may_manage = role in (Role.QUALITY_LEAD, Role.ADMINISTRATOR)
    assert has_perm(scope, Perm.MANAGE_FRAMEWORKS) is may_manage
    if may_manage:
        assert framework_version_draft(scope=scope, framework=social_care).number == 2
    else:
        with pytest.raises(PermissionDenied):
            framework_version_draft(scope=scope, framework=social_care)
        with pytest.raises(PermissionDenied):
            framework_install(scope=scope, key="nhs-pe-v6")


def test_a_draft_cannot_be_edited_without_permission(org, social_care, quality_lead, make_scope):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    staff = make_scope(Role.STAFF)
    with pytest.raises(PermissionDenied):
        theme_update(scope=staff, theme=themes_of(org, draft).first(), name="Mine")
    with pytest.raises(PermissionDenied):
        framework_version_publish(scope=staff, version=draft)


def test_another_organisation_never_sees_the_frameworks(org, other_org, social_care, make_scope, client):
    outsider = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    assert list(selectors.framework_list(scope=outsider)) == []
    with pytest.raises(Framework.DoesNotExist):
        selectors.framework_get(scope=outsider, slug="social-care")
    v1 = published(org, social_care)
    with pytest.raises(Theme.DoesNotExist):
        selectors.version_theme_get(scope=outsider, version=v1, theme_id=themes_of(org, v1).first().pk)
    with pytest.raises(Framework.DoesNotExist):
        framework_version_draft(scope=outsider, framework=social_care)
    client.force_login(outsider.user)
    assert client.get(reverse("themes:frameworks-detail", args=["social-care"])).status_code == 404
    assert client.get(reverse("themes:frameworks-version", args=["social-care", 1])).status_code == 404


# --- pages -----------------------------------------------------------------------------------


def test_the_pages_show_the_mapping_and_the_history(org, social_care, client):
    staff = person_with_role(org, Role.STAFF, all_services=True)
    client.force_login(staff.user)
    listing = client.get(reverse("themes:frameworks")).content.decode()
    assert "Social care feedback" in listing and 'href="/themes/frameworks/"' in listing
    page = client.get(reverse("themes:frameworks-detail", args=["social-care"])).content.decode()
    assert "Safe: Safeguarding" in page and "Version history" in page
    assert "People&#39;s experience of health and care services" in page
    assert "Start a new version" not in page
    assert client.post(reverse("themes:frameworks-new-version", args=["social-care"])).status_code == 403


def test_the_list_says_which_framework_heard_codes_and_reports_with(org, social_care, client):
    framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    client.force_login(person_with_role(org, Role.STAFF, all_services=True).user)
    listing = " ".join(client.get(reverse("themes:frameworks")).content.decode().split())
    assert "The main framework, Social care feedback, is the one Heard uses to code comments" in listing
    rows = listing.split('<tr class="nhsuk-table__row">')
    [social_row] = [row for row in rows if "Social care feedback</a>" in row]
    [nhs_row] = [row for row in rows if "NHS patient experience (v6)</a>" in row]
    assert "Main framework" in social_row and "Main framework" not in nhs_row


def test_starting_a_version_on_another_taxonomy_says_which_mappings_to_check(org, social_care, client):
    data = json.loads((TAXONOMY_DIR / "cqc-saf-2024.json").read_text())
    data["key"], data["name"] = "cqc-test-2026", "CQC test framework"
    data["key_questions"] = [q for q in data["key_questions"] if q["id"] != "safe"]
    taxonomies()["cqc-test-2026"] = taxonomy_parse(data)
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    url = reverse("themes:frameworks-new-version", args=["social-care"])
    try:
        assert "Map themes to" in client.get(reverse("themes:frameworks-detail", args=["social-care"])).content.decode()
        page = " ".join(client.post(url, {"version-taxonomy": "cqc-test-2026"}, follow=True).content.decode().split())
    finally:
        del taxonomies()["cqc-test-2026"]
    assert "Version 2 is a draft." in page
    assert "The themes now map to CQC test framework." in page
    assert "check each theme&#39;s mapping before you publish" in page
    # A new version on the same taxonomy keeps every mapping, and says nothing of it.
    framework_version_discard(scope=system_scope(organisation=org), version=versions(org, social_care).get(number=2))
    page = client.post(url, follow=True).content.decode()
    assert "Version 2 is a draft." in page and "The themes now map to" not in page


def test_a_quality_lead_edits_a_draft_through_the_pages(org, social_care, client):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(lead.user)
    page = client.get(reverse("themes:frameworks-detail", args=["social-care"])).content.decode()
    assert "Start a new version" in page
    response = client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    assert response.status_code == 302 and response.url == reverse("themes:frameworks-version", args=["social-care", 2])
    draft = versions(org, social_care).get(number=2)
    theme = themes_of(org, draft).get(name="Medicines")
    url = reverse("themes:frameworks-theme", args=["social-care", 2, theme.pk])
    assert "Safe: quality statements" in client.get(url).content.decode()
    bad = client.post(url, {"name": "", "category": theme.category_id})
    assert bad.status_code == 400 and "Enter a name." in bad.content.decode()
    client.post(
        url,
        {
            "name": "Medicines & prescriptions",
            "description": "",
            "category": theme.category_id,
            "statements_safe": [MEDICINES, SAFEGUARDING],
            "evidence": ["processes"],
        },
    )
    theme.refresh_from_db()
    assert theme.name == "Medicines & prescriptions"
    assert theme.mappings == {"quality_statements": [SAFEGUARDING, MEDICINES], "evidence_categories": ["processes"]}
    client.post(
        reverse("themes:frameworks-publish", args=["social-care", 2]),
        {"publish-notes": "Clearer name.", "confirmed_unmapped": unmapped_ids(org, draft)},
    )
    assert published(org, social_care).number == 2
    # A published version's edit page sends you back to the version.
    assert client.get(url).status_code == 302


def test_after_a_removal_the_page_returns_to_where_the_item_was(org, social_care, client):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(lead.user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    change = reverse("themes:frameworks-change", args=["social-care", 2])
    base = reverse("themes:frameworks-version", args=["social-care", 2])
    theme = themes_of(org, draft).get(name="Medicines")
    moved = client.post(change, {"kind": "theme", "id": theme.pk, "action": "down"})
    assert moved.url == f"{base}#theme-{theme.pk}"
    removed = client.post(change, {"kind": "theme", "id": theme.pk, "action": "remove"})
    assert removed.url == f"{base}#category-{theme.category_id}"  # the theme's own row is gone
    category = theme.category
    for other in themes_of(org, draft).filter(category=category):
        client.post(change, {"kind": "theme", "id": other.pk, "action": "remove"})
    emptied = client.post(change, {"kind": "category", "id": category.pk, "action": "remove"})
    assert emptied.url == base
    assert not draft.categories.filter(pk=category.pk).exists()


def test_every_demo_organisation_has_both_shipped_frameworks(db):
    from organisations.demo import demo_build, demo_reset

    for result in demo_build():
        slugs = set(Framework.objects.for_org(result.organisation).values_list("slug", flat=True))
        assert slugs == {"social-care", "nhs-pe-v6"}
    demo_reset()
    assert not Framework.objects.unscoped_across_organisations().exists()


def test_heard_frameworks_install_is_idempotent(org, other_org, capsys):
    from django.core.management import CommandError, call_command

    call_command("frameworks", "install", "--org", org.slug, "--key", "social-care")
    call_command("frameworks", "install", "--all-orgs")
    call_command("frameworks", "install", "--all-orgs")
    assert "Social care feedback installed" in capsys.readouterr().out
    for organisation in (org, other_org):
        assert Framework.objects.for_org(organisation).count() == 2
    with pytest.raises(CommandError):
        call_command("frameworks", "install", "--org", "nowhere")
    with pytest.raises(CommandError):
        call_command("frameworks", "install", "--org", org.slug, "--key", "made-up")


def test_a_refusal_is_shown_as_a_problem_and_a_success_as_done(org, client):
    lead = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(lead.user)
    url = reverse("themes:frameworks-install")

    refused = " ".join(client.post(url, {"key": "made-up"}, follow=True).content.decode().split())
    assert "There is a problem" in refused and 'role="alert"' in refused and "heard-banner--problem" in refused
    assert "Done" not in refused

    installed = " ".join(client.post(url, {"key": "social-care"}, follow=True).content.decode().split())
    assert "Done" in installed and "is ready to use" in installed
    assert "There is a problem" not in installed


def test_a_mistake_in_adding_is_shown_at_an_address_that_opens(org, social_care, client):
    """The add forms post to their own addresses; the page with the mistake must open there with GET too."""
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    add_category = reverse("themes:frameworks-category-add", args=["social-care", 2])
    add_theme = reverse("themes:frameworks-theme-add", args=["social-care", 2])

    empty = client.post(add_category, {"category-name": ""})
    assert empty.status_code == 400
    assert "There is a problem" in empty.content.decode() and "Enter a name." in empty.content.decode()
    opened = client.get(add_category)
    assert opened.status_code == 200 and "Add a category" in opened.content.decode()
    assert "There is a problem" not in opened.content.decode()

    staff = Category.objects.for_org(org).get(version=draft, name="Staff")
    twice = client.post(add_theme, {"theme-name": "medicines", "theme-category": staff.pk})
    assert twice.status_code == 400
    assert "There is already a theme with this name." in twice.content.decode()
    assert 'href="#id_theme-name"' in twice.content.decode()  # the summary links to the field
    opened = client.get(add_theme)
    assert opened.status_code == 200 and 'name="theme-category"' in opened.content.decode()
    assert themes_of(org, draft).filter(name__iexact="medicines").count() == 1

    added = client.post(add_category, {"category-name": "Activities"})
    assert added.status_code == 302 and Category.objects.for_org(org).filter(version=draft, name="Activities").exists()
    # Once published, the add pages send you back to the version.
    framework_version_publish(
        scope=system_scope(organisation=org), version=draft, confirmed_unmapped=unmapped_ids(org, draft)
    )
    assert client.get(add_category).url == reverse("themes:frameworks-version", args=["social-care", 2])
    assert client.get(add_theme).status_code == 302


def test_a_draft_counts_the_themes_it_changed_added_and_removed(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    nothing = selectors.draft_changes(scope=quality_lead, version=draft)
    assert (nothing.compared_with.number, nothing.changed, nothing.added, nothing.removed) == (1, 0, 0, 0)
    theme_update(scope=quality_lead, theme=themes_of(org, draft).get(name="Medicines"), name="Medicines & creams")
    theme_update(scope=quality_lead, theme=themes_of(org, draft).get(name="Safety & safeguarding"), mappings={})
    theme_remove(scope=quality_lead, theme=themes_of(org, draft).get(name="Food & drink"))
    staff = Category.objects.for_org(org).get(version=draft, name="Staff")
    theme_add(scope=quality_lead, category=staff, name="Agency staff")
    theme_move(scope=quality_lead, theme=themes_of(org, draft).get(name="Agency staff"), direction="up")
    changes = selectors.draft_changes(scope=quality_lead, version=draft)
    assert (changes.changed, changes.added, changes.removed) == (2, 1, 1)


def test_throwing_away_a_draft_asks_first_and_says_what_is_lost(org, social_care, client):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    theme_remove(scope=system_scope(organisation=org), theme=themes_of(org, draft).get(name="Medicines"))
    url = reverse("themes:frameworks-discard", args=["social-care", 2])
    draft_page = client.get(reverse("themes:frameworks-version", args=["social-care", 2])).content.decode()
    assert f'<a href="{url}">Throw away this draft</a>' in draft_page  # a link to a page that asks, not a button

    asked = client.get(url)
    page = " ".join(asked.content.decode().split())
    assert asked.status_code == 200 and "Throw away draft version 2?" in page
    assert "Compared with version 1, that is:" in page
    assert "<li>0 themes changed</li> <li>0 themes added</li> <li>1 theme removed</li>" in page
    assert "nhsuk-button--warning" in page and "Everyone keeps using version 1." in page
    assert versions(org, social_care).filter(number=2).exists()  # asking changes nothing

    done = client.post(url, follow=True)
    assert "The draft version 2 has been thrown away." in done.content.decode()
    assert list(versions(org, social_care).values_list("number", flat=True)) == [1]
    # The page for a version that is not a draft sends you to the version.
    assert client.get(reverse("themes:frameworks-discard", args=["social-care", 1])).status_code == 302
    client.force_login(person_with_role(org, Role.STAFF, all_services=True).user)
    assert client.get(reverse("themes:frameworks-discard", args=["social-care", 1])).status_code == 403


def test_the_draft_page_names_unmapped_themes_and_publishing_them_asks_first(org, social_care, client):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    overall = themes_of(org, draft).get(name="Overall experience")
    edit_overall = reverse("themes:frameworks-theme", args=["social-care", 2, overall.pk])
    draft_page = " ".join(
        client.get(reverse("themes:frameworks-version", args=["social-care", 2])).content.decode().split()
    )
    assert "1 theme maps to no quality statement" in draft_page
    assert f'<a href="{edit_overall}">Overall experience</a> (Leadership &amp; organisation)' in draft_page

    url = reverse("themes:frameworks-publish", args=["social-care", 2])
    asked = client.post(url, {"publish-notes": "Agency staff added."})
    page = " ".join(asked.content.decode().split())
    assert asked.status_code == 200 and "Publish version 2?" in page
    assert "These themes map to no quality statement, so CQC reports will not show them under any:" in page
    assert f'<a href="{edit_overall}">Overall experience</a>' in page
    assert f'name="confirmed_unmapped" value="{overall.pk}"' in page
    assert "Agency staff added.</textarea>" in page  # the notes are kept
    assert "Publish anyway" in page and "Go back and map them" in page
    assert published(org, social_care).number == 1
    # The address of that page opens, and asks the same.
    opened = " ".join(client.get(url).content.decode().split())
    assert "Publish anyway" in opened and f'name="confirmed_unmapped" value="{overall.pk}"' in opened

    # Another theme loses its mapping before the person confirms: they are asked again, naming it.
    medicines = themes_of(org, draft).get(name="Medicines")
    theme_update(scope=system_scope(organisation=org), theme=medicines, mappings={})
    again = " ".join(
        client.post(url, {"publish-notes": "", "confirmed_unmapped": [overall.pk]}).content.decode().split()
    )
    assert "The draft has changed since you were asked" in again and ">Medicines</a>" in again
    assert published(org, social_care).number == 1

    done = client.post(url, {"publish-notes": "Agency staff added.", "confirmed_unmapped": [overall.pk, medicines.pk]})
    assert done.status_code == 302 and published(org, social_care).number == 2
    assert published(org, social_care).notes == "Agency staff added."


def test_a_draft_with_every_theme_mapped_publishes_without_asking(org, social_care, client):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    theme_remove(scope=system_scope(organisation=org), theme=themes_of(org, draft).get(name="Overall experience"))
    draft_page = client.get(reverse("themes:frameworks-version", args=["social-care", 2])).content.decode()
    assert "map to no quality statement" not in draft_page and "maps to no quality statement" not in draft_page
    done = client.post(reverse("themes:frameworks-publish", args=["social-care", 2]), {"publish-notes": ""})
    assert done.status_code == 302 and published(org, social_care).number == 2


def test_a_draft_that_cannot_be_published_says_why_at_an_address_that_opens(org, client):
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    for theme in themes_of(org, versions(org, framework).get(number=2)):
        theme_remove(scope=system_scope(organisation=org), theme=theme)
    url = reverse("themes:frameworks-publish", args=["social-care", 2])
    refused = client.post(url, {"publish-notes": ""})
    page = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in page
    assert "A version needs at least one theme before it can be published." in page
    assert client.get(url).status_code == 200
    assert client.get(reverse("themes:frameworks-publish", args=["social-care", 1])).status_code == 302


# --- themes that map to no quality statement on purpose --------------------------------------


def test_the_shipped_nhs_framework_marks_its_two_labels_for_comments_that_cannot_be_themed(org, quality_lead):
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    marked = themes_of(org, published(org, nhs)).filter(unmapped_on_purpose=True)
    assert sorted(marked.values_list("code", flat=True)) == ["labelling-not-possible", "not-assigned"]

    # A new version carries the decision, so publishing it asks only about the themes nobody decided.
    draft = framework_version_draft(scope=quality_lead, framework=nhs)
    assert sorted(themes_of(org, draft).filter(unmapped_on_purpose=True).values_list("code", flat=True)) == [
        "labelling-not-possible",
        "not-assigned",
    ]
    with pytest.raises(UnmappedThemes) as refused:
        framework_version_publish(scope=quality_lead, version=draft)
    asked = [t.name for t in refused.value.themes]
    assert "Not assigned" not in asked and "Labelling not possible" not in asked
    framework_version_publish(
        scope=quality_lead, version=draft, confirmed_unmapped=[t.pk for t in refused.value.themes]
    )
    assert published(org, nhs).number == 2
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.publish")
    assert event.changes["unmapped_on_purpose"] == ["labelling-not-possible", "not-assigned"]


def test_a_theme_marked_as_mapping_to_nothing_on_purpose_is_not_asked_about_again(org, social_care, quality_lead):
    draft = framework_version_draft(scope=quality_lead, framework=social_care)
    overall = themes_of(org, draft).get(name="Overall experience")
    theme_update(scope=quality_lead, theme=overall, unmapped_on_purpose=True)
    assert unmapped_ids(org, draft) == []
    framework_version_publish(scope=quality_lead, version=draft)  # nothing to confirm
    assert published(org, social_care).number == 2

    next_draft = framework_version_draft(scope=quality_lead, framework=social_care)
    again = themes_of(org, next_draft).get(code=overall.code)
    assert again.unmapped_on_purpose and unmapped_ids(org, next_draft) == []
    # Mapped to a statement after all, it is no longer marked; one with a statement cannot be marked.
    theme_update(scope=quality_lead, theme=again, mappings={"quality_statements": [SAFEGUARDING]})
    again.refresh_from_db()
    assert not again.unmapped_on_purpose
    with pytest.raises(ValidationError, match="cannot map to quality statements and to none on purpose"):
        theme_update(scope=quality_lead, theme=again, unmapped_on_purpose=True)
    theme_update(scope=quality_lead, theme=again, mappings={})
    assert unmapped_ids(org, next_draft) == [again.pk]  # unmapped again: asked, as nobody has decided


def test_the_theme_page_marks_a_theme_as_mapping_to_nothing_on_purpose(org, social_care, client):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    draft = versions(org, social_care).get(number=2)
    overall = themes_of(org, draft).get(name="Overall experience")
    url = reverse("themes:frameworks-theme", args=["social-care", 2, overall.pk])
    assert "This theme maps to no quality statement on purpose" in client.get(url).content.decode()
    saved = client.post(url, {"name": overall.name, "category": overall.category_id, "unmapped_on_purpose": "on"})
    assert saved.status_code == 302
    overall.refresh_from_db()
    assert overall.unmapped_on_purpose
    done = client.post(reverse("themes:frameworks-publish", args=["social-care", 2]), {"publish-notes": ""})
    assert done.status_code == 302 and published(org, social_care).number == 2


def test_the_theme_page_says_how_to_put_right_a_theme_both_mapped_and_marked_as_mapping_to_none(
    org, social_care, client
):
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    client.post(reverse("themes:frameworks-new-version", args=["social-care"]))
    overall = themes_of(org, versions(org, social_care).get(number=2)).get(name="Overall experience")
    url = reverse("themes:frameworks-theme", args=["social-care", 2, overall.pk])
    both = client.post(
        url,
        {
            "name": overall.name,
            "category": overall.category_id,
            "statements_safe": [SAFEGUARDING],
            "unmapped_on_purpose": "on",
        },
    )
    assert both.status_code == 400
    page = both.content.decode()
    # What to do, not only what is wrong, beside the box and in the summary that leads to it.
    assert page.count("untick this, or untick the quality statements") == 2
    assert 'href="#id_unmapped_on_purpose"' in page
    overall.refresh_from_db()
    assert not overall.unmapped_on_purpose and not overall.quality_statements
