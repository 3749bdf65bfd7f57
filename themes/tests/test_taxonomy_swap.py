"""Swapping the regulator's taxonomy (ADR 0027): extra taxonomy files read from HEARD_TAXONOMY_DIR, each
checked as a whole; `heard taxonomy check` and `list`; and re-mapping a framework to a taxonomy that
replaces its own, carrying its mappings by the crosswalk."""

import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.models import AuditEvent
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.models import FrameworkVersion, Theme, VersionStatus
from themes.services import framework_install, framework_version_draft
from themes.taxonomies import TAXONOMY_DIR, taxonomies, taxonomy_get, taxonomy_successor
from themes.tests.taxonomy_fixture import CROSSWALK, KEY, NAME, taxonomy_data, write  # noqa: F401

CQC = "cqc-saf-2024"


@pytest.fixture
def social_care(org):
    return framework_install(scope=system_scope(organisation=org), key="social-care")


def check(path) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("taxonomy", "check", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc.returncode
    return out.getvalue(), err.getvalue(), 0


# --- reading taxonomies from the directory ------------------------------------------------------


def test_a_taxonomy_in_the_directory_is_read_beside_the_shipped_one_and_replaces_it(new_taxonomy):
    assert list(taxonomies()) == [CQC, KEY]
    new, old = taxonomy_get(KEY), taxonomy_get(CQC)
    assert new.source == str(new_taxonomy / f"{KEY}.json") and old.source == "shipped"
    assert (old.status, old.replaced_by, new.status) == ("replaced", KEY, "current")
    assert taxonomy_successor(CQC) == new and taxonomy_successor(KEY) is None
    assert new.successors("safe.safeguarding") == ["test.safety.protection"]
    assert new.successors("safe.medicines-optimisation") == []
    out = io.StringIO()
    call_command("taxonomy", "list", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{CQC}\tCQC single assessment framework (2024)\treplaced by {KEY}\tshipped",
        f"{KEY}\t{NAME}\tcurrent\t{new_taxonomy / (KEY + '.json')}",
    ]


def test_without_the_setting_only_the_shipped_taxonomy_is_read(settings):
    settings.HEARD_TAXONOMY_DIR = None
    taxonomies.cache_clear()
    try:
        assert list(taxonomies()) == [CQC] and taxonomy_get(CQC).status == "current"
    finally:
        taxonomies.cache_clear()


def test_a_broken_file_in_the_directory_stops_heard_starting_naming_the_file_and_field(new_taxonomy):
    data = taxonomy_data()
    data["key"] = "test-broken"
    del data["key_questions"][1]["quality_statements"][0]["name"]
    path = write(new_taxonomy, data)
    taxonomies.cache_clear()
    with pytest.raises(ImproperlyConfigured) as error:
        taxonomies()
    assert f"{path}: key_questions[1].quality_statements[0].name: missing" in str(error.value)
    path.unlink()
    taxonomies.cache_clear()


def test_a_second_taxonomy_replacing_the_same_one_stops_heard_starting(new_taxonomy):
    """Two successors of CQC's 2024 taxonomy would leave the framework's page and the crosswalk not
    knowing which to offer: the second is refused, naming the first."""
    data = taxonomy_data()
    data["key"] = "test-rival-2026"
    path = write(new_taxonomy, data)
    taxonomies.cache_clear()
    with pytest.raises(ImproperlyConfigured) as error:
        taxonomies()
    assert f"replaces: {CQC!r} is already replaced by" in str(error.value)
    path.unlink()
    taxonomies.cache_clear()
    assert taxonomy_successor(CQC).key == KEY


def test_a_file_cannot_take_the_key_of_a_shipped_taxonomy(new_taxonomy):
    data = json.loads((TAXONOMY_DIR / f"{CQC}.json").read_text())
    data["name"] = "Not really CQC's"
    path = write(new_taxonomy, data)
    taxonomies.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="shipped with Heard, which another file cannot replace") as error:
        taxonomies()
    assert str(path) in str(error.value)
    path.unlink()
    taxonomies.cache_clear()
    # Checked before it is put in place, the file is refused for the same reason.
    elsewhere = new_taxonomy.parent / "elsewhere"
    elsewhere.mkdir()
    out, err, code = check(write(elsewhere, data))
    assert code == 2 and f"{elsewhere / (CQC + '.json')}: key: '{CQC}' is a taxonomy shipped with Heard" in err


# --- heard taxonomy check -----------------------------------------------------------------------


def test_check_says_a_good_file_is_ok_with_its_counts(tmp_path):
    path = write(tmp_path, taxonomy_data())
    out, err, code = check(path)
    assert (out.strip(), err, code) == (
        f"{path}: ok, 3 key questions, 6 quality statements, 3 evidence categories",
        "",
        0,
    )
    assert (
        check(TAXONOMY_DIR / f"{CQC}.json")[0]
        .strip()
        .endswith("ok, 5 key questions, 34 quality statements, 6 evidence categories")
    )


def test_check_names_the_line_of_a_syntax_error(tmp_path):
    path = tmp_path / f"{KEY}.json"
    text = json.dumps(taxonomy_data(), indent=2).splitlines()
    text[3] = text[3].rstrip(",")  # a missing comma at the end of the fourth line
    path.write_text("\n".join(text))
    out, err, code = check(path)
    assert code == 2 and out == ""
    assert err.startswith(f"{path}: line 5, column 3: not valid JSON")


