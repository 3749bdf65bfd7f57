"""The reports' tables say what a re-audit or a chart found in the words the rest of Heard uses: a
change "more than chance" (as the audit's page, the agenda pack and the API say it), and the figure
or the months "before", not "noise" or "baseline"."""

import datetime as dt
import re

from organisations.scope import system_scope
from reports.audit_cells import HEADER
from reports.commissioner import MIN_BASELINE_MONTHS, _verdict
from reports.cqc.checks import _audits_table
from reports.quarterly.priorities import priorities_section

OLD_WORDS = re.compile(r"\b(noise|baseline)\b", re.IGNORECASE)


def texts(table) -> list[str]:
    return [table.caption, table.note, *table.header]


def test_the_audit_tables_say_more_than_chance_and_the_audit_before(org):
    table = _audits_table(None, [])
    assert [h for h in HEADER if "more than chance" in h] == HEADER[2:]
    assert "against the audit before them" in table.caption and "more than chance" in table.note
    assert [t for t in texts(table) if OLD_WORDS.search(t)] == []


def test_the_priorities_table_says_before_and_the_impact_table_the_months_before(org):
    section = priorities_section(
        scope=system_scope(organisation=org),
        first=dt.date(2026, 7, 1),
        last_day=dt.date(2026, 9, 30),
        service=None,
        period="July to September 2026",
    )
    (table,) = section.tables
    assert table.header[4] == "Before"
    assert [t for t in texts(table) if OLD_WORDS.search(t)] == []
    too_soon = _verdict(None, [])
    assert too_soon == f"Too few months before the action to compare with ({MIN_BASELINE_MONTHS} needed)"
