"""Every kind of event Heard writes to the audit log has plain words, and the filter finds it."""

import re
from pathlib import Path

from django.conf import settings

from core.audit_words import AREAS, WORDS, event_words

# verb="app.thing.what" or verb=f"..." in the product's own code (tests write their own events).
VERB = re.compile(r'verb=(f?)"([a-z_.{}]+)"')


def _verbs_written() -> set[str]:
    base = Path(settings.BASE_DIR)
    found = set()
    for path in base.glob("*/**/*.py"):
        parts = path.relative_to(base).parts
        if parts[0].startswith(".") or parts[0] in {"node_modules", "bench", "e2e"} or "tests" in parts:
            continue
        for is_f, verb in VERB.findall(path.read_text()):
            if not is_f:
                found.add(verb)
    return found


def test_every_event_heard_writes_has_plain_words_and_an_area_of_the_filter():
    written = _verbs_written()
    assert len(written) > 80  # the scan found the product's events
    assert sorted(v for v in written if v not in WORDS) == []
    for verb in written:
        assert any(verb.startswith(start) for _, starts in AREAS.values() for start in starts), verb


def test_a_report_made_as_a_file_and_an_unknown_code_are_said_too():
    assert event_words("report.monthly.pdf") == "Monthly pack made as PDF"
    assert event_words("report.cqc.xlsx") == "CQC evidence pack made as XLSX"
    assert event_words("governance.action.create") == "Action added"
    assert event_words("something.older") == "something.older"


def test_an_area_of_the_filter_takes_in_every_start_it_names(db, org, make_scope):
    from core.audit import audit_record
    from organisations.roles import Role
    from organisations.selectors import audit_event_list

    admin = make_scope(Role.ADMINISTRATOR)
    for verb in ("coding.bulk_accept", "themes.comment.code", "themes.theme.add"):
        audit_record(scope=admin, verb=verb, obj=org)
    coding = audit_event_list(scope=admin, verb="coding").values_list("verb", flat=True)
    assert sorted(coding) == ["coding.bulk_accept", "themes.comment.code"]
    assert list(audit_event_list(scope=admin, verb="themes").values_list("verb", flat=True)) == ["themes.theme.add"]