def test_check_names_the_path_of_every_missing_or_wrong_field(tmp_path):
    data = taxonomy_data()
    del data["key_questions"][2]["quality_statements"][0]["id"]
    data["evidence_categories"][0]["heard_sources"].append("gossip")
    data["key_questions"][0]["quality_statements"][2]["heard_from"] = "everyone"
    path = write(tmp_path, data)
    out, err, code = check(path)
    assert code == 2
    assert err.splitlines() == [
        f"{path}: key_questions[0].quality_statements[2].heard_from: must be one of '' or 'staff'",
        f"{path}: key_questions[2].quality_statements[0].id: missing",
        f"{path}: evidence_categories[0].heard_sources[2]: must be one of 'feedback', 'audits', 'incident', "
        "'staff_feedback', 'partner_feedback', 'processes_measures' or 'outcomes_measures'",
    ]


def test_check_finds_a_repeated_id_and_a_crosswalk_to_ids_the_old_taxonomy_lacks(tmp_path):
    data = taxonomy_data()
    data["evidence_categories"][2]["id"] = "test.care.kindness"
    path = write(tmp_path, data)
    out, err, code = check(path)
    assert code == 2
    assert err.strip() == (
        f"{path}: evidence_categories[2].id: repeats 'test.care.kindness', "
        "the id of key_questions[2].quality_statements[0]"
    )
    data = taxonomy_data()
    data["key_questions"][1]["quality_statements"][0]["replaces_ids"] = ["safe.not-a-statement"]
    out, err, code = check(write(tmp_path, data))
    assert code == 2 and err.strip().endswith(
        f"key_questions[1].quality_statements[0].replaces_ids: {CQC} has no quality statement 'safe.not-a-statement'"
    )


def test_check_wants_the_file_named_after_its_key(tmp_path):
    path = tmp_path / "another-name.json"
    path.write_text(json.dumps(taxonomy_data()))
    out, err, code = check(path)
    assert code == 2 and f"must be named after its key ({KEY}.json)" in err


# --- re-mapping by the crosswalk ------------------------------------------------------------------


def test_remapping_to_a_taxonomy_that_replaces_the_old_carries_mappings_across(org, social_care, new_taxonomy):
    scope = system_scope(organisation=org)
    v1 = FrameworkVersion.objects.for_org(org).get(framework=social_care, number=1)
    old = {t.code: t for t in Theme.objects.for_org(org).filter(version=v1)}
    draft = framework_version_draft(scope=scope, framework=social_care, taxonomy=KEY)
    new = {t.code: t for t in Theme.objects.for_org(org).filter(version=draft)}

    assert new["safety-and-safeguarding"].mappings == {
        "quality_statements": ["test.safety.protection"],
        "evidence_categories": ["test.voices"],  # people's experience and staff feedback both went there
    }
    assert new["medicines"].mappings == {
        "quality_statements": [],
        "evidence_categories": ["test.voices", "test.checks"],
    }
    assert new["leadership-and-management"].quality_statements == ["test.led.listening"]
    # Every old mapping with a successor in the crosswalk is carried; the rest are dropped.
    mappings = [i for t in old.values() for i in t.quality_statements + t.evidence_categories]
    carried = sum(1 for i in mappings if i in CROSSWALK)
    assert 0 < carried < len(mappings)
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.draft")
    assert event.changes["mappings_carried"] == carried == draft.remapped.carried
    assert event.changes["mappings_dropped"] == len(mappings) - carried == draft.remapped.dropped
    assert event.changes["taxonomy"] == KEY and event.changes["crosswalk"] is True
    assert draft.remapped.themes_to_check == sum(
        1 for t in old.values() if any(i not in CROSSWALK for i in t.quality_statements + t.evidence_categories)
    )
    assert FrameworkVersion.objects.for_org(org).get(pk=v1.pk).status == VersionStatus.PUBLISHED


def test_a_copy_on_the_same_taxonomy_carries_and_drops_nothing(org, social_care, new_taxonomy):
    draft = framework_version_draft(scope=system_scope(organisation=org), framework=social_care)
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.draft")
    assert draft.taxonomy == CQC
    assert (event.changes["mappings_carried"], event.changes["mappings_dropped"]) == (0, 0)


def test_the_framework_page_says_a_newer_taxonomy_replaces_its_own_and_makes_the_new_version(
    org, social_care, new_taxonomy, client
):
    url = reverse("themes:frameworks-detail", args=["social-care"])
    notice = f"The test regulator has published {NAME}, which replaces CQC single assessment framework (2024)."
    client.force_login(person_with_role(org, Role.STAFF, all_services=True).user)
    page = " ".join(client.get(url).content.decode().split())
    assert notice not in page and "Replaced" in page  # the status shows to all who read the page
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    page = " ".join(client.get(url).content.decode().split())
    assert f"{notice} Make a new version mapped to it." in page
    assert "Map themes to" in page
    assert "CQC single assessment framework (2024) (replaced)" in page and f"{NAME} (current)" in page

    done = client.post(
        reverse("themes:frameworks-new-version", args=["social-care"]), {"version-taxonomy": KEY}, follow=True
    )
    page = " ".join(done.content.decode().split())
    draft = FrameworkVersion.objects.for_org(org).get(framework=social_care, number=2)
    assert draft.taxonomy == KEY
    event = AuditEvent.objects.for_org(org).get(verb="themes.framework_version.draft")
    carried, dropped = event.changes["mappings_carried"], event.changes["mappings_dropped"]
    assert (
        f"The themes now map to {NAME}. {carried} mappings were carried across from CQC single assessment "
        f"framework (2024). {dropped} mappings to quality statements and evidence categories of CQC single "
        "assessment framework (2024) had nothing to go to and were taken off" in page
    )
    assert "need mapping again: check each theme&#39;s mapping before you publish." in page
