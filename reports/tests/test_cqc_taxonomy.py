"""The CQC pack reads the taxonomy of the framework version whose themes it counts (ADR 0027): once a
framework is re-mapped to a taxonomy that replaces CQC's 2024 one and published, the pack lists that
taxonomy's statements and categories, with Heard's records as that taxonomy places them."""

from governance.tests.conftest import hear
from organisations.scope import system_scope
from reports.cqc import cqc_pack
from reports.cqc.statements import THE_LOOP_ITSELF
from themes import selectors
from themes.services import framework_version_draft, framework_version_publish
from themes.taxonomies import taxonomies
from themes.tests.taxonomy_fixture import KEY, NAME, taxonomy_data, write  # noqa: F401


def rows_of(report, key, number=0):
    return report.section(key).all_tables[number].rows


def remap(org, framework, key=KEY):
    """A new version of the framework mapped to `key`, published (its unmapped themes confirmed)."""
    scope = system_scope(organisation=org)
    draft = framework_version_draft(scope=scope, framework=framework, taxonomy=key)
    unmapped = [t.pk for t in selectors.version_unmapped_themes(scope=scope, version=draft)]
    return framework_version_publish(scope=scope, version=draft, confirmed_unmapped=unmapped)


def test_the_2024_pack_names_its_taxonomy_and_lists_the_well_led_statements(org, services, team, framework):
    pack = cqc_pack(scope=team.scope("quality"))
    section = pack.section("statements")
    assert section.heading == "Well-led quality statements"
    assert "The themes are mapped to CQC single assessment framework (2024)" in " ".join(section.paragraphs)
    statements = {row[0]: row for row in rows_of(pack, "statements")}
    assert len(statements) == 8 and statements["Learning, improvement and innovation"][1] == THE_LOOP_ITSELF
    assert statements["Partnerships and communities"][-1].startswith("Who listens: co-production forums")


def test_a_pack_made_from_a_version_mapped_to_the_new_taxonomy_lists_its_statements(
    org, services, team, framework, new_taxonomy
):
    rowan = services[0]
    hear(team.quality, rowan, "leadership-and-management", days_ago=[3, 4])
    hear(team.quality, rowan, "organisation-and-reliability", days_ago=[5])
    remap(org, framework)
    hear(team.quality, rowan, "organisation-and-reliability", days_ago=[6])  # coded with the new version

    pack = cqc_pack(scope=team.scope("quality"))
    section = pack.section("statements")
    assert section.heading == "Led well (test) quality statements"
    assert f"The themes are mapped to {NAME}, whose quality statements these are." in section.paragraphs
    statements = {row[0]: row for row in rows_of(pack, "statements")}
    assert list(statements) == [
        "Listening to people (test)",
        "Learning from it (test)",
        "Staff speaking up (test)",
        "Running the service (test)",
    ]
    listening, running = statements["Listening to people (test)"], statements["Running the service (test)"]
    assert listening[1] == "Community links, Leadership & management" and listening[2] == 2
    assert listening[-1] == "Test records: who listens, in meetings."
    assert running[1] == "Cost & funding, Organisation & reliability" and running[2] == 2
    assert running[-1] == ""  # the taxonomy gives it no records of Heard's own
    assert statements["Learning from it (test)"][1] == THE_LOOP_ITSELF
    assert statements["Staff speaking up (test)"][-1].startswith("Who listens: 0 pieces of feedback given by")

    categories = {row[0]: row for row in rows_of(pack, "categories")}
    assert list(categories) == ["What people tell us (test)", "What we check (test)", "Other records (test)"]
    assert categories["What people tell us (test)"][-2] == (
        "0 pieces of feedback given by members of staff; 0 records of feedback from staff"
    )
    assert categories["What we check (test)"][-2] == "0 incidents, 0 of moderate harm or worse"
    # A category the taxonomy sets none of Heard's evidence under lists none, rather than failing.
    assert categories["Other records (test)"][-2:] == ["", ""]
    assert pack.section("categories").all_tables[0].caption.startswith("CQC's three evidence categories")
    assert "Shared direction and culture" not in str(rows_of(pack, "statements"))


def test_a_taxonomy_that_says_nothing_of_heard_still_makes_a_pack(org, services, team, framework, new_taxonomy):
    data = taxonomy_data()
    data["key"], data["name"] = "test-plain-2026", "Plain test framework"
    del data["replaces"]
    for question in data["key_questions"]:
        question.pop("heard_pack", None)
        for statement in question["quality_statements"]:
            for field in ("heard_records", "heard_figures", "replaces_ids"):
                statement.pop(field, None)
    for category in data["evidence_categories"]:
        for field in ("heard_records", "heard_sources", "heard_givers", "replaces_ids"):
            category.pop(field, None)
    write(new_taxonomy, data)
    taxonomies.cache_clear()
    remap(org, framework, key="test-plain-2026")

    pack = cqc_pack(scope=team.scope("quality"), service=services[0])
    section = pack.section("statements")
    assert section.all_tables == []
    assert "Plain test framework, which does not say which of its key questions" in section.paragraphs[0]
    for row in rows_of(pack, "categories"):
        assert row[-2:] == ["", ""]
