"""A fictional regulator's taxonomy that replaces CQC's 2024 one, loaded through HEARD_TAXONOMY_DIR as
a provider would add a new one: for tests of swapping the taxonomy end to end. Its content is made up
for the tests; it says nothing about what any regulator will publish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from themes.taxonomies import taxonomies

KEY = "test-regulator-2026"
NAME = "Test regulator framework (2026)"

# New id -> the 2024 ids it takes over. Everything else of 2024 has no successor.
STATEMENTS = {
    "test.led.listening": ["well-led.shared-direction-and-culture", "well-led.partnerships-and-communities"],
    "test.led.learning": ["well-led.learning-improvement-and-innovation"],
    "test.led.staff-voice": ["well-led.freedom-to-speak-up"],
    "test.led.running": ["well-led.governance-management-and-sustainability"],
    "test.safety.protection": ["safe.safeguarding"],
    "test.care.kindness": ["caring.kindness-compassion-and-dignity"],
}
CATEGORIES = {
    "test.voices": ["people-experience", "staff-leaders-feedback"],
    "test.checks": ["observation"],
    "test.unplaced": [],
}
CROSSWALK = {old: new for new, olds in (STATEMENTS | CATEGORIES).items() for old in olds}


def taxonomy_data() -> dict:
    return {
        "key": KEY,
        "name": NAME,
        "plain_name": "What the test regulator looks for",
        "publisher": "The test regulator",
        "description": "A made-up taxonomy for Heard's tests.",
        "status": "current",
        "replaces": "cqc-saf-2024",
        "key_questions": [
            {
                "id": "test.led",
                "name": "Led well (test)",
                "summary": "A made-up key question about leadership.",
                "heard_pack": True,
                "quality_statements": [
                    {
                        "id": "test.led.listening",
                        "name": "Listening to people (test)",
                        "heard_records": "Test records: who listens, in meetings.",
                        "replaces_ids": STATEMENTS["test.led.listening"],
                    },
                    {
                        "id": "test.led.learning",
                        "name": "Learning from it (test)",
                        "heard_figures": "loop",
                        "replaces_ids": STATEMENTS["test.led.learning"],
                    },
                    {
                        "id": "test.led.staff-voice",
                        "name": "Staff speaking up (test)",
                        "heard_from": "staff",
                        "heard_figures": "staff_feedback",
                        "replaces_ids": STATEMENTS["test.led.staff-voice"],
                    },
                    {
                        "id": "test.led.running",
                        "name": "Running the service (test)",
                        "replaces_ids": STATEMENTS["test.led.running"],
                    },
                ],
            },
            {
                "id": "test.safety",
                "name": "Safety (test)",
                "quality_statements": [
                    {
                        "id": "test.safety.protection",
                        "name": "Protection (test)",
                        "replaces_ids": STATEMENTS["test.safety.protection"],
                    }
                ],
            },
            {
                "id": "test.care",
                "name": "Care (test)",
                "quality_statements": [
                    {
                        "id": "test.care.kindness",
                        "name": "Kindness (test)",
                        "replaces_ids": STATEMENTS["test.care.kindness"],
                    }
                ],
            },
        ],
        "evidence_categories": [
            {
                "id": "test.voices",
                "name": "What people tell us (test)",
                "heard_records": "Test records: feedback by every channel.",
                "heard_sources": ["feedback", "staff_feedback"],
                "heard_givers": ["staff"],
                "replaces_ids": CATEGORIES["test.voices"],
            },
            {
                "id": "test.checks",
                "name": "What we check (test)",
                "heard_sources": ["audits", "incident"],
                "replaces_ids": CATEGORIES["test.checks"],
            },
            {"id": "test.unplaced", "name": "Other records (test)"},
        ],
    }


def write(directory: Path, data: dict) -> Path:
    path = directory / f"{data['key']}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def new_taxonomy(settings, tmp_path):
    """The test taxonomy in a directory named by HEARD_TAXONOMY_DIR, read afresh; the directory is
    returned so a test may add more files (clear `taxonomies` after)."""
    directory = tmp_path / "taxonomies"
    directory.mkdir()
    write(directory, taxonomy_data())
    settings.HEARD_TAXONOMY_DIR = directory
    taxonomies.cache_clear()
    yield directory
    taxonomies.cache_clear()
